/* test-lesson.c: a scenario's lesson in the main window (suite 'ui').
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens tests/lesson/quizzes.json, which has one quiz of each kind
 * (multiple choice, a number to predict, yes or no, pick the objects),
 * plays until playback holds at each, answers it wrong and then right
 * through the quiz view's own widgets (the choice buttons, the entry,
 * Yes/No, the pick list, Check, Try Again) or the paths the canvas and
 * the keys take, and asserts on the feedback, the canvas's marks, the
 * score and the progress file. Then a scenario changed on disk reloads
 * and keeps the playhead. Last, every scenario of the built-in course
 * (data/scenarios/course.txt) is played through moment by moment, its
 * quizzes answered with Show Answer, to its end. Runs under Xvfb like
 * test-main-window.c.
 */
#include "config.h"

#include <gtksourceview/gtksource.h>
#include <locale.h>
#include <string.h>

#include "gml-canvas.h"
#include "gml-lesson-panel.h"
#include "gml-quiz-view.h"
#include "gml-test-ui.h"
#include "gml-window.h"

enum { Q_CHOICE, Q_NUMBER, Q_YES_NO, Q_PICK };

/* Helpers ----------------------------------------------------------------- */

static gpointer
child (GmlWindow  *window,
       const char *name)
{
  return gml_test_template_child (window, GML_TYPE_WINDOW, name);
}

static gpointer
panel_child (GmlWindow  *window,
             const char *name)
{
  return gml_test_template_child (child (window, "lesson_panel"), GML_TYPE_LESSON_PANEL, name);
}

