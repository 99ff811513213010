/* gml-scenario.c: reading scenario files and plain Go programs.
 *
 * The reader walks the JSON tree once, in a fixed order (not the file's),
 * and reports every problem it meets; nothing stops it but a JSON syntax
 * error or a format it does not know.  Only then is the program compiled
 * and the model checked against it (gml-scenario-program.c).
 */
#include "gml-scenario-private.h"

#include <stdlib.h>
#include <string.h>

#include "gml-event.h"
#include "gml-json.h"
#include "gml-markup.h"

typedef struct
{
  GmlArena      *arena;          /* the JSON tree */
  const char    *file;           /* display name of the scenario */
  GmlDiagList   *diags;
  GmlScenario   *sc;
  GFile         *folder;         /* where program files are looked up; may be NULL */
  const GmlJson *lines;          /* the inline program's "lines", for Go's positions */
  gboolean       program_failed; /* "program" is unusable: do not compile */
} Loader;

/* An object being read, and how messages name it. */
typedef struct
{
  Loader        *ld;
  const GmlJson *v;
  const char    *what;           /* "a narration card" */
} Obj;

static const char * const top_keys[] = {
  "format", "id", "title", "summary", "topic", "level", "tags",
  "program", "settings", "chapters", "narration", "quizzes", NULL
};
static const char * const program_keys[] = { "file", "lines", NULL };
static const char * const settings_keys[] = {
  "gogc", "gomemlimit", "gomaxprocs", "stack_limit", "step_budget", NULL
};
static const char * const chapter_keys[] = { "title", "anchor", NULL };
static const char * const card_keys[] = { "title", "body", "anchor", "highlight", NULL };
static const char * const highlight_keys[] = { "var", "func", "line", "type", "goroutine", NULL };
static const char * const anchor_keys[] = {
  "line", "hit", "gc", "phase", "event", "nth", "step", "end", NULL
};
static const char * const anchor_kind_keys[] = { "line", "gc", "event", "step", "end", NULL };
static const char * const quiz_keys[] = {
  "id", "kind", "question", "anchor", "hold", "explanation", "choices",
  "answer", "tolerance", "tolerance_percent", NULL
};
static const char * const choice_keys[] = { "text", "correct", "explanation", NULL };
static const char * const level_names[] = { "beginner", "intermediate", "advanced", NULL };
static const char * const quiz_kind_names[] = { "choice", "predict", "pick", NULL };

const char * const gml_scenario_topics[] = {
  "basics", "escape-analysis", "data-structures", "stacks", "goroutines", "gc", "tuning", NULL
};

static const char * const event_names[] = {
#define X(name, json, coarse, a, b, c, d) json,
#include "gml-event.def"
#undef X
  NULL
};

static const char * const answer_names[] = {
#define X(name, json, result, params) json,
#include "gml-answer.def"
#undef X
  NULL
};

typedef enum { PARAMS_NONE, PARAMS_VAR, PARAMS_GOROUTINE, PARAMS_TYPE } AnswerParams;

static const AnswerParams answer_params[] = {
#define X(name, json, result, params) PARAMS_##params,
#include "gml-answer.def"
#undef X
};

static const GmlAnswerType answer_types[] = {
#define X(name, json, result, params) GML_ANSWER_TYPE_##result,
#include "gml-answer.def"
#undef X
};

/* The learner names of gml-gc-phase.def, spelt with hyphens for the
 * format (the test suite compares the two lists). */
static const char * const phase_names[] = {
  "idle", "sweep-termination", "mark", "mark-termination", "sweep", NULL
};

enum
{
#define X(name, str, stw) PHASE_##name,
#include "gml-gc-phase.def"
#undef X
  N_PHASES
};

G_STATIC_ASSERT (G_N_ELEMENTS (phase_names) == N_PHASES + 1);

/* ------------------------------------------------------------------ */
/* Small tables                                                        */

const char *
gml_scenario_phase_name (guint phase)
{
  return phase < N_PHASES ? phase_names[phase] : NULL;
}

const char *
gml_scenario_level_name (GmlScenarioLevel level)
{
  g_return_val_if_fail (level <= GML_LEVEL_ADVANCED, NULL);
  return level_names[level];
}

GmlAnswerType
gml_answer_kind_type (GmlAnswerKind kind)
{
  g_return_val_if_fail (kind < GML_N_ANSWER_KINDS, GML_ANSWER_TYPE_NUMBER);
  return answer_types[kind];
}

const char *
gml_answer_kind_name (GmlAnswerKind kind)
{
  g_return_val_if_fail (kind < GML_N_ANSWER_KINDS, NULL);
  return answer_names[kind];
}

static int
find_name (const char * const *names,
           const char         *word)
{
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], word) == 0)
      return i;
  return -1;
}

/* Optimal string alignment distance: a swapped pair of letters is one
 * edit, the most common typo in keys ("titel"). */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize n = strlen (a), m = strlen (b);
  g_autofree guint *d = NULL;

  if (n > 64 || m > 64)
    return G_MAXUINT;
  d = g_new (guint, (n + 1) * (m + 1));
#define D(i, j) d[(i) * (m + 1) + (j)]
  for (gsize i = 0; i <= n; i++)
    D (i, 0) = (guint) i;
  for (gsize j = 0; j <= m; j++)
    D (0, j) = (guint) j;
  for (gsize i = 1; i <= n; i++)
    for (gsize j = 1; j <= m; j++)
      {
        guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;
        guint v = MIN (MIN (D (i - 1, j) + 1, D (i, j - 1) + 1), D (i - 1, j - 1) + cost);

        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          v = MIN (v, D (i - 2, j - 2) + 1);
        D (i, j) = v;
      }
  return D (n, m);
#undef D
}

const char *
gml_scenario_suggest (const char         *word,
                      const char * const *candidates)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  gsize len = strlen (word);
  /* Short words need a closer match, or everything suggests everything. */
  guint limit = len <= 2 ? 0 : len <= 4 ? 1 : len <= 7 ? 2 : 3;

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      guint d = edit_distance (word, candidates[i]);

      if (d < best_d)
        {
          best_d = d;
          best = candidates[i];
        }
    }
  return best_d <= limit ? best : NULL;
}

/* ------------------------------------------------------------------ */
/* Reporting                                                           */

static void G_GNUC_PRINTF (3, 4)
err (Loader     *ld,
     GmlPos      pos,
     const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  gml_diag_list_addv (ld->diags, GML_DIAG_ERROR, ld->file, pos, format, args);
  va_end (args);
}

/* "a, b or c" with each name quoted. */
static char *
quoted_list (const char * const *names,
             const char         *last_joint)
{
  GString *s = g_string_new (NULL);
  guint n = g_strv_length ((char **) names);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, i + 1 == n ? last_joint : ", ");
      g_string_append_printf (s, "\"%s\"", names[i]);
    }
  return g_string_free (s, FALSE);
}

/* A key that is right, but in another object. */
static const char *
home_of_key (const char         *key,
             const char * const *keys)
{
  if (find_name (settings_keys, key) >= 0 && find_name (keys, "settings") >= 0)
    return "settings";
  if (find_name (anchor_keys, key) >= 0 && find_name (keys, "anchor") >= 0)
    return "anchor";
  if (find_name (answer_names, key) >= 0 && find_name (keys, "answer") >= 0)
    return "answer";
  if (find_name (program_keys, key) >= 0 && find_name (keys, "program") >= 0)
    return "program";
  return NULL;
}

