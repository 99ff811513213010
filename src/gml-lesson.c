/* gml-lesson.c: a scenario's narration and quizzes over one run.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GmlLesson is the teaching half of a session: the scenario (which it
 * owns), where each card, quiz and chapter falls on the run, what the
 * panel shows at the playhead, the learner's answers, and what the canvas
 * marks (highlights of the cards shown, objects picked for a quiz).
 *
 * Anchors are resolved once the run is recorded, with the engine's probe
 * over the session's timeline (gml_scenario_probe_new): the probe also
 * computes every predict and pick answer at its anchor, so the answers
 * are the simulation's, never the file's. The same pass runs
 * gml_scenario_check_dynamic() and keeps what it reports, so an author
 * editing a scenario sees an anchor that is never reached.
 *
 * At playhead P the panel shows the cards of the latest card anchor at
 * or before P (all of them when several share it), and every quiz whose
 * anchor lies between that card's and P: a quiz stays until the next
 * card arrives. Moving backwards recomputes the same, so the right card
 * shows for any point. Cards and quizzes are also "moments" for
 * next/previous: their distinct positions, in order.
 *
 * Playback holds at the anchor of every open quiz that asks for it
 * (quiz->hold) while holding is on (the app's setting): the lesson hands
 * those positions to the session as stops.
 *
 * Answers go to the learner's GmlProgress when checked, keyed by the
 * scenario's and the quiz's ids, and come back from it when the scenario
 * is opened again. A scenario opened from a plain .go file records
 * nothing. The scenario is "completed" when the playhead reaches the end
 * of its run (see README.md, "Course").
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "gml-lesson.h"
#include "gml-session.h"
#include "gml-state.h"

typedef struct
{
  GmlQuizState  state;
  gboolean     *choices;       /* CHOICE: one per choice */
  char         *prediction;    /* PREDICT, number */
  int           yes_no;        /* PREDICT, yes/no: 1, 0, -1 */
  GArray       *picks;         /* PICK: guint64 addresses, sorted */
  guint64       position;
  gboolean      answer_ok;     /* the engine's answer is defined */
  GmlAnswer     answer;
  char         *reason;        /* why it is not */
} Quiz;

typedef struct
{
  guint64 position;
} Moment;

struct _GmlLesson
{
  GObject           parent_instance;

  GmlSession       *session;        /* weak */
  GmlScenario      *scenario;       /* owned */
  GmlProgress      *progress;       /* owned ref */
  gboolean          resolved;
  char             *problems;

  guint64          *card_pos;
  guint64          *chapter_pos;
  Quiz             *quizzes;
  GArray           *moments;        /* Moment: distinct positions, sorted */

  GArray           *cards;          /* shown: guint */
  GArray           *shown_quizzes;  /* shown: guint */
  int               chapter;
  guint             moment;         /* 1-based; 0 before the first */

  GHashTable       *hl_vars;        /* GmlObject* */
  GHashTable       *hl_types;       /* type names, as scenes spell them */
  GHashTable       *hl_goids;       /* goid as pointer-sized key */
  gboolean          hold;
};

G_DEFINE_FINAL_TYPE (GmlLesson, gml_lesson, G_TYPE_OBJECT)

enum {
  CHANGED,
  QUIZ_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GmlQuiz *
quiz_at (GmlLesson *self,
         guint      i)
{
  return g_ptr_array_index (self->scenario->quizzes, i);
}

static guint
n_quizzes (GmlLesson *self)
{
  return self->scenario->quizzes->len;
}

static gboolean
records (GmlLesson *self)
{
  return !self->scenario->plain_go && self->scenario->id != NULL && self->progress != NULL;
}

static guint64
playhead (GmlLesson *self)
{
  return self->session != NULL ? gml_session_get_playhead (self->session) : 0;
}

/* Stops for playback ------------------------------------------------------ */

static void
update_stops (GmlLesson *self)
{
  g_autoptr (GArray) stops = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (self->session == NULL || !self->resolved)
    return;
  for (guint i = 0; self->hold && i < n_quizzes (self); i++)
    if (quiz_at (self, i)->hold && self->quizzes[i].state == GML_QUIZ_OPEN &&
        self->quizzes[i].position != GML_LESSON_NOWHERE)
      g_array_append_val (stops, self->quizzes[i].position);
  gml_session_set_stops (self->session, stops);
}

/* Highlights of the cards shown -------------------------------------------- */

static void
add_highlights (GmlLesson *self,
                GmlCard   *card)
{
  GmlTimeline *tl = gml_session_get_timeline (self->session);
  GmlProgram *program = tl != NULL ? gml_timeline_get_program (tl) : NULL;

  for (guint i = 0; program != NULL && card->highlights != NULL && i < card->highlights->len; i++)
    {
      GmlHighlight *h = &g_array_index (card->highlights, GmlHighlight, i);
      GmlFunc *func = NULL;
      GmlObject *var = NULL;
      GmlType *type;

      switch (h->kind)
        {
        case GML_HIGHLIGHT_VAR:
          if (gml_scenario_resolve_var (program, &h->var, &func, &var))
            g_hash_table_add (self->hl_vars, var);
          break;
        case GML_HIGHLIGHT_TYPE:
          type = gml_scenario_resolve_type (program, h->type);
          if (type != NULL)
            g_hash_table_add (self->hl_types, gml_state_type_name (type));
          break;
        case GML_HIGHLIGHT_GOROUTINE:
        default:
          g_hash_table_add (self->hl_goids, GSIZE_TO_POINTER ((gsize) h->goroutine));
          break;
        }
    }
}

static void
update_highlights (GmlLesson *self)
{
  g_hash_table_remove_all (self->hl_vars);
  g_hash_table_remove_all (self->hl_types);
  g_hash_table_remove_all (self->hl_goids);
  for (guint i = 0; i < self->cards->len; i++)
    add_highlights (self, g_ptr_array_index (self->scenario->cards, g_array_index (self->cards, guint, i)));
}

/* What shows at the playhead ------------------------------------------------ */

static gboolean
arrays_equal (GArray *a,
              GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (guint)) == 0;
}