/* The text of the chapter drop-down's selected item. */
static const char *
selected_chapter_item (GmlWindow *window)
{
  GtkDropDown *dropdown = panel_child (window, "chapter_dropdown");
  GObject *item = gtk_drop_down_get_selected_item (dropdown);

  g_assert_true (GTK_IS_STRING_OBJECT (item));
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

static gpointer
quiz_child (GtkWidget  *view,
            const char *name)
{
  return gml_test_template_child (view, GML_TYPE_QUIZ_VIEW, name);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Iterates until the window's session (other than `old`) has recorded
 * its run, shows a step and, for a scenario, placed its lesson. */
static GmlSession *
wait_for_run (GmlWindow  *window,
              GmlSession *old)
{
  guint guard = g_timeout_add_seconds (60, timeout_cb, (gpointer) "waiting for the run");
  GmlSession *session;

  while (gml_window_get_loading (window) || gml_window_get_session (window) == NULL ||
         gml_window_get_session (window) == old)
    g_main_context_iteration (NULL, TRUE);
  session = gml_window_get_session (window);
  while (gml_session_get_status (session) == GML_SESSION_LOADING ||
         gml_session_get_status (session) == GML_SESSION_RUNNING ||
         (gml_session_get_status (session) == GML_SESSION_DONE &&
          (gml_session_get_scene (session) == NULL || gml_session_get_lesson (session) == NULL ||
           !gml_lesson_get_resolved (gml_session_get_lesson (session)))))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  return session;
}

static GmlWindow *
open_window (GFile *file)
{
  GmlWindow *window = gml_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gml_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_run (window, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static GFile *
scenario_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "lesson", "quizzes.json", NULL);

  return g_file_new_for_path (path);
}

static GmlLesson *
lesson_of (GmlWindow *window)
{
  return gml_session_get_lesson (gml_window_get_session (window));
}

/* Plays until playback stops (a quiz that holds it, or the end). */
static void
play_until_stopped (GmlWindow *window)
{
  GmlSession *session = gml_window_get_session (window);
  guint guard = g_timeout_add_seconds (60, timeout_cb, (gpointer) "playing");

  gml_session_set_speed (session, 1000);
  gml_session_set_playing (session, TRUE);
  while (gml_session_get_playing (session))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

/* The panel's view of quiz `quiz`; it must be shown. */
static GtkWidget *
quiz_view (GmlWindow *window,
           guint      quiz)
{
  GPtrArray *views = gml_lesson_panel_get_quiz_views (child (window, "lesson_panel"));

  for (guint i = 0; i < views->len; i++)
    if (gml_quiz_view_get_quiz (g_ptr_array_index (views, i)) == quiz)
      return g_ptr_array_index (views, i);
  g_assert_not_reached ();
  return NULL;
}

static gboolean
quiz_shown (GmlWindow *window,
            guint      quiz)
{
  GPtrArray *views = gml_lesson_panel_get_quiz_views (child (window, "lesson_panel"));

  for (guint i = 0; i < views->len; i++)
    if (gml_quiz_view_get_quiz (g_ptr_array_index (views, i)) == quiz)
      return TRUE;
  return FALSE;
}

/* Clicks a button a person can see and use. */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
assert_feedback (GtkWidget  *view,
                 const char *verdict,
                 const char *contains)
{
  GtkLabel *verdict_label = quiz_child (view, "verdict_label");
  GtkLabel *feedback_label = quiz_child (view, "feedback_label");

  g_assert_true (gtk_widget_get_visible (quiz_child (view, "feedback_box")));
  g_assert_cmpstr (gtk_label_get_text (verdict_label), ==, verdict);
  if (contains != NULL && strstr (gtk_label_get_text (feedback_label), contains) == NULL)
    g_error ("feedback “%s” lacks “%s”", gtk_label_get_text (feedback_label), contains);
}

static void
assert_score (GmlWindow  *window,
              const char *text)
{
  g_assert_cmpstr (gtk_label_get_text (panel_child (window, "score_label")), ==, text);
}

/* The choice buttons are the check buttons of choices_box, in order. */
static GtkCheckButton *
choice_button (GtkWidget *view,
               guint      n)
{
  for (GtkWidget *w = gtk_widget_get_first_child (quiz_child (view, "choices_box")); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_CHECK_BUTTON (w) && n-- == 0)
      return GTK_CHECK_BUTTON (w);
  g_assert_not_reached ();
  return NULL;
}

static guint
count_marks (GmlWindow           *window,
             GmlPainterMarkStyle  style)
{
  guint n = 0, count = 0;
  const GmlPainterMark *marks = gml_canvas_get_marks (child (window, "canvas"), &n);

  for (guint i = 0; i < n; i++)
    count += marks[i].style == style;
  return count;
}

static gboolean
in_answer (const GmlAnswer *answer,
           guint64          addr)
{
  for (guint i = 0; i < answer->objects->len; i++)
    if (g_array_index (answer->objects, guint64, i) == addr)
      return TRUE;
  return FALSE;
}

/* The pick list's check button for the object at `addr`, or NULL. */
static GtkCheckButton *
pick_button (GtkWidget *view,
             guint64    addr)
{
  for (GtkWidget *row = gtk_widget_get_first_child (quiz_child (view, "pick_list")); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");
      guint64 *a = check != NULL ? g_object_get_data (G_OBJECT (check), "addr") : NULL;

      if (a != NULL && *a == addr)
        return GTK_CHECK_BUTTON (check);
    }
  return NULL;
}

static JsonObject *
saved_quiz (JsonParser *parser,
            const char *quiz)
{
  const char *path = gml_progress_get_path (gml_progress_get_default ());
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  root = json_object_get_object_member (root, "scenarios");
  root = json_object_get_object_member (root, "lesson-test");
  g_assert_nonnull (root);
  root = json_object_get_object_member (root, "quizzes");
  return json_object_get_object_member (root, quiz);
}

static void
assert_saved (const char *quiz,
              gint64      attempts,
              gboolean    correct,
              gboolean    first_try)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *q = saved_quiz (parser, quiz);

  g_assert_nonnull (q);
  g_assert_cmpint (json_object_get_int_member (q, "attempts"), ==, attempts);
  g_assert_cmpint (json_object_get_boolean_member (q, "correct"), ==, correct);
  g_assert_cmpint (json_object_get_boolean_member (q, "first_try"), ==, first_try);
}

/* Each quiz kind --------------------------------------------------------- */

static void
answer_choice (GmlWindow *window)
{
  GmlLesson *lesson = lesson_of (window);
  GtkWidget *view = quiz_view (window, Q_CHOICE);

  /* Wrong: "In the frame of newPoint". */
  gtk_check_button_set_active (choice_button (view, 0), TRUE);
  g_assert_true (gml_lesson_get_choice (lesson, Q_CHOICE, 0));
  click (quiz_child (view, "check_button"));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_CHOICE), ==, GML_QUIZ_WRONG);
  assert_feedback (view, "✗ Not quite", "Read why below");
  assert_saved ("where-p", 1, FALSE, FALSE);
  assert_score (window, "Score: 0 of 4 questions right (0 at the first try)");

  /* Try Again, then the key "2" (what the window's 1–9 keys call). */
  click (quiz_child (view, "again_button"));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_CHOICE), ==, GML_QUIZ_OPEN);
  g_assert_false (gtk_check_button_get_active (choice_button (view, 0)));
  g_assert_true (gml_quiz_view_choose (GML_QUIZ_VIEW (view), 2));
  g_assert_true (gtk_check_button_get_active (choice_button (view, 1)));
  click (quiz_child (view, "check_button"));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_CHOICE), ==, GML_QUIZ_RIGHT);
  assert_feedback (view, "✓ Right!", "A returned address must outlive its frame.");
  /* Done: nothing more to check; the choices are locked. */
  g_assert_false (gtk_widget_get_visible (quiz_child (view, "check_button")));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (choice_button (view, 0))));
  assert_saved ("where-p", 2, TRUE, FALSE);
  assert_score (window, "Score: 1 of 4 questions right (0 at the first try)");
}