static void
unknown_key (Obj                 *o,
             const GmlJsonMember *m,
             const char * const  *keys)
{
  const char *home = home_of_key (m->key, keys);
  const char *guess = gml_scenario_suggest (m->key, keys);

  if (home != NULL)
    err (o->ld, m->pos, "unknown key \"%s\" in %s; it belongs inside \"%s\"", m->key, o->what, home);
  else if (guess != NULL)
    err (o->ld, m->pos, "unknown key \"%s\" in %s; did you mean \"%s\"?", m->key, o->what, guess);
  else
    {
      g_autofree char *list = quoted_list (keys, " and ");

      err (o->ld, m->pos, "unknown key \"%s\" in %s (its keys are %s)", m->key, o->what, list);
    }
}

static void
check_keys (Obj                *o,
            const char * const *keys)
{
  for (guint i = 0; i < o->v->u.obj.n; i++)
    if (find_name (keys, o->v->u.obj.members[i].key) < 0)
      unknown_key (o, &o->v->u.obj.members[i], keys);
}

/* Begins reading `v` as an object; FALSE (reported) when it is not one. */
static gboolean
obj_init (Obj           *o,
          Loader        *ld,
          const GmlJson *v,
          const char    *what,
          const char    *key)
{
  o->ld = ld;
  o->v = v;
  o->what = what;
  if (v->kind == GML_JSON_OBJECT)
    return TRUE;
  if (key != NULL)
    err (ld, v->pos, "\"%s\" must be an object ({ ... }), not %s", key, gml_json_kind_name (v->kind));
  else
    err (ld, v->pos, "%s must be an object ({ ... }), not %s", what, gml_json_kind_name (v->kind));
  return FALSE;
}

static const GmlJsonMember *
obj_get (Obj        *o,
         const char *key,
         gboolean    required)
{
  const GmlJsonMember *m = gml_json_member (o->v, key);

  if (m == NULL && required)
    err (o->ld, o->v->pos, "%s needs \"%s\"", o->what, key);
  return m;
}

static gboolean
expect_kind (Loader              *ld,
             const GmlJsonMember *m,
             GmlJsonKind          kind)
{
  if (m->value->kind == kind)
    return TRUE;
  err (ld, m->value->pos, "\"%s\" must be %s, not %s", m->key,
       gml_json_kind_name (kind), gml_json_kind_name (m->value->kind));
  return FALSE;
}

/* An element of an array: "a tag must be a string, not a number". */
static gboolean
expect_item_kind (Loader        *ld,
                  const GmlJson *v,
                  GmlJsonKind    kind,
                  const char    *what)
{
  if (v->kind == kind)
    return TRUE;
  err (ld, v->pos, "%s must be %s, not %s", what, gml_json_kind_name (kind), gml_json_kind_name (v->kind));
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

enum
{
  STR_NONEMPTY = 1 << 0,
  STR_LINE     = 1 << 1,   /* no line breaks */
  STR_MARKUP   = 1 << 2,
};

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static gboolean
check_string (Loader              *ld,
              const GmlJsonMember *m,
              guint                flags)
{
  const GmlJson *v = m->value;
  const char *nl = strchr (v->u.str.s, '\n');
  g_autoptr (GArray) spans = NULL;
  g_autofree char *error = NULL;
  gsize offset;

  if ((flags & STR_NONEMPTY) && is_blank (v->u.str.s))
    {
      err (ld, v->pos, "\"%s\" must not be empty", m->key);
      return FALSE;
    }
  if ((flags & STR_LINE) && nl != NULL)
    {
      err (ld, gml_json_string_pos (v, (gsize) (nl - v->u.str.s)), "\"%s\" must be a single line", m->key);
      return FALSE;
    }
  if ((flags & STR_MARKUP) && (spans = gml_markup_parse (v->u.str.s, &offset, &error)) == NULL)
    {
      err (ld, gml_json_string_pos (v, offset), "\"%s\": %s", m->key, error);
      return FALSE;
    }
  return TRUE;
}

/* The string at `key`, or NULL (reported when present but wrong). */
static char *
obj_string (Obj        *o,
            const char *key,
            gboolean    required,
            guint       flags)
{
  const GmlJsonMember *m = obj_get (o, key, required);

  if (m == NULL || !expect_kind (o->ld, m, GML_JSON_STRING) || !check_string (o->ld, m, flags))
    return NULL;
  return g_strdup (m->value->u.str.s);
}

static gboolean
number_in_range (Loader              *ld,
                 const GmlJsonMember *m,
                 gint64               min,
                 gint64               max,
                 gint64              *out)
{
  const GmlJson *v = m->value;

  if (!expect_kind (ld, m, GML_JSON_NUMBER))
    return FALSE;
  if (!v->u.num.integer && !v->u.num.overflow)
    {
      err (ld, v->pos, "\"%s\" must be a whole number, not %.*s", m->key, (int) v->raw_len, v->raw);
      return FALSE;
    }
  /* Beyond int64 or beyond double: never wrapped, never clamped. */
  if (v->u.num.overflow || v->u.num.i < min || v->u.num.i > max)
    {
      err (ld, v->pos, "\"%s\" must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT ", not %.*s",
           m->key, min, max, (int) v->raw_len, v->raw);
      return FALSE;
    }
  *out = v->u.num.i;
  return TRUE;
}

/* An integer at `key`; `*out` keeps its default when absent or wrong. */
static gboolean
obj_int (Obj        *o,
         const char *key,
         gboolean    required,
         gint64      min,
         gint64      max,
         gint64     *out)
{
  const GmlJsonMember *m = obj_get (o, key, required);

  return m != NULL && number_in_range (o->ld, m, min, max, out);
}

static gboolean
obj_bool (Obj        *o,
          const char *key,
          gboolean   *out)
{
  const GmlJsonMember *m = obj_get (o, key, FALSE);

  if (m == NULL || !expect_kind (o->ld, m, GML_JSON_BOOL))
    return FALSE;
  *out = m->value->u.boolean;
  return TRUE;
}

/* One of `names`; its index, or -1 (reported when present but wrong). */
static int
obj_enum (Obj                *o,
          const char         *key,
          gboolean            required,
          const char * const *names)
{
  const GmlJsonMember *m = obj_get (o, key, required);
  const char *guess;
  g_autofree char *list = NULL;
  int i;

  if (m == NULL || !expect_kind (o->ld, m, GML_JSON_STRING))
    return -1;
  if ((i = find_name (names, m->value->u.str.s)) >= 0)
    return i;
  guess = gml_scenario_suggest (m->value->u.str.s, names);
  list = quoted_list (names, " or ");
  if (guess != NULL)
    err (o->ld, m->value->pos, "unknown %s \"%s\"; did you mean \"%s\"?", key, m->value->u.str.s, guess);
  else
    err (o->ld, m->value->pos, "unknown %s \"%s\" (use %s)", key, m->value->u.str.s, list);
  return -1;
}

static gboolean
is_id (const char *s)
{
  gsize n = strlen (s);

  if (n == 0 || n > 64)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '-' && s[i] != '_')
      return FALSE;
  return TRUE;
}

static char *
obj_id (Obj        *o,
        const char *key,
        gboolean    required)
{
  const GmlJsonMember *m = obj_get (o, key, required);

  if (m == NULL || !expect_kind (o->ld, m, GML_JSON_STRING))
    return NULL;
  if (!is_id (m->value->u.str.s))
    {
      err (o->ld, m->value->pos, "\"%s\" must be 1 to 64 letters, digits, '-' or '_', not \"%s\"",
           m->key, m->value->u.str.s);
      return NULL;
    }
  return g_strdup (m->value->u.str.s);
}

