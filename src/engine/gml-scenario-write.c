/* gml-scenario-write.c: a scenario back to JSON (json-glib's generator).
 *
 * Keys come in the documented order and values equal to their defaults are
 * left out, so a file written here is what an author would write by hand
 * and reads back to an equal scenario.
 */
#include "gml-scenario-private.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "gml-event.h"

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

/* 67108864 as "64MiB"; sizes that are not whole KiB as numbers. */
static void
add_size (JsonBuilder *b,
          const char  *key,
          gint64       bytes)
{
  static const char * const units[] = { "KiB", "MiB", "GiB", "TiB" };
  int u = -1;

  json_builder_set_member_name (b, key);
  if (bytes == G_MAXINT64)
    {
      json_builder_add_string_value (b, "off");
      return;
    }
  while (u < 3 && bytes > 0 && bytes % 1024 == 0)
    {
      bytes /= 1024;
      u++;
    }
  if (u < 0)
    json_builder_add_int_value (b, bytes);
  else
    {
      g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT "%s", bytes, units[u]);

      json_builder_add_string_value (b, s);
    }
}

static void
write_anchor (JsonBuilder     *b,
              const GmlAnchor *a)
{
  json_builder_set_member_name (b, "anchor");
  json_builder_begin_object (b);
  switch (a->kind)
    {
    case GML_ANCHOR_LINE:
      add_int (b, "line", a->line);
      if (a->nth != 1)
        add_int (b, "hit", a->nth);
      break;
    case GML_ANCHOR_GC:
      add_int (b, "gc", a->nth);
      if (a->gc_phase != 1)
        add_string (b, "phase", gml_scenario_phase_name (a->gc_phase));
      break;
    case GML_ANCHOR_EVENT:
      add_string (b, "event", gml_event_kind_name (a->event));
      if (a->nth != 1)
        add_int (b, "nth", a->nth);
      break;
    case GML_ANCHOR_STEP:
      add_int (b, "step", (gint64) a->step);
      break;
    case GML_ANCHOR_END:
    default:
      json_builder_set_member_name (b, "end");
      json_builder_add_boolean_value (b, TRUE);
      break;
    }
  json_builder_end_object (b);
}

static void
write_var_ref (JsonBuilder     *b,
               const GmlVarRef *ref)
{
  add_string (b, "var", ref->name);
  add_string (b, "func", ref->func);
  if (ref->line != 0)
    add_int (b, "line", ref->line);
}