static void
update_shown (GmlLesson *self)
{
  g_autoptr (GArray) cards = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) quizzes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 p = playhead (self), latest = GML_LESSON_NOWHERE;
  int chapter = -1;
  guint moment = 0;
  gboolean changed;

  if (!self->resolved)
    return;
  for (guint i = 0; i < self->scenario->cards->len; i++)
    if (self->card_pos[i] <= p && (latest == GML_LESSON_NOWHERE || self->card_pos[i] > latest))
      latest = self->card_pos[i];
  for (guint i = 0; latest != GML_LESSON_NOWHERE && i < self->scenario->cards->len; i++)
    if (self->card_pos[i] == latest)
      g_array_append_val (cards, i);
  for (guint i = 0; i < n_quizzes (self); i++)
    if (self->quizzes[i].position <= p &&
        (latest == GML_LESSON_NOWHERE || self->quizzes[i].position >= latest))
      g_array_append_val (quizzes, i);
  for (guint i = 0; i < self->scenario->chapters->len; i++)
    if (self->chapter_pos[i] <= p && (chapter < 0 || self->chapter_pos[i] >= self->chapter_pos[chapter]))
      chapter = (int) i;
  while (moment < self->moments->len && g_array_index (self->moments, Moment, moment).position <= p)
    moment++;

  changed = !arrays_equal (cards, self->cards) || !arrays_equal (quizzes, self->shown_quizzes) ||
            chapter != self->chapter || moment != self->moment;
  g_array_set_size (self->cards, 0);
  g_array_append_vals (self->cards, cards->data, cards->len);
  g_array_set_size (self->shown_quizzes, 0);
  g_array_append_vals (self->shown_quizzes, quizzes->data, quizzes->len);
  self->chapter = chapter;
  self->moment = moment;
  if (changed)
    {
      update_highlights (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

/* Reaching the end of the run completes the scenario. */
static void
check_completed (GmlLesson *self)
{
  if (self->session != NULL && records (self) && gml_session_get_status (self->session) == GML_SESSION_DONE &&
      playhead (self) >= gml_session_get_n_steps (self->session))
    gml_progress_set_completed (self->progress, self->scenario->id);
}

static void
playhead_changed_cb (GmlLesson *self)
{
  update_shown (self);
  /* A pick quiz takes picks only on its anchor's canvas. */
  for (guint i = 0; i < self->shown_quizzes->len; i++)
    {
      guint q = g_array_index (self->shown_quizzes, guint, i);

      if (quiz_at (self, q)->kind == GML_QUIZ_PICK)
        g_signal_emit (self, signals[QUIZ_CHANGED], 0, q);
    }
  check_completed (self);
}

/* Resolving anchors ---------------------------------------------------------- */

static guint64
resolve_anchor (GmlScenarioProbe *probe,
                const GmlAnchor  *anchor)
{
  guint64 position;

  if (probe == NULL || !gml_scenario_probe_resolve (probe, anchor, &position))
    return GML_LESSON_NOWHERE;
  return position;
}

static int
compare_moments (gconstpointer a,
                 gconstpointer b)
{
  guint64 pa = ((const Moment *) a)->position, pb = ((const Moment *) b)->position;

  return pa < pb ? -1 : pa > pb;
}

static void
add_moment (GArray  *moments,
            guint64  position)
{
  Moment m = { position };

  if (position == GML_LESSON_NOWHERE)
    return;
  for (guint i = 0; i < moments->len; i++)
    if (g_array_index (moments, Moment, i).position == position)
      return;
  g_array_append_val (moments, m);
}

static int
compare_addrs (gconstpointer a,
               gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The learner's last answer back from the progress file. */
static void
restore_input (GmlLesson *self,
               guint      i,
               JsonNode  *answer)
{
  GmlQuiz *quiz = quiz_at (self, i);
  Quiz *q = &self->quizzes[i];

  if (answer == NULL)
    return;
  if (quiz->kind == GML_QUIZ_CHOICE && JSON_NODE_HOLDS_ARRAY (answer))
    {
      JsonArray *a = json_node_get_array (answer);

      for (guint k = 0; k < json_array_get_length (a); k++)
        {
          gint64 c = json_array_get_int_element (a, k);

          if (c >= 0 && c < (gint64) quiz->choices->len)
            q->choices[c] = TRUE;
        }
    }
  else if (quiz->kind == GML_QUIZ_PREDICT && JSON_NODE_HOLDS_VALUE (answer) &&
           json_node_get_value_type (answer) == G_TYPE_BOOLEAN)
    q->yes_no = json_node_get_boolean (answer);
  else if (quiz->kind == GML_QUIZ_PREDICT && JSON_NODE_HOLDS_VALUE (answer) &&
           json_node_get_value_type (answer) == G_TYPE_INT64)
    q->prediction = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (answer));
  else if (quiz->kind == GML_QUIZ_PICK && JSON_NODE_HOLDS_ARRAY (answer))
    {
      JsonArray *a = json_node_get_array (answer);

      for (guint k = 0; k < json_array_get_length (a); k++)
        {
          const char *s = json_array_get_string_element (a, k);
          guint64 addr = s != NULL ? g_ascii_strtoull (s, NULL, 16) : 0;

          if (addr != 0)
            g_array_append_val (q->picks, addr);
        }
      g_array_sort (q->picks, compare_addrs);
    }
}

static void reveal_input (GmlLesson *self, guint i);

static void
restore_quiz (GmlLesson *self,
              guint      i)
{
  GmlQuizRecord record;
  Quiz *q = &self->quizzes[i];

  if (!records (self) || !gml_progress_get_quiz (self->progress, self->scenario->id, quiz_at (self, i)->id, &record))
    return;
  if (record.attempts > 0 && record.correct)
    q->state = GML_QUIZ_RIGHT;
  else if (record.revealed)
    q->state = GML_QUIZ_REVEALED;
  else if (record.attempts > 0)
    q->state = GML_QUIZ_WRONG;
  if (q->state == GML_QUIZ_REVEALED)
    reveal_input (self, i);
  else
    restore_input (self, i, record.answer);
}

static char *
problems_text (GmlDiagList *diags)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < gml_diag_list_len (diags); i++)
    {
      const GmlDiag *d = gml_diag_list_get (diags, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s:%u:%u: %s", d->file, d->pos.line, d->pos.col, d->message);
    }
  return g_string_free (text, text->len == 0);
}

/**
 * gml_lesson_resolve:
 * @self: a #GmlLesson
 *
 * Places every anchor on the recorded run and computes the answers. The
 * session calls it once its timeline has ended.
 */
void
gml_lesson_resolve (GmlLesson *self)
{
  GmlTimeline *tl;
  GmlScenarioProbe *probe = NULL;
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlScenario *sc = self->scenario;

  g_return_if_fail (GML_IS_LESSON (self));

  if (self->resolved || self->session == NULL)
    return;
  tl = gml_session_get_timeline (self->session);
  if (tl != NULL && gml_timeline_end (tl, NULL, NULL) != GML_TIMELINE_END_NONE)
    probe = gml_scenario_probe_new (tl);

  for (guint i = 0; i < sc->cards->len; i++)
    {
      self->card_pos[i] = resolve_anchor (probe, &((GmlCard *) g_ptr_array_index (sc->cards, i))->anchor);
      add_moment (self->moments, self->card_pos[i]);
    }
  for (guint i = 0; i < sc->chapters->len; i++)
    self->chapter_pos[i] = resolve_anchor (probe, &((GmlChapter *) g_ptr_array_index (sc->chapters, i))->anchor);
  for (guint i = 0; i < n_quizzes (self); i++)
    {
      GmlQuiz *quiz = quiz_at (self, i);
      Quiz *q = &self->quizzes[i];

      q->position = resolve_anchor (probe, &quiz->anchor);
      add_moment (self->moments, q->position);
      if (quiz->kind != GML_QUIZ_CHOICE && probe != NULL && q->position != GML_LESSON_NOWHERE)
        q->answer_ok = gml_scenario_probe_compute (probe, &quiz->answer, q->position, &q->answer, &q->reason);
      if (quiz->kind != GML_QUIZ_CHOICE && !q->answer_ok && q->reason == NULL)
        q->reason = g_strdup (_("its anchor is never reached"));
    }
  g_array_sort (self->moments, compare_moments);
  if (probe != NULL)
    {
      gml_scenario_check_dynamic (sc, probe, diags);
      self->problems = problems_text (diags);
    }
  gml_scenario_probe_free (probe);

  self->resolved = TRUE;
  for (guint i = 0; i < n_quizzes (self); i++)
    restore_quiz (self, i);
  update_stops (self);
  g_array_set_size (self->cards, 0);
  self->moment = G_MAXUINT;
  update_shown (self);
  check_completed (self);
  g_object_notify (G_OBJECT (self), "resolved");
}

/* Quizzes ---------------------------------------------------------------- */

static void
quiz_changed (GmlLesson *self,
              guint      quiz)
{
  g_signal_emit (self, signals[QUIZ_CHANGED], 0, quiz);
}

/* Editing an answer after a wrong check starts a new try. */
static void
reopen (GmlLesson *self,
        guint      quiz)
{
  if (self->quizzes[quiz].state == GML_QUIZ_WRONG)
    self->quizzes[quiz].state = GML_QUIZ_OPEN;
}

static gboolean
editable (GmlLesson *self,
          guint      quiz)
{
  GmlQuizState s = self->quizzes[quiz].state;

  return s == GML_QUIZ_OPEN || s == GML_QUIZ_WRONG;
}

gboolean
gml_lesson_parse_number (const char *text,
                         gint64     *value)
{
  g_autofree char *clean = NULL;
  char *end = NULL;
  GString *s;

  if (text == NULL)
    return FALSE;
  /* "1,024", "1 024" and "1_024" are all 1024. */
  s = g_string_new (NULL);
  for (const char *c = text; *c != '\0'; c++)
    if (*c != ',' && *c != '_' && *c != ' ' && *c != '\t')
      g_string_append_c (s, *c);
  clean = g_string_free (s, FALSE);
  if (*clean == '\0')
    return FALSE;
  errno = 0;
  *value = g_ascii_strtoll (clean, &end, 10);
  return errno == 0 && end != NULL && *end == '\0';
}

static JsonNode *
input_json (GmlLesson *self,
            guint      i)
{
  GmlQuiz *quiz = quiz_at (self, i);
  Quiz *q = &self->quizzes[i];
  JsonNode *node = NULL;
  gint64 number;

  if (quiz->kind == GML_QUIZ_CHOICE || quiz->kind == GML_QUIZ_PICK)
    {
      JsonArray *a = json_array_new ();

      if (quiz->kind == GML_QUIZ_CHOICE)
        {
          for (guint c = 0; c < quiz->choices->len; c++)
            if (q->choices[c])
              json_array_add_int_element (a, c);
        }
      else
        for (guint k = 0; k < q->picks->len; k++)
          {
            g_autofree char *hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", g_array_index (q->picks, guint64, k));

            json_array_add_string_element (a, hex);
          }
      node = json_node_init_array (json_node_alloc (), a);
      json_array_unref (a);
    }
  else if (gml_answer_kind_type (quiz->answer.kind) == GML_ANSWER_TYPE_YES_NO)
    node = json_node_init_boolean (json_node_alloc (), q->yes_no == 1);
  else if (gml_lesson_parse_number (q->prediction, &number))
    node = json_node_init_int (json_node_alloc (), number);
  return node;
}

gboolean
gml_lesson_can_check (GmlLesson *self,
                      guint      i)
{
  GmlQuiz *quiz;
  Quiz *q;
  gint64 number;

  g_return_val_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self), FALSE);

  quiz = quiz_at (self, i);
  q = &self->quizzes[i];
  if (q->state != GML_QUIZ_OPEN)
    return FALSE;
  switch (quiz->kind)
    {
    case GML_QUIZ_CHOICE:
      for (guint c = 0; c < quiz->choices->len; c++)
        if (q->choices[c])
          return TRUE;
      return FALSE;
    case GML_QUIZ_PREDICT:
      if (!q->answer_ok)
        return FALSE;
      if (gml_answer_kind_type (quiz->answer.kind) == GML_ANSWER_TYPE_YES_NO)
        return q->yes_no >= 0;
      return gml_lesson_parse_number (q->prediction, &number);
    case GML_QUIZ_PICK:
    default:
      /* Picking nothing is an answer: "nothing is freed". */
      return q->answer_ok;
    }
}

