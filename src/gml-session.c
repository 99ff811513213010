/* gml-session.c: one program's run and everything the window shows of it.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GmlSession owns the GmlTimeline of one program and the view state
 * every widget of the window observes: the playhead and the scene at it,
 * playback, zoom, selection, breakpoints and presentation mode, in the
 * manner of Sysprof's SysprofSession. No widget keeps a copy of any of it.
 *
 * Loading (parse, check, escape analysis, compile) runs in a GTask
 * thread; the simulation runs on the timeline's worker thread, whose
 * progress reaches the main loop through one coalesced idle callback.
 * Scenes are built on the main thread when the playhead moves (the
 * timeline's replay VMs belong to the owner thread), and the GmlState is
 * dropped right after, so its replay VM goes back to the timeline's pool
 * at that step and the next step costs one step of replay.
 *
 * Playback has no timer of its own: the window's frame clock calls
 * gml_session_tick() while playing. It stops at breakpoints and at the
 * lesson's stops (quizzes that hold playback).
 *
 * Step over and step out replay the run until the call returns, which can
 * take millions of steps (a recursion that never returns): the replay
 * runs in slices of a few milliseconds from an idle callback, while
 * #GmlSession:searching is set, and any other move of the playhead
 * abandons it.
 *
 * A file opens as a scenario (gml_session_load_file): a .json scenario
 * or a plain .go program with default settings, loaded and compiled in
 * the thread. Its runtime settings configure the simulation, and a
 * GmlLesson (which owns the scenario) follows the run; its anchors are
 * resolved once the run is recorded.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gml-image.h"
#include "gml-lesson.h"
#include "gml-program.h"
#include "gml-scene-state.h"
#include "gml-session.h"

#define ZOOM_MIN 0.02
#define ZOOM_MAX 4.0
#define DEFAULT_SPEED 2.0

/* Steps per second offered by faster/slower. */
static const double speeds[] = { 0.5, 1, 2, 4, 8, 16, 32, 100, 1000, 10000, 100000 };

struct _GmlSession
{
  GObject             parent_instance;

  GmlSessionStatus    status;
  char               *filename;
  GmlDiagList        *diagnostics;
  char               *end_message;
  GCancellable       *cancellable;

  GmlTimeline        *timeline;
  GmlRunSummary      *summary;
  guint64             n_steps;
  gint                progress_pending;   /* atomic: an idle is queued */

  guint64             playhead;
  gboolean            seek_start;         /* still looking for main's first line */
  GmlScene           *scene;
  GmlScene           *previous_scene;

  gboolean            playing;
  double              speed;
  gint64              last_tick;
  double              step_debt;

  double              zoom;
  gboolean            presentation;
  GmlSelectionKind    selection_kind;
  guint64             selection_id;
  GArray             *breakpoints;        /* guint lines, sorted */
  GArray             *stops;              /* guint64 positions, sorted: playback pauses there */
  GmlLesson          *lesson;             /* the scenario's teaching, or NULL */
  guint64             restore_playhead;   /* where a reloaded run resumes */
  gboolean            restoring;

  GmlDepthSearch     *search;             /* step over/out under way, or NULL */
  gboolean            search_out;
  guint64             search_from;
  gboolean            searching;          /* it went on past its first slice */
  guint               search_source;

  GSimpleActionGroup *actions;
};

