/* gml-quiz-view.c: one quiz of a lesson, to answer.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A card with the question and what answers it: a radio button per
 * choice (check buttons for "select all that apply"), a number entry or
 * Yes/No for a prediction, and for a pick quiz the heap objects of the
 * question's step as a list of check buttons, beside picking them on the
 * canvas. The list is the keyboard's and the screen reader's way to
 * pick. Check, Try Again and Show Answer act on the lesson, which holds
 * every bit of the learner's input and state; this widget only mirrors
 * it (on GmlLesson::quiz-changed), so the canvas, keyboard shortcuts and
 * the list all agree.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gml-markup.h"
#include "gml-quiz-view.h"

/* Objects listed for picking; more are picked on the canvas. */
#define MAX_PICK_ROWS 200
/* Lists up to this long show whole; longer ones scroll in this height. */
#define SHORT_PICK_LIST 6
#define PICK_LIST_HEIGHT 260

struct _GmlQuizView
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *box;
  GtkImage       *status_icon;
  GtkLabel       *kind_label;
  GtkLabel       *question_label;
  GtkWidget      *choices_box;
  GtkWidget      *number_box;
  GtkEntry       *number_entry;
  GtkLabel       *unit_label;
  GtkWidget      *yes_no_box;
  GtkCheckButton *yes_button;
  GtkCheckButton *no_button;
  GtkWidget      *pick_box;
  GtkLabel       *pick_hint;
  GtkWidget      *go_button;
  GtkWidget      *pick_scroller;
  GtkListBox     *pick_list;
  GtkWidget      *buttons;
  GtkWidget      *check_button;
  GtkWidget      *again_button;
  GtkWidget      *reveal_button;
  GtkWidget      *feedback_box;
  GtkLabel       *verdict_label;
  GtkLabel       *feedback_label;

  /* Owned */
  GmlSession     *session;
  GmlLesson      *lesson;
  guint           quiz;
  GPtrArray      *choice_buttons;   /* GtkCheckButton, per choice */
  GPtrArray      *choice_notes;     /* GtkLabel, the choice's explanation */
  GmlScene       *pick_scene;       /* the scene the pick list shows */
  gboolean        syncing;
};

G_DEFINE_FINAL_TYPE (GmlQuizView, gml_quiz_view, GTK_TYPE_WIDGET)

/* Markup ------------------------------------------------------------------ */

/**
 * gml_markup_to_pango:
 * @text: scenario text (*emphasis*, `code`, paragraphs)
 *
 * Returns: Pango markup for a GtkLabel; the text escaped when it does
 * not parse (the loader rejects such text, so only a safety net).
 */
char *
gml_markup_to_pango (const char *text)
{
  g_autoptr (GArray) spans = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  spans = gml_markup_parse (text, NULL, NULL);
  if (spans == NULL)
    return g_markup_escape_text (text, -1);
  out = g_string_new (NULL);
  for (guint i = 0; i < spans->len; i++)
    {
      const GmlMarkupSpan *span = &g_array_index (spans, GmlMarkupSpan, i);
      g_autofree char *escaped = g_markup_escape_text (span->text, -1);

      if (span->paragraph_start)
        g_string_append (out, "\n\n");
      if (span->flags & GML_MARKUP_EMPHASIS)
        g_string_append (out, "<i>");
      if (span->flags & GML_MARKUP_CODE)
        g_string_append (out, "<tt>");
      g_string_append (out, escaped);
      if (span->flags & GML_MARKUP_CODE)
        g_string_append (out, "</tt>");
      if (span->flags & GML_MARKUP_EMPHASIS)
        g_string_append (out, "</i>");
    }
  return g_string_free (out, FALSE);
}