gboolean
gml_lesson_check (GmlLesson *self,
                  guint      i)
{
  GmlQuiz *quiz;
  Quiz *q;
  gboolean right = FALSE;
  gint64 number = 0;
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self), FALSE);

  if (!gml_lesson_can_check (self, i))
    return FALSE;
  quiz = quiz_at (self, i);
  q = &self->quizzes[i];
  switch (quiz->kind)
    {
    case GML_QUIZ_CHOICE:
      right = gml_quiz_accepts_choices (quiz, q->choices);
      break;
    case GML_QUIZ_PREDICT:
      if (q->answer.type == GML_ANSWER_TYPE_YES_NO)
        right = (q->yes_no == 1) == !!q->answer.yes;
      else
        right = gml_lesson_parse_number (q->prediction, &number) &&
                gml_quiz_accepts_number (quiz, q->answer.number, number);
      break;
    case GML_QUIZ_PICK:
    default:
      right = gml_answer_accepts_objects (&q->answer, (const guint64 *) q->picks->data, q->picks->len);
      break;
    }
  q->state = right ? GML_QUIZ_RIGHT : GML_QUIZ_WRONG;
  node = input_json (self, i);
  if (records (self))
    gml_progress_record_attempt (self->progress, self->scenario->id, quiz->id, right, node);
  update_stops (self);
  quiz_changed (self, i);
  return right;
}