G_DEFINE_FINAL_TYPE (GmlSession, gml_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GmlSessionStatus, gml_session_status,
                    G_DEFINE_ENUM_VALUE (GML_SESSION_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (GML_SESSION_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (GML_SESSION_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (GML_SESSION_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (GML_SESSION_DONE, "done"))

G_DEFINE_ENUM_TYPE (GmlSelectionKind, gml_selection_kind,
                    G_DEFINE_ENUM_VALUE (GML_SELECTION_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (GML_SELECTION_GOROUTINE, "goroutine"),
                    G_DEFINE_ENUM_VALUE (GML_SELECTION_FRAME, "frame"),
                    G_DEFINE_ENUM_VALUE (GML_SELECTION_VARIABLE, "variable"),
                    G_DEFINE_ENUM_VALUE (GML_SELECTION_OBJECT, "object"))

enum {
  PROP_0,
  PROP_STATUS,
  PROP_FILENAME,
  PROP_N_STEPS,
  PROP_PLAYHEAD,
  PROP_LINE,
  PROP_SCENE,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_ZOOM,
  PROP_PRESENTATION,
  PROP_SELECTION_KIND,
  PROP_SELECTION_ID,
  PROP_LESSON,
  PROP_SEARCHING,
  N_PROPS
};

enum {
  BREAKPOINTS_CHANGED,
  NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_actions (GmlSession *self);
static int  compare_positions (gconstpointer a, gconstpointer b);
static void search_stop (GmlSession *self);

static void
set_status (GmlSession       *self,
            GmlSessionStatus  status)
{
  if (self->status == status)
    return;

  self->status = status;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* The scene at the playhead ---------------------------------------------- */

static void
show_step (GmlSession *self,
           guint64     step)
{
  g_autoptr (GmlState) state = NULL;
  GmlScene *scene;
  guint old_line = gml_session_get_line (self);

  state = gml_timeline_state_at (self->timeline, step);
  if (state == NULL)
    return;
  scene = gml_scene_new_from_state (state, gml_timeline_get_program (self->timeline),
                                    gml_timeline_get_image (self->timeline));
  gml_scene_diff (scene, self->scene);

  g_clear_pointer (&self->previous_scene, gml_scene_unref);
  self->previous_scene = g_steal_pointer (&self->scene);
  self->scene = scene;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENE]);
  if (gml_session_get_line (self) != old_line)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE]);
}

/* Progress from the worker thread ---------------------------------------- */

static void
finish_run (GmlSession *self)
{
  g_autofree char *message = NULL;
  int exit_code = 0;
  GmlTimelineEnd end = gml_timeline_end (self->timeline, &exit_code, &message);

  g_clear_pointer (&self->end_message, g_free);
  switch (end)
    {
    case GML_TIMELINE_END_EXIT:
      if (exit_code != 0)
        self->end_message = g_strdup_printf (_("The program exited with status %d"), exit_code);
      break;
    case GML_TIMELINE_END_STEP_BUDGET:
      self->end_message = g_strdup (_("The program ran out of steps (is there an endless loop?)"));
      break;
    case GML_TIMELINE_END_MEMORY_BUDGET:
      self->end_message = g_strdup (_("The recording grew too large and was stopped"));
      break;
    case GML_TIMELINE_END_CANCELLED:
    case GML_TIMELINE_END_NONE:
    default:
      break;
    }
  if (self->end_message == NULL && message != NULL && *message != '\0' && end != GML_TIMELINE_END_EXIT)
    self->end_message = g_steal_pointer (&message);
  set_status (self, GML_SESSION_DONE);
  if (self->lesson != NULL)
    gml_lesson_resolve (self->lesson);
}

/* A reloaded run goes back to where the previous one was, or as close
 * as the new run gets. */
static void
restore_position (GmlSession *self)
{
  gboolean complete = gml_timeline_is_complete (self->timeline);

  if (self->n_steps < self->restore_playhead && !complete)
    return;
  self->restoring = FALSE;
  self->seek_start = FALSE;
  self->playhead = MIN (self->restore_playhead, self->n_steps);
  show_step (self, self->playhead);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYHEAD]);
}

/* A run opens where the program's own code starts, not in the runtime's
 * start-up (step 0): at the first step whose statement is in the file. */
static void
seek_program_start (GmlSession *self)
{
  guint64 n = self->n_steps;

  for (guint64 s = self->playhead; s < n; s++)
    if (gml_timeline_line (self->timeline, s + 1) != 0)
      {
        self->seek_start = FALSE;
        if (s != self->playhead || self->scene == NULL)
          {
            self->playhead = s;
            show_step (self, s);
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYHEAD]);
          }
        return;
      }
  if (gml_timeline_is_complete (self->timeline))
    self->seek_start = FALSE;
}

static gboolean
progress_idle_cb (gpointer data)
{
  GmlSession *self = data;
  gboolean complete;
  guint64 n;

  g_atomic_int_set (&self->progress_pending, 0);
  if (self->timeline == NULL)
    return G_SOURCE_REMOVE;

  /* Completeness first: the worker publishes its last steps before it
   * marks the run complete, so a complete run's count read after it is
   * the final one (read the other way round, the run could finish in
   * between and end with steps missing). */
  complete = gml_timeline_is_complete (self->timeline);
  n = gml_timeline_n_steps (self->timeline);
  gml_run_summary_update (self->summary, self->timeline);
  if (n != self->n_steps)
    {
      self->n_steps = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STEPS]);
    }
  if (self->restoring)
    restore_position (self);
  else if (self->seek_start)
    seek_program_start (self);
  if (self->scene == NULL)
    show_step (self, self->playhead);
  if (complete && self->status == GML_SESSION_RUNNING)
    finish_run (self);
  update_actions (self);

  return G_SOURCE_REMOVE;
}

/* Called on the timeline's worker thread. */
static void
timeline_progress_cb (GmlTimeline *timeline,
                      gpointer     user_data)
{
  GmlSession *self = user_data;

  if (g_atomic_int_compare_and_exchange (&self->progress_pending, 0, 1))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, progress_idle_cb, g_object_ref (self), g_object_unref);
}

/* Loading ---------------------------------------------------------------- */

