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
#include <string.h>

#include "gml-application.h"
#include "gml-test-ui.h"
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

/* Outside Flatpak, GtkFileChooserNative shows a GtkFileChooserDialog. */
static GtkFileChooser *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (toplevel))
        return GTK_FILE_CHOOSER (toplevel);
    }

  return NULL;
}

/* The chooser selects a file once it has loaded the folder. */
static void
choose_file (GtkFileChooser *chooser,
             GFile          *file)
{
  g_autoptr (GError) error = NULL;

  gtk_file_chooser_set_file (chooser, file, &error);
  g_assert_no_error (error);

  for (;;)
    {
      g_autoptr (GFile) selected = gtk_file_chooser_get_file (chooser);

      if (selected != NULL && g_file_equal (selected, file))
        break;
      g_main_context_iteration (NULL, TRUE);
    }

  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

static void
test_window_open_dialog (void)
{
  GmlWindow *window = new_window_on_tour ();
  g_autofree char *path = write_program ("chosen.go", "package main\n\nfunc main() {}\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkFileChooser *chooser = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));
  chooser = find_file_chooser ();
  g_assert_nonnull (chooser);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == GTK_WINDOW (window));
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_OPEN);

  choose_file (chooser, file);
  g_assert_true (gml_window_get_loading (window));
  wait_for_load (window);
  g_assert_true (g_file_equal (gml_window_get_file (window), file));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Waits until the "Open Recent" submenu lists @uri first. */
static void
wait_for_recent_menu (GmlWindow  *window,
                      const char *uri)
{
  GMenuModel *menu =
    G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window), GML_TYPE_WINDOW,
                                                 "recent_menu"));

  for (;;)
    {
      g_autoptr (GVariant) target = NULL;

      if (g_menu_model_get_n_items (menu) > 0)
        target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET,
                                                        G_VARIANT_TYPE_STRING);
      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), uri) == 0)
        return;
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_window_recent_menu (void)
{
  GmlWindow *window = new_window_on_tour ();
  g_autofree char *path = write_program ("recent_menu.go", "package main\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  gml_window_open (window, file);
  wait_for_load (window);
  wait_for_recent_menu (window, uri);

  /* Choosing the entry opens the file again. */
  gml_window_open_tour (window);
  wait_for_load (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", uri));
  wait_for_load (window);
  g_assert_true (g_file_equal (gml_window_get_file (window), file));

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static void
test_window_drop_opens_file (void)
{
  GmlWindow *window = new_window_on_tour ();
  g_autofree char *path = write_program ("dropped.go", "package main\n\nfunc main() {}\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  g_auto (GValue) value = G_VALUE_INIT;
  GSList files = { file, NULL };
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target),
                                                    GDK_TYPE_FILE_LIST));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  wait_for_load (window);

  g_assert_true (g_file_equal (gml_window_get_file (window), file));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_remembers_size (void)
{
  g_autoptr (GSettings) settings = g_settings_new (SCHEMA_ID);
  GmlWindow *window = NULL;
  int width, height;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);
  window = gml_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);

  gtk_window_maximize (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_window_is_maximized (GTK_WINDOW (window)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
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

/* Style sheets ---------------------------------------------------------- */

static void
css_parsing_error_cb (GtkCssProvider *provider,
                      GtkCssSection  *section,
                      const GError   *error,
                      GString        *errors)
{
  g_autofree char *location = gtk_css_section_to_string (section);

  g_string_append_printf (errors, "%s: %s\n", location, error->message);
}

/* AdwApplication loads these from the resource base path; GTK only warns
 * about mistakes in them, and only when the style they belong to is on. */
static void
test_style_sheets_parse (void)
{
  const char *names[] = { "style.css", "style-dark.css", "style-hc.css" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();
      g_autoptr (GString) errors = g_string_new (NULL);
      g_autofree char *path = g_strconcat (RESOURCE_BASE "/", names[i], NULL);

      g_assert_true (g_resources_get_info (path, 0, NULL, NULL, NULL));
      g_signal_connect (provider, "parsing-error", G_CALLBACK (css_parsing_error_cb), errors);
      gtk_css_provider_load_from_resource (provider, path);
      g_assert_cmpstr (errors->str, ==, "");
    }
}

/* The whole app, from g_application_run() to its first window. */

typedef struct {
  GApplication *app;
  const char   *expected_text;
  gboolean      checked;
} AppCheck;

static void
assert_accel (GtkApplication *app,
              const char     *action,
              const char     *accel)
{
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

/* GtkApplication gives every window gtk/help-overlay.ui from the
 * resource base path, and win.show-help-overlay on Ctrl+?. */
static void
check_shortcuts (GtkApplication *app,
                 GmlWindow      *window)
{
  GtkShortcutsWindow *overlay =
    gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  assert_accel (app, "win.show-help-overlay", "<Control>question");
  assert_accel (app, "win.open", "<Control>o");
  assert_accel (app, "window.close", "<Control>w");
  assert_accel (app, "app.quit", "<Control>q");
  assert_accel (app, "win.show-course", "<Alt>Home");
}

static AdwAboutWindow *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        return ADW_ABOUT_WINDOW (toplevel);
    }

  return NULL;
}

static void
check_about (GApplication *app)
{
  AdwAboutWindow *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_about_window ();
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Go Memory Lab");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), "GTK 4."));
  g_assert_nonnull (adw_about_window_get_website (about));
  g_assert_nonnull (adw_about_window_get_issue_url (about));
  gtk_window_destroy (GTK_WINDOW (about));
}

static void
app_window_loaded_cb (GmlWindow  *window,
                      GParamSpec *pspec,
                      AppCheck   *check)
{
  g_autofree char *shown = NULL;

  if (gml_window_get_loading (window))
    return;
  /* A scenario's program shows once the session has loaded it. */
  while (gml_session_get_status (gml_window_get_session (window)) == GML_SESSION_LOADING)
    g_main_context_iteration (NULL, TRUE);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  shown = code_text (window);
  g_assert_cmpstr (shown, ==, check->expected_text);
  check_shortcuts (GTK_APPLICATION (check->app), window);
  check_about (check->app);

  check->checked = TRUE;
  g_application_quit (check->app);
}

/* Without a file the window shows the course, and loads nothing. */
static gboolean
app_window_course_cb (gpointer data)
{
  AppCheck *check = data;
  GmlWindow *window = GML_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (check->app)));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), GML_TYPE_WINDOW,
                                                              "main_stack"));

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_false (gml_window_get_loading (window));
  g_assert_null (gml_window_get_file (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "course");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Go Memory Lab");
  check_shortcuts (GTK_APPLICATION (check->app), window);

  check->checked = TRUE;
  g_application_quit (check->app);
  return G_SOURCE_REMOVE;
}