/* An array at `key`; NULL when absent or not an array (reported). */
static const GmlJson *
obj_array (Obj        *o,
           const char *key)
{
  const GmlJsonMember *m = obj_get (o, key, FALSE);

  if (m == NULL || !expect_kind (o->ld, m, GML_JSON_ARRAY))
    return NULL;
  return m->value;
}

/* ------------------------------------------------------------------ */
/* Byte sizes: 1048576, "64MiB", "off"                                 */

static gboolean
parse_size (const char *s,
            gint64     *out)
{
  static const struct { const char *unit; int shift; } units[] = {
    { "B", 0 }, { "KiB", 10 }, { "MiB", 20 }, { "GiB", 30 }, { "TiB", 40 },
  };
  const char *p = s;
  guint64 v = 0;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (v > G_MAXINT64 / 10)
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (p, units[i].unit) == 0 || (*p == '\0' && i == 0))
      {
        if (v > (guint64) G_MAXINT64 >> units[i].shift)
          return FALSE;
        *out = (gint64) (v << units[i].shift);
        return TRUE;
      }
  return FALSE;
}

static gboolean
obj_size (Obj        *o,
          const char *key,
          gint64      min,
          gint64      max,
          gboolean    allow_off,
          gint64     *out)
{
  const GmlJsonMember *m = obj_get (o, key, FALSE);
  const GmlJson *v;
  gint64 n;

  if (m == NULL)
    return FALSE;
  v = m->value;
  if (v->kind == GML_JSON_NUMBER)
    return number_in_range (o->ld, m, min, max, out);
  if (v->kind != GML_JSON_STRING)
    {
      err (o->ld, v->pos, "\"%s\" must be a number of bytes or a string such as \"64MiB\"%s, not %s",
           key, allow_off ? " or \"off\"" : "", gml_json_kind_name (v->kind));
      return FALSE;
    }
  if (allow_off && strcmp (v->u.str.s, "off") == 0)
    {
      *out = G_MAXINT64;
      return TRUE;
    }
  if (!parse_size (v->u.str.s, &n))
    {
      err (o->ld, v->pos, "\"%s\": \"%s\" is not a size; write bytes with an optional unit B, KiB, MiB, GiB or TiB (\"64MiB\")%s",
           key, v->u.str.s, allow_off ? ", or \"off\"" : "");
      return FALSE;
    }
  if (n < min || n > max)
    {
      err (o->ld, v->pos, "\"%s\" must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " bytes, not \"%s\"",
           key, min, max, v->u.str.s);
      return FALSE;
    }
  *out = n;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Settings                                                            */

void
gml_scenario_settings_init (GmlScenarioSettings *settings)
{
  GmlVmConfig config;

  /* Go's defaults are the VM's; keep one copy of them. */
  gml_vm_config_init (&config);
  settings->gogc = config.gogc;
  settings->memory_limit = config.memory_limit;
  settings->gomaxprocs = config.gomaxprocs;
  settings->stack_limit = config.max_stack;
  settings->step_budget = config.max_steps;
}

void
gml_scenario_settings_apply (const GmlScenarioSettings *settings,
                             GmlVmConfig               *config)
{
  config->gogc = settings->gogc;
  config->memory_limit = settings->memory_limit;
  config->gomaxprocs = settings->gomaxprocs;
  config->max_stack = settings->stack_limit;
  config->max_steps = settings->step_budget;
}

static void
read_gogc (Obj                 *o,
           GmlScenarioSettings *s)
{
  const GmlJsonMember *m = obj_get (o, "gogc", FALSE);
  gint64 v;

  if (m == NULL)
    return;
  if (m->value->kind == GML_JSON_STRING && strcmp (m->value->u.str.s, "off") == 0)
    s->gogc = -1;
  else if (m->value->kind == GML_JSON_STRING)
    err (o->ld, m->value->pos, "\"gogc\" must be a percentage such as 100, or \"off\", not \"%s\"", m->value->u.str.s);
  else if (m->value->kind != GML_JSON_NUMBER)
    err (o->ld, m->value->pos, "\"gogc\" must be a percentage such as 100, or \"off\", not %s",
         gml_json_kind_name (m->value->kind));
  else if (number_in_range (o->ld, m, 0, 10000, &v))
    s->gogc = (gint) v;
}

static void
read_settings (Obj *top)
{
  GmlScenarioSettings *s = &top->ld->sc->settings;
  const GmlJsonMember *m = obj_get (top, "settings", FALSE);
  Obj o;
  gint64 v;

  if (m == NULL || !obj_init (&o, top->ld, m->value, "\"settings\"", "settings"))
    return;
  check_keys (&o, settings_keys);
  read_gogc (&o, s);
  obj_size (&o, "gomemlimit", 0, G_GINT64_CONSTANT (1) << 40, TRUE, &s->memory_limit);
  if (obj_int (&o, "gomaxprocs", FALSE, 1, 64, &v))
    s->gomaxprocs = (guint) v;
  if (obj_size (&o, "stack_limit", 2048, 1000000000, FALSE, &v))
    s->stack_limit = (guint64) v;
  if (obj_int (&o, "step_budget", FALSE, 1, 50000000, &v))
    s->step_budget = (guint64) v;
}

/* ------------------------------------------------------------------ */
/* Anchors                                                             */

/* The one kind key of an anchor, or NULL (reported). */
static const GmlJsonMember *
anchor_kind_member (Obj *a)
{
  const GmlJsonMember *kind = NULL;

  for (guint i = 0; i < a->v->u.obj.n; i++)
    {
      const GmlJsonMember *m = &a->v->u.obj.members[i];

      if (find_name (anchor_kind_keys, m->key) < 0)
        continue;
      if (kind != NULL)
        {
          err (a->ld, m->pos, "an anchor has one of \"line\", \"gc\", \"event\", \"step\" or \"end\"; "
               "this one has both \"%s\" and \"%s\"", kind->key, m->key);
          return NULL;
        }
      kind = m;
    }
  if (kind == NULL)
    err (a->ld, a->v->pos, "an anchor needs one of \"line\", \"gc\", \"event\", \"step\" or \"end\"");
  return kind;
}

/* "hit" goes with "line" and so on. */
static void
check_modifiers (Obj        *a,
                 const char *kind)
{
  static const char * const pairs[][2] = { { "hit", "line" }, { "phase", "gc" }, { "nth", "event" } };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      const GmlJsonMember *m = gml_json_member (a->v, pairs[i][0]);

      if (m != NULL && strcmp (kind, pairs[i][1]) != 0)
        err (a->ld, m->pos, "\"%s\" goes with \"%s\", not with \"%s\"", pairs[i][0], pairs[i][1], kind);
    }
}

