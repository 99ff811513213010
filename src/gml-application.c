/* gml-application.c: the GmlApplication type.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting without files opens one window on the course (the start
 * page), or with --tour on the built-in tour; files from the command
 * line (or from a second `gomemlab FILE` while the app runs) open in
 * windows of their own. AdwApplication loads style*.css
 * and GtkApplication gtk/help-overlay.ui from the resource base path.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "gml-application.h"
#include "gml-window.h"

/* The first scenario of the course, with its lesson. */
#define TOUR_SCENARIO_URI "resource://" RESOURCE_BASE "/scenarios/tour.json"

struct _GmlApplication
{
  AdwApplication parent_instance;

  gboolean       open_tour;   /* --tour: the first window shows the tour */
};

G_DEFINE_FINAL_TYPE (GmlApplication, gml_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "tour", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start on the built-in tour instead of the course"), NULL },
  { NULL }
};

static char *
debug_info (void)
{
  return g_strdup_printf ("Go Memory Lab %s (%s)\n"
                          "GLib %u.%u.%u\n"
                          "GTK %u.%u.%u\n"
                          "libadwaita %u.%u.%u\n"
                          "GtkSourceView %d.%d.%d\n",
                          PACKAGE_VERSION, APPLICATION_ID,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version (),
                          GTK_SOURCE_MAJOR_VERSION, GTK_SOURCE_MINOR_VERSION,
                          GTK_SOURCE_MICRO_VERSION);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "Go Memory Lab developers", NULL };
  g_autofree char *debug = debug_info ();

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Go Memory Lab"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("Go Memory Lab developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Watch Go programs use stacks, the heap and the garbage collector"),
                         "website", "https://github.com/gomemlab/gomemlab",
                         "issue-url", "https://github.com/gomemlab/gomemlab/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 Go Memory Lab developers",
                         "developers", developers,
                         /* Translators: replace with your names, one per line. */
                         "translator-credits", _("translator-credits"),
                         "debug-info", debug,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
set_accels (GtkApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.open", { "<Primary>o", NULL } },
    { "window.close", { "<Primary>w", NULL } },
    { "win.show-course", { "<Alt>Home", NULL } },
    { "app.quit", { "<Primary>q", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
}

static int
gml_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("gomemlab %s\n", PACKAGE_VERSION);
      return 0;
    }
  GML_APPLICATION (app)->open_tour = g_variant_dict_contains (options, "tour");

  return -1;
}

static void
gml_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (gml_application_parent_class)->startup (app);

  gtk_source_init ();
  gtk_window_set_default_icon_name (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  set_accels (GTK_APPLICATION (app));
}

static void
gml_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      GmlWindow *new_window = gml_window_new (GTK_APPLICATION (app));

      if (GML_APPLICATION (app)->open_tour)
        {
          g_autoptr (GFile) tour = g_file_new_for_uri (TOUR_SCENARIO_URI);

          gml_window_open (new_window, tour);
        }
      window = GTK_WINDOW (new_window);
    }

  gtk_window_present (window);
}

static void
gml_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      GmlWindow *window = gml_window_new (GTK_APPLICATION (app));

      gml_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
gml_application_class_init (GmlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = gml_application_handle_local_options;
  app_class->startup = gml_application_startup;
  app_class->activate = gml_application_activate;
  app_class->open = gml_application_open;
}

static void
gml_application_init (GmlApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/**
 * gml_application_new:
 * @application_id: the application ID (APPLICATION_ID in the app)
 * @flags: #GApplicationFlags; the app uses %G_APPLICATION_HANDLES_OPEN
 *
 * The resource base path is fixed, so the development profile's `.Devel`
 * ID still finds the templates, CSS and help overlay.
 */
GmlApplication *
gml_application_new (const char        *application_id,
                     GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (GML_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}