static void
set_markup (GtkLabel   *label,
            const char *text)
{
  g_autofree char *markup = gml_markup_to_pango (text);

  gtk_label_set_markup (label, markup);
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* The quiz ---------------------------------------------------------------- */

static GmlQuiz *
quiz (GmlQuizView *self)
{
  return g_ptr_array_index (gml_lesson_get_scenario (self->lesson)->quizzes, self->quiz);
}

static gboolean
yes_no (GmlQuizView *self)
{
  return quiz (self)->kind == GML_QUIZ_PREDICT &&
         gml_answer_kind_type (quiz (self)->answer.kind) == GML_ANSWER_TYPE_YES_NO;
}

static gboolean
at_anchor (GmlQuizView *self)
{
  return gml_session_get_playhead (self->session) == gml_lesson_quiz_position (self->lesson, self->quiz);
}

static const char *
unit_of (GmlAnswerKind kind)
{
  switch (kind)
    {
    case GML_ANSWER_HEAP_BYTES:
    case GML_ANSWER_LIVE_BYTES_AFTER_NEXT_GC:
    case GML_ANSWER_STACK_SIZE:
      return _("bytes");
    case GML_ANSWER_HEAP_OBJECTS:
      return _("objects");
    case GML_ANSWER_GC_CYCLES:
      return _("cycles");
    case GML_ANSWER_GOROUTINES:
      return _("goroutines");
    default:
      return "";
    }
}

static char *
kind_text (GmlQuizView *self)
{
  GmlQuiz *q = quiz (self);

  switch (q->kind)
    {
    case GML_QUIZ_CHOICE:
      return g_strdup (gml_quiz_n_correct_choices (q) > 1 ? _("Quiz · select all that apply (keys 1–9)")
                                                          : _("Quiz · choose one (keys 1–9)"));
    case GML_QUIZ_PREDICT:
      return g_strdup (yes_no (self) ? _("Prediction · yes or no (keys 1 and 2)") : _("Prediction · a number"));
    case GML_QUIZ_PICK:
    default:
      return g_strdup (_("Quiz · pick the objects"));
    }
}

/* Building ------------------------------------------------------------------ */

static void
choice_toggled_cb (GmlQuizView    *self,
                   GtkCheckButton *button)
{
  guint index;

  if (self->syncing)
    return;
  if (!g_ptr_array_find (self->choice_buttons, button, &index))
    return;
  gml_lesson_set_choice (self->lesson, self->quiz, index, gtk_check_button_get_active (button));
}

static void
build_choices (GmlQuizView *self)
{
  GmlQuiz *q = quiz (self);
  GtkCheckButton *group = NULL;
  gboolean radio = gml_quiz_n_correct_choices (q) == 1;

  for (guint i = 0; i < q->choices->len; i++)
    {
      GmlChoice *choice = &g_array_index (q->choices, GmlChoice, i);
      GtkWidget *button = gtk_check_button_new ();
      GtkWidget *label = gtk_label_new (NULL);
      GtkWidget *note = gtk_label_new (NULL);
      g_autofree char *markup = gml_markup_to_pango (choice->text);
      g_autofree char *numbered = g_strdup_printf ("%u. %s", i + 1, markup);
      g_autofree char *plain = gml_markup_to_plain (choice->text);

      gtk_label_set_markup (GTK_LABEL (label), numbered);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (button), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
      if (radio)
        {
          if (group != NULL)
            gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
          else
            group = GTK_CHECK_BUTTON (button);
        }
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (choice_toggled_cb), self);

      set_markup (GTK_LABEL (note), choice->explanation);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (note), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_widget_set_margin_start (note, 28);
      gtk_widget_add_css_class (note, "lesson-choice-note");
      gtk_widget_set_visible (note, FALSE);

      gtk_box_append (GTK_BOX (self->choices_box), button);
      gtk_box_append (GTK_BOX (self->choices_box), note);
      g_ptr_array_add (self->choice_buttons, button);
      g_ptr_array_add (self->choice_notes, note);
    }
}

static void
build (GmlQuizView *self)
{
  GmlQuiz *q = quiz (self);
  g_autofree char *kind = kind_text (self);
  g_autofree char *plain = gml_markup_to_plain (q->question);

  gtk_label_set_text (self->kind_label, kind);
  set_markup (self->question_label, q->question);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
  gtk_widget_set_visible (self->choices_box, q->kind == GML_QUIZ_CHOICE);
  gtk_widget_set_visible (self->number_box, q->kind == GML_QUIZ_PREDICT && !yes_no (self));
  gtk_widget_set_visible (self->yes_no_box, yes_no (self));
  gtk_widget_set_visible (self->pick_box, q->kind == GML_QUIZ_PICK);
  if (q->kind == GML_QUIZ_CHOICE)
    build_choices (self);
  if (q->kind == GML_QUIZ_PREDICT)
    {
      gtk_label_set_text (self->unit_label, unit_of (q->answer.kind));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->number_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Your prediction"), -1);
    }
}

