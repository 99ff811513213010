/* test-start-page.c: the start page and the course (suite 'ui').
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page lists the course of data/scenarios/course.txt in order with
 * the scenarios' titles (read from the copy bundled in the GResource,
 * so this also checks the bundle is complete), shows the progress of a
 * progress file written here, follows changes to it, lists recent
 * programs, and in the window opens a scenario when its row is
 * activated. Runs under Xvfb with GTK_A11Y=test, GSK_RENDERER=cairo and
 * GSETTINGS_BACKEND=memory (tests/meson.build); skips without a display.
 */
#include "config.h"

#include <gtksourceview/gtksource.h>
#include <locale.h>

#include "gml-scenario.h"
#include "gml-start-page.h"
#include "gml-test-ui.h"
#include "gml-window.h"

#define COURSE_RESOURCE RESOURCE_BASE "/scenarios"

/* Helpers ----------------------------------------------------------------- */

static gpointer
page_child (GmlStartPage *page,
            const char   *name)
{
  return gml_test_template_child (page, GML_TYPE_START_PAGE, name);
}

static gpointer
window_child (GmlWindow  *window,
              const char *name)
{
  return gml_test_template_child (window, GML_TYPE_WINDOW, name);
}

/* Every widget under `widget` with the CSS class, depth first: in the
 * order they are shown. */
static void
collect (GtkWidget  *widget,
         const char *css_class,
         GPtrArray  *out)
{
  if (gtk_widget_has_css_class (widget, css_class))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, css_class, out);
}

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_type (c, type, out);
}

/* The course is read in a thread; its rows appear when it is done. */
static GtkWidget *
loaded (GtkWidget *page)
{
  g_assert_false (gml_start_page_get_loaded (GML_START_PAGE (page)));
  g_assert_null (gml_start_page_get_next (GML_START_PAGE (page)));
  while (!gml_start_page_get_loaded (GML_START_PAGE (page)))
    g_main_context_iteration (NULL, TRUE);
  return page;
}

static GPtrArray *
course_rows (GtkWidget *page)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect (page, "course-row", rows);
  return rows;
}

static GtkLabel *
row_label (GtkWidget  *row,
           const char *css_class)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  collect (row, css_class, labels);
  g_assert_cmpuint (labels->len, ==, 1);
  return g_ptr_array_index (labels, 0);
}

/* The text a row shows for its status and score; "" when hidden. */
static const char *
shown (GtkLabel *label)
{
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_label (label) : "";
}

/* The course as data/scenarios/ has it: names and titles, in order. */
static GPtrArray *
disk_course (GPtrArray **titles)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GPtrArray *course = gml_course_load (folder, diags);

  g_assert_nonnull (course);
  *titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < course->len; i++)
    {
      const GmlCourseEntry *e = g_ptr_array_index (course, i);
      g_autoptr (GmlScenario) sc = gml_scenario_load_path (e->path, diags);

      g_assert_nonnull (sc);
      g_ptr_array_add (*titles, g_strdup (sc->title));
    }
  return course;
}