static void
read_anchor_value (Obj                 *a,
                   const GmlJsonMember *k,
                   GmlAnchor           *anchor)
{
  const char *kind = k->key;
  gint64 v = 1;
  int i;

  anchor->nth = 1;
  if (strcmp (kind, "line") == 0)
    {
      anchor->kind = GML_ANCHOR_LINE;
      if (number_in_range (a->ld, k, 1, 1000000, &v))
        anchor->line = (guint32) v;
      if (obj_int (a, "hit", FALSE, 1, 1000000000, &v))
        anchor->nth = (guint32) v;
    }
  else if (strcmp (kind, "gc") == 0)
    {
      anchor->kind = GML_ANCHOR_GC;
      anchor->gc_phase = PHASE_SWEEP_TERM;   /* the cycle starts */
      if (number_in_range (a->ld, k, 1, 1000000, &v))
        anchor->nth = (guint32) v;
      if ((i = obj_enum (a, "phase", FALSE, phase_names)) >= 0)
        anchor->gc_phase = (guint32) i;
    }
  else if (strcmp (kind, "event") == 0)
    {
      anchor->kind = GML_ANCHOR_EVENT;
      if (k->value->kind == GML_JSON_STRING && g_str_has_prefix (k->value->u.str.s, "gc")
          && find_name (event_names, k->value->u.str.s) < 0)
        err (a->ld, k->value->pos, "unknown event \"%s\"; for a point of a GC cycle use an anchor such as "
             "{\"gc\": 1, \"phase\": \"mark\"}", k->value->u.str.s);
      else if ((i = obj_enum (a, "event", TRUE, event_names)) >= 0)
        anchor->event = (guint32) i;
      if (obj_int (a, "nth", FALSE, 1, 1000000000, &v))
        anchor->nth = (guint32) v;
    }
  else if (strcmp (kind, "step") == 0)
    {
      anchor->kind = GML_ANCHOR_STEP;
      if (number_in_range (a->ld, k, 0, (gint64) a->ld->sc->settings.step_budget, &v))
        anchor->step = (guint64) v;
    }
  else
    {
      anchor->kind = GML_ANCHOR_END;
      if (expect_kind (a->ld, k, GML_JSON_BOOL) && !k->value->u.boolean)
        err (a->ld, k->value->pos, "\"end\" must be true (an anchor at the end of the run)");
    }
}

/* Reads parent's "anchor"; FALSE when absent or wrong (reported). */
static gboolean
read_anchor (Obj       *parent,
             GmlAnchor *anchor)
{
  const GmlJsonMember *m = obj_get (parent, "anchor", TRUE);
  const GmlJsonMember *k;
  guint before = gml_diag_list_len (parent->ld->diags);
  Obj a;

  if (m == NULL || !obj_init (&a, parent->ld, m->value, "an anchor", "anchor"))
    return FALSE;
  check_keys (&a, anchor_keys);
  if ((k = anchor_kind_member (&a)) == NULL)
    return FALSE;
  anchor->pos = k->value->pos;
  check_modifiers (&a, k->key);
  read_anchor_value (&a, k, anchor);
  return gml_diag_list_len (parent->ld->diags) == before;
}

/* ------------------------------------------------------------------ */
/* Variables, highlights                                               */

static gboolean
is_go_identifier (const char *s)
{
  const char *p = s;

  if (*s == '\0' || !g_utf8_validate (s, -1, NULL))
    return FALSE;
  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!(g_unichar_isalpha (c) || c == '_' || (p != s && g_unichar_isdigit (c))))
        return FALSE;
    }
  return TRUE;
}

/* "var" and optional "func" of object o. */
static gboolean
read_var_ref (Obj       *o,
              GmlVarRef *ref)
{
  const GmlJsonMember *m = obj_get (o, "var", TRUE);
  const GmlJsonMember *f = obj_get (o, "func", FALSE);
  const GmlJsonMember *l = obj_get (o, "line", FALSE);
  gboolean ok = TRUE;
  gint64 line;

  if (m != NULL && expect_kind (o->ld, m, GML_JSON_STRING))
    {
      if (is_go_identifier (m->value->u.str.s))
        {
          ref->name = g_strdup (m->value->u.str.s);
          ref->pos = m->value->pos;
        }
      else
        {
          err (o->ld, m->value->pos, "\"var\" must be the name of a variable, not \"%s\"", m->value->u.str.s);
          ok = FALSE;
        }
    }
  else
    ok = FALSE;
  if (f != NULL && expect_kind (o->ld, f, GML_JSON_STRING) && check_string (o->ld, f, STR_NONEMPTY | STR_LINE))
    {
      ref->func = g_strdup (f->value->u.str.s);
      ref->func_pos = f->value->pos;
    }
  else if (f != NULL)
    ok = FALSE;
  if (l != NULL && number_in_range (o->ld, l, 1, 1000000, &line))
    {
      ref->line = (guint32) line;
      ref->line_pos = l->value->pos;
    }
  else if (l != NULL)
    ok = FALSE;
  return ok;
}

static void
highlight_clear (gpointer data)
{
  GmlHighlight *h = data;

  g_free (h->var.name);
  g_free (h->var.func);
  g_free (h->type);
}

static const GmlJsonMember *
highlight_kind_member (Obj *o)
{
  static const char * const kinds[] = { "var", "type", "goroutine", NULL };
  const GmlJsonMember *kind = NULL;

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      const GmlJsonMember *m = gml_json_member (o->v, kinds[i]);

      if (m != NULL && kind != NULL)
        {
          err (o->ld, m->pos, "a highlight names one thing: \"var\", \"type\" or \"goroutine\"; "
               "this one has both \"%s\" and \"%s\"", kind->key, m->key);
          return NULL;
        }
      if (m != NULL)
        kind = m;
    }
  if (kind == NULL)
    err (o->ld, o->v->pos, "a highlight needs \"var\", \"type\" or \"goroutine\"");
  return kind;
}

static void
read_highlight (Loader        *ld,
                const GmlJson *v,
                GArray        *out)
{
  GmlHighlight h = { 0 };
  const GmlJsonMember *k, *f;
  gint64 g;
  Obj o;

  if (!obj_init (&o, ld, v, "a highlight", NULL))
    return;
  check_keys (&o, highlight_keys);
  if ((k = highlight_kind_member (&o)) == NULL)
    return;
  h.pos = v->pos;
  if ((f = gml_json_member (v, "func")) != NULL && strcmp (k->key, "var") != 0)
    err (ld, f->pos, "\"func\" goes with \"var\", not with \"%s\"", k->key);
  if ((f = gml_json_member (v, "line")) != NULL && strcmp (k->key, "var") != 0)
    err (ld, f->pos, "\"line\" goes with \"var\", not with \"%s\"", k->key);
  if (strcmp (k->key, "var") == 0)
    {
      h.kind = GML_HIGHLIGHT_VAR;
      if (!read_var_ref (&o, &h.var))
        {
          highlight_clear (&h);
          return;
        }
    }
  else if (strcmp (k->key, "type") == 0)
    {
      h.kind = GML_HIGHLIGHT_TYPE;
      if ((h.type = obj_string (&o, "type", TRUE, STR_NONEMPTY | STR_LINE)) == NULL)
        return;
    }
  else
    {
      h.kind = GML_HIGHLIGHT_GOROUTINE;
      if (!obj_int (&o, "goroutine", TRUE, 1, 1000000000, &g))
        return;
      h.goroutine = (guint64) g;
    }
  g_array_append_val (out, h);
}

static GArray *
read_highlights (Obj *card)
{
  const GmlJson *arr = obj_array (card, "highlight");
  GArray *out = g_array_new (FALSE, TRUE, sizeof (GmlHighlight));

  g_array_set_clear_func (out, highlight_clear);
  for (guint i = 0; arr != NULL && i < arr->u.arr.n; i++)
    read_highlight (card->ld, arr->u.arr.items[i], out);
  return out;
}

/* ------------------------------------------------------------------ */
/* Chapters and narration                                              */

void
gml_chapter_free (gpointer data)
{
  GmlChapter *c = data;

  g_free (c->title);
  g_free (c);
}

void
gml_card_free (gpointer data)
{
  GmlCard *c = data;

  g_free (c->title);
  g_free (c->body);
  g_clear_pointer (&c->highlights, g_array_unref);
  g_free (c);
}

