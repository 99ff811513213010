/* gml-progress.c: what a learner has done, saved between runs.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The learner's progress lives in one small JSON file,
 * $XDG_DATA_HOME/gomemlab/progress.json:
 *
 *   { "format": 1,
 *     "scenarios": {
 *       "tour": { "completed": true, "completed_at": "2026-11-25T21:00:00Z",
 *                 "quizzes": { "p-escapes": { "attempts": 2, "correct": true,
 *                                             "first_try": false, "revealed": false,
 *                                             "answer": true } } } } }
 *
 * keyed by scenario and quiz ids (docs/scenario-format.md). Every change
 * rewrites it at once with g_file_set_contents_full (CONSISTENT |
 * DURABLE): a temporary file, fsync, rename over the old one. A crash
 * mid-write therefore leaves the old file or the new one, never half of
 * either. A file that cannot be read as progress (not JSON, another
 * format, truncated by something else) is renamed to
 * progress.json.corrupt-YYYYMMDD-HHMMSS and the learner starts afresh,
 * with a notice the window shows as a toast; it is never fatal. Entries
 * of the wrong shape inside a good file are dropped.
 *
 * GLib and json-glib only, so tests need no display.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gml-progress.h"

struct _GmlProgress
{
  GObject     parent_instance;

  char       *path;
  JsonObject *scenarios;   /* id -> scenario object */
  char       *notice;
  gboolean    read_only;   /* a bad file could not be set aside: never overwrite it */
};

G_DEFINE_FINAL_TYPE (GmlProgress, gml_progress, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Reading ---------------------------------------------------------------- */

static gboolean
member_is (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* A quiz record with the known members of the right types. */
static JsonObject *
clean_quiz (JsonObject *in)
{
  JsonObject *out = json_object_new ();

  if (member_is (in, "attempts", G_TYPE_INT64) && json_object_get_int_member (in, "attempts") >= 0)
    json_object_set_int_member (out, "attempts", MIN (json_object_get_int_member (in, "attempts"), G_MAXUINT));
  if (member_is (in, "correct", G_TYPE_BOOLEAN))
    json_object_set_boolean_member (out, "correct", json_object_get_boolean_member (in, "correct"));
  if (member_is (in, "first_try", G_TYPE_BOOLEAN))
    json_object_set_boolean_member (out, "first_try", json_object_get_boolean_member (in, "first_try"));
  if (member_is (in, "revealed", G_TYPE_BOOLEAN))
    json_object_set_boolean_member (out, "revealed", json_object_get_boolean_member (in, "revealed"));
  if (json_object_has_member (in, "answer"))
    json_object_set_member (out, "answer", json_node_copy (json_object_get_member (in, "answer")));
  return out;
}

static JsonObject *
clean_scenario (JsonObject *in)
{
  JsonObject *out = json_object_new ();
  JsonNode *quizzes = json_object_get_member (in, "quizzes");

  if (member_is (in, "completed", G_TYPE_BOOLEAN))
    json_object_set_boolean_member (out, "completed", json_object_get_boolean_member (in, "completed"));
  if (member_is (in, "completed_at", G_TYPE_STRING))
    json_object_set_string_member (out, "completed_at", json_object_get_string_member (in, "completed_at"));
  if (quizzes != NULL && JSON_NODE_HOLDS_OBJECT (quizzes))
    {
      JsonObject *clean = json_object_new ();
      JsonObjectIter iter;
      const char *id;
      JsonNode *node;

      json_object_iter_init (&iter, json_node_get_object (quizzes));
      while (json_object_iter_next (&iter, &id, &node))
        if (JSON_NODE_HOLDS_OBJECT (node))
          json_object_set_object_member (clean, id, clean_quiz (json_node_get_object (node)));
      json_object_set_object_member (out, "quizzes", clean);
    }
  return out;
}

/* The scenarios of a progress file, or NULL when it is not one. */
static JsonObject *
parse (const char  *data,
       gsize        length,
       char       **why)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root, *scenarios, *out;
  JsonNode *node;
  JsonObjectIter iter;
  const char *id;

  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      *why = g_strdup (error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *why = g_strdup ("not a JSON object");
      return NULL;
    }
  root = json_node_get_object (node);
  if (!member_is (root, "format", G_TYPE_INT64) || json_object_get_int_member (root, "format") != GML_PROGRESS_FORMAT)
    {
      *why = g_strdup ("unknown format");
      return NULL;
    }
  node = json_object_get_member (root, "scenarios");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *why = g_strdup ("no scenarios");
      return NULL;
    }
  scenarios = json_node_get_object (node);
  out = json_object_new ();
  json_object_iter_init (&iter, scenarios);
  while (json_object_iter_next (&iter, &id, &node))
    if (JSON_NODE_HOLDS_OBJECT (node))
      json_object_set_object_member (out, id, clean_scenario (json_node_get_object (node)));
  return out;
}