typedef struct
{
  char        *filename;
  GBytes      *source;       /* a program from memory, or NULL */
  GFile       *file;         /* a scenario or program file, or NULL */
  GmlScenario *scenario;
  GmlDiagList *diagnostics;
  GmlProgram  *program;
  GmlImage    *image;
} Load;

static void
load_free (Load *load)
{
  g_free (load->filename);
  g_clear_pointer (&load->source, g_bytes_unref);
  g_clear_object (&load->file);
  g_clear_pointer (&load->scenario, gml_scenario_free);
  g_clear_pointer (&load->diagnostics, gml_diag_list_free);
  g_clear_pointer (&load->image, gml_image_free);
  g_clear_pointer (&load->program, gml_program_free);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  gsize len;
  const char *text;

  if (load->file != NULL)
    {
      load->scenario = gml_scenario_load_file (load->file, load->filename, load->diagnostics);
      if (load->scenario != NULL)
        gml_scenario_steal_program (load->scenario, &load->program, &load->image);
      g_task_return_boolean (task, load->image != NULL);
      return;
    }
  text = g_bytes_get_data (load->source, &len);
  load->program = gml_program_load (load->filename, text, len, load->diagnostics);
  if (load->program != NULL)
    load->image = gml_image_build (load->program, load->diagnostics);
  g_task_return_boolean (task, load->image != NULL);
}

static void
start_timeline (GmlSession *self,
                Load       *load)
{
  GmlVmConfig vm_config;
  GmlTimelineConfig config;

  gml_vm_config_init (&vm_config);
  if (load->scenario != NULL)
    gml_scenario_settings_apply (&load->scenario->settings, &vm_config);
  gml_timeline_config_init (&config);
  self->seek_start = TRUE;
  self->timeline = gml_timeline_new (g_steal_pointer (&load->program), g_steal_pointer (&load->image),
                                     &vm_config, &config);
  if (load->scenario != NULL)
    {
      self->lesson = gml_lesson_new (self, g_steal_pointer (&load->scenario), gml_progress_get_default ());
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESSON]);
    }
  set_status (self, GML_SESSION_RUNNING);
  gml_timeline_start (self->timeline, timeline_progress_cb, self);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GmlSession *self = GML_SESSION (object);
  Load *load = g_task_get_task_data (G_TASK (result));

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    {
      self->diagnostics = g_steal_pointer (&load->diagnostics);
      set_status (self, GML_SESSION_FAILED);
      return;
    }
  start_timeline (self, load);
}

static void
start_load (GmlSession *self,
            Load       *load)
{
  g_autoptr (GTask) task = NULL;

  g_free (self->filename);
  self->filename = g_strdup (load->filename);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILENAME]);
  load->diagnostics = gml_diag_list_new ();

  set_status (self, GML_SESSION_LOADING);
  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, gml_session_load);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * gml_session_load:
 * @self: a #GmlSession
 * @filename: the name Go's messages use for the program
 * @source: the Go program
 *
 * Compiles @source in the background and records its run with the
 * default settings; no lesson.
 */
void
gml_session_load (GmlSession *self,
                  const char *filename,
                  GBytes     *source)
{
  Load *load;

  g_return_if_fail (GML_IS_SESSION (self));
  g_return_if_fail (filename != NULL && source != NULL);
  g_return_if_fail (self->status == GML_SESSION_EMPTY);

  load = g_new0 (Load, 1);
  load->filename = g_strdup (filename);
  load->source = g_bytes_ref (source);
  start_load (self, load);
}

/**
 * gml_session_load_file:
 * @self: a #GmlSession
 * @file: a scenario (.json) or a Go program (.go)
 *
 * Loads @file as a scenario in the background (a plain .go file is a
 * scenario with default settings), then records its run with the
 * scenario's settings while a #GmlLesson follows it. Problems are
 * diagnostics, named after the file's base name ("tour.json:12:5").
 */
void
gml_session_load_file (GmlSession *self,
                       GFile      *file)
{
  g_autofree char *basename = NULL;
  Load *load;

  g_return_if_fail (GML_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->status == GML_SESSION_EMPTY);

  basename = g_file_get_basename (file);
  load = g_new0 (Load, 1);
  load->filename = g_filename_display_name (basename);
  load->file = g_object_ref (file);
  start_load (self, load);
}

/**
 * gml_session_restore_playhead:
 * @self: a #GmlSession, before it loads
 * @step: the playhead of a previous run of the same file
 *
 * Opens the run at @step instead of where the program starts, or at
 * its end when it is shorter (a scenario reloaded after an edit).
 */
void
gml_session_restore_playhead (GmlSession *self,
                              guint64     step)
{
  g_return_if_fail (GML_IS_SESSION (self));

  self->restore_playhead = step;
  self->restoring = TRUE;
}

/**
 * gml_session_set_stops:
 * @self: a #GmlSession
 * @stops: (nullable): positions where playback pauses, like breakpoints
 */