static void
app_window_added_cb (GtkApplication *app,
                     GtkWindow      *window,
                     AppCheck       *check)
{
  g_assert_true (GML_IS_WINDOW (window));
  if (check->expected_text != NULL)
    g_signal_connect (window, "notify::loading", G_CALLBACK (app_window_loaded_cb), check);
  else
    g_idle_add (app_window_course_cb, check);
}

static void
run_app (char       **argv,
         const char  *expected_text)
{
  g_autoptr (GmlApplication) app =
    gml_application_new (APPLICATION_ID ".Test",
                         G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  AppCheck check = { G_APPLICATION (app), expected_text, FALSE };

  g_signal_connect (app, "window-added", G_CALLBACK (app_window_added_cb), &check);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), g_strv_length (argv), argv), ==, 0);
  g_assert_true (check.checked);
}

static void
test_application_activate_shows_course (void)
{
  char *argv[] = { (char *) "gomemlab", NULL };

  run_app (argv, NULL);
}

/* --tour starts on the tour scenario: its program in the code view. */
static void
test_application_tour_option (void)
{
  g_autofree char *expected = tour_text ();
  char *argv[] = { (char *) "gomemlab", (char *) "--tour", NULL };

  run_app (argv, expected);
}

static void
test_application_opens_command_line_file (void)
{
  const char *program = "package main\n\nfunc main() {\n}\n";
  g_autofree char *path = write_program ("cli.go", program);
  char *argv[] = { (char *) "gomemlab", path, NULL };

  run_app (argv, program);
}

/* --version prints the version and exits before any window opens. */
static void
test_application_version (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GmlApplication) app =
        gml_application_new (APPLICATION_ID ".Test",
                             G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
      char *argv[] = { (char *) "gomemlab", (char *) "--version", NULL };

      g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);
      g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("gomemlab " PACKAGE_VERSION "\n");
}

int
main (int   argc,
      char *argv[])
{
  if (!gml_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/window/opens-tour", test_window_opens_tour);
  g_test_add_func ("/ui/window/open-missing-file", test_window_open_missing_file);
  g_test_add_func ("/ui/window/open-file-adds-recent", test_window_open_file_adds_recent);
  g_test_add_func ("/ui/window/rejects-binary-file", test_window_rejects_binary_file);
  g_test_add_func ("/ui/window/open-dialog", test_window_open_dialog);
  g_test_add_func ("/ui/window/recent-menu", test_window_recent_menu);
  g_test_add_func ("/ui/window/drop-opens-file", test_window_drop_opens_file);
  g_test_add_func ("/ui/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/ui/window/follows-dark-style", test_window_follows_dark_style);
  g_test_add_func ("/ui/style/sheets-parse", test_style_sheets_parse);
  g_test_add_func ("/ui/application/activate-shows-course", test_application_activate_shows_course);
  g_test_add_func ("/ui/application/tour-option", test_application_tour_option);
  g_test_add_func ("/ui/application/opens-command-line-file",
                   test_application_opens_command_line_file);
  g_test_add_func ("/ui/application/version", test_application_version);

  return g_test_run ();
}