static void
answer_number (GmlWindow *window)
{
  GmlLesson *lesson = lesson_of (window);
  GtkWidget *view = quiz_view (window, Q_NUMBER);
  const GmlAnswer *answer = gml_lesson_quiz_answer (lesson, Q_NUMBER, NULL);
  GtkEditable *entry = quiz_child (view, "number_entry");
  g_autofree char *wrong = NULL;
  g_autofree char *right = NULL;

  g_assert_nonnull (answer);
  g_assert_cmpint (answer->type, ==, GML_ANSWER_TYPE_NUMBER);
  /* cap(s) after five appends to a nil []int. */
  g_assert_cmpint (answer->number, ==, 8);
  g_assert_true (gtk_widget_get_visible (quiz_child (view, "number_box")));

  /* Nothing typed: nothing to check. */
  g_assert_false (gtk_widget_is_sensitive (quiz_child (view, "check_button")));
  wrong = g_strdup_printf ("%" G_GINT64_FORMAT, answer->number + 100);
  gtk_editable_set_text (entry, wrong);
  g_assert_cmpstr (gml_lesson_get_prediction (lesson, Q_NUMBER), ==, wrong);
  /* Enter in the entry checks. */
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_NUMBER), ==, GML_QUIZ_WRONG);
  assert_feedback (view, "✗ Not quite", "too high");
  assert_saved ("cap-s", 1, FALSE, FALSE);

  /* Editing the answer starts a new try. */
  right = g_strdup_printf ("%" G_GINT64_FORMAT, answer->number);
  gtk_editable_set_text (entry, right);
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_NUMBER), ==, GML_QUIZ_OPEN);
  click (quiz_child (view, "check_button"));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_NUMBER), ==, GML_QUIZ_RIGHT);
  assert_feedback (view, "✓ Right!", "The simulation says 8.");
  assert_feedback (view, "✓ Right!", "append doubles small capacities.");
  assert_saved ("cap-s", 2, TRUE, FALSE);
  assert_score (window, "Score: 2 of 4 questions right (0 at the first try)");
}