static guint
n_quizzes (const char *name)
{
  g_autofree char *json = g_strconcat (name, ".json", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", json, NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = gml_scenario_load_path (path, diags);

  g_assert_nonnull (sc);
  return sc->quizzes->len;
}

static char *
write_progress (const char *name,
                const char *json)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "gomemlab-test", NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The course ------------------------------------------------------------ */

/* Every scenario of course.txt, in its order, with its title and file,
 * in sections by topic; and the bundle holds exactly the course. */
static void
test_start_page_lists_course (void)
{
  g_autoptr (GPtrArray) titles = NULL;
  g_autoptr (GPtrArray) course = disk_course (&titles);
  GtkWidget *page = loaded (g_object_ref_sink (gml_start_page_new ()));
  g_autoptr (GPtrArray) rows = course_rows (page);
  g_autoptr (GPtrArray) groups = g_ptr_array_new ();

  g_assert_cmpuint (course->len, >=, 15);
  g_assert_cmpuint (rows->len, ==, course->len);
  for (guint i = 0; i < rows->len; i++)
    {
      const GmlCourseEntry *e = g_ptr_array_index (course, i);
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *title = g_markup_escape_text (g_ptr_array_index (titles, i), -1);
      g_autofree char *json = g_strconcat (e->name, ".json", NULL);
      g_autofree char *uri = g_strconcat ("resource://" COURSE_RESOURCE "/", json, NULL);
      GFile *file = g_object_get_data (G_OBJECT (row), "gml-file");
      g_autofree char *file_uri = g_file_get_uri (file);

      g_assert_cmpstr (adw_preferences_row_get_title (row), ==, title);
      g_assert_cmpstr (gtk_label_get_label (row_label (GTK_WIDGET (row), "course-number")), ==, number);
      g_assert_cmpstr (file_uri, ==, uri);
      g_assert_nonnull (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
    }

  /* Sections follow the order: the first is the tour's, "Basics". */
  collect_type (page, ADW_TYPE_PREFERENCES_GROUP, groups);
  g_assert_cmpuint (groups->len, >=, 5);
  g_assert_cmpstr (adw_preferences_group_get_title (g_ptr_array_index (groups, 0)), ==, "Basics");
  g_assert_false (gtk_widget_get_visible (page_child (GML_START_PAGE (page), "course_error")));
  g_assert_cmpstr (gtk_label_get_label (page_child (GML_START_PAGE (page), "intro")), !=, "");

  /* The bundled course is exactly data/scenarios/: same list, nothing
   * missing (gml_course_load_file checks every NAME.json is listed). */
  {
    g_autoptr (GFile) folder = g_file_new_for_uri ("resource://" COURSE_RESOURCE);
    g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
    g_autoptr (GPtrArray) bundled = gml_course_load_file (folder, diags);
    g_autofree char *problems = gml_diag_list_format (diags);

    g_assert_cmpstr (problems, ==, "");
    g_assert_cmpuint (bundled->len, ==, course->len);
  }
  g_object_unref (page);
}

/* Completion and the quiz score come from the progress file, and follow
 * its changes. */
static void
test_start_page_shows_progress (void)
{
  g_autofree char *path =
    write_progress ("progress.json",
                    "{ \"format\": 1, \"scenarios\": {"
                    "  \"tour\": { \"completed\": true, \"completed_at\": \"2026-11-25T21:00:00Z\","
                    "    \"quizzes\": { \"where-p-lives\": { \"attempts\": 1, \"correct\": true, \"first_try\": true },"
                    "                   \"p-escapes\": { \"attempts\": 2, \"correct\": true, \"first_try\": false },"
                    "                   \"what-gc-frees\": { \"attempts\": 1, \"correct\": false, \"first_try\": false } } },"
                    "  \"return-pointer\": { \"quizzes\": {"
                    "    \"n-escapes\": { \"attempts\": 1, \"correct\": true, \"first_try\": true } } } } }");
  g_autoptr (GmlProgress) progress = gml_progress_new (path);
  GmlStartPage *page = GML_START_PAGE (loaded (g_object_ref_sink (gml_start_page_new ())));
  g_autoptr (GPtrArray) rows = course_rows (GTK_WIDGET (page));
  GtkWidget *tour, *second, *third;
  g_autofree char *total = NULL;
  g_autofree char *next = NULL;
  g_autofree char *score = NULL;

  gml_start_page_set_progress (page, progress);
  g_assert_true (gml_start_page_get_progress (page) == progress);
  tour = g_ptr_array_index (rows, 0);
  second = g_ptr_array_index (rows, 1);
  third = g_ptr_array_index (rows, 2);

  total = g_strdup_printf ("1 of %u scenarios completed", rows->len);
  g_assert_cmpstr (gtk_label_get_label (page_child (page, "progress_label")), ==, total);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (page_child (page, "progress_bar")),
                                  1.0 / rows->len, 1e-9);
  g_assert_cmpstr (gtk_button_get_label (page_child (page, "continue_button")), ==, "_Continue");
  next = g_file_get_basename (gml_start_page_get_next (page));
  g_assert_cmpstr (next, ==, "return-pointer.json");

  g_assert_cmpstr (shown (row_label (tour, "course-status-label")), ==, "Completed");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row_label (tour, "course-number")), "completed"));
  g_assert_cmpstr (shown (row_label (tour, "course-score")), ==, "Quizzes 2/3");
  g_assert_cmpstr (shown (row_label (second, "course-status-label")), ==, "Up next");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row_label (second, "course-number")), "completed"));
  score = g_strdup_printf ("Quizzes 1/%u", n_quizzes ("return-pointer"));
  g_assert_cmpstr (shown (row_label (second, "course-score")), ==, score);
  g_assert_cmpstr (shown (row_label (third, "course-status-label")), ==, "");
  g_assert_cmpstr (shown (row_label (third, "course-score")), ==, "");

  /* The lesson marks the second one completed: the page follows. */
  gml_progress_set_completed (progress, "return-pointer");
  g_free (total);
  total = g_strdup_printf ("2 of %u scenarios completed", rows->len);
  g_assert_cmpstr (gtk_label_get_label (page_child (page, "progress_label")), ==, total);
  g_assert_cmpstr (shown (row_label (second, "course-status-label")), ==, "Completed");
  g_assert_cmpstr (shown (row_label (third, "course-status-label")), ==, "Up next");
  g_free (next);
  next = g_file_get_basename (gml_start_page_get_next (page));
  g_assert_cmpstr (next, ==, "escape-interfaces.json");

  g_object_unref (page);
}

