/* gml-session.h: one program's run and everything the window shows of it.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gml-diag.h"
#include "gml-lesson.h"
#include "gml-run-summary.h"
#include "gml-scene.h"
#include "gml-timeline.h"

G_BEGIN_DECLS

#define GML_TYPE_SESSION (gml_session_get_type ())

G_DECLARE_FINAL_TYPE (GmlSession, gml_session, GML, SESSION, GObject)

typedef enum
{
  GML_SESSION_EMPTY,      /* nothing loaded */
  GML_SESSION_LOADING,    /* parsing, checking, compiling */
  GML_SESSION_FAILED,     /* the program does not load: see diagnostics */
  GML_SESSION_RUNNING,    /* simulating; steps arrive in batches */
  GML_SESSION_DONE,       /* the whole run is recorded */
} GmlSessionStatus;

typedef enum
{
  GML_SELECTION_NONE,
  GML_SELECTION_GOROUTINE,  /* id: goid */
  GML_SELECTION_FRAME,      /* id: frame pointer */
  GML_SELECTION_VARIABLE,   /* id: slot address */
  GML_SELECTION_OBJECT,     /* id: object address */
} GmlSelectionKind;

GType             gml_session_status_get_type     (void) G_GNUC_CONST;
GType             gml_selection_kind_get_type     (void) G_GNUC_CONST;
#define GML_TYPE_SESSION_STATUS (gml_session_status_get_type ())
#define GML_TYPE_SELECTION_KIND (gml_selection_kind_get_type ())

GmlSession       *gml_session_new                 (void);

/* Loading and running. */
void              gml_session_load                (GmlSession  *self,
                                                   const char  *filename,
                                                   GBytes      *source);
void              gml_session_load_file           (GmlSession  *self,
                                                   GFile       *file);
void              gml_session_restore_playhead    (GmlSession  *self,
                                                   guint64      step);
void              gml_session_stop                (GmlSession  *self);
GmlSessionStatus  gml_session_get_status          (GmlSession  *self);
const char       *gml_session_get_filename        (GmlSession  *self);
/* FAILED: what went wrong (may be NULL). */
const GmlDiagList *gml_session_get_diagnostics    (GmlSession  *self);
/* DONE: how the run ended, e.g. "exit status 2" or "step budget
 * exhausted"; NULL when it ended normally. */
const char       *gml_session_get_end_message     (GmlSession  *self);
GmlTimeline      *gml_session_get_timeline        (GmlSession  *self);
/* The scenario's lesson, and the scenario (owned by the lesson); NULL
 * for a program loaded from memory, or until the file has loaded. */
GmlLesson        *gml_session_get_lesson          (GmlSession  *self);
GmlScenario      *gml_session_get_scenario        (GmlSession  *self);
GmlRunSummary    *gml_session_get_summary         (GmlSession  *self);
guint64           gml_session_get_n_steps         (GmlSession  *self);

/* The playhead and what it shows. */
guint64           gml_session_get_playhead        (GmlSession  *self);
void              gml_session_set_playhead        (GmlSession  *self,
                                                   guint64      step);
/* The line the next step runs, 0 when none (GC work, library code). */
guint             gml_session_get_line            (GmlSession  *self);
/* What the widgets show at the playhead: read from the engine's state
 * once per step, so drawing never touches the simulation. NULL until the
 * first steps are recorded. */
GmlScene         *gml_session_get_scene           (GmlSession  *self);
/* The scene of the step viewed before this one (what changed is marked
 * against it), or NULL. */
GmlScene         *gml_session_get_previous_scene  (GmlSession  *self);

/* Playback. */
gboolean          gml_session_get_playing         (GmlSession  *self);
void              gml_session_set_playing         (GmlSession  *self,
                                                   gboolean     playing);
double            gml_session_get_speed           (GmlSession  *self);
void              gml_session_set_speed           (GmlSession  *self,
                                                   double       steps_per_second);
/* Advances playback to `frame_time` (µs, from a GdkFrameClock). */
void              gml_session_tick                (GmlSession  *self,
                                                   gint64       frame_time);

/* View state shared by the widgets. */
double            gml_session_get_zoom            (GmlSession  *self);
void              gml_session_set_zoom            (GmlSession  *self,
                                                   double       zoom);
gboolean          gml_session_get_presentation    (GmlSession  *self);
void              gml_session_set_presentation    (GmlSession  *self,
                                                   gboolean     presentation);
GmlSelectionKind  gml_session_get_selection_kind  (GmlSession  *self);
guint64           gml_session_get_selection_id    (GmlSession  *self);
void              gml_session_select              (GmlSession       *self,
                                                   GmlSelectionKind  kind,
                                                   guint64           id);

/* Breakpoints (source lines); playback stops on them. */
gboolean          gml_session_has_breakpoint      (GmlSession  *self,
                                                   guint        line);
void              gml_session_toggle_breakpoint   (GmlSession  *self,
                                                   guint        line);
GArray           *gml_session_get_breakpoints     (GmlSession  *self);
/* Positions where playback pauses (quizzes that hold it). */
void              gml_session_set_stops           (GmlSession   *self,
                                                   const GArray *stops);

/* Navigation; each returns whether the playhead moved. */
gboolean          gml_session_step                (GmlSession  *self,
                                                   int          delta);
gboolean          gml_session_step_over           (GmlSession  *self);
gboolean          gml_session_step_out            (GmlSession  *self);
gboolean          gml_session_get_searching       (GmlSession  *self);
double            gml_session_get_search_fraction (GmlSession  *self);
void              gml_session_stop_searching      (GmlSession  *self);
gboolean          gml_session_next_gc             (GmlSession  *self,
                                                   int          direction);
gboolean          gml_session_run_to_line         (GmlSession  *self,
                                                   guint        line);
gboolean          gml_session_continue            (GmlSession  *self);

/* The actions of the "player" group: play, step-forward, step-back,
 * step-over, step-out, next-gc, previous-gc, start, end, faster, slower,
 * continue, run-to-line(u), toggle-breakpoint(u). */
GActionGroup     *gml_session_get_actions         (GmlSession  *self);

G_END_DECLS