static void
write_highlights (JsonBuilder *b,
                  GArray      *highlights)
{
  if (highlights == NULL || highlights->len == 0)
    return;
  json_builder_set_member_name (b, "highlight");
  json_builder_begin_array (b);
  for (guint i = 0; i < highlights->len; i++)
    {
      const GmlHighlight *h = &g_array_index (highlights, GmlHighlight, i);

      json_builder_begin_object (b);
      if (h->kind == GML_HIGHLIGHT_VAR)
        write_var_ref (b, &h->var);
      else if (h->kind == GML_HIGHLIGHT_TYPE)
        add_string (b, "type", h->type);
      else
        add_int (b, "goroutine", (gint64) h->goroutine);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
write_answer (JsonBuilder         *b,
              const GmlAnswerSpec *spec)
{
  json_builder_set_member_name (b, "answer");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, gml_answer_kind_name (spec->kind));
  json_builder_begin_object (b);
  if (spec->var.name != NULL)
    write_var_ref (b, &spec->var);
  if (spec->kind == GML_ANSWER_STACK_SIZE)
    add_int (b, "goroutine", (gint64) spec->goroutine);
  add_string (b, "type", spec->type);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
write_choices (JsonBuilder *b,
               GArray      *choices)
{
  json_builder_set_member_name (b, "choices");
  json_builder_begin_array (b);
  for (guint i = 0; i < choices->len; i++)
    {
      const GmlChoice *c = &g_array_index (choices, GmlChoice, i);

      json_builder_begin_object (b);
      add_string (b, "text", c->text);
      if (c->correct)
        {
          json_builder_set_member_name (b, "correct");
          json_builder_add_boolean_value (b, TRUE);
        }
      add_string (b, "explanation", c->explanation);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
write_tolerance (JsonBuilder   *b,
                 const GmlQuiz *q)
{
  if (q->tolerance != 0)
    add_int (b, "tolerance", q->tolerance);
  if (q->tolerance_percent <= 0)
    return;
  json_builder_set_member_name (b, "tolerance_percent");
  if (q->tolerance_percent == floor (q->tolerance_percent))
    json_builder_add_int_value (b, (gint64) q->tolerance_percent);
  else
    json_builder_add_double_value (b, q->tolerance_percent);
}

static void
write_quiz (JsonBuilder   *b,
            const GmlQuiz *q)
{
  static const char * const kinds[] = { "choice", "predict", "pick" };

  json_builder_begin_object (b);
  add_string (b, "id", q->id);
  add_string (b, "kind", kinds[q->kind]);
  add_string (b, "question", q->question);
  write_anchor (b, &q->anchor);
  if (!q->hold)
    {
      json_builder_set_member_name (b, "hold");
      json_builder_add_boolean_value (b, FALSE);
    }
  if (q->kind == GML_QUIZ_CHOICE)
    write_choices (b, q->choices);
  else
    write_answer (b, &q->answer);
  write_tolerance (b, q);
  add_string (b, "explanation", q->explanation);
  json_builder_end_object (b);
}

static void
write_settings (JsonBuilder               *b,
                const GmlScenarioSettings *s)
{
  GmlScenarioSettings d;

  gml_scenario_settings_init (&d);
  if (s->gogc == d.gogc && s->memory_limit == d.memory_limit && s->gomaxprocs == d.gomaxprocs
      && s->stack_limit == d.stack_limit && s->step_budget == d.step_budget)
    return;
  json_builder_set_member_name (b, "settings");
  json_builder_begin_object (b);
  if (s->gogc != d.gogc && s->gogc < 0)
    add_string (b, "gogc", "off");
  else if (s->gogc != d.gogc)
    add_int (b, "gogc", s->gogc);
  if (s->memory_limit != d.memory_limit)
    add_size (b, "gomemlimit", s->memory_limit);
  if (s->gomaxprocs != d.gomaxprocs)
    add_int (b, "gomaxprocs", s->gomaxprocs);
  if (s->stack_limit != d.stack_limit)
    add_size (b, "stack_limit", (gint64) s->stack_limit);
  if (s->step_budget != d.step_budget)
    add_int (b, "step_budget", (gint64) s->step_budget);
  json_builder_end_object (b);
}

static void
write_program (JsonBuilder       *b,
               const GmlScenario *sc)
{
  json_builder_set_member_name (b, "program");
  json_builder_begin_object (b);
  if (sc->program_lines != NULL)
    {
      json_builder_set_member_name (b, "lines");
      json_builder_begin_array (b);
      for (guint i = 0; sc->program_lines[i] != NULL; i++)
        json_builder_add_string_value (b, sc->program_lines[i]);
      json_builder_end_array (b);
    }
  else if (sc->program_path != NULL)
    add_string (b, "file", sc->program_path);
  else
    {
      g_autofree char *base = g_path_get_basename (sc->filename);

      add_string (b, "file", base);
    }
  json_builder_end_object (b);
}

static void
write_meta (JsonBuilder       *b,
            const GmlScenario *sc)
{
  add_int (b, "format", GML_SCENARIO_FORMAT);
  add_string (b, "id", sc->id);
  add_string (b, "title", sc->title);
  if (sc->summary != NULL && sc->summary[0] != '\0')
    add_string (b, "summary", sc->summary);
  if (g_strcmp0 (sc->topic, GML_SCENARIO_DEFAULT_TOPIC) != 0)
    add_string (b, "topic", sc->topic);
  if (sc->level != GML_LEVEL_BEGINNER)
    add_string (b, "level", gml_scenario_level_name (sc->level));
  if (sc->tags == NULL || sc->tags[0] == NULL)
    return;
  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; sc->tags[i] != NULL; i++)
    json_builder_add_string_value (b, sc->tags[i]);
  json_builder_end_array (b);
}

static void
write_lists (JsonBuilder       *b,
             const GmlScenario *sc)
{
  if (sc->chapters->len > 0)
    {
      json_builder_set_member_name (b, "chapters");
      json_builder_begin_array (b);
      for (guint i = 0; i < sc->chapters->len; i++)
        {
          const GmlChapter *c = g_ptr_array_index (sc->chapters, i);

          json_builder_begin_object (b);
          add_string (b, "title", c->title);
          write_anchor (b, &c->anchor);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (sc->cards->len > 0)
    {
      json_builder_set_member_name (b, "narration");
      json_builder_begin_array (b);
      for (guint i = 0; i < sc->cards->len; i++)
        {
          const GmlCard *c = g_ptr_array_index (sc->cards, i);

          json_builder_begin_object (b);
          add_string (b, "title", c->title);
          add_string (b, "body", c->body);
          write_anchor (b, &c->anchor);
          write_highlights (b, c->highlights);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (sc->quizzes->len > 0)
    {
      json_builder_set_member_name (b, "quizzes");
      json_builder_begin_array (b);
      for (guint i = 0; i < sc->quizzes->len; i++)
        write_quiz (b, g_ptr_array_index (sc->quizzes, i));
      json_builder_end_array (b);
    }
}

char *
gml_scenario_to_json (const GmlScenario *sc,
                      gsize             *length)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  char *out;

  g_return_val_if_fail (sc != NULL, NULL);
  json_builder_begin_object (b);
  write_meta (b, sc);
  write_program (b, sc);
  write_settings (b, &sc->settings);
  write_lists (b, sc);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  /* Text files end with a newline. */
  out = g_strconcat (text, "\n", NULL);
  if (length != NULL)
    *length = strlen (out);
  return out;
}