/* A learner who has done nothing yet starts with the tour. */
static void
test_start_page_fresh_start (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "gomemlab-test", "none.json", NULL);
  g_autoptr (GmlProgress) progress = gml_progress_new (path);
  GmlStartPage *page = GML_START_PAGE (loaded (g_object_ref_sink (gml_start_page_new ())));
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *next = NULL;

  gml_start_page_set_progress (page, progress);
  rows = course_rows (GTK_WIDGET (page));
  g_assert_cmpstr (gtk_button_get_label (page_child (page, "continue_button")), ==, "_Start the Tour");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (page_child (page, "progress_bar")), ==, 0.0);
  next = g_file_get_basename (gml_start_page_get_next (page));
  g_assert_cmpstr (next, ==, "tour.json");
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpstr (shown (row_label (g_ptr_array_index (rows, i), "course-status-label")), ==,
                       i == 0 ? "Up next" : "");
      g_assert_cmpstr (shown (row_label (g_ptr_array_index (rows, i), "course-score")), ==, "");
    }
  g_object_unref (page);
}

/* Programs the app opened are listed; other applications' files are not. */
static void
test_start_page_recent (void)
{
  g_autofree char *mine = write_progress ("recent-prog.go", "package main\n\nfunc main() {\n}\n");
  g_autofree char *other = write_progress ("other-app.go", "package main\n");
  g_autofree char *mine_uri = g_filename_to_uri (mine, NULL, NULL);
  g_autofree char *other_uri = g_filename_to_uri (other, NULL, NULL);
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GtkRecentData ours = { .mime_type = (char *) "text/x-go", .app_name = (char *) "gomemlab",
                         .app_exec = (char *) "gomemlab %u" };
  GtkRecentData theirs = { .mime_type = (char *) "text/x-go", .app_name = (char *) "gedit",
                           .app_exec = (char *) "gedit %u" };
  GmlStartPage *page = GML_START_PAGE (loaded (g_object_ref_sink (gml_start_page_new ())));
  GtkListBox *list = page_child (page, "recent_list");
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr (GPtrArray) titles = g_ptr_array_new ();
  gboolean found = FALSE;

  gtk_recent_manager_add_full (manager, other_uri, &theirs);
  gtk_recent_manager_add_full (manager, mine_uri, &ours);
  while (!found && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), !=, "other-app.go");
          found |= g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "recent-prog.go") == 0;
        }
    }
  g_assert_true (found);
  g_assert_true (gtk_widget_get_visible (page_child (page, "recent_box")));
  g_object_unref (page);
}