void
gml_lesson_try_again (GmlLesson *self,
                      guint      i)
{
  Quiz *q;

  g_return_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self));

  q = &self->quizzes[i];
  q->state = GML_QUIZ_OPEN;
  if (quiz_at (self, i)->choices != NULL)
    memset (q->choices, 0, quiz_at (self, i)->choices->len * sizeof (gboolean));
  g_clear_pointer (&q->prediction, g_free);
  q->yes_no = -1;
  g_array_set_size (q->picks, 0);
  update_stops (self);
  quiz_changed (self, i);
}

/* The right answer as the learner's input. */
static void
reveal_input (GmlLesson *self,
              guint      i)
{
  GmlQuiz *quiz = quiz_at (self, i);
  Quiz *q = &self->quizzes[i];

  if (quiz->kind == GML_QUIZ_CHOICE)
    for (guint c = 0; c < quiz->choices->len; c++)
      q->choices[c] = g_array_index (quiz->choices, GmlChoice, c).correct;
  else if (q->answer_ok && q->answer.type == GML_ANSWER_TYPE_YES_NO)
    q->yes_no = q->answer.yes ? 1 : 0;
  else if (q->answer_ok && q->answer.type == GML_ANSWER_TYPE_NUMBER)
    {
      g_free (q->prediction);
      q->prediction = g_strdup_printf ("%" G_GINT64_FORMAT, q->answer.number);
    }
  else if (q->answer_ok && q->answer.objects != NULL)
    {
      g_array_set_size (q->picks, 0);
      g_array_append_vals (q->picks, q->answer.objects->data, q->answer.objects->len);
    }
}