/* The pick list ---------------------------------------------------------------- */

static const char *
pick_mark_text (GmlPickMark mark)
{
  switch (mark)
    {
    case GML_PICK_RIGHT:
      return _("✓ right");
    case GML_PICK_WRONG:
      return _("✗ wrong");
    case GML_PICK_MISSED:
      return _("missed");
    case GML_PICK_ANSWER:
      return _("answer");
    case GML_PICK_PICKED:
    case GML_PICK_NONE:
    default:
      return "";
    }
}

static void
pick_toggled_cb (GmlQuizView    *self,
                 GtkCheckButton *button)
{
  guint64 *addr = g_object_get_data (G_OBJECT (button), "addr");

  if (self->syncing || addr == NULL)
    return;
  gml_lesson_toggle_pick (self->lesson, *addr);
}

static void
pick_row_activated_cb (GmlQuizView   *self,
                       GtkListBoxRow *row)
{
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

  if (check != NULL && gtk_widget_get_sensitive (check))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}

static GtkWidget *
pick_row (GmlQuizView    *self,
          GmlSceneObject *o)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *mark = gtk_label_new (NULL);
  g_autofree char *size = gml_scene_format_bytes (o->size);
  g_autofree char *where = g_strdup_printf (_("%s at 0x%" G_GINT64_MODIFIER "x"), size, o->addr);
  const char *type = o->type != NULL && *o->type != '\0' ? o->type : _("tiny block");
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  subtitle = o->var_name != NULL ? g_strdup_printf ("%s, %s", type, where) : g_strdup (where);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), o->var_name != NULL ? o->var_name : type);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_add_css_class (mark, "lesson-pick-mark");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
  g_object_set_data_full (G_OBJECT (check), "addr", g_memdup2 (&o->addr, sizeof o->addr), g_free);
  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data (G_OBJECT (row), "mark", mark);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (pick_toggled_cb), self);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The heap objects of the question's step, once per scene. */
static void
build_pick_list (GmlQuizView *self)
{
  GmlScene *scene = at_anchor (self) ? gml_session_get_scene (self->session) : NULL;
  guint n;

  if (scene == self->pick_scene)
    return;
  g_clear_pointer (&self->pick_scene, gml_scene_unref);
  clear_list (self->pick_list);
  if (scene == NULL)
    return;
  self->pick_scene = gml_scene_ref (scene);
  n = MIN (scene->objects->len, MAX_PICK_ROWS);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->pick_list, pick_row (self, gml_scene_object (scene, i)));
  /* Inside the lesson page's own scrolling, a short list shows whole
   * (a scrolled window would get its minimum height); a long one
   * scrolls in a fixed height. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->pick_scroller), GTK_POLICY_NEVER,
                                  n > SHORT_PICK_LIST ? GTK_POLICY_AUTOMATIC : GTK_POLICY_NEVER);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->pick_scroller),
                                              n > SHORT_PICK_LIST ? PICK_LIST_HEIGHT : -1);
}

static void
sync_pick_list (GmlQuizView *self,
                gboolean     editable)
{
  const GArray *picks = gml_lesson_get_picks (self->lesson, self->quiz);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->pick_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");
      GtkWidget *mark = g_object_get_data (G_OBJECT (row), "mark");
      guint64 *addr = check != NULL ? g_object_get_data (G_OBJECT (check), "addr") : NULL;
      gboolean picked = FALSE;

      if (addr == NULL)
        continue;
      for (guint k = 0; k < picks->len && !picked; k++)
        picked = g_array_index (picks, guint64, k) == *addr;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), picked);
      gtk_widget_set_sensitive (check, editable);
      gtk_label_set_text (GTK_LABEL (mark), pick_mark_text (gml_lesson_get_pick_mark (self->lesson, *addr)));
    }
}

static void
sync_pick (GmlQuizView *self,
           gboolean     editable)
{
  guint64 position = gml_lesson_quiz_position (self->lesson, self->quiz);
  const GArray *picks = gml_lesson_get_picks (self->lesson, self->quiz);
  GmlScene *scene = gml_session_get_scene (self->session);
  g_autofree char *hint = NULL;
  gboolean here = at_anchor (self);

  build_pick_list (self);
  if (!here)
    hint = g_strdup_printf (_("This question is about step %'" G_GUINT64_FORMAT ". Go there to pick "
                              "objects on the memory view."), position);
  else if (editable)
    hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Click objects on the memory view, or tick them here, then "
                                         "check. %u picked.",
                                         "Click objects on the memory view, or tick them here, then "
                                         "check. %u picked.", picks->len),
                            picks->len);
  else
    hint = g_strdup (_("The memory view marks each object."));
  if (here && scene != NULL && scene->objects->len > MAX_PICK_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("%s The list shows the first %u of %u objects."), hint,
                                               MAX_PICK_ROWS, scene->objects->len);

      g_free (hint);
      hint = g_steal_pointer (&more);
    }
  gtk_label_set_text (self->pick_hint, hint);
  gtk_widget_set_visible (self->go_button, !here && position != GML_LESSON_NOWHERE);
  gtk_widget_set_visible (self->pick_scroller, here);
  sync_pick_list (self, editable);
}

/* Feedback --------------------------------------------------------------------- */