static void
answer_yes_no (GmlWindow *window)
{
  GmlLesson *lesson = lesson_of (window);
  GtkWidget *view = quiz_view (window, Q_YES_NO);
  const GmlAnswer *answer = gml_lesson_quiz_answer (lesson, Q_YES_NO, NULL);
  GtkCheckButton *yes = quiz_child (view, "yes_button");
  GtkCheckButton *no = quiz_child (view, "no_button");

  g_assert_nonnull (answer);
  g_assert_cmpint (answer->type, ==, GML_ANSWER_TYPE_YES_NO);
  /* p's address is returned: it escapes. */
  g_assert_true (answer->yes);
  g_assert_true (gtk_widget_get_visible (quiz_child (view, "yes_no_box")));

  gtk_check_button_set_active (no, TRUE);
  g_assert_cmpint (gml_lesson_get_yes_no (lesson, Q_YES_NO), ==, 0);
  click (quiz_child (view, "check_button"));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_YES_NO), ==, GML_QUIZ_WRONG);
  assert_feedback (view, "✗ Not quite", "Try again");
  assert_saved ("p-escapes", 1, FALSE, FALSE);

  gtk_check_button_set_active (yes, TRUE);
  g_assert_cmpint (gml_lesson_get_yes_no (lesson, Q_YES_NO), ==, 1);
  /* Ctrl+Enter's path. */
  g_assert_true (gml_quiz_view_check (GML_QUIZ_VIEW (view)));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_YES_NO), ==, GML_QUIZ_RIGHT);
  assert_feedback (view, "✓ Right!", "The answer is yes.");
  assert_saved ("p-escapes", 2, TRUE, FALSE);
  assert_score (window, "Score: 3 of 4 questions right (0 at the first try)");
}

static void
answer_pick (GmlWindow *window)
{
  GmlLesson *lesson = lesson_of (window);
  GmlSession *session = gml_window_get_session (window);
  GtkWidget *view = quiz_view (window, Q_PICK);
  const GmlAnswer *answer = gml_lesson_quiz_answer (lesson, Q_PICK, NULL);
  GmlScene *scene = gml_session_get_scene (session);
  guint64 wrong = 0;

  g_assert_nonnull (answer);
  g_assert_cmpint (answer->type, ==, GML_ANSWER_TYPE_OBJECTS);
  /* At least the unreachable Point. */
  g_assert_cmpuint (answer->objects->len, >=, 1);
  g_assert_cmpint (gml_lesson_get_active_pick (lesson), ==, Q_PICK);
  for (guint i = 0; i < scene->objects->len && wrong == 0; i++)
    if (!in_answer (answer, gml_scene_object (scene, i)->addr))
      wrong = gml_scene_object (scene, i)->addr;
  g_assert_cmpuint (wrong, !=, 0);

  /* Wrong: one live object, picked the way a canvas click does. */
  g_assert_cmpuint (count_marks (window, GML_PAINTER_MARK_PICKED), ==, 0);
  g_assert_true (gml_lesson_toggle_pick (lesson, wrong));
  g_assert_cmpuint (count_marks (window, GML_PAINTER_MARK_PICKED), ==, 1);
  /* The list mirrors the canvas. */
  g_assert_true (gtk_check_button_get_active (pick_button (view, wrong)));
  click (quiz_child (view, "check_button"));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_PICK), ==, GML_QUIZ_WRONG);
  g_assert_cmpuint (count_marks (window, GML_PAINTER_MARK_WRONG), ==, 1);
  g_assert_cmpuint (count_marks (window, GML_PAINTER_MARK_MISSED), ==, answer->objects->len);
  assert_feedback (view, "✗ Not quite", "0 right, 1 wrong");
  assert_saved ("freed", 1, FALSE, FALSE);

  /* Right: Try Again, then tick every answer object in the list. */
  click (quiz_child (view, "again_button"));
  g_assert_cmpuint (count_marks (window, GML_PAINTER_MARK_WRONG), ==, 0);
  for (guint i = 0; i < answer->objects->len; i++)
    {
      GtkCheckButton *check = pick_button (view, g_array_index (answer->objects, guint64, i));

      g_assert_nonnull (check);
      gtk_check_button_set_active (check, TRUE);
    }
  g_assert_cmpuint (gml_lesson_get_picks (lesson, Q_PICK)->len, ==, answer->objects->len);
  g_assert_cmpuint (count_marks (window, GML_PAINTER_MARK_PICKED), ==, answer->objects->len);
  click (quiz_child (view, "check_button"));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_PICK), ==, GML_QUIZ_RIGHT);
  g_assert_cmpuint (count_marks (window, GML_PAINTER_MARK_RIGHT), ==, answer->objects->len);
  g_assert_cmpint (gml_lesson_get_active_pick (lesson), ==, -1);
  assert_feedback (view, "✓ Right!", "Only what nothing reaches.");
  assert_saved ("freed", 2, TRUE, FALSE);
  assert_score (window, "Score: 4 of 4 questions right (0 at the first try)");
}