static void
set_notice (GmlProgress *self,
            char        *notice)
{
  g_free (self->notice);
  self->notice = notice;
}

/* Renames an unreadable file out of the way, keeping it for the curious. */
static void
set_aside (GmlProgress *self,
           const char  *why)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  g_autofree char *name = g_path_get_basename (aside);

  g_message ("%s cannot be read (%s); moving it to %s", self->path, why, aside);
  if (g_rename (self->path, aside) != 0)
    {
      int saved = errno;

      self->read_only = TRUE;
      set_notice (self, g_strdup_printf (_("Your saved progress cannot be read, and it could not be moved "
                                           "aside (%s): progress will not be saved"), g_strerror (saved)));
      return;
    }
  set_notice (self, g_strdup_printf (_("Your saved progress could not be read, so it starts afresh. "
                                       "The old file was kept as %s"), name));
}

static void
load (GmlProgress *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *why = NULL;
  gsize length = 0;

  if (!g_file_get_contents (self->path, &data, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          self->read_only = TRUE;
          set_notice (self, g_strdup_printf (_("Your saved progress cannot be read: %s"), error->message));
        }
      return;
    }
  self->scenarios = parse (data, length, &why);
  if (self->scenarios == NULL)
    {
      self->scenarios = json_object_new ();
      set_aside (self, why);
    }
}

/* Writing ---------------------------------------------------------------- */

gboolean
gml_progress_save (GmlProgress  *self,
                   GError      **error)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) object = json_object_new ();
  g_autofree char *folder = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (GML_IS_PROGRESS (self), FALSE);

  if (self->read_only)
    return TRUE;
  json_object_set_int_member (object, "format", GML_PROGRESS_FORMAT);
  json_object_set_object_member (object, "scenarios", json_object_ref (self->scenarios));
  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", folder, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static void
changed (GmlProgress *self,
         const char  *scenario)
{
  g_autoptr (GError) error = NULL;

  if (!gml_progress_save (self, &error))
    {
      g_warning ("Cannot save progress: %s", error->message);
      set_notice (self, g_strdup_printf (_("Your progress could not be saved: %s"), error->message));
    }
  g_signal_emit (self, signals[CHANGED], 0, scenario);
}

/* The model ---------------------------------------------------------------- */

static JsonObject *
scenario_object (GmlProgress *self,
                 const char  *scenario,
                 gboolean     create)
{
  JsonNode *node = json_object_get_member (self->scenarios, scenario);

  if (node != NULL)
    return json_node_get_object (node);
  if (!create)
    return NULL;
  json_object_set_object_member (self->scenarios, scenario, json_object_new ());
  return json_object_get_object_member (self->scenarios, scenario);
}

static JsonObject *
quiz_object (GmlProgress *self,
             const char  *scenario,
             const char  *quiz,
             gboolean     create)
{
  JsonObject *sc = scenario_object (self, scenario, create);
  JsonObject *quizzes;

  if (sc == NULL)
    return NULL;
  if (!json_object_has_member (sc, "quizzes"))
    {
      if (!create)
        return NULL;
      json_object_set_object_member (sc, "quizzes", json_object_new ());
    }
  quizzes = json_object_get_object_member (sc, "quizzes");
  if (!json_object_has_member (quizzes, quiz))
    {
      if (!create)
        return NULL;
      json_object_set_object_member (quizzes, quiz, json_object_new ());
    }
  return json_object_get_object_member (quizzes, quiz);
}

gboolean
gml_progress_get_completed (GmlProgress *self,
                            const char  *scenario)
{
  JsonObject *sc;

  g_return_val_if_fail (GML_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (scenario != NULL, FALSE);

  sc = scenario_object (self, scenario, FALSE);
  return sc != NULL && json_object_get_boolean_member_with_default (sc, "completed", FALSE);
}

void
gml_progress_set_completed (GmlProgress *self,
                            const char  *scenario)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  JsonObject *sc;

  g_return_if_fail (GML_IS_PROGRESS (self));
  g_return_if_fail (scenario != NULL);

  if (gml_progress_get_completed (self, scenario))
    return;
  sc = scenario_object (self, scenario, TRUE);
  json_object_set_boolean_member (sc, "completed", TRUE);
  json_object_set_string_member (sc, "completed_at", stamp);
  changed (self, scenario);
}