void
gml_session_set_stops (GmlSession   *self,
                       const GArray *stops)
{
  g_return_if_fail (GML_IS_SESSION (self));

  g_array_set_size (self->stops, 0);
  if (stops != NULL)
    g_array_append_vals (self->stops, stops->data, stops->len);
  g_array_sort (self->stops, compare_positions);
}
/**
 * gml_session_stop:
 * @self: a #GmlSession
 *
 * Stops the simulation and waits for its thread. The recording so far
 * stays viewable. Called on dispose.
 */
void
gml_session_stop (GmlSession *self)
{
  g_return_if_fail (GML_IS_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  gml_session_set_playing (self, FALSE);
  search_stop (self);
  if (self->timeline != NULL)
    {
      gml_timeline_cancel (self->timeline);
      gml_timeline_join (self->timeline);
    }
}

/* Playhead and playback -------------------------------------------------- */

/* The last step that can be shown: after the last recorded step. */
static guint64
last_step (GmlSession *self)
{
  return self->n_steps;
}

void
gml_session_set_playhead (GmlSession *self,
                          guint64     step)
{
  g_return_if_fail (GML_IS_SESSION (self));

  if (self->timeline == NULL)
    return;
  search_stop (self);
  step = MIN (step, last_step (self));
  self->seek_start = FALSE;
  if (step == self->playhead && self->scene != NULL)
    return;

  self->playhead = step;
  show_step (self, step);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYHEAD]);
}

void
gml_session_set_playing (GmlSession *self,
                         gboolean    playing)
{
  g_return_if_fail (GML_IS_SESSION (self));

  playing = !!playing && self->timeline != NULL;
  if (self->playing == playing)
    return;

  /* Playing at the end starts over. */
  if (playing && self->playhead >= last_step (self) && self->status == GML_SESSION_DONE)
    gml_session_set_playhead (self, 0);

  self->playing = playing;
  self->last_tick = 0;
  self->step_debt = 0;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The first stop in (from, to], or 0. */
static guint64
stop_between (GmlSession *self,
              guint64     from,
              guint64     to)
{
  for (guint i = 0; i < self->stops->len; i++)
    {
      guint64 p = g_array_index (self->stops, guint64, i);

      if (p > from && p <= to)
        return p;
    }
  return 0;
}

static gboolean
is_breakpoint_step (GmlSession *self,
                    guint64     playhead)
{
  /* At playhead P the next statement is step P + 1. */
  return gml_session_has_breakpoint (self, gml_timeline_line (self->timeline, playhead + 1));
}

/* The first playhead in (from, to] that stops at a breakpoint, or 0. */
static guint64
breakpoint_between (GmlSession *self,
                    guint64     from,
                    guint64     to)
{
  if (self->breakpoints->len == 0)
    return 0;
  for (guint64 p = from + 1; p <= to; p++)
    if (is_breakpoint_step (self, p))
      return p;
  return 0;
}

void
gml_session_tick (GmlSession *self,
                  gint64      frame_time)
{
  guint64 n, target, stop;

  g_return_if_fail (GML_IS_SESSION (self));

  if (!self->playing)
    return;
  /* A stop holds playback until it is lifted (a quiz answered), not
   * only on the way in. */
  if (stop_between (self, self->playhead > 0 ? self->playhead - 1 : 0, self->playhead) == self->playhead &&
      self->playhead > 0)
    {
      gml_session_set_playing (self, FALSE);
      return;
    }
  if (self->last_tick == 0)
    {
      self->last_tick = frame_time;
      self->step_debt = 1;     /* the first step shows at once */
    }
  else
    {
      self->step_debt += self->speed * (frame_time - self->last_tick) / G_USEC_PER_SEC;
      self->last_tick = frame_time;
    }
  if (self->step_debt < 1)
    return;

  n = (guint64) self->step_debt;
  self->step_debt -= n;
  target = MIN (self->playhead + n, last_step (self));
  stop = breakpoint_between (self, self->playhead, target);
  if (stop != 0)
    target = stop;
  if (stop_between (self, self->playhead, target) != 0)
    target = stop = stop_between (self, self->playhead, target);
  gml_session_set_playhead (self, target);

  if (stop != 0 || (target >= last_step (self) && self->status == GML_SESSION_DONE))
    gml_session_set_playing (self, FALSE);
}

void
gml_session_set_speed (GmlSession *self,
                       double      speed)
{
  g_return_if_fail (GML_IS_SESSION (self));

  speed = CLAMP (speed, speeds[0], speeds[G_N_ELEMENTS (speeds) - 1]);
  if (self->speed == speed)
    return;

  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

static void
change_speed (GmlSession *self,
              int         direction)
{
  guint i = 0;

  while (i + 1 < G_N_ELEMENTS (speeds) && speeds[i] < self->speed)
    i++;
  if (direction > 0 && speeds[i] <= self->speed && i + 1 < G_N_ELEMENTS (speeds))
    i++;
  else if (direction < 0 && i > 0)
    i--;
  gml_session_set_speed (self, speeds[i]);
}

/* Navigation ------------------------------------------------------------- */

static gboolean
move_to (GmlSession *self,
         guint64     step)
{
  if (self->timeline == NULL || step == G_MAXUINT64 || step > last_step (self))
    return FALSE;
  if (step == self->playhead)
    return FALSE;

  gml_session_set_playhead (self, step);
  return TRUE;
}

gboolean
gml_session_step (GmlSession *self,
                  int         delta)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);

  if (delta < 0 && (guint64) -delta > self->playhead)
    return move_to (self, 0);
  return move_to (self, MIN (self->playhead + delta, last_step (self)));
}