static void
read_chapter (Loader        *ld,
              const GmlJson *v)
{
  GmlChapter *c;
  Obj o;

  if (!obj_init (&o, ld, v, "a chapter", NULL))
    return;
  check_keys (&o, chapter_keys);
  c = g_new0 (GmlChapter, 1);
  c->pos = v->pos;
  c->title = obj_string (&o, "title", TRUE, STR_NONEMPTY | STR_LINE);
  read_anchor (&o, &c->anchor);
  g_ptr_array_add (ld->sc->chapters, c);
}

static void
read_card (Loader        *ld,
           const GmlJson *v)
{
  GmlCard *c;
  Obj o;

  if (!obj_init (&o, ld, v, "a narration card", NULL))
    return;
  check_keys (&o, card_keys);
  c = g_new0 (GmlCard, 1);
  c->pos = v->pos;
  c->title = obj_string (&o, "title", FALSE, STR_NONEMPTY | STR_LINE);
  c->body = obj_string (&o, "body", TRUE, STR_NONEMPTY | STR_MARKUP);
  read_anchor (&o, &c->anchor);
  c->highlights = read_highlights (&o);
  g_ptr_array_add (ld->sc->cards, c);
}

/* ------------------------------------------------------------------ */
/* Quizzes                                                             */

static void
choice_clear (gpointer data)
{
  GmlChoice *c = data;

  g_free (c->text);
  g_free (c->explanation);
}

void
gml_quiz_free (gpointer data)
{
  GmlQuiz *q = data;

  g_free (q->id);
  g_free (q->question);
  g_free (q->explanation);
  g_clear_pointer (&q->choices, g_array_unref);
  g_free (q->answer.var.name);
  g_free (q->answer.var.func);
  g_free (q->answer.type);
  g_free (q);
}

static void
read_choice (Loader        *ld,
             const GmlJson *v,
             GArray        *out)
{
  GmlChoice c = { 0 };
  Obj o;

  if (!obj_init (&o, ld, v, "a choice", NULL))
    return;
  check_keys (&o, choice_keys);
  c.pos = v->pos;
  c.text = obj_string (&o, "text", TRUE, STR_NONEMPTY | STR_MARKUP);
  obj_bool (&o, "correct", &c.correct);
  c.explanation = obj_string (&o, "explanation", TRUE, STR_NONEMPTY | STR_MARKUP);
  g_array_append_val (out, c);
}

static void
read_choices (Obj     *o,
              GmlQuiz *q)
{
  const GmlJsonMember *m = obj_get (o, "choices", TRUE);
  const GmlJson *arr;

  q->choices = g_array_new (FALSE, TRUE, sizeof (GmlChoice));
  g_array_set_clear_func (q->choices, choice_clear);
  if (m == NULL || !expect_kind (o->ld, m, GML_JSON_ARRAY))
    return;
  arr = m->value;
  if (arr->u.arr.n < 2 || arr->u.arr.n > 10)
    err (o->ld, arr->pos, "a choice quiz has 2 to 10 choices, not %u", arr->u.arr.n);
  for (guint i = 0; i < arr->u.arr.n; i++)
    read_choice (o->ld, arr->u.arr.items[i], q->choices);
  if (q->choices->len == arr->u.arr.n && arr->u.arr.n >= 2 && gml_quiz_n_correct_choices (q) == 0)
    err (o->ld, arr->pos, "no choice is marked \"correct\": true");
}

/* The parameters of an answer spec: {}, {"var": ...}, {"goroutine": N}, {"type": ...}. */
static void
read_answer_params (Loader              *ld,
                    const GmlJsonMember *m,
                    GmlAnswerSpec       *spec)
{
  static const char * const keys[][4] = {
    [PARAMS_NONE] = { NULL }, [PARAMS_VAR] = { "var", "func", "line", NULL },
    [PARAMS_GOROUTINE] = { "goroutine", NULL }, [PARAMS_TYPE] = { "type", NULL },
  };
  AnswerParams params = answer_params[spec->kind];
  g_autofree char *what = g_strdup_printf ("\"%s\"", m->key);
  gint64 g;
  Obj o;

  if (!obj_init (&o, ld, m->value, what, m->key))
    return;
  check_keys (&o, keys[params]);
  if (params == PARAMS_VAR)
    read_var_ref (&o, &spec->var);
  else if (params == PARAMS_GOROUTINE && obj_int (&o, "goroutine", TRUE, 1, 1000000000, &g))
    spec->goroutine = (guint64) g;
  else if (params == PARAMS_TYPE)
    spec->type = obj_string (&o, "type", TRUE, STR_NONEMPTY | STR_LINE);
}

static gboolean
read_answer (Obj     *quiz,
             GmlQuiz *q)
{
  const GmlJsonMember *m = obj_get (quiz, "answer", TRUE);
  const GmlJsonMember *k;
  const char *guess;
  int i;

  if (m == NULL || !expect_kind (quiz->ld, m, GML_JSON_OBJECT))
    return FALSE;
  if (m->value->u.obj.n != 1)
    {
      g_autofree char *list = quoted_list (answer_names, " or ");

      err (quiz->ld, m->value->pos, "\"answer\" names exactly one computed answer, one of %s", list);
      return FALSE;
    }
  k = &m->value->u.obj.members[0];
  if ((i = find_name (answer_names, k->key)) < 0)
    {
      if ((guess = gml_scenario_suggest (k->key, answer_names)) != NULL)
        err (quiz->ld, k->pos, "unknown answer \"%s\"; did you mean \"%s\"?", k->key, guess);
      else
        err (quiz->ld, k->pos, "unknown answer \"%s\" (see docs/scenario-format.md for the list)", k->key);
      return FALSE;
    }
  q->answer.kind = (GmlAnswerKind) i;
  q->answer.pos = k->pos;
  read_answer_params (quiz->ld, k, &q->answer);
  return TRUE;
}

/* Predictions are numbers or yes/no; picks are objects. */
static void
check_answer_fits (Obj     *o,
                   GmlQuiz *q)
{
  GmlAnswerType type = gml_answer_kind_type (q->answer.kind);

  if (q->kind == GML_QUIZ_PICK && type != GML_ANSWER_TYPE_OBJECTS)
    err (o->ld, q->answer.pos, "\"%s\" is a number or yes/no: it is an answer for a \"predict\" quiz, not a \"pick\" quiz",
         gml_answer_kind_name (q->answer.kind));
  else if (q->kind == GML_QUIZ_PREDICT && type == GML_ANSWER_TYPE_OBJECTS)
    err (o->ld, q->answer.pos, "\"%s\" is a set of objects: it is an answer for a \"pick\" quiz, not a \"predict\" quiz",
         gml_answer_kind_name (q->answer.kind));
}

static void
read_tolerance (Obj     *o,
                GmlQuiz *q)
{
  const GmlJsonMember *t = gml_json_member (o->v, "tolerance");
  const GmlJsonMember *p = gml_json_member (o->v, "tolerance_percent");
  gboolean numeric = q->kind == GML_QUIZ_PREDICT && gml_answer_kind_type (q->answer.kind) == GML_ANSWER_TYPE_NUMBER;

  for (guint i = 0; i < 2 && !numeric; i++)
    if ((i == 0 ? t : p) != NULL)
      err (o->ld, (i == 0 ? t : p)->pos, "\"%s\" is only for predictions of a number", i == 0 ? t->key : p->key);
  if (!numeric)
    return;
  if (t != NULL)
    number_in_range (o->ld, t, 0, G_GINT64_CONSTANT (1) << 53, &q->tolerance);
  if (p != NULL && expect_kind (o->ld, p, GML_JSON_NUMBER))
    {
      double d = p->value->u.num.d;

      if (p->value->u.num.overflow || d < 0 || d > 100)
        err (o->ld, p->value->pos, "\"tolerance_percent\" must be between 0 and 100, not %.*s",
             (int) p->value->raw_len, p->value->raw);
      else
        q->tolerance_percent = d;
    }
}