gboolean
gml_progress_get_quiz (GmlProgress   *self,
                       const char    *scenario,
                       const char    *quiz,
                       GmlQuizRecord *record)
{
  JsonObject *q;

  g_return_val_if_fail (GML_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (scenario != NULL && quiz != NULL && record != NULL, FALSE);

  *record = (GmlQuizRecord) { 0 };
  q = quiz_object (self, scenario, quiz, FALSE);
  if (q == NULL)
    return FALSE;
  record->attempts = json_object_get_int_member_with_default (q, "attempts", 0);
  record->correct = json_object_get_boolean_member_with_default (q, "correct", FALSE);
  record->first_try = json_object_get_boolean_member_with_default (q, "first_try", FALSE);
  record->revealed = json_object_get_boolean_member_with_default (q, "revealed", FALSE);
  record->answer = json_object_get_member (q, "answer");
  return TRUE;
}

void
gml_progress_record_attempt (GmlProgress *self,
                             const char  *scenario,
                             const char  *quiz,
                             gboolean     correct,
                             JsonNode    *answer)
{
  JsonObject *q;
  gint64 attempts;

  g_return_if_fail (GML_IS_PROGRESS (self));
  g_return_if_fail (scenario != NULL && quiz != NULL);

  q = quiz_object (self, scenario, quiz, TRUE);
  attempts = json_object_get_int_member_with_default (q, "attempts", 0);
  /* Only a first answer given before the answer was shown can score. */
  if (attempts == 0 && !json_object_get_boolean_member_with_default (q, "revealed", FALSE))
    json_object_set_boolean_member (q, "first_try", correct);
  json_object_set_int_member (q, "attempts", attempts + 1);
  json_object_set_boolean_member (q, "correct", correct);
  if (answer != NULL)
    json_object_set_member (q, "answer", json_node_copy (answer));
  else
    json_object_remove_member (q, "answer");
  changed (self, scenario);
}

void
gml_progress_record_reveal (GmlProgress *self,
                            const char  *scenario,
                            const char  *quiz)
{
  JsonObject *q;

  g_return_if_fail (GML_IS_PROGRESS (self));
  g_return_if_fail (scenario != NULL && quiz != NULL);

  q = quiz_object (self, scenario, quiz, TRUE);
  if (json_object_get_boolean_member_with_default (q, "revealed", FALSE))
    return;
  json_object_set_boolean_member (q, "revealed", TRUE);
  changed (self, scenario);
}

guint
gml_progress_count_right (GmlProgress *self,
                          const char  *scenario,
                          guint       *first_try)
{
  JsonObject *sc;
  JsonNode *quizzes;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;
  guint right = 0, first = 0;

  g_return_val_if_fail (GML_IS_PROGRESS (self), 0);

  sc = scenario_object (self, scenario, FALSE);
  quizzes = sc != NULL ? json_object_get_member (sc, "quizzes") : NULL;
  if (quizzes != NULL)
    {
      json_object_iter_init (&iter, json_node_get_object (quizzes));
      while (json_object_iter_next (&iter, &id, &node))
        {
          JsonObject *q = json_node_get_object (node);

          right += json_object_get_boolean_member_with_default (q, "correct", FALSE);
          first += json_object_get_boolean_member_with_default (q, "first_try", FALSE);
        }
    }
  if (first_try != NULL)
    *first_try = first;
  return right;
}

/* GObject ---------------------------------------------------------------- */

static void
gml_progress_finalize (GObject *object)
{
  GmlProgress *self = GML_PROGRESS (object);

  g_clear_pointer (&self->scenarios, json_object_unref);
  g_free (self->path);
  g_free (self->notice);

  G_OBJECT_CLASS (gml_progress_parent_class)->finalize (object);
}

static void
gml_progress_class_init (GmlProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gml_progress_finalize;

  /**
   * GmlProgress::changed:
   * @scenario: the id of the scenario whose progress changed
   *
   * Something was recorded (and saved).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gml_progress_init (GmlProgress *self)
{
}

/**
 * gml_progress_new:
 * @path: the progress file; it need not exist
 *
 * Reads @path. An unreadable file is set aside (see the top of this
 * file); gml_progress_take_notice() then says so.
 */
GmlProgress *
gml_progress_new (const char *path)
{
  GmlProgress *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GML_TYPE_PROGRESS, NULL);
  self->path = g_strdup (path);
  load (self);
  if (self->scenarios == NULL)
    self->scenarios = json_object_new ();
  return self;
}

/**
 * gml_progress_get_default:
 *
 * The learner's progress, in g_get_user_data_dir()/gomemlab/progress.json,
 * shared by every window of the process.
 *
 * Returns: (transfer none): the progress
 */
GmlProgress *
gml_progress_get_default (void)
{
  static GmlProgress *progress;

  if (progress == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "gomemlab", "progress.json", NULL);

      progress = gml_progress_new (path);
    }
  return progress;
}

const char *
gml_progress_get_path (GmlProgress *self)
{
  g_return_val_if_fail (GML_IS_PROGRESS (self), NULL);
  return self->path;
}

char *
gml_progress_take_notice (GmlProgress *self)
{
  g_return_val_if_fail (GML_IS_PROGRESS (self), NULL);
  return g_steal_pointer (&self->notice);
}