void
gml_lesson_reveal (GmlLesson *self,
                   guint      i)
{
  g_return_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self));

  self->quizzes[i].state = GML_QUIZ_REVEALED;
  reveal_input (self, i);
  if (records (self))
    gml_progress_record_reveal (self->progress, self->scenario->id, quiz_at (self, i)->id);
  update_stops (self);
  quiz_changed (self, i);
}

GmlQuizState
gml_lesson_quiz_state (GmlLesson *self,
                       guint      i)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self), GML_QUIZ_OPEN);
  return self->quizzes[i].state;
}

const GmlAnswer *
gml_lesson_quiz_answer (GmlLesson   *self,
                        guint        i,
                        const char **reason)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self), NULL);

  if (reason != NULL)
    *reason = self->quizzes[i].reason;
  return self->quizzes[i].answer_ok ? &self->quizzes[i].answer : NULL;
}

gboolean
gml_lesson_get_choice (GmlLesson *self,
                       guint      i,
                       guint      choice)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self), FALSE);
  g_return_val_if_fail (quiz_at (self, i)->choices != NULL && choice < quiz_at (self, i)->choices->len, FALSE);
  return self->quizzes[i].choices[choice];
}

void
gml_lesson_set_choice (GmlLesson *self,
                       guint      i,
                       guint      choice,
                       gboolean   selected)
{
  GmlQuiz *quiz;
  Quiz *q;

  g_return_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self));
  quiz = quiz_at (self, i);
  g_return_if_fail (quiz->choices != NULL && choice < quiz->choices->len);

  q = &self->quizzes[i];
  if (!editable (self, i) || q->choices[choice] == !!selected)
    return;
  reopen (self, i);
  /* One right choice: the choices are radio buttons. */
  if (selected && gml_quiz_n_correct_choices (quiz) == 1)
    memset (q->choices, 0, quiz->choices->len * sizeof (gboolean));
  q->choices[choice] = !!selected;
  quiz_changed (self, i);
}

const char *
gml_lesson_get_prediction (GmlLesson *self,
                           guint      i)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self), NULL);
  return self->quizzes[i].prediction;
}

