/* gml-test-ui.h: the set-up every UI test program shares.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * G_TEST_OPTION_ISOLATE_DIRS keeps the tests away from $HOME: each test
 * case gets private folders, and outside test cases XDG_DATA_DIRS and
 * XDG_DATA_HOME are /dev/null. But GTK and GtkSourceView read those once,
 * at start-up or first use: the icon theme, the Go language spec and the
 * style schemes live in the system data folders, and the default
 * GtkRecentManager binds to XDG_DATA_HOME. So, before GTK starts, the
 * system folders are shown again and the process gets a data home that
 * lasts for the whole run (inside G_TEST_TMPDIR, which GLib removes at
 * the end); then the lazily created singletons are made while those
 * folders are in place.
 */
#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>

/* g_test_init() and GTK, libadwaita and GtkSourceView for a UI test
 * program.  FALSE, after printing TAP's "skip everything", when there is
 * no display: gtk_test_init() would abort; run under xvfb-run. */
G_GNUC_UNUSED static gboolean
gml_test_ui_init (int    *argc,
                  char ***argv)
{
  g_autofree char *system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  g_autofree char *data_home = NULL;

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  data_home = g_build_filename (g_getenv ("G_TEST_TMPDIR"), "data", NULL);
  if (system_data_dirs != NULL)
    g_setenv ("XDG_DATA_DIRS", system_data_dirs, TRUE);
  else
    g_unsetenv ("XDG_DATA_DIRS");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return FALSE;
    }
  adw_init ();
  gtk_source_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  gtk_recent_manager_get_default ();
  gtk_source_language_manager_get_language_ids (gtk_source_language_manager_get_default ());
  gtk_source_style_scheme_manager_get_scheme_ids (gtk_source_style_scheme_manager_get_default ());
  return TRUE;
}

/* The object `name` of `widget`'s template (declared in class `type`);
 * asserts there is one. */
G_GNUC_UNUSED static gpointer
gml_test_template_child (gpointer    widget,
                         GType       type,
                         const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}