static void
test_every_quiz_kind (void)
{
  g_autoptr (GFile) file = scenario_file ();
  GmlWindow *window = open_window (file);
  GmlSession *session = gml_window_get_session (window);
  GmlLesson *lesson = lesson_of (window);
  AdwViewStack *side = child (window, "side_stack");
  g_autoptr (GmlProgress) saved = NULL;
  guint first_try = 99;

  /* The lesson page comes forward with the scenario's text. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (side), ==, "lesson");
  g_assert_cmpstr (gtk_label_get_text (panel_child (window, "title_label")), ==, "Every quiz kind");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "quizzes.json");
  g_assert_true (gml_lesson_get_hold (lesson));
  g_assert_null (gml_lesson_get_problems (lesson));

  /* Before the first chapter the drop-down says so (not "(None)"). */
  g_assert_cmpint (gml_lesson_get_chapter (lesson), ==, -1);
  g_assert_cmpstr (selected_chapter_item (window), ==, "Start");

  /* Playback holds at the first quizzes (line 22) until answered. */
  play_until_stopped (window);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_lesson_quiz_position (lesson, Q_CHOICE));
  g_assert_cmpuint (gml_lesson_quiz_position (lesson, Q_NUMBER), ==, gml_lesson_quiz_position (lesson, Q_CHOICE));
  g_assert_true (quiz_shown (window, Q_CHOICE));
  g_assert_true (quiz_shown (window, Q_NUMBER));
  g_assert_false (quiz_shown (window, Q_YES_NO));
  g_assert_cmpint (gml_lesson_get_chapter (lesson), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (panel_child (window, "moment_label")), ==, "2 of 4");
  /* The card of line 18 is still up, and marks s on the canvas. */
  g_assert_cmpuint (gml_lesson_get_cards (lesson)->len, ==, 1);
  g_assert_cmpuint (count_marks (window, GML_PAINTER_MARK_HIGHLIGHT), >=, 1);
  /* Unanswered, it holds: Play does not leave it. */
  play_until_stopped (window);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_lesson_quiz_position (lesson, Q_CHOICE));

  answer_choice (window);
  answer_number (window);

  play_until_stopped (window);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_lesson_quiz_position (lesson, Q_YES_NO));
  answer_yes_no (window);

  play_until_stopped (window);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_lesson_quiz_position (lesson, Q_PICK));
  g_assert_cmpint (gml_lesson_get_chapter (lesson), ==, 1);
  g_assert_cmpstr (selected_chapter_item (window), ==, "Chapter 2: Collecting");
  answer_pick (window);

  /* Every quiz answered: playback runs to the end. */
  play_until_stopped (window);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_session_get_n_steps (session));

  /* Choosing a chapter, or the start, in the drop-down goes there. */
  gtk_drop_down_set_selected (panel_child (window, "chapter_dropdown"), 1);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_lesson_chapter_position (lesson, 0));
  g_assert_cmpint (gml_lesson_get_chapter (lesson), ==, 0);
  gtk_drop_down_set_selected (panel_child (window, "chapter_dropdown"), 0);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, 0);
  g_assert_cmpstr (selected_chapter_item (window), ==, "Start");
  gml_session_set_playhead (session, gml_session_get_n_steps (session));

  /* What another start of the app reads back. */
  saved = gml_progress_new (gml_progress_get_path (gml_progress_get_default ()));
  g_assert_null (gml_progress_take_notice (saved));
  g_assert_cmpuint (gml_progress_count_right (saved, "lesson-test", &first_try), ==, 4);
  g_assert_cmpuint (first_try, ==, 0);
  g_assert_true (gml_progress_get_completed (saved, "lesson-test"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Opened again, the answers are there. */
  window = open_window (file);
  lesson = lesson_of (window);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (gml_lesson_quiz_state (lesson, i), ==, GML_QUIZ_RIGHT);
  g_assert_cmpstr (gml_lesson_get_prediction (lesson, Q_NUMBER), ==, "8");
  gml_lesson_go_to_quiz (lesson, Q_NUMBER);
  assert_feedback (quiz_view (window, Q_NUMBER), "✓ Right!", "The simulation says 8.");
  assert_score (window, "Score: 4 of 4 questions right (0 at the first try)");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Next and previous moments, Show Answer, and no hold. */
static char *copy_scenario (const char *folder);
static void edit_file (const char *dir, const char *name, const char *from, const char *to);

static void
test_moments_and_reveal (void)
{
  /* A scenario id of its own: none of the answers saved above. */
  g_autofree char *dir = copy_scenario ("moments");
  g_autofree char *json = g_build_filename (dir, "quizzes.json", NULL);
  g_autoptr (GFile) file = (edit_file (dir, "quizzes.json", "\"lesson-test\"", "\"lesson-moments\""),
                            g_file_new_for_path (json));
  GmlWindow *window = open_window (file);
  GmlSession *session = gml_window_get_session (window);
  GmlLesson *lesson = lesson_of (window);
  GtkWidget *view;
  guint n = 0;

  g_assert_cmpuint (gml_lesson_get_moment (lesson, &n), ==, 0);
  g_assert_cmpuint (n, ==, 4);
  click (panel_child (window, "next_button"));
  g_assert_cmpuint (gml_lesson_get_moment (lesson, NULL), ==, 1);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_lesson_card_position (lesson, 0));
  g_assert_cmpuint (gml_lesson_get_cards (lesson)->len, ==, 1);
  click (panel_child (window, "next_button"));
  click (panel_child (window, "next_button"));
  g_assert_cmpstr (gtk_label_get_text (panel_child (window, "moment_label")), ==, "3 of 4");
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_lesson_quiz_position (lesson, Q_YES_NO));
  click (panel_child (window, "previous_button"));
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_lesson_quiz_position (lesson, Q_CHOICE));

  /* Show Answer: ticks the right choice, says why, counts no point. */
  view = quiz_view (window, Q_CHOICE);
  click (quiz_child (view, "reveal_button"));
  g_assert_cmpint (gml_lesson_quiz_state (lesson, Q_CHOICE), ==, GML_QUIZ_REVEALED);
  g_assert_true (gtk_check_button_get_active (choice_button (view, 1)));
  assert_feedback (view, "The answer", "A returned address must outlive its frame.");

  /* Without holding, playback runs past the open quizzes. */
  gtk_check_button_set_active (panel_child (window, "hold_button"), FALSE);
  g_assert_false (gml_lesson_get_hold (lesson));
  play_until_stopped (window);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_session_get_n_steps (session));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A plain .go program opens as a scenario with no lesson to show. */