void
gml_lesson_set_prediction (GmlLesson  *self,
                           guint       i,
                           const char *text)
{
  Quiz *q;

  g_return_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self));

  q = &self->quizzes[i];
  if (!editable (self, i) || g_strcmp0 (q->prediction, text) == 0)
    return;
  reopen (self, i);
  g_free (q->prediction);
  q->prediction = g_strdup (text);
  quiz_changed (self, i);
}

int
gml_lesson_get_yes_no (GmlLesson *self,
                       guint      i)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self), -1);
  return self->quizzes[i].yes_no;
}

void
gml_lesson_set_yes_no (GmlLesson *self,
                       guint      i,
                       int        yes)
{
  Quiz *q;

  g_return_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self));

  q = &self->quizzes[i];
  yes = yes < 0 ? -1 : !!yes;
  if (!editable (self, i) || q->yes_no == yes)
    return;
  reopen (self, i);
  q->yes_no = yes;
  quiz_changed (self, i);
}

const GArray *
gml_lesson_get_picks (GmlLesson *self,
                      guint      i)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && i < n_quizzes (self), NULL);
  return self->quizzes[i].picks;
}

/* Picking ------------------------------------------------------------------ */

/* The pick quiz shown on its anchor's canvas, open ones first. */
static int
pick_quiz_here (GmlLesson *self,
                gboolean   open_only)
{
  guint64 p = playhead (self);
  int found = -1;

  for (guint k = 0; k < self->shown_quizzes->len; k++)
    {
      guint i = g_array_index (self->shown_quizzes, guint, k);

      if (quiz_at (self, i)->kind != GML_QUIZ_PICK || self->quizzes[i].position != p)
        continue;
      if (editable (self, i))
        return (int) i;
      if (found < 0)
        found = (int) i;
    }
  return open_only ? -1 : found;
}

int
gml_lesson_get_active_pick (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), -1);
  return pick_quiz_here (self, TRUE);
}

gboolean
gml_lesson_toggle_pick (GmlLesson *self,
                        guint64    addr)
{
  int i = gml_lesson_get_active_pick (self);
  GArray *picks;
  guint at;

  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);

  if (i < 0)
    return FALSE;
  reopen (self, i);
  picks = self->quizzes[i].picks;
  for (at = 0; at < picks->len && g_array_index (picks, guint64, at) < addr; at++)
    ;
  if (at < picks->len && g_array_index (picks, guint64, at) == addr)
    g_array_remove_index (picks, at);
  else
    g_array_insert_val (picks, at, addr);
  quiz_changed (self, i);
  return TRUE;
}

static gboolean
contains (const GArray *sorted,
          guint64       addr)
{
  return sorted != NULL && bsearch (&addr, sorted->data, sorted->len, sizeof (guint64), compare_addrs) != NULL;
}

GmlPickMark
gml_lesson_get_pick_mark (GmlLesson *self,
                          guint64    addr)
{
  int i = pick_quiz_here (self, FALSE);
  Quiz *q;
  gboolean picked, answer;

  g_return_val_if_fail (GML_IS_LESSON (self), GML_PICK_NONE);

  if (i < 0)
    return GML_PICK_NONE;
  q = &self->quizzes[i];
  picked = contains (q->picks, addr);
  if (q->state == GML_QUIZ_OPEN)
    return picked ? GML_PICK_PICKED : GML_PICK_NONE;
  answer = q->answer_ok && contains (q->answer.objects, addr);
  if (q->state == GML_QUIZ_REVEALED)
    return answer ? GML_PICK_ANSWER : GML_PICK_NONE;
  if (picked)
    return answer ? GML_PICK_RIGHT : GML_PICK_WRONG;
  return answer ? GML_PICK_MISSED : GML_PICK_NONE;
}

gboolean
gml_lesson_has_pick_marks (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  return pick_quiz_here (self, FALSE) >= 0;
}

/* Highlights ----------------------------------------------------------------- */

gboolean
gml_lesson_highlights_slot (GmlLesson          *self,
                            const GmlSceneSlot *slot)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  return slot->var != NULL && g_hash_table_contains (self->hl_vars, slot->var);
}

/* "[4]main.Point" is four Points. */
static const char *
element_type (const char *type)
{
  if (type[0] == '[' && g_ascii_isdigit (type[1]))
    {
      const char *close = strchr (type, ']');

      if (close != NULL)
        return close + 1;
    }
  return type;
}

gboolean
gml_lesson_highlights_object (GmlLesson            *self,
                              const GmlSceneObject *object)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);

  if (object->var != NULL && g_hash_table_contains (self->hl_vars, object->var))
    return TRUE;
  return object->type != NULL && g_hash_table_size (self->hl_types) > 0 &&
         g_hash_table_contains (self->hl_types, element_type (object->type));
}

gboolean
gml_lesson_highlights_goroutine (GmlLesson *self,
                                 guint64    goid)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  return g_hash_table_contains (self->hl_goids, GSIZE_TO_POINTER ((gsize) goid));
}