/* Step over and out ------------------------------------------------------ */

#define SEARCH_SLICE_STEPS 65536
#define SEARCH_SLICE_US 8000       /* of replay per main loop iteration */
#define SEARCH_WAIT_MS 50          /* for the recording to get further */

static void
set_searching (GmlSession *self,
               gboolean    searching)
{
  if (self->searching == searching)
    return;
  self->searching = searching;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

/* Abandons a step over/out under way (or forgets one that is done). */
static void
search_stop (GmlSession *self)
{
  if (self->search == NULL)
    return;
  g_clear_pointer (&self->search, gml_depth_search_free);
  g_clear_handle_id (&self->search_source, g_source_remove);
  set_searching (self, FALSE);
}

/* Runs the search for a few milliseconds; moves the playhead when it is
 * done and returns DONE. */
static GmlDepthSearchStatus
search_slice (GmlSession *self)
{
  gint64 until = g_get_monotonic_time () + SEARCH_SLICE_US;
  GmlDepthSearchStatus status;
  gboolean returned;
  guint64 result;

  do
    status = gml_depth_search_run (self->search, SEARCH_SLICE_STEPS);
  while (status == GML_DEPTH_SEARCH_MORE && g_get_monotonic_time () < until);
  if (status != GML_DEPTH_SEARCH_DONE)
    return status;

  result = gml_depth_search_get_result (self->search, &returned);
  search_stop (self);
  /* The search may have seen steps the progress callback has not yet
   * announced. */
  if (result != G_MAXUINT64 && result > self->n_steps && result <= gml_timeline_n_steps (self->timeline))
    {
      self->n_steps = result;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STEPS]);
    }
  move_to (self, result);
  if (!returned && result != G_MAXUINT64 && result == gml_timeline_n_steps (self->timeline))
    {
      int exit_code = 0;

      /* A program that ends normally ends in main's return; anything else
       * (a panic, a fatal error, a budget) ended the run inside the call. */
      if (gml_timeline_end (self->timeline, &exit_code, NULL) != GML_TIMELINE_END_EXIT || exit_code != 0)
        g_signal_emit (self, signals[NOTICE], 0,
                       self->search_out ? _("The function never returns: the run ends inside it")
                                        : _("The call never returns: the run ends inside it"));
    }
  return status;
}

static gboolean
search_cb (gpointer data)
{
  GmlSession *self = data;
  GmlDepthSearchStatus status;

  self->search_source = 0;
  status = search_slice (self);
  if (status == GML_DEPTH_SEARCH_MORE)
    self->search_source = g_idle_add (search_cb, self);
  else if (status == GML_DEPTH_SEARCH_WAITING)
    self->search_source = g_timeout_add (SEARCH_WAIT_MS, search_cb, self);
  return G_SOURCE_REMOVE;
}

static gboolean
step_until_return (GmlSession *self,
                   gboolean    out)
{
  GmlDepthSearchStatus status;

  /* A second press while one runs changes nothing. */
  if (self->timeline == NULL || self->search != NULL || self->playhead >= last_step (self))
    return FALSE;
  self->search = gml_depth_search_new (self->timeline, self->playhead, out);
  self->search_out = out;
  self->search_from = self->playhead;
  /* Most calls return within the first slice: the playhead moves at once. */
  status = search_slice (self);
  if (status == GML_DEPTH_SEARCH_DONE)
    return TRUE;
  self->search_source = status == GML_DEPTH_SEARCH_MORE ? g_idle_add (search_cb, self)
                                                        : g_timeout_add (SEARCH_WAIT_MS, search_cb, self);
  set_searching (self, TRUE);
  return TRUE;
}

/**
 * gml_session_step_over:
 * @self: a #GmlSession
 *
 * Moves the playhead over the calls of the statement at it, to the next
 * statement its goroutine runs in the same function (or one it returns
 * to). When that takes long to find, the playhead moves later, while
 * #GmlSession:searching is set.
 *
 * Returns: %TRUE if the playhead moved or will move
 */
gboolean
gml_session_step_over (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);

  return step_until_return (self, FALSE);
}