static void
test_plain_program (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "lesson", "quizzes.go", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GmlWindow *window = open_window (file);
  GmlLesson *lesson = lesson_of (window);
  AdwViewStack *side = child (window, "side_stack");

  g_assert_nonnull (lesson);
  g_assert_true (gml_lesson_get_scenario (lesson)->plain_go);
  g_assert_false (gml_lesson_has_content (lesson));
  g_assert_false (gml_lesson_panel_has_content (child (window, "lesson_panel")));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (side), !=, "lesson");
  g_assert_false (adw_view_stack_page_get_visible (adw_view_stack_get_page (side, child (window, "lesson_panel"))));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Reloading ---------------------------------------------------------------- */

static char *
copy_scenario (const char *folder)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), folder, NULL);
  const char *names[] = { "quizzes.json", "quizzes.go" };

  g_mkdir_with_parents (dir, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *from = g_test_build_filename (G_TEST_DIST, "lesson", names[i], NULL);
      g_autofree char *to = g_build_filename (dir, names[i], NULL);
      g_autofree char *text = NULL;
      g_autoptr (GError) error = NULL;

      g_file_get_contents (from, &text, NULL, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, text, -1, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&dir);
}

/* Rewrites a file the way editors save (a new file renamed over it). */
static void
edit_file (const char *dir,
           const char *name,
           const char *from,
           const char *to)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) edited = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  edited = g_string_new (text);
  if (from != NULL)
    g_assert_cmpuint (g_string_replace (edited, from, to, 1), ==, 1);
  else
    g_string_append (edited, to);
  g_file_set_contents (path, edited->str, -1, &error);
  g_assert_no_error (error);
}