gboolean
gml_lesson_has_highlights (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  return g_hash_table_size (self->hl_vars) + g_hash_table_size (self->hl_types) +
         g_hash_table_size (self->hl_goids) > 0;
}

/* Navigation ------------------------------------------------------------------ */

static gboolean
go_to (GmlLesson *self,
       guint64    position)
{
  if (self->session == NULL || position == GML_LESSON_NOWHERE)
    return FALSE;
  gml_session_set_playing (self->session, FALSE);
  gml_session_set_playhead (self->session, position);
  return TRUE;
}

gboolean
gml_lesson_go_next (GmlLesson *self)
{
  guint64 p = playhead (self);

  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);

  for (guint i = 0; i < self->moments->len; i++)
    if (g_array_index (self->moments, Moment, i).position > p)
      return go_to (self, g_array_index (self->moments, Moment, i).position);
  return FALSE;
}

gboolean
gml_lesson_go_previous (GmlLesson *self)
{
  guint64 p = playhead (self);

  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);

  for (guint i = self->moments->len; i > 0; i--)
    if (g_array_index (self->moments, Moment, i - 1).position < p)
      return go_to (self, g_array_index (self->moments, Moment, i - 1).position);
  return FALSE;
}

gboolean
gml_lesson_go_to_chapter (GmlLesson *self,
                          guint      chapter)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  g_return_val_if_fail (chapter < self->scenario->chapters->len, FALSE);
  return self->resolved && go_to (self, self->chapter_pos[chapter]);
}

gboolean
gml_lesson_go_to_start (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  return go_to (self, 0);
}

gboolean
gml_lesson_go_to_quiz (GmlLesson *self,
                       guint      quiz)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && quiz < n_quizzes (self), FALSE);
  return self->resolved && go_to (self, self->quizzes[quiz].position);
}

guint
gml_lesson_get_moment (GmlLesson *self,
                       guint     *n_moments)
{
  g_return_val_if_fail (GML_IS_LESSON (self), 0);

  if (n_moments != NULL)
    *n_moments = self->moments->len;
  return self->resolved ? self->moment : 0;
}

/* Getters ---------------------------------------------------------------------- */

GmlScenario *
gml_lesson_get_scenario (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), NULL);
  return self->scenario;
}

gboolean
gml_lesson_has_content (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  return self->scenario->cards->len + self->scenario->quizzes->len + self->scenario->chapters->len > 0;
}

gboolean
gml_lesson_get_resolved (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  return self->resolved;
}

const char *
gml_lesson_get_problems (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), NULL);
  return self->problems;
}

guint64
gml_lesson_card_position (GmlLesson *self,
                          guint      card)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && card < self->scenario->cards->len, GML_LESSON_NOWHERE);
  return self->resolved ? self->card_pos[card] : GML_LESSON_NOWHERE;
}

guint64
gml_lesson_quiz_position (GmlLesson *self,
                          guint      quiz)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && quiz < n_quizzes (self), GML_LESSON_NOWHERE);
  return self->resolved ? self->quizzes[quiz].position : GML_LESSON_NOWHERE;
}

guint64
gml_lesson_chapter_position (GmlLesson *self,
                             guint      chapter)
{
  g_return_val_if_fail (GML_IS_LESSON (self) && chapter < self->scenario->chapters->len, GML_LESSON_NOWHERE);
  return self->resolved ? self->chapter_pos[chapter] : GML_LESSON_NOWHERE;
}

const GArray *
gml_lesson_get_cards (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), NULL);
  return self->cards;
}

const GArray *
gml_lesson_get_quizzes (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), NULL);
  return self->shown_quizzes;
}

int
gml_lesson_get_chapter (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), -1);
  return self->chapter;
}

void
gml_lesson_get_score (GmlLesson *self,
                      guint     *first_try,
                      guint     *right,
                      guint     *total)
{
  guint first = 0, r = 0;

  g_return_if_fail (GML_IS_LESSON (self));

  for (guint i = 0; i < n_quizzes (self); i++)
    {
      GmlQuizRecord record = { 0 };

      if (self->quizzes[i].state == GML_QUIZ_RIGHT)
        r++;
      if (records (self) && gml_progress_get_quiz (self->progress, self->scenario->id, quiz_at (self, i)->id, &record))
        first += record.first_try;
    }
  if (first_try != NULL)
    *first_try = first;
  if (right != NULL)
    *right = r;
  if (total != NULL)
    *total = n_quizzes (self);
}

void
gml_lesson_set_hold (GmlLesson *self,
                     gboolean   hold)
{
  g_return_if_fail (GML_IS_LESSON (self));

  hold = !!hold;
  if (self->hold == hold)
    return;
  self->hold = hold;
  update_stops (self);
}