/**
 * gml_session_step_out:
 * @self: a #GmlSession
 *
 * Moves the playhead to where the function at it returns, as
 * gml_session_step_over() does.
 *
 * Returns: %TRUE if the playhead moved or will move
 */
gboolean
gml_session_step_out (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);

  return step_until_return (self, TRUE);
}

/**
 * gml_session_get_searching:
 * @self: a #GmlSession
 *
 * Returns: %TRUE while a step over or out is still looking for where
 *   the call returns
 */
gboolean
gml_session_get_searching (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);

  return self->searching;
}

/**
 * gml_session_get_search_fraction:
 * @self: a #GmlSession
 *
 * Returns: how far a step over or out has replayed, from 0 to 1, of the
 *   steps recorded after where it started; 0 when not searching
 */
double
gml_session_get_search_fraction (GmlSession *self)
{
  guint64 n, at;

  g_return_val_if_fail (GML_IS_SESSION (self), 0);

  if (self->search == NULL || self->timeline == NULL)
    return 0;
  n = gml_timeline_n_steps (self->timeline);
  at = gml_depth_search_get_position (self->search);
  if (n <= self->search_from || at <= self->search_from)
    return 0;
  return MIN (1.0, (double) (at - self->search_from) / (double) (n - self->search_from));
}

/**
 * gml_session_stop_searching:
 * @self: a #GmlSession
 *
 * Abandons a step over or out under way; the playhead stays.
 */
void
gml_session_stop_searching (GmlSession *self)
{
  g_return_if_fail (GML_IS_SESSION (self));

  search_stop (self);
}

gboolean
gml_session_next_gc (GmlSession *self,
                     int         direction)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);

  if (self->timeline == NULL)
    return FALSE;
  return move_to (self, gml_timeline_find_gc_start (self->timeline, self->playhead,
                                                    direction < 0 ? GML_NAV_BACKWARD : GML_NAV_FORWARD));
}

gboolean
gml_session_run_to_line (GmlSession *self,
                         guint       line)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);

  if (self->timeline == NULL || line == 0)
    return FALSE;
  return move_to (self, gml_timeline_find_line (self->timeline, self->playhead, line, GML_NAV_FORWARD));
}

/* To the next breakpoint, or the end. */
gboolean
gml_session_continue (GmlSession *self)
{
  guint64 best = G_MAXUINT64;

  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);

  if (self->timeline == NULL)
    return FALSE;
  for (guint i = 0; i < self->breakpoints->len; i++)
    {
      guint line = g_array_index (self->breakpoints, guint, i);

      best = MIN (best, gml_timeline_find_line (self->timeline, self->playhead, line, GML_NAV_FORWARD));
    }
  return move_to (self, best != G_MAXUINT64 ? best : last_step (self));
}

/* Breakpoints ------------------------------------------------------------ */

gboolean
gml_session_has_breakpoint (GmlSession *self,
                            guint       line)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);

  for (guint i = 0; i < self->breakpoints->len; i++)
    if (g_array_index (self->breakpoints, guint, i) == line)
      return line != 0;
  return FALSE;
}

void
gml_session_toggle_breakpoint (GmlSession *self,
                               guint       line)
{
  gboolean removed = FALSE;
  guint i;

  g_return_if_fail (GML_IS_SESSION (self));
  g_return_if_fail (line > 0);

  for (i = 0; i < self->breakpoints->len; i++)
    {
      guint bp = g_array_index (self->breakpoints, guint, i);

      if (bp == line)
        {
          g_array_remove_index (self->breakpoints, i);
          removed = TRUE;
          break;
        }
      if (bp > line)
        break;
    }
  if (!removed)
    g_array_insert_val (self->breakpoints, i, line);

  g_signal_emit (self, signals[BREAKPOINTS_CHANGED], 0);
}

GArray *
gml_session_get_breakpoints (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);

  return self->breakpoints;
}

/* View state ------------------------------------------------------------- */

void
gml_session_set_zoom (GmlSession *self,
                      double      zoom)
{
  g_return_if_fail (GML_IS_SESSION (self));

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (self->zoom == zoom)
    return;

  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
gml_session_set_presentation (GmlSession *self,
                              gboolean    presentation)
{
  g_return_if_fail (GML_IS_SESSION (self));

  presentation = !!presentation;
  if (self->presentation == presentation)
    return;

  self->presentation = presentation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTATION]);
}

void
gml_session_select (GmlSession       *self,
                    GmlSelectionKind  kind,
                    guint64           id)
{
  gboolean kind_changed;

  g_return_if_fail (GML_IS_SESSION (self));

  if (kind == GML_SELECTION_NONE)
    id = 0;
  if (self->selection_kind == kind && self->selection_id == id)
    return;

  kind_changed = self->selection_kind != kind;
  self->selection_kind = kind;
  self->selection_id = id;
  g_object_freeze_notify (G_OBJECT (self));
  if (kind_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_KIND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_ID]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Actions ---------------------------------------------------------------- */

static void
play_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GmlSession *self = user_data;

  gml_session_set_playing (self, !self->playing);
}