/* Keys that belong to other kinds of quiz. */
static void
check_kind_keys (Obj     *o,
                 GmlQuiz *q)
{
  const GmlJsonMember *m;

  if (q->kind != GML_QUIZ_CHOICE && (m = gml_json_member (o->v, "choices")) != NULL)
    err (o->ld, m->pos, "\"choices\" is only for \"choice\" quizzes");
  if (q->kind == GML_QUIZ_CHOICE && (m = gml_json_member (o->v, "answer")) != NULL)
    err (o->ld, m->pos, "a \"choice\" quiz has no computed \"answer\": mark the right choices \"correct\": true");
}

static void
read_quiz_body (Obj     *o,
                GmlQuiz *q)
{
  check_kind_keys (o, q);
  if (q->kind == GML_QUIZ_CHOICE)
    {
      q->explanation = obj_string (o, "explanation", FALSE, STR_NONEMPTY | STR_MARKUP);
      read_choices (o, q);
      read_tolerance (o, q);
      return;
    }
  q->explanation = obj_string (o, "explanation", TRUE, STR_NONEMPTY | STR_MARKUP);
  if (read_answer (o, q))
    {
      check_answer_fits (o, q);
      read_tolerance (o, q);
    }
}

static void
check_quiz_id (Loader              *ld,
               const GmlJsonMember *m,
               GHashTable          *ids)
{
  const GmlJson *first;

  if ((first = g_hash_table_lookup (ids, m->value->u.str.s)) != NULL)
    err (ld, m->value->pos, "another quiz already has the id \"%s\" (line %u, column %u)",
         m->value->u.str.s, first->pos.line, first->pos.col);
  else
    g_hash_table_insert (ids, (gpointer) m->value->u.str.s, (gpointer) m->value);
}

static void
read_quiz (Loader        *ld,
           const GmlJson *v,
           GHashTable    *ids)
{
  GmlQuiz *q;
  int kind;
  Obj o;

  if (!obj_init (&o, ld, v, "a quiz", NULL))
    return;
  check_keys (&o, quiz_keys);
  q = g_new0 (GmlQuiz, 1);
  q->pos = v->pos;
  q->hold = TRUE;
  if ((q->id = obj_id (&o, "id", TRUE)) != NULL)
    check_quiz_id (ld, gml_json_member (v, "id"), ids);
  q->question = obj_string (&o, "question", TRUE, STR_NONEMPTY | STR_MARKUP);
  read_anchor (&o, &q->anchor);
  obj_bool (&o, "hold", &q->hold);
  kind = obj_enum (&o, "kind", TRUE, quiz_kind_names);
  q->kind = kind >= 0 ? (GmlQuizKind) kind : GML_QUIZ_CHOICE;
  /* Without a valid kind the other keys cannot be judged. */
  if (kind >= 0)
    read_quiz_body (&o, q);
  g_ptr_array_add (ld->sc->quizzes, q);
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */

static void
read_lists (Obj *top)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  const GmlJson *arr;

  if ((arr = obj_array (top, "chapters")) != NULL)
    for (guint i = 0; i < arr->u.arr.n; i++)
      read_chapter (top->ld, arr->u.arr.items[i]);
  if ((arr = obj_array (top, "narration")) != NULL)
    for (guint i = 0; i < arr->u.arr.n; i++)
      read_card (top->ld, arr->u.arr.items[i]);
  if ((arr = obj_array (top, "quizzes")) != NULL)
    for (guint i = 0; i < arr->u.arr.n; i++)
      read_quiz (top->ld, arr->u.arr.items[i], ids);
}

/* ------------------------------------------------------------------ */
/* Title, topic, tags                                                  */

static void
read_tags (Obj *top)
{
  const GmlJson *arr = obj_array (top, "tags");
  g_autoptr (GStrvBuilder) tags = g_strv_builder_new ();

  for (guint i = 0; arr != NULL && i < arr->u.arr.n; i++)
    {
      const GmlJson *t = arr->u.arr.items[i];

      if (!expect_item_kind (top->ld, t, GML_JSON_STRING, "a tag"))
        continue;
      if (!is_id (t->u.str.s))
        {
          err (top->ld, t->pos, "a tag is 1 to 64 letters, digits, '-' or '_', not \"%s\"", t->u.str.s);
          continue;
        }
      for (guint j = 0; j < i; j++)
        if (arr->u.arr.items[j]->kind == GML_JSON_STRING && strcmp (arr->u.arr.items[j]->u.str.s, t->u.str.s) == 0)
          err (top->ld, t->pos, "the tag \"%s\" is listed twice", t->u.str.s);
      g_strv_builder_add (tags, t->u.str.s);
    }
  g_strfreev (top->ld->sc->tags);
  top->ld->sc->tags = g_strv_builder_end (tags);
}

static void
replace_string (char **field,
                char  *value)
{
  g_free (*field);
  *field = value;
}

static void
read_meta (Obj *top)
{
  GmlScenario *sc = top->ld->sc;
  char *s;
  int i;

  if ((s = obj_id (top, "id", FALSE)) != NULL)
    replace_string (&sc->id, s);
  replace_string (&sc->title, obj_string (top, "title", TRUE, STR_NONEMPTY | STR_LINE));
  if ((s = obj_string (top, "summary", FALSE, STR_MARKUP)) != NULL)
    replace_string (&sc->summary, s);
  if ((i = obj_enum (top, "topic", FALSE, gml_scenario_topics)) >= 0)
    replace_string (&sc->topic, g_strdup (gml_scenario_topics[i]));
  if ((i = obj_enum (top, "level", FALSE, level_names)) >= 0)
    sc->level = (GmlScenarioLevel) i;
  read_tags (top);
}

/* FALSE when the rest of the file should not be read: a format this
 * engine does not know would only produce noise. */
