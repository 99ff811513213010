/* test-window.c: the main window and the application shell (suite 'ui').
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb with GTK_A11Y=test, GSK_RENDERER=cairo,
 * GSETTINGS_BACKEND=memory and GSETTINGS_SCHEMA_DIR=<build>/data (see
 * tests/meson.build); skips itself when there is no display.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>

#include "gml-application.h"
#include "gml-window.h"

#define TOUR_PATH RESOURCE_BASE "/scenarios/tour.go"

static char *
tour_text (void)
{
  g_autoptr (GBytes) bytes = g_resources_lookup_data (TOUR_PATH, 0, NULL);

  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The text as it would be saved: the buffer leaves the final newline
 * implicit. */
static char *
code_text (GmlWindow *window)
{
  GtkSourceBuffer *buffer =
    GTK_SOURCE_BUFFER (gtk_widget_get_template_child (GTK_WIDGET (window), GML_TYPE_WINDOW,
                                                      "code_buffer"));
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  g_assert_true (gtk_source_buffer_get_implicit_trailing_newline (buffer));
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, TRUE);

  return g_strconcat (text, "\n", NULL);
}

static void
wait_for_load (GmlWindow *window)
{
  while (gml_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

static GmlWindow *
new_window_on_tour (void)
{
  GmlWindow *window = gml_window_new (NULL);

  gml_window_open_tour (window);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_load (window);

  return window;
}

static void
test_window_opens_tour (void)
{
  GmlWindow *window = new_window_on_tour ();
  g_autofree char *expected = tour_text ();
  g_autofree char *shown = NULL;
  GtkSourceBuffer *buffer = NULL;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_nonnull (gml_window_get_file (window));
  shown = code_text (window);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "tour.go");

  buffer = GTK_SOURCE_BUFFER (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                             GML_TYPE_WINDOW, "code_buffer"));
  g_assert_nonnull (gtk_source_buffer_get_language (buffer));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)),
                   ==, "go");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_open_missing_file (void)
{
  GmlWindow *window = new_window_on_tour ();
  GFile *tour = g_object_ref (gml_window_get_file (window));
  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/missing.go");
  g_autofree char *before = code_text (window);
  g_autofree char *after = NULL;

  gml_window_open (window, missing);
  g_assert_true (gml_window_get_loading (window));
  wait_for_load (window);

  /* The error goes to a toast; the tour stays. */
  g_assert_true (gml_window_get_file (window) == tour);
  after = code_text (window);
  g_assert_cmpstr (after, ==, before);

  g_object_unref (tour);
  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
write_program (const char *name,
               const char *text)
{
  char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_window_open_file_adds_recent (void)
{
  GmlWindow *window = new_window_on_tour ();
  const char *program = "package main\n\nfunc main() {\n\tprintln(\"hi\")\n}\n";
  g_autofree char *path = write_program ("hello.go", program);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *shown = NULL;

  gml_window_open (window, file);
  wait_for_load (window);

  g_assert_true (g_file_equal (gml_window_get_file (window), file));
  shown = code_text (window);
  g_assert_cmpstr (shown, ==, program);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "hello.go");
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_rejects_binary_file (void)
{
  GmlWindow *window = new_window_on_tour ();
  g_autofree char *path = write_program ("binary.go", "package \xff\xfe main\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);

  gml_window_open (window, file);
  wait_for_load (window);

  g_assert_false (g_file_equal (gml_window_get_file (window), file));

  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *
code_scheme_id (GmlWindow *window)
{
  GtkSourceBuffer *buffer =
    GTK_SOURCE_BUFFER (gtk_widget_get_template_child (GTK_WIDGET (window), GML_TYPE_WINDOW,
                                                      "code_buffer"));

  return gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer));
}

static void
test_window_follows_dark_style (void)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GmlWindow *window = new_window_on_tour ();

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpstr (code_scheme_id (window), ==, "Adwaita-dark");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpstr (code_scheme_id (window), ==, "Adwaita");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The whole app: activate opens one window on the tour. */

static gboolean app_checked;

static void
app_window_loaded_cb (GmlWindow  *window,
                      GParamSpec *pspec,
                      GApplication *app)
{
  g_autofree char *expected = tour_text ();
  g_autofree char *shown = NULL;

  if (gml_window_get_loading (window))
    return;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  shown = code_text (window);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));

  app_checked = TRUE;
  g_application_quit (app);
}

static void
app_activate_cb (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (GML_IS_WINDOW (window));
  g_signal_connect (window, "notify::loading", G_CALLBACK (app_window_loaded_cb), app);
}

static void
test_application_activate_opens_tour (void)
{
  g_autoptr (GmlApplication) app =
    gml_application_new (APPLICATION_ID ".Test", G_APPLICATION_NON_UNIQUE);

  g_signal_connect_after (app, "activate", G_CALLBACK (app_activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (app_checked);
}

/* G_TEST_OPTION_ISOLATE_DIRS keeps the tests away from $HOME: each test
 * case gets private folders, and outside test cases XDG_DATA_DIRS and
 * XDG_DATA_HOME are /dev/null. But GTK and GtkSourceView read those once,
 * at start-up or first use: the icon theme, the Go language spec and the
 * style schemes live in the system data folders, and the default
 * GtkRecentManager binds to XDG_DATA_HOME. So, before GTK starts, show the
 * system folders again and give the process a data home that lasts for
 * the whole run (inside G_TEST_TMPDIR, which GLib removes at the end). */
static void
setup_process_dirs (const char *system_data_dirs)
{
  g_autofree char *data_home = g_build_filename (g_getenv ("G_TEST_TMPDIR"), "data", NULL);

  if (system_data_dirs != NULL)
    g_setenv ("XDG_DATA_DIRS", system_data_dirs, TRUE);
  else
    g_unsetenv ("XDG_DATA_DIRS");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
}

/* Makes the lazily created singletons pick up the folders above. */
static void
load_shared_data (void)
{
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  gtk_recent_manager_get_default ();
  gtk_source_language_manager_get_language_ids (gtk_source_language_manager_get_default ());
  gtk_source_style_scheme_manager_get_scheme_ids (gtk_source_style_scheme_manager_get_default ());
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  setup_process_dirs (system_data_dirs);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");

  /* gtk_test_init() would abort without a display; skip the whole
   * program instead, in TAP's words. */
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  adw_init ();
  gtk_source_init ();
  load_shared_data ();

  g_test_add_func ("/ui/window/opens-tour", test_window_opens_tour);
  g_test_add_func ("/ui/window/open-missing-file", test_window_open_missing_file);
  g_test_add_func ("/ui/window/open-file-adds-recent", test_window_open_file_adds_recent);
  g_test_add_func ("/ui/window/rejects-binary-file", test_window_rejects_binary_file);
  g_test_add_func ("/ui/window/follows-dark-style", test_window_follows_dark_style);
  g_test_add_func ("/ui/application/activate-opens-tour", test_application_activate_opens_tour);

  return g_test_run ();
}