#define SIMPLE_ACTION(name, call)                                  \
  static void                                                      \
  name##_action (GSimpleAction *action,                            \
                 GVariant      *parameter,                         \
                 gpointer       user_data)                         \
  {                                                                \
    GmlSession *self = user_data;                                  \
                                                                   \
    gml_session_set_playing (self, FALSE);                         \
    call;                                                          \
  }

SIMPLE_ACTION (step_forward, gml_session_step (self, 1))
SIMPLE_ACTION (step_back, gml_session_step (self, -1))
SIMPLE_ACTION (step_over, gml_session_step_over (self))
SIMPLE_ACTION (step_out, gml_session_step_out (self))
SIMPLE_ACTION (next_gc, gml_session_next_gc (self, 1))
SIMPLE_ACTION (previous_gc, gml_session_next_gc (self, -1))
SIMPLE_ACTION (start, move_to (self, 0))
SIMPLE_ACTION (end, move_to (self, last_step (self)))
SIMPLE_ACTION (continue, gml_session_continue (self))
SIMPLE_ACTION (run_to_line, gml_session_run_to_line (self, g_variant_get_uint32 (parameter)))
SIMPLE_ACTION (stop_searching, gml_session_stop_searching (self))

static void
faster_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  change_speed (user_data, 1);
}

static void
slower_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  change_speed (user_data, -1);
}

static void
toggle_breakpoint_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  gml_session_toggle_breakpoint (user_data, g_variant_get_uint32 (parameter));
}

static const GActionEntry action_entries[] = {
  { "play", play_action, NULL, "false" },
  { "step-forward", step_forward_action },
  { "step-back", step_back_action },
  { "step-over", step_over_action },
  { "step-out", step_out_action },
  { "next-gc", next_gc_action },
  { "previous-gc", previous_gc_action },
  { "start", start_action },
  { "end", end_action },
  { "faster", faster_action },
  { "slower", slower_action },
  { "continue", continue_action },
  { "run-to-line", run_to_line_action, "u" },
  { "stop-searching", stop_searching_action },
  { "toggle-breakpoint", toggle_breakpoint_action, "u" },
};

static void
enable (GmlSession *self,
        const char *name,
        gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (GmlSession *self)
{
  gboolean ready = self->timeline != NULL;
  gboolean back = ready && self->playhead > 0;
  gboolean forward = ready && self->playhead < last_step (self);

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "play")),
                             g_variant_new_boolean (self->playing));
  enable (self, "play", ready);
  enable (self, "step-back", back);
  enable (self, "start", back);
  enable (self, "previous-gc", back);
  enable (self, "step-forward", forward);
  enable (self, "step-over", forward && !self->searching);
  enable (self, "step-out", forward && !self->searching);
  enable (self, "stop-searching", self->searching);
  enable (self, "next-gc", forward);
  enable (self, "end", forward);
  enable (self, "continue", forward);
  enable (self, "run-to-line", forward);
}

/* GObject ---------------------------------------------------------------- */

static void
gml_session_dispose (GObject *object)
{
  GmlSession *self = GML_SESSION (object);

  gml_session_stop (self);
  g_clear_object (&self->lesson);
  g_clear_pointer (&self->scene, gml_scene_unref);
  g_clear_pointer (&self->previous_scene, gml_scene_unref);
  g_clear_pointer (&self->timeline, gml_timeline_unref);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (gml_session_parent_class)->dispose (object);
}

static void
gml_session_finalize (GObject *object)
{
  GmlSession *self = GML_SESSION (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->summary, gml_run_summary_free);
  g_clear_pointer (&self->diagnostics, gml_diag_list_free);
  g_clear_pointer (&self->breakpoints, g_array_unref);
  g_clear_pointer (&self->stops, g_array_unref);
  g_free (self->filename);
  g_free (self->end_message);

  G_OBJECT_CLASS (gml_session_parent_class)->finalize (object);
}