gboolean
gml_lesson_get_hold (GmlLesson *self)
{
  g_return_val_if_fail (GML_IS_LESSON (self), FALSE);
  return self->hold;
}

/* GObject ---------------------------------------------------------------------- */

static void
gml_lesson_dispose (GObject *object)
{
  GmlLesson *self = GML_LESSON (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_object_remove_weak_pointer (G_OBJECT (self->session), (gpointer *) &self->session);
      self->session = NULL;
    }
  g_clear_object (&self->progress);

  G_OBJECT_CLASS (gml_lesson_parent_class)->dispose (object);
}

static void
gml_lesson_finalize (GObject *object)
{
  GmlLesson *self = GML_LESSON (object);

  for (guint i = 0; self->quizzes != NULL && i < n_quizzes (self); i++)
    {
      Quiz *q = &self->quizzes[i];

      g_free (q->choices);
      g_free (q->prediction);
      g_array_unref (q->picks);
      gml_answer_clear (&q->answer);
      g_free (q->reason);
    }
  g_free (self->quizzes);
  g_free (self->card_pos);
  g_free (self->chapter_pos);
  g_free (self->problems);
  g_array_unref (self->moments);
  g_array_unref (self->cards);
  g_array_unref (self->shown_quizzes);
  g_hash_table_unref (self->hl_vars);
  g_hash_table_unref (self->hl_types);
  g_hash_table_unref (self->hl_goids);
  g_clear_pointer (&self->scenario, gml_scenario_free);

  G_OBJECT_CLASS (gml_lesson_parent_class)->finalize (object);
}

static void
gml_lesson_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GmlLesson *self = GML_LESSON (object);

  switch (prop_id)
    {
    case 1:
      g_value_set_boolean (value, self->resolved);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_lesson_class_init (GmlLessonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gml_lesson_dispose;
  object_class->finalize = gml_lesson_finalize;
  object_class->get_property = gml_lesson_get_property;

  /**
   * GmlLesson:resolved:
   *
   * Whether the anchors are placed on the run (it has been recorded).
   */
  g_object_class_install_property (object_class, 1,
                                   g_param_spec_boolean ("resolved", NULL, NULL, FALSE,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GmlLesson::changed:
   *
   * The cards, quizzes, chapter or moment shown changed (the playhead
   * moved, or the anchors were resolved).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * GmlLesson::quiz-changed:
   * @quiz: the quiz's index
   *
   * The learner's input or the quiz's state changed.
   */
  signals[QUIZ_CHANGED] =
    g_signal_new ("quiz-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
gml_lesson_init (GmlLesson *self)
{
  self->moments = g_array_new (FALSE, FALSE, sizeof (Moment));
  self->cards = g_array_new (FALSE, FALSE, sizeof (guint));
  self->shown_quizzes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->hl_vars = g_hash_table_new (NULL, NULL);
  self->hl_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hl_goids = g_hash_table_new (NULL, NULL);
  self->chapter = -1;
  self->hold = TRUE;
}

/**
 * gml_lesson_new:
 * @session: the session whose run the lesson follows (not referenced)
 * @scenario: (transfer full): the scenario, its program already handed
 *   to the session's timeline
 * @progress: (nullable): where answers are kept
 */
GmlLesson *
gml_lesson_new (GmlSession  *session,
                GmlScenario *scenario,
                GmlProgress *progress)
{
  GmlLesson *self;

  g_return_val_if_fail (GML_IS_SESSION (session), NULL);
  g_return_val_if_fail (scenario != NULL, NULL);

  self = g_object_new (GML_TYPE_LESSON, NULL);
  self->session = session;
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &self->session);
  self->scenario = scenario;
  self->progress = progress != NULL ? g_object_ref (progress) : NULL;
  self->card_pos = g_new (guint64, MAX (scenario->cards->len, 1));
  self->chapter_pos = g_new (guint64, MAX (scenario->chapters->len, 1));
  self->quizzes = g_new0 (Quiz, MAX (scenario->quizzes->len, 1));
  for (guint i = 0; i < scenario->cards->len; i++)
    self->card_pos[i] = GML_LESSON_NOWHERE;
  for (guint i = 0; i < scenario->chapters->len; i++)
    self->chapter_pos[i] = GML_LESSON_NOWHERE;
  for (guint i = 0; i < scenario->quizzes->len; i++)
    {
      GmlQuiz *quiz = g_ptr_array_index (scenario->quizzes, i);

      self->quizzes[i].position = GML_LESSON_NOWHERE;
      self->quizzes[i].yes_no = -1;
      self->quizzes[i].picks = g_array_new (FALSE, FALSE, sizeof (guint64));
      if (quiz->choices != NULL)
        self->quizzes[i].choices = g_new0 (gboolean, quiz->choices->len);
    }
  g_signal_connect_object (session, "notify::playhead", G_CALLBACK (playhead_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}