static guint
count_marks (GmlQuizView *self,
             GmlPickMark  wanted)
{
  const GmlAnswer *answer = gml_lesson_quiz_answer (self->lesson, self->quiz, NULL);
  const GArray *picks = gml_lesson_get_picks (self->lesson, self->quiz);
  guint n = 0;

  for (guint k = 0; k < picks->len; k++)
    n += gml_lesson_get_pick_mark (self->lesson, g_array_index (picks, guint64, k)) == wanted;
  for (guint k = 0; answer != NULL && answer->objects != NULL && k < answer->objects->len; k++)
    n += wanted == GML_PICK_MISSED &&
         gml_lesson_get_pick_mark (self->lesson, g_array_index (answer->objects, guint64, k)) == wanted;
  return n;
}

static char *
number_text (GmlAnswerKind kind,
             gint64        n)
{
  if (kind == GML_ANSWER_HEAP_BYTES || kind == GML_ANSWER_LIVE_BYTES_AFTER_NEXT_GC || kind == GML_ANSWER_STACK_SIZE)
    {
      g_autofree char *pretty = gml_scene_format_bytes (n);

      if (n >= 1024)
        return g_strdup_printf (_("%'" G_GINT64_FORMAT " bytes (%s)"), n, pretty);
      return g_strdup_printf (_("%'" G_GINT64_FORMAT " bytes"), n);
    }
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* What the simulation says: "The simulation says 48 bytes." */
static char *
answer_text (GmlQuizView *self)
{
  const GmlAnswer *answer = gml_lesson_quiz_answer (self->lesson, self->quiz, NULL);
  g_autofree char *n = NULL;

  if (answer == NULL)
    return g_strdup ("");
  switch (answer->type)
    {
    case GML_ANSWER_TYPE_YES_NO:
      return g_strdup (answer->yes ? _("The answer is yes.") : _("The answer is no."));
    case GML_ANSWER_TYPE_NUMBER:
      n = number_text (quiz (self)->answer.kind, answer->number);
      return g_strdup_printf (_("The simulation says %s."), n);
    case GML_ANSWER_TYPE_OBJECTS:
    default:
      if (answer->objects == NULL || answer->objects->len == 0)
        return g_strdup (_("No object: the answer is nothing."));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The answer is %u object, marked on the memory view.",
                                           "The answer is %u objects, marked on the memory view.",
                                           answer->objects->len),
                              answer->objects->len);
    }
}

