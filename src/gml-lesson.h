/* gml-lesson.h: a scenario's narration and quizzes over one run.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gml-progress.h"
#include "gml-scenario.h"
#include "gml-scene.h"

G_BEGIN_DECLS

#define GML_TYPE_LESSON (gml_lesson_get_type ())

G_DECLARE_FINAL_TYPE (GmlLesson, gml_lesson, GML, LESSON, GObject)

typedef struct _GmlSession GmlSession;

/* Where a position is unknown: before the run is recorded, or an anchor
 * the run never reaches. */
#define GML_LESSON_NOWHERE G_MAXUINT64

typedef enum
{
  GML_QUIZ_OPEN,       /* not answered yet (or being tried again) */
  GML_QUIZ_RIGHT,      /* the answer checked was right */
  GML_QUIZ_WRONG,      /* the answer checked was wrong */
  GML_QUIZ_REVEALED,   /* the learner asked for the answer */
} GmlQuizState;

/* How the canvas marks an object for a pick quiz. */
typedef enum
{
  GML_PICK_NONE,
  GML_PICK_PICKED,     /* picked, not checked yet */
  GML_PICK_RIGHT,      /* checked: picked and in the answer */
  GML_PICK_WRONG,      /* checked: picked, not in the answer */
  GML_PICK_MISSED,     /* checked: in the answer, not picked */
  GML_PICK_ANSWER,     /* the answer was shown: in the answer */
} GmlPickMark;

GmlLesson     *gml_lesson_new                (GmlSession    *session,
                                              GmlScenario   *scenario,
                                              GmlProgress   *progress);
GmlScenario   *gml_lesson_get_scenario       (GmlLesson     *self);
/* Whether the scenario teaches anything (narration, quizzes, chapters). */
gboolean       gml_lesson_has_content        (GmlLesson     *self);
/* Anchors are resolved once the whole run is recorded. */
gboolean       gml_lesson_get_resolved       (GmlLesson     *self);
/* What resolving found wrong (anchors never reached, answers undefined
 * at their anchor), as FILE:LINE:COL lines; NULL when nothing. */
const char    *gml_lesson_get_problems       (GmlLesson     *self);

guint64        gml_lesson_card_position      (GmlLesson     *self,
                                              guint          card);
guint64        gml_lesson_quiz_position      (GmlLesson     *self,
                                              guint          quiz);
guint64        gml_lesson_chapter_position   (GmlLesson     *self,
                                              guint          chapter);

/* What the panel shows at the playhead: the cards of the latest anchor
 * reached, and the quizzes reached since (guint indices, in order). */
const GArray  *gml_lesson_get_cards          (GmlLesson     *self);
const GArray  *gml_lesson_get_quizzes        (GmlLesson     *self);
/* The chapter the playhead is in, or -1 before the first. */
int            gml_lesson_get_chapter        (GmlLesson     *self);
/* Moves the playhead to the next or previous card or quiz anchor (a
 * "moment"); FALSE when there is none. */
gboolean       gml_lesson_go_next            (GmlLesson     *self);
gboolean       gml_lesson_go_previous        (GmlLesson     *self);
gboolean       gml_lesson_go_to_chapter      (GmlLesson     *self,
                                              guint          chapter);
/* The start of the run, before the first chapter. */
gboolean       gml_lesson_go_to_start        (GmlLesson     *self);
gboolean       gml_lesson_go_to_quiz         (GmlLesson     *self,
                                              guint          quiz);
/* 1-based number of the moment shown and the number of moments. */
guint          gml_lesson_get_moment         (GmlLesson     *self,
                                              guint         *n_moments);

/* Quizzes. */
GmlQuizState   gml_lesson_quiz_state         (GmlLesson     *self,
                                              guint          quiz);
/* The engine's answer of a predict or pick quiz (at its anchor), or
 * NULL with the reason it is undefined. */
const GmlAnswer *gml_lesson_quiz_answer      (GmlLesson     *self,
                                              guint          quiz,
                                              const char   **reason);
/* The learner's input: choices ticked; a prediction typed ("42") or
 * yes/no chosen (1 yes, 0 no, -1 none); objects picked. */
gboolean       gml_lesson_get_choice         (GmlLesson     *self,
                                              guint          quiz,
                                              guint          choice);
void           gml_lesson_set_choice         (GmlLesson     *self,
                                              guint          quiz,
                                              guint          choice,
                                              gboolean       selected);
const char    *gml_lesson_get_prediction     (GmlLesson     *self,
                                              guint          quiz);
void           gml_lesson_set_prediction     (GmlLesson     *self,
                                              guint          quiz,
                                              const char    *text);
int            gml_lesson_get_yes_no         (GmlLesson     *self,
                                              guint          quiz);
void           gml_lesson_set_yes_no         (GmlLesson     *self,
                                              guint          quiz,
                                              int            yes);
const GArray  *gml_lesson_get_picks          (GmlLesson     *self,
                                              guint          quiz);
/* Whether the quiz's input is complete enough to check. */
gboolean       gml_lesson_can_check          (GmlLesson     *self,
                                              guint          quiz);
/* Checks the input against the answer, records it in the progress and
 * returns whether it was right. */
gboolean       gml_lesson_check              (GmlLesson     *self,
                                              guint          quiz);
void           gml_lesson_try_again          (GmlLesson     *self,
                                              guint          quiz);
void           gml_lesson_reveal             (GmlLesson     *self,
                                              guint          quiz);
/* The number a prediction needs, e.g. for "Type a whole number". */
gboolean       gml_lesson_parse_number       (const char    *text,
                                              gint64        *value);

/* Picking on the canvas: the pick quiz shown whose anchor is the
 * playhead and that takes picks now (open), or -1. */
int            gml_lesson_get_active_pick    (GmlLesson     *self);
/* Toggles an object of the scene at the playhead in the active pick
 * quiz; FALSE when no pick quiz takes picks. */
gboolean       gml_lesson_toggle_pick        (GmlLesson     *self,
                                              guint64        addr);
/* How the canvas marks the object now. */
GmlPickMark    gml_lesson_get_pick_mark      (GmlLesson     *self,
                                              guint64        addr);
/* Whether any quiz shown marks objects now (picks, or results). */
gboolean       gml_lesson_has_pick_marks     (GmlLesson     *self);

/* Highlights of the cards shown, against a scene of the run. */
gboolean       gml_lesson_highlights_slot    (GmlLesson          *self,
                                              const GmlSceneSlot *slot);
gboolean       gml_lesson_highlights_object  (GmlLesson            *self,
                                              const GmlSceneObject *object);
gboolean       gml_lesson_highlights_goroutine (GmlLesson   *self,
                                                guint64      goid);
gboolean       gml_lesson_has_highlights     (GmlLesson     *self);

/* Score: quizzes right the first time, quizzes answered right, quizzes. */
void           gml_lesson_get_score          (GmlLesson     *self,
                                              guint         *first_try,
                                              guint         *right,
                                              guint         *total);

/* Playback pauses at quizzes that ask for it (and are not answered). */
void           gml_lesson_set_hold           (GmlLesson     *self,
                                              gboolean       hold);
gboolean       gml_lesson_get_hold           (GmlLesson     *self);

/* Called by the session when the whole run is recorded. */
void           gml_lesson_resolve            (GmlLesson     *self);

G_END_DECLS