static char *
code_text (GmlWindow *window)
{
  GtkTextBuffer *buffer = child (window, "code_buffer");
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static void
test_reload_keeps_playhead (void)
{
  g_autofree char *dir = copy_scenario ("reload");
  g_autofree char *json = g_build_filename (dir, "quizzes.json", NULL);
  g_autofree char *go = g_build_filename (dir, "quizzes.go", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (json);
  GmlWindow *window = open_window (file);
  GmlSession *session = gml_window_get_session (window);
  g_autofree char *code = NULL;
  g_autofree char *go_before = NULL;
  g_autofree char *go_after = NULL;
  g_autofree char *go_expected = NULL;
  guint64 playhead;

  /* The learner is at the yes/no question. */
  gml_lesson_go_to_quiz (lesson_of (window), Q_YES_NO);
  playhead = gml_session_get_playhead (session);
  g_assert_cmpuint (playhead, >, 0);

  /* The author retitles the scenario. */
  edit_file (dir, "quizzes.json", "Every quiz kind", "Every quiz kind, edited");
  session = wait_for_run (window, session);
  g_assert_cmpstr (gtk_label_get_text (panel_child (window, "title_label")), ==, "Every quiz kind, edited");
  g_assert_cmpuint (gml_session_get_playhead (session), ==, playhead);
  g_assert_true (quiz_shown (window, Q_YES_NO));
  g_assert_true (g_file_equal (gml_window_get_file (window), file));

  /* ...and comments the program: the code view follows, same step. */
  g_assert_true (g_file_get_contents (go, &go_before, NULL, NULL));
  edit_file (dir, "quizzes.go", NULL, "// edited\n");
  go_expected = g_strconcat (go_before, "// edited\n", NULL);
  session = wait_for_run (window, session);
  code = code_text (window);
  g_assert_nonnull (strstr (code, "// edited"));
  g_assert_cmpuint (gml_session_get_playhead (session), ==, playhead);

  /* A broken save shows why; the next good one goes back to the step. */
  edit_file (dir, "quizzes.json", "\"format\": 1,", "\"format\": 1,,");
  while (gml_window_get_session (window) == session ||
         gml_session_get_status (gml_window_get_session (window)) != GML_SESSION_FAILED)
    g_main_context_iteration (NULL, TRUE);
  session = gml_window_get_session (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "canvas_stack")), ==, "error");
  edit_file (dir, "quizzes.json", "\"format\": 1,,", "\"format\": 1,");
  session = wait_for_run (window, session);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, playhead);

  /* Reloading never wrote to the author's files. */
  g_assert_true (g_file_get_contents (go, &go_after, NULL, NULL));
  g_assert_cmpstr (go_after, ==, go_expected);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Set-up, as in test-main-window.c ------------------------------------------ */