/* The window ------------------------------------------------------------ */

static void
wait_for_scenario (GmlWindow *window)
{
  GmlSession *session;

  while (gml_window_get_loading (window) || gml_window_get_session (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  session = gml_window_get_session (window);
  while (gml_session_get_status (session) == GML_SESSION_LOADING)
    g_main_context_iteration (NULL, TRUE);
}

static char *
code_text (GmlWindow *window)
{
  GtkTextBuffer *buffer = window_child (window, "code_buffer");
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static gboolean
course_shown (GmlWindow *window)
{
  GVariant *state = g_action_group_get_action_state (G_ACTION_GROUP (window), "show-course");
  gboolean shown_state = g_variant_get_boolean (state);

  g_variant_unref (state);
  g_assert_cmpint (shown_state, ==,
                   g_str_equal (gtk_stack_get_visible_child_name (window_child (window, "main_stack")), "course"));
  return shown_state;
}

/* Without a program the window shows the course; activating a row opens
 * that scenario; the Course action goes back, and the same row returns
 * to the program without loading it again. */
static void
test_start_page_in_window (void)
{
  GmlWindow *window = gml_window_new (NULL);
  GmlStartPage *page;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GBytes) program = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  GmlSession *session;
  GmlScenario *scenario;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  page = window_child (window, "start_page");
  loaded (GTK_WIDGET (page));
  rows = course_rows (GTK_WIDGET (page));

  g_assert_null (gml_window_get_file (window));
  g_assert_true (course_shown (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-course"));
  g_assert_false (gtk_widget_get_visible (window_child (window, "present_button")));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Go Memory Lab");

  adw_action_row_activate (g_ptr_array_index (rows, 1));
  wait_for_scenario (window);
  name = g_file_get_basename (gml_window_get_file (window));
  g_assert_cmpstr (name, ==, "return-pointer.json");
  g_assert_false (course_shown (window));
  g_assert_true (gtk_widget_get_visible (window_child (window, "present_button")));
  session = gml_window_get_session (window);
  scenario = gml_session_get_scenario (session);
  g_assert_nonnull (scenario);
  g_assert_cmpstr (scenario->id, ==, "return-pointer");
  program = g_resources_lookup_data (COURSE_RESOURCE "/return-pointer.go", 0, NULL);
  text = code_text (window);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (program, NULL), text));

  /* Back to the course, and to the program shown. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-course"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-course", NULL);
  g_assert_true (course_shown (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Go Memory Lab");
  adw_action_row_activate (g_ptr_array_index (rows, 1));
  g_assert_false (course_shown (window));
  g_assert_false (gml_window_get_loading (window));
  g_assert_true (gml_window_get_session (window) == session);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "return-pointer.json");
  g_assert_cmpstr (adw_window_title_get_subtitle (window_child (window, "window_title")), ==, "Built-in Course");

  /* Continue opens the next scenario not completed. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-course", NULL);
  g_assert_true (course_shown (window));
  g_signal_emit_by_name (page_child (page, "continue_button"), "clicked");
  wait_for_scenario (window);
  g_assert_true (gml_window_get_file (window) == gml_start_page_get_next (page));
  g_assert_false (course_shown (window));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  if (!gml_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/start-page/lists-course", test_start_page_lists_course);
  g_test_add_func ("/ui/start-page/shows-progress", test_start_page_shows_progress);
  g_test_add_func ("/ui/start-page/fresh-start", test_start_page_fresh_start);
  g_test_add_func ("/ui/start-page/recent", test_start_page_recent);
  g_test_add_func ("/ui/start-page/in-window", test_start_page_in_window);

  return g_test_run ();
}