/* Why a wrong answer is wrong, without giving the answer away. */
static char *
wrong_text (GmlQuizView *self)
{
  GmlQuiz *q = quiz (self);
  const GmlAnswer *answer = gml_lesson_quiz_answer (self->lesson, self->quiz, NULL);
  gint64 given;

  if (q->kind == GML_QUIZ_PICK)
    return g_strdup_printf (_("%u right, %u wrong, %u missed: the memory view marks each. Try again, or "
                              "show the answer."),
                            count_marks (self, GML_PICK_RIGHT), count_marks (self, GML_PICK_WRONG),
                            count_marks (self, GML_PICK_MISSED));
  if (q->kind == GML_QUIZ_PREDICT && answer != NULL && answer->type == GML_ANSWER_TYPE_NUMBER &&
      gml_lesson_parse_number (gml_lesson_get_prediction (self->lesson, self->quiz), &given))
    return g_strdup (given > answer->number ? _("Your prediction is too high. Try again, or show the answer.")
                                            : _("Your prediction is too low. Try again, or show the answer."));
  if (q->kind == GML_QUIZ_CHOICE)
    return g_strdup (_("Read why below, then try again or show the answer."));
  return g_strdup (_("Try again, or show the answer."));
}

static void
sync_feedback (GmlQuizView  *self,
               GmlQuizState  state)
{
  GmlQuiz *q = quiz (self);
  const char *reason = NULL;
  const GmlAnswer *answer = gml_lesson_quiz_answer (self->lesson, self->quiz, &reason);
  g_autofree char *verdict = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *explanation = gml_markup_to_pango (q->explanation);
  g_autofree char *markup = NULL;

  gtk_widget_remove_css_class (self->feedback_box, "right");
  gtk_widget_remove_css_class (self->feedback_box, "wrong");
  if (q->kind != GML_QUIZ_CHOICE && answer == NULL && gml_lesson_get_resolved (self->lesson))
    {
      verdict = g_strdup (_("This question has no answer on this run"));
      detail = g_markup_escape_text (reason != NULL ? reason : "", -1);
      markup = g_strdup (detail);
    }
  else if (state == GML_QUIZ_RIGHT)
    {
      verdict = g_strdup (_("✓ Right!"));
      detail = q->kind == GML_QUIZ_CHOICE ? g_strdup ("") : answer_text (self);
      markup = g_strjoin (detail[0] != '\0' && explanation[0] != '\0' ? "\n" : "", detail, explanation, NULL);
      gtk_widget_add_css_class (self->feedback_box, "right");
    }
  else if (state == GML_QUIZ_WRONG)
    {
      verdict = g_strdup (_("✗ Not quite"));
      markup = wrong_text (self);
      gtk_widget_add_css_class (self->feedback_box, "wrong");
    }
  else if (state == GML_QUIZ_REVEALED)
    {
      verdict = g_strdup (_("The answer"));
      detail = q->kind == GML_QUIZ_CHOICE ? g_strdup ("") : answer_text (self);
      markup = g_strjoin (detail[0] != '\0' && explanation[0] != '\0' ? "\n" : "", detail, explanation, NULL);
    }
  gtk_widget_set_visible (self->feedback_box, verdict != NULL);
  gtk_label_set_text (self->verdict_label, verdict != NULL ? verdict : "");
  gtk_label_set_markup (self->feedback_label, markup != NULL ? markup : "");
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_label), markup != NULL && *markup != '\0');
  gtk_image_set_from_icon_name (self->status_icon,
                                state == GML_QUIZ_RIGHT ? "emblem-ok-symbolic"
                                : state == GML_QUIZ_WRONG ? "dialog-warning-symbolic"
                                : "dialog-question-symbolic");
}

/* Mirroring the lesson ------------------------------------------------------------ */