static void
gml_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GmlSession *self = GML_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;
    case PROP_N_STEPS:
      g_value_set_uint64 (value, self->n_steps);
      break;
    case PROP_PLAYHEAD:
      g_value_set_uint64 (value, self->playhead);
      break;
    case PROP_LINE:
      g_value_set_uint (value, gml_session_get_line (self));
      break;
    case PROP_SCENE:
      g_value_set_pointer (value, self->scene);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_PRESENTATION:
      g_value_set_boolean (value, self->presentation);
      break;
    case PROP_SELECTION_KIND:
      g_value_set_enum (value, self->selection_kind);
      break;
    case PROP_SELECTION_ID:
      g_value_set_uint64 (value, self->selection_id);
      break;
    case PROP_LESSON:
      g_value_set_object (value, self->lesson);
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, gml_session_get_searching (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GmlSession *self = GML_SESSION (object);

  switch (prop_id)
    {
    case PROP_PLAYHEAD:
      gml_session_set_playhead (self, g_value_get_uint64 (value));
      break;
    case PROP_PLAYING:
      gml_session_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      gml_session_set_speed (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      gml_session_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_PRESENTATION:
      gml_session_set_presentation (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_session_class_init (GmlSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gml_session_dispose;
  object_class->finalize = gml_session_finalize;
  object_class->get_property = gml_session_get_property;
  object_class->set_property = gml_session_set_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GML_TYPE_SESSION_STATUS, GML_SESSION_EMPTY, ro);
  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL, ro);
  properties[PROP_N_STEPS] =
    g_param_spec_uint64 ("n-steps", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_PLAYHEAD] =
    g_param_spec_uint64 ("playhead", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * GmlSession:scene: (type gpointer)
   *
   * The #GmlScene at the playhead; notified on every step shown.
   */
  properties[PROP_SCENE] =
    g_param_spec_pointer ("scene", NULL, NULL, ro);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, speeds[0], speeds[G_N_ELEMENTS (speeds) - 1],
                         DEFAULT_SPEED, rw);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0, rw);
  properties[PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE, rw);
  properties[PROP_SELECTION_KIND] =
    g_param_spec_enum ("selection-kind", NULL, NULL, GML_TYPE_SELECTION_KIND, GML_SELECTION_NONE, ro);
  properties[PROP_SELECTION_ID] =
    g_param_spec_uint64 ("selection-id", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  /**
   * GmlSession:lesson:
   *
   * The scenario's narration and quizzes over this run, once a file has
   * loaded with gml_session_load_file().
   */
  properties[PROP_LESSON] =
    g_param_spec_object ("lesson", NULL, NULL, GML_TYPE_LESSON, ro);
  /**
   * GmlSession:searching:
   *
   * A step over or out is replaying the run to find where the call
   * returns; the playhead moves when it is found.
   */
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GmlSession::breakpoints-changed:
   *
   * A breakpoint was added or removed.
   */
  signals[BREAKPOINTS_CHANGED] =
    g_signal_new ("breakpoints-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GmlSession::notice:
   * @text: a sentence for the learner
   *
   * Something the learner should know about the navigation they just
   * did (a step over a call that never returns, say).
   */
  signals[NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gml_session_init (GmlSession *self)
{
  self->speed = DEFAULT_SPEED;
  self->zoom = 1.0;
  self->cancellable = g_cancellable_new ();
  self->summary = gml_run_summary_new ();
  self->breakpoints = g_array_new (FALSE, FALSE, sizeof (guint));
  self->stops = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  update_actions (self);
}

/* Getters ---------------------------------------------------------------- */

GmlSession *
gml_session_new (void)
{
  return g_object_new (GML_TYPE_SESSION, NULL);
}

GmlSessionStatus
gml_session_get_status (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), GML_SESSION_EMPTY);
  return self->status;
}

const char *
gml_session_get_filename (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->filename;
}

const GmlDiagList *
gml_session_get_diagnostics (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->diagnostics;
}

const char *
gml_session_get_end_message (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->end_message;
}

GmlTimeline *
gml_session_get_timeline (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->timeline;
}

GmlRunSummary *
gml_session_get_summary (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->summary;
}

guint64
gml_session_get_n_steps (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), 0);
  return self->n_steps;
}

guint64
gml_session_get_playhead (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), 0);
  return self->playhead;
}

guint
gml_session_get_line (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), 0);
  return self->scene != NULL ? self->scene->line : 0;
}

GmlScene *
gml_session_get_scene (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->scene;
}

GmlScene *
gml_session_get_previous_scene (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->previous_scene;
}

gboolean
gml_session_get_playing (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);
  return self->playing;
}

double
gml_session_get_speed (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), DEFAULT_SPEED);
  return self->speed;
}

double
gml_session_get_zoom (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), 1.0);
  return self->zoom;
}

gboolean
gml_session_get_presentation (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), FALSE);
  return self->presentation;
}

GmlSelectionKind
gml_session_get_selection_kind (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), GML_SELECTION_NONE);
  return self->selection_kind;
}

guint64
gml_session_get_selection_id (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), 0);
  return self->selection_id;
}

GmlLesson *
gml_session_get_lesson (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->lesson;
}

GmlScenario *
gml_session_get_scenario (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return self->lesson != NULL ? gml_lesson_get_scenario (self->lesson) : NULL;
}

GActionGroup *
gml_session_get_actions (GmlSession *self)
{
  g_return_val_if_fail (GML_IS_SESSION (self), NULL);
  return G_ACTION_GROUP (self->actions);
}
