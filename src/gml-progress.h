/* gml-progress.h: what a learner has done, saved between runs.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GML_TYPE_PROGRESS (gml_progress_get_type ())

G_DECLARE_FINAL_TYPE (GmlProgress, gml_progress, GML, PROGRESS, GObject)

/* The file's format version ("format": 1). */
#define GML_PROGRESS_FORMAT 1

/* One quiz as the learner left it. */
typedef struct
{
  guint      attempts;    /* answers checked */
  gboolean   correct;     /* the last answer checked was right */
  gboolean   first_try;   /* the first answer checked was right: the point the score counts */
  gboolean   revealed;    /* "Show Answer" was used */
  JsonNode  *answer;      /* the last answer checked, or NULL; owned by the progress */
} GmlQuizRecord;

GmlProgress *gml_progress_new             (const char  *path);
GmlProgress *gml_progress_get_default     (void);
const char  *gml_progress_get_path        (GmlProgress *self);

/* A message for the learner about the file (it was unreadable and set
 * aside, or could not be written), once; NULL when there is none. */
char        *gml_progress_take_notice     (GmlProgress *self);

gboolean     gml_progress_get_completed   (GmlProgress *self,
                                           const char  *scenario);
void         gml_progress_set_completed   (GmlProgress *self,
                                           const char  *scenario);

gboolean     gml_progress_get_quiz        (GmlProgress   *self,
                                           const char    *scenario,
                                           const char    *quiz,
                                           GmlQuizRecord *record);
void         gml_progress_record_attempt  (GmlProgress *self,
                                           const char  *scenario,
                                           const char  *quiz,
                                           gboolean     correct,
                                           JsonNode    *answer);
void         gml_progress_record_reveal   (GmlProgress *self,
                                           const char  *scenario,
                                           const char  *quiz);
/* Quizzes of the scenario with a checked answer that was right, and of
 * those, right the first time. */
guint        gml_progress_count_right     (GmlProgress *self,
                                           const char  *scenario,
                                           guint       *first_try);

/* Writes the file now (every change above already does). */
gboolean     gml_progress_save            (GmlProgress  *self,
                                           GError      **error);

G_END_DECLS