static void
sync_view (GmlQuizView *self)
{
  GmlQuiz *q = quiz (self);
  GmlQuizState state = gml_lesson_quiz_state (self->lesson, self->quiz);
  gboolean editable = state == GML_QUIZ_OPEN || state == GML_QUIZ_WRONG;
  gboolean answerable = q->kind == GML_QUIZ_CHOICE || gml_lesson_quiz_answer (self->lesson, self->quiz, NULL) != NULL;
  gboolean checked = state != GML_QUIZ_OPEN;

  self->syncing = TRUE;
  if (q->kind == GML_QUIZ_CHOICE)
    for (guint i = 0; i < self->choice_buttons->len; i++)
      {
        GtkCheckButton *button = g_ptr_array_index (self->choice_buttons, i);
        gboolean selected = gml_lesson_get_choice (self->lesson, self->quiz, i);
        GmlChoice *choice = &g_array_index (q->choices, GmlChoice, i);

        gtk_check_button_set_active (button, selected);
        gtk_widget_set_sensitive (GTK_WIDGET (button), editable);
        /* After a check: why each chosen answer is right or wrong; after
         * a right answer or Show Answer, every choice's. */
        gtk_widget_set_visible (g_ptr_array_index (self->choice_notes, i),
                                choice->explanation != NULL &&
                                (state == GML_QUIZ_REVEALED || state == GML_QUIZ_RIGHT ||
                                 (state == GML_QUIZ_WRONG && selected)));
      }
  if (q->kind == GML_QUIZ_PREDICT && !yes_no (self))
    {
      const char *text = gml_lesson_get_prediction (self->lesson, self->quiz);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->number_entry)), text != NULL ? text : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->number_entry), text != NULL ? text : "");
      gtk_editable_set_editable (GTK_EDITABLE (self->number_entry), editable);
    }
  if (yes_no (self))
    {
      int yes = gml_lesson_get_yes_no (self->lesson, self->quiz);

      gtk_check_button_set_active (self->yes_button, yes == 1);
      gtk_check_button_set_active (self->no_button, yes == 0);
      gtk_widget_set_sensitive (self->yes_no_box, editable);
    }
  if (q->kind == GML_QUIZ_PICK)
    sync_pick (self, editable);
  self->syncing = FALSE;

  gtk_widget_set_visible (self->buttons, answerable);
  gtk_widget_set_visible (self->check_button, !checked || state == GML_QUIZ_WRONG);
  gtk_widget_set_sensitive (self->check_button, gml_lesson_can_check (self->lesson, self->quiz));
  gtk_widget_set_visible (self->again_button, checked);
  gtk_widget_set_visible (self->reveal_button, state == GML_QUIZ_OPEN || state == GML_QUIZ_WRONG);
  sync_feedback (self, state);
}

static void
quiz_changed_cb (GmlQuizView *self,
                 guint        quiz)
{
  if (quiz == self->quiz)
    sync_view (self);
}

/* Input -------------------------------------------------------------------------- */

static void
number_changed_cb (GmlQuizView *self)
{
  if (self->syncing)
    return;
  gml_lesson_set_prediction (self->lesson, self->quiz, gtk_editable_get_text (GTK_EDITABLE (self->number_entry)));
}

static void
yes_no_toggled_cb (GmlQuizView    *self,
                   GtkCheckButton *button)
{
  if (self->syncing || !gtk_check_button_get_active (button))
    return;
  gml_lesson_set_yes_no (self->lesson, self->quiz, button == self->yes_button);
}

static void
check_clicked_cb (GmlQuizView *self)
{
  gml_quiz_view_check (self);
}

static void
again_clicked_cb (GmlQuizView *self)
{
  gml_lesson_try_again (self->lesson, self->quiz);
  gml_quiz_view_focus_input (self);
}

static void
reveal_clicked_cb (GmlQuizView *self)
{
  gml_lesson_reveal (self->lesson, self->quiz);
  gtk_widget_grab_focus (self->again_button);
}

static void
go_clicked_cb (GmlQuizView *self)
{
  gml_lesson_go_to_quiz (self->lesson, self->quiz);
}

/* Public ---------------------------------------------------------------------------- */

gboolean
gml_quiz_view_check (GmlQuizView *self)
{
  g_return_val_if_fail (GML_IS_QUIZ_VIEW (self), FALSE);

  if (!gml_lesson_can_check (self->lesson, self->quiz))
    return FALSE;
  gml_lesson_check (self->lesson, self->quiz);
  /* The buttons change under the focus: keep it in the quiz. */
  gtk_widget_grab_focus (gtk_widget_get_visible (self->check_button) ? self->check_button : self->again_button);
  return TRUE;
}