static gboolean
read_format (Obj *top)
{
  const GmlJsonMember *m = gml_json_member (top->v, "format");

  if (m == NULL)
    {
      err (top->ld, top->v->pos, "a scenario starts with \"format\": %d (the version of this file format)",
           GML_SCENARIO_FORMAT);
      return TRUE;
    }
  if (!expect_kind (top->ld, m, GML_JSON_NUMBER))
    return TRUE;
  if (m->value->u.num.integer && !m->value->u.num.overflow && m->value->u.num.i > GML_SCENARIO_FORMAT)
    {
      err (top->ld, m->value->pos, "this scenario uses format %.*s, but this version of Go Memory Lab reads format %d; "
           "update Go Memory Lab", (int) m->value->raw_len, m->value->raw, GML_SCENARIO_FORMAT);
      return FALSE;
    }
  if (!m->value->u.num.integer || m->value->u.num.overflow || m->value->u.num.i != GML_SCENARIO_FORMAT)
    err (top->ld, m->value->pos, "unsupported format %.*s: the format is %d",
         (int) m->value->raw_len, m->value->raw, GML_SCENARIO_FORMAT);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The program: inline lines or a file beside the scenario             */

static void
set_source (GmlScenario *sc,
            char        *source,
            gsize        len)
{
  g_free (sc->source);
  sc->source = source;
  sc->source_len = len;
  sc->n_lines = 0;
  for (gsize i = 0; i < len; i++)
    if (source[i] == '\n')
      sc->n_lines++;
  if (len > 0 && source[len - 1] != '\n')
    sc->n_lines++;
}

static void
read_program_lines (Loader              *ld,
                    const GmlJsonMember *m)
{
  const GmlJson *arr = m->value;
  g_autoptr (GString) src = g_string_new (NULL);
  g_autoptr (GStrvBuilder) lines = g_strv_builder_new ();

  if (!expect_kind (ld, m, GML_JSON_ARRAY))
    return;
  if (arr->u.arr.n == 0)
    err (ld, arr->pos, "\"lines\" is empty: the program needs at least \"package main\" and func main");
  for (guint i = 0; i < arr->u.arr.n; i++)
    {
      const GmlJson *l = arr->u.arr.items[i];
      const char *nl;

      if (!expect_item_kind (ld, l, GML_JSON_STRING, "a program line"))
        continue;
      if ((nl = strpbrk (l->u.str.s, "\r\n")) != NULL)
        err (ld, gml_json_string_pos (l, (gsize) (nl - l->u.str.s)),
             "a program line cannot contain a line break: make it two lines");
      g_string_append (src, l->u.str.s);
      g_string_append_c (src, '\n');
      g_strv_builder_add (lines, l->u.str.s);
    }
  if (src->len > GML_SCENARIO_MAX_PROGRAM_SIZE)
    err (ld, arr->pos, "the program is too large (%" G_GSIZE_FORMAT " bytes; the limit is %d)",
         src->len, GML_SCENARIO_MAX_PROGRAM_SIZE);
  ld->lines = arr;
  ld->sc->program_lines = g_strv_builder_end (lines);
  {
    gsize len = src->len;

    set_source (ld->sc, g_string_free (g_steal_pointer (&src), FALSE), len);
  }
}

/* Textual rules first: they hold for files in resources too. */
static gboolean
check_program_path (Loader        *ld,
                    const GmlJson *v)
{
  const char *path = v->u.str.s;
  g_auto (GStrv) parts = NULL;

  if (path[0] == '\0')
    err (ld, v->pos, "\"file\" must not be empty");
  else if (g_path_is_absolute (path) || path[0] == '/' || path[0] == '\\'
           || (g_ascii_isalpha (path[0]) && path[1] == ':'))
    err (ld, v->pos, "\"file\" must be a path relative to the scenario's folder, not \"%s\"", path);
  else if (strchr (path, '\\') != NULL)
    err (ld, v->pos, "\"file\": separate folders with '/', not '\\'");
  else if (!g_str_has_suffix (path, ".go"))
    err (ld, v->pos, "\"file\" must name a .go file, not \"%s\"", path);
  else
    {
      parts = g_strsplit (path, "/", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        if (strcmp (parts[i], "..") == 0)
          {
            err (ld, v->pos, "\"file\" must stay inside the scenario's folder (no \"..\")");
            return FALSE;
          }
      return TRUE;
    }
  return FALSE;
}

/* A symbolic link may lead out of the folder although the path does not. */
static gboolean
stays_inside (GFile *folder,
              GFile *child)
{
  const char *fp = g_file_peek_path (folder);
  const char *cp = g_file_peek_path (child);
  g_autofree char *real_folder = NULL;
  g_autofree char *real_child = NULL;

  if (fp == NULL || cp == NULL)
    return g_file_has_prefix (child, folder);
  real_folder = realpath (fp, NULL);
  real_child = realpath (cp, NULL);
  if (real_folder == NULL || real_child == NULL)
    return TRUE;   /* missing: reported when it is read */
  return g_str_has_prefix (real_child, real_folder)
         && (real_folder[strlen (real_folder) - 1] == '/' || real_child[strlen (real_folder)] == '/');
}

static char *
program_display_name (Loader     *ld,
                      const char *relative)
{
  g_autofree char *dir = g_path_get_dirname (ld->file);

  if (strcmp (dir, ".") == 0)
    return g_strdup (relative);
  return g_build_filename (dir, relative, NULL);
}

/* Reads a file of at most `limit` bytes; reports at `pos` in `file`. */
static char *
read_limited (GFile       *gfile,
              gsize        limit,
              const char  *file,
              GmlPos       pos,
              const char  *what,
              GmlDiagList *diags,
              gsize       *len)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  char *data = NULL;

  info = g_file_query_info (gfile, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  /* GIO's messages name the absolute path; the author knows where. */
  if (info == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "%s does not exist", what);
      return NULL;
    }
  if (info == NULL)
    {
      gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "cannot read %s: %s", what, error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "%s is not a regular file", what);
      return NULL;
    }
  if (g_file_info_get_size (info) > (goffset) limit
      || (g_file_load_contents (gfile, NULL, &data, len, NULL, &error) && *len > limit))
    {
      gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "%s is too large (%" G_GOFFSET_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT ")",
                         what, data != NULL ? (goffset) *len : g_file_info_get_size (info), limit);
      g_free (data);
      return NULL;
    }
  if (data == NULL)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "cannot read %s: %s", what, error->message);
  return data;
}

static void
read_program_file (Loader              *ld,
                   const GmlJsonMember *m)
{
  const GmlJson *v = m->value;
  g_autoptr (GFile) child = NULL;
  g_autofree char *what = NULL;
  char *data;
  gsize len;

  if (!expect_kind (ld, m, GML_JSON_STRING) || !check_program_path (ld, v))
    return;
  ld->sc->program_path = g_strdup (v->u.str.s);
  if (ld->folder == NULL)
    {
      err (ld, v->pos, "a scenario read from memory cannot name a program file; use \"lines\"");
      return;
    }
  child = g_file_resolve_relative_path (ld->folder, v->u.str.s);
  what = g_strdup_printf ("the program file \"%s\"", v->u.str.s);
  if (!stays_inside (ld->folder, child))
    {
      err (ld, v->pos, "%s leads outside the scenario's folder (through a symbolic link)", what);
      return;
    }
  if ((data = read_limited (child, GML_SCENARIO_MAX_PROGRAM_SIZE, ld->file, v->pos, what, ld->diags, &len)) == NULL)
    return;
  set_source (ld->sc, data, len);
  ld->sc->program_file = g_steal_pointer (&child);
  g_free (ld->sc->program_filename);
  ld->sc->program_filename = program_display_name (ld, v->u.str.s);
}

static void
read_program (Obj *top)
{
  Loader *ld = top->ld;
  const GmlJsonMember *m = obj_get (top, "program", TRUE);
  const GmlJsonMember *file, *lines;
  guint before = gml_diag_list_n_errors (ld->diags);
  Obj o;

  if (m == NULL || !obj_init (&o, ld, m->value, "\"program\"", "program"))
    {
      ld->program_failed = TRUE;
      return;
    }
  check_keys (&o, program_keys);
  file = gml_json_member (o.v, "file");
  lines = gml_json_member (o.v, "lines");
  if (file != NULL && lines != NULL)
    err (ld, lines->pos, "\"program\" has either \"file\" or \"lines\", not both");
  else if (file == NULL && lines == NULL)
    err (ld, o.v->pos, "\"program\" needs \"file\" (a .go file beside the scenario) or \"lines\" (the source, one string per line)");
  else if (file != NULL)
    read_program_file (ld, file);
  else
    read_program_lines (ld, lines);
  ld->program_failed = gml_diag_list_n_errors (ld->diags) != before || ld->sc->source == NULL;
}

/* ------------------------------------------------------------------ */
/* Compiling                                                           */