/* Each built-in scenario played through as a learner would: opened from
 * data/scenarios/, then Next from moment to moment (every card and quiz
 * anchor, in order), Show Answer on every quiz left open, the canvas
 * drawn at each moment, and the end of the run, which completes it. */
static void
test_course_scenario (gconstpointer data)
{
  const char *path = data;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GmlWindow *window = open_window (file);
  GmlSession *session = gml_window_get_session (window);
  GmlLesson *lesson = lesson_of (window);
  GmlScenario *scenario = gml_lesson_get_scenario (lesson);
  GtkWidget *next = panel_child (window, "next_button");
  guint n_moments = 0, visited = 0, revealed = 0;
  guint64 last = 0;

  g_assert_cmpint (gml_session_get_status (session), ==, GML_SESSION_DONE);
  g_assert_true (gml_lesson_has_content (lesson));
  if (gml_lesson_get_problems (lesson) != NULL)
    g_error ("%s: %s", path, gml_lesson_get_problems (lesson));
  gml_lesson_get_moment (lesson, &n_moments);
  g_assert_cmpuint (n_moments, >=, 3);

  /* The first moment may be the program's first step, shown on open. */
  visited = gml_lesson_get_moment (lesson, NULL);
  for (;;)
    {
      const GArray *quizzes;

      if (visited > 0)
        {
          /* Moments go forward through the run. */
          g_assert_cmpuint (gml_session_get_playhead (session), >=, last);
          last = gml_session_get_playhead (session);
          gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
          g_assert_nonnull (gml_canvas_get_painter (child (window, "canvas")));
          quizzes = gml_lesson_get_quizzes (lesson);
          g_assert_true (gml_lesson_get_cards (lesson)->len > 0 || quizzes->len > 0);
          for (guint i = 0; i < quizzes->len; i++)
            {
              guint q = g_array_index (quizzes, guint, i);
              GtkWidget *view = quiz_view (window, q);

              if (gml_lesson_quiz_state (lesson, q) != GML_QUIZ_OPEN)
                continue;
              click (quiz_child (view, "reveal_button"));
              g_assert_cmpint (gml_lesson_quiz_state (lesson, q), ==, GML_QUIZ_REVEALED);
              g_assert_true (gtk_widget_get_visible (quiz_child (view, "feedback_box")));
              revealed++;
            }
        }
      if (!gtk_widget_get_sensitive (next))
        break;
      click (next);
      visited++;
      g_assert_cmpuint (gml_lesson_get_moment (lesson, NULL), ==, visited);
    }
  g_assert_cmpuint (visited, ==, n_moments);
  g_assert_cmpuint (revealed, ==, scenario->quizzes->len);

  gml_session_set_playhead (session, gml_session_get_n_steps (session));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gml_progress_get_completed (gml_progress_get_default (), scenario->id));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
add_course_tests (void)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GPtrArray *course = gml_course_load (folder, diags);

  if (course == NULL)
    {
      g_autofree char *text = gml_diag_list_format (diags);

      g_error ("the course does not load:\n%s", text);
    }
  for (guint i = 0; i < course->len; i++)
    {
      const GmlCourseEntry *e = g_ptr_array_index (course, i);
      g_autofree char *name = g_strdup_printf ("/ui/lesson/course/%02u-%s", i + 1, e->name);

      g_test_add_data_func_full (name, g_strdup (e->path), test_course_scenario, g_free);
    }
  g_ptr_array_unref (course);
}

int
main (int   argc,
      char *argv[])
{
  if (!gml_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/lesson/every-quiz-kind", test_every_quiz_kind);
  g_test_add_func ("/ui/lesson/moments-and-reveal", test_moments_and_reveal);
  g_test_add_func ("/ui/lesson/plain-program", test_plain_program);
  g_test_add_func ("/ui/lesson/reload-keeps-playhead", test_reload_keeps_playhead);
  add_course_tests ();

  return g_test_run ();
}