gboolean
gml_quiz_view_choose (GmlQuizView *self,
                      guint        n)
{
  GmlQuiz *q;

  g_return_val_if_fail (GML_IS_QUIZ_VIEW (self), FALSE);

  q = quiz (self);
  if (n == 0)
    return FALSE;
  if (q->kind == GML_QUIZ_CHOICE && n <= q->choices->len)
    {
      gboolean now = gml_lesson_get_choice (self->lesson, self->quiz, n - 1);

      gml_lesson_set_choice (self->lesson, self->quiz, n - 1, gml_quiz_n_correct_choices (q) > 1 ? !now : TRUE);
      return TRUE;
    }
  if (yes_no (self) && n <= 2)
    {
      gml_lesson_set_yes_no (self->lesson, self->quiz, n == 1);
      return TRUE;
    }
  return FALSE;
}

void
gml_quiz_view_focus_input (GmlQuizView *self)
{
  GmlQuiz *q;

  g_return_if_fail (GML_IS_QUIZ_VIEW (self));

  q = quiz (self);
  if (q->kind == GML_QUIZ_CHOICE && self->choice_buttons->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->choice_buttons, 0));
  else if (yes_no (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->yes_button));
  else if (q->kind == GML_QUIZ_PREDICT)
    gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
  else if (gtk_widget_get_visible (self->go_button))
    gtk_widget_grab_focus (self->go_button);
  else
    gtk_widget_grab_focus (self->check_button);
}

guint
gml_quiz_view_get_quiz (GmlQuizView *self)
{
  g_return_val_if_fail (GML_IS_QUIZ_VIEW (self), 0);
  return self->quiz;
}

/* GObject ------------------------------------------------------------------------------ */

static void
gml_quiz_view_dispose (GObject *object)
{
  GmlQuizView *self = GML_QUIZ_VIEW (object);

  if (self->lesson != NULL)
    g_signal_handlers_disconnect_by_data (self->lesson, self);
  g_clear_object (&self->lesson);
  g_clear_object (&self->session);
  g_clear_pointer (&self->pick_scene, gml_scene_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), GML_TYPE_QUIZ_VIEW);
  /* The template's root child (GTK 4.8 leaves it to us). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gml_quiz_view_parent_class)->dispose (object);
}

static void
gml_quiz_view_finalize (GObject *object)
{
  GmlQuizView *self = GML_QUIZ_VIEW (object);

  g_ptr_array_unref (self->choice_buttons);
  g_ptr_array_unref (self->choice_notes);

  G_OBJECT_CLASS (gml_quiz_view_parent_class)->finalize (object);
}

static void
gml_quiz_view_class_init (GmlQuizViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_quiz_view_dispose;
  object_class->finalize = gml_quiz_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gml-quiz-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, box);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, status_icon);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, kind_label);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, question_label);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, choices_box);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, number_box);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, number_entry);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, unit_label);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, yes_no_box);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, yes_button);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, no_button);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, pick_box);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, pick_hint);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, go_button);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, pick_scroller);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, pick_list);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, buttons);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, check_button);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, again_button);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, GmlQuizView, feedback_label);
  gtk_widget_class_bind_template_callback (widget_class, number_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, yes_no_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reveal_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, go_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_row_activated_cb);
}

static void
gml_quiz_view_init (GmlQuizView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->choice_buttons = g_ptr_array_new ();
  self->choice_notes = g_ptr_array_new ();
}

/**
 * gml_quiz_view_new:
 * @session: the session whose lesson holds the quiz
 * @quiz: the quiz's index in the scenario
 */
GtkWidget *
gml_quiz_view_new (GmlSession *session,
                   guint       quiz)
{
  GmlQuizView *self;
  GmlLesson *lesson;

  g_return_val_if_fail (GML_IS_SESSION (session), NULL);
  lesson = gml_session_get_lesson (session);
  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (quiz < gml_lesson_get_scenario (lesson)->quizzes->len, NULL);

  self = g_object_new (GML_TYPE_QUIZ_VIEW, NULL);
  self->session = g_object_ref (session);
  self->lesson = g_object_ref (lesson);
  self->quiz = quiz;
  build (self);
  g_signal_connect_object (lesson, "quiz-changed", G_CALLBACK (quiz_changed_cb), self, G_CONNECT_SWAPPED);
  sync_view (self);
  return GTK_WIDGET (self);
}