/* Go's diagnostics about an inline program point into "lines". */
static void
add_program_diag (Loader        *ld,
                  const GmlDiag *d)
{
  const GmlJson *arr = ld->lines;
  GmlPos pos;

  if (arr == NULL)
    {
      gml_diag_list_add (ld->diags, d->severity, d->file, d->pos, "%s", d->message);
      return;
    }
  if (d->pos.line >= 1 && d->pos.line <= arr->u.arr.n && arr->u.arr.items[d->pos.line - 1]->kind == GML_JSON_STRING)
    pos = gml_json_string_pos (arr->u.arr.items[d->pos.line - 1], d->pos.col > 0 ? d->pos.col - 1 : 0);
  else
    pos = arr->pos;
  gml_diag_list_add (ld->diags, d->severity, ld->file, pos, "%s", d->message);
}

static void
compile_program (Loader *ld)
{
  GmlScenario *sc = ld->sc;
  g_autoptr (GmlDiagList) go = gml_diag_list_new ();

  sc->program = gml_program_load (sc->program_filename, sc->source, sc->source_len, go);
  if (sc->program != NULL)
    sc->image = gml_image_build (sc->program, go);
  for (guint i = 0; i < gml_diag_list_len (go); i++)
    add_program_diag (ld, gml_diag_list_get (go, i));
  if (sc->image == NULL)
    g_clear_pointer (&sc->program, gml_program_free);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

static char *
name_without_extension (const char *display_name)
{
  g_autofree char *base = g_path_get_basename (display_name);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strdup (base);
}

static GmlScenario *
scenario_new (const char *display_name)
{
  GmlScenario *sc = g_new0 (GmlScenario, 1);

  sc->format = GML_SCENARIO_FORMAT;
  sc->id = name_without_extension (display_name);
  sc->title = g_strdup (sc->id);
  sc->summary = g_strdup ("");
  sc->topic = g_strdup (GML_SCENARIO_DEFAULT_TOPIC);
  sc->tags = g_new0 (char *, 1);
  gml_scenario_settings_init (&sc->settings);
  sc->chapters = g_ptr_array_new_with_free_func (gml_chapter_free);
  sc->cards = g_ptr_array_new_with_free_func (gml_card_free);
  sc->quizzes = g_ptr_array_new_with_free_func (gml_quiz_free);
  sc->filename = g_strdup (display_name);
  return sc;
}

void
gml_scenario_free (GmlScenario *sc)
{
  if (sc == NULL)
    return;
  g_free (sc->id);
  g_free (sc->title);
  g_free (sc->summary);
  g_free (sc->topic);
  g_strfreev (sc->tags);
  g_free (sc->program_path);
  g_strfreev (sc->program_lines);
  g_free (sc->source);
  g_free (sc->program_filename);
  gml_image_free (sc->image);
  gml_program_free (sc->program);
  g_ptr_array_unref (sc->chapters);
  g_ptr_array_unref (sc->cards);
  g_ptr_array_unref (sc->quizzes);
  g_free (sc->filename);
  g_clear_object (&sc->file);
  g_clear_object (&sc->program_file);
  g_free (sc);
}

void
gml_scenario_steal_program (GmlScenario  *sc,
                            GmlProgram  **program,
                            GmlImage    **image)
{
  g_return_if_fail (sc != NULL && program != NULL && image != NULL);
  *program = g_steal_pointer (&sc->program);
  *image = g_steal_pointer (&sc->image);
}

/* Everything is reported; any error means no scenario. */
static GmlScenario *
finish (GmlScenario *sc,
        GmlDiagList *diags,
        guint        errors_before)
{
  gml_diag_list_sort (diags);
  if (gml_diag_list_n_errors (diags) == errors_before)
    return sc;
  gml_scenario_free (sc);
  return NULL;
}

static void
load_json (Loader     *ld,
           const char *data,
           gsize       len)
{
  const GmlJson *root = gml_json_parse (ld->arena, data, len, ld->file, ld->diags);
  Obj top;

  if (root == NULL)
    return;
  if (root->kind != GML_JSON_OBJECT)
    {
      err (ld, root->pos, "a scenario file holds one JSON object ({ ... }), not %s", gml_json_kind_name (root->kind));
      return;
    }
  obj_init (&top, ld, root, "the scenario", NULL);
  if (!read_format (&top))
    return;
  check_keys (&top, top_keys);
  read_meta (&top);
  read_settings (&top);
  read_program (&top);
  read_lists (&top);
  if (ld->program_failed)
    return;
  compile_program (ld);
  if (ld->sc->program != NULL)
    gml_scenario_check_program (ld->sc, ld->diags);
}

GmlScenario *
gml_scenario_load_data (const char  *data,
                        gsize        len,
                        const char  *display_name,
                        GFile       *folder,
                        GmlDiagList *diags)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  guint before;
  Loader ld = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (display_name != NULL && diags != NULL, NULL);
  before = gml_diag_list_n_errors (diags);
  ld.arena = arena;
  ld.file = display_name;
  ld.diags = diags;
  ld.folder = folder;
  ld.sc = scenario_new (display_name);
  /* Diagnostics about an inline program name the scenario file. */
  ld.sc->program_filename = g_strconcat (ld.sc->id, ".go", NULL);
  if (len > GML_SCENARIO_MAX_JSON_SIZE)
    err (&ld, (GmlPos) { 1, 1 }, "the scenario file is too large (%" G_GSIZE_FORMAT " bytes; the limit is %d)",
         len, GML_SCENARIO_MAX_JSON_SIZE);
  else
    load_json (&ld, data, len);
  return finish (ld.sc, diags, before);
}

/* A plain Go program: a scenario with every default. */
static GmlScenario *
load_go (GFile       *file,
         const char  *display_name,
         GmlDiagList *diags)
{
  Loader ld = { 0 };
  guint before = gml_diag_list_n_errors (diags);
  char *data;
  gsize len;

  ld.file = display_name;
  ld.diags = diags;
  ld.sc = scenario_new (display_name);
  ld.sc->plain_go = TRUE;
  ld.sc->file = g_object_ref (file);
  ld.sc->program_file = g_object_ref (file);
  ld.sc->program_filename = g_strdup (display_name);
  data = read_limited (file, GML_SCENARIO_MAX_PROGRAM_SIZE, display_name, GML_POS_NONE, "the program", diags, &len);
  if (data != NULL)
    {
      set_source (ld.sc, data, len);
      compile_program (&ld);
    }
  return finish (ld.sc, diags, before);
}

GmlScenario *
gml_scenario_load_file (GFile       *file,
                        const char  *display_name,
                        GmlDiagList *diags)
{
  g_autofree char *parse_name = NULL;
  g_autofree char *base = NULL;
  g_autoptr (GFile) folder = NULL;
  GmlScenario *sc;
  char *data;
  gsize len;

  g_return_val_if_fail (G_IS_FILE (file) && diags != NULL, NULL);
  if (display_name == NULL)
    display_name = parse_name = g_file_get_parse_name (file);
  base = g_file_get_basename (file);
  if (base != NULL && g_str_has_suffix (base, ".go"))
    return load_go (file, display_name, diags);
  data = read_limited (file, GML_SCENARIO_MAX_JSON_SIZE, display_name, (GmlPos) { 1, 1 }, "the scenario file", diags, &len);
  if (data == NULL)
    return NULL;
  folder = g_file_get_parent (file);
  sc = gml_scenario_load_data (data, len, display_name, folder, diags);
  g_free (data);
  if (sc != NULL)
    sc->file = g_object_ref (file);
  return sc;
}

GmlScenario *
gml_scenario_load_path (const char  *path,
                        GmlDiagList *diags)
{
  g_autoptr (GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  file = g_file_new_for_path (path);
  return gml_scenario_load_file (file, path, diags);
}
