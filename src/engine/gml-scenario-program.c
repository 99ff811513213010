/* gml-scenario-program.c: a scenario against its program, and its run.
 *
 * Static checks use the checked program (names, types) and the compiled
 * image (which lines hold statements).  Dynamic checks ask a
 * GmlScenarioProbe, which the timeline implements, where anchors land and
 * what answers are there.
 */
#include "gml-scenario-private.h"

#include <stdlib.h>
#include <string.h>

#include "gml-ast.h"
#include "gml-event.h"

typedef struct
{
  GmlScenario *sc;
  GmlDiagList *diags;
  gboolean    *has_code;   /* by line, 1..n_lines */
} Check;

static void G_GNUC_PRINTF (3, 4)
err (Check      *c,
     GmlPos      pos,
     const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  gml_diag_list_addv (c->diags, GML_DIAG_ERROR, c->sc->filename, pos, format, args);
  va_end (args);
}

/* "; did you mean "x"?" or "". */
static char *
did_you_mean (const char *word,
              GPtrArray  *names)
{
  const char *guess;

  g_ptr_array_add (names, NULL);
  guess = gml_scenario_suggest (word, (const char * const *) names->pdata);
  g_ptr_array_set_size (names, names->len - 1);
  return guess != NULL ? g_strdup_printf ("; did you mean \"%s\"?", guess) : g_strdup ("");
}

/* ------------------------------------------------------------------ */
/* Lines with code                                                     */

static void
mark_line (Check *c,
           guint  line)
{
  if (line >= 1 && line <= c->sc->n_lines)
    c->has_code[line] = TRUE;
}

/* Statements of the main package's functions, and its package-level
 * initialisers (which run in a synthetic function shared with the
 * prelude, so the statement table cannot tell their file). */
static void
find_code_lines (Check *c)
{
  GmlProgram *program = c->sc->program;
  GmlImage *image = c->sc->image;

  c->has_code = g_new0 (gboolean, c->sc->n_lines + 2);
  for (guint i = 0; i < image->stmts->len; i++)
    {
      const GmlStmtInfo *s = &g_array_index (image->stmts, GmlStmtInfo, i);
      const GmlCode *code = s->func < image->codes->len ? g_ptr_array_index (image->codes, s->func) : NULL;

      if (s->kind == GML_STMT_PLAIN && code != NULL && code->func != NULL
          && code->func->pkg == program->main_pkg && !code->is_wrapper)
        mark_line (c, s->line);
    }
  for (guint i = 0; i < program->main_pkg->init_order->len; i++)
    mark_line (c, gml_node_start_pos (g_ptr_array_index (program->main_pkg->init_order, i)).line);
}

static void
check_line_anchor (Check           *c,
                   const GmlAnchor *a)
{
  guint before = 0, after = 0;

  if (a->kind != GML_ANCHOR_LINE || a->line == 0)
    return;
  if (a->line > c->sc->n_lines)
    {
      err (c, a->pos, "line %u is past the end of the program (%u lines)", a->line, c->sc->n_lines);
      return;
    }
  if (c->has_code[a->line])
    return;
  for (guint l = a->line - 1; l >= 1 && before == 0; l--)
    if (c->has_code[l])
      before = l;
  for (guint l = a->line + 1; l <= c->sc->n_lines && after == 0; l++)
    if (c->has_code[l])
      after = l;
  if (before != 0 && after != 0)
    err (c, a->pos, "no statement starts on line %u; the nearest lines with code are %u and %u", a->line, before, after);
  else if (before != 0 || after != 0)
    err (c, a->pos, "no statement starts on line %u; the nearest line with code is %u", a->line, before + after);
  else
    err (c, a->pos, "no statement starts on line %u", a->line);
}

/* ------------------------------------------------------------------ */
/* Names                                                               */

static GPtrArray *
main_funcs (GmlProgram *program)
{
  return program->main_pkg->funcs;
}

static GmlFunc *
find_func (GmlProgram *program,
           const char *name)
{
  GPtrArray *funcs = main_funcs (program);

  for (guint i = 0; i < funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (funcs, i);

      if (strcmp (f->short_name, name) == 0 || strcmp (f->name, name) == 0)
        return f;
    }
  return NULL;
}

static void
add_var_names (GPtrArray *out,
               GPtrArray *vars)
{
  for (guint i = 0; vars != NULL && i < vars->len; i++)
    {
      GmlObject *v = g_ptr_array_index (vars, i);

      if (v->name != NULL && g_ascii_isalpha (v->name[0]))
        g_ptr_array_add (out, (gpointer) v->name);
    }
}

/* Every variable name of f, or of the whole program when f is NULL. */
static GPtrArray *
var_names (GmlProgram *program,
           GmlFunc    *f)
{
  GPtrArray *out = g_ptr_array_new ();
  GPtrArray *funcs = main_funcs (program);

  for (guint i = 0; i < funcs->len; i++)
    {
      GmlFunc *g = g_ptr_array_index (funcs, i);

      if (f != NULL && g != f)
        continue;
      if (g->recv != NULL && g->recv->name != NULL)
        g_ptr_array_add (out, (gpointer) g->recv->name);
      add_var_names (out, g->params);
      add_var_names (out, g->results);
      add_var_names (out, g->locals);
    }
  if (f == NULL)
    add_var_names (out, program->main_pkg->globals);
  return out;
}

/* A declaration a reference may name: a variable and the function that
 * declares it (NULL for a global).  The variables of a type switch's
 * clauses (`switch x := v.(type)`) share one declaration. */
typedef struct
{
  GmlFunc   *func;
  GmlObject *var;
} Decl;

static gboolean
same_decl (const Decl *a,
           const Decl *b)
{
  return a->func == b->func && a->var->pos.line == b->var->pos.line && a->var->pos.col == b->var->pos.col;
}

static void
add_decl (GArray     *out,
          GmlFunc    *f,
          GmlObject  *v,
          const char *name)
{
  Decl d = { f, v };

  if (v == NULL || v->name == NULL || strcmp (v->name, name) != 0)
    return;
  for (guint i = 0; i < out->len; i++)
    if (same_decl (&g_array_index (out, Decl, i), &d))
      return;
  g_array_append_val (out, d);
}

/* The declarations of `name` in f: receiver, parameters, results, then
 * locals in source order. */
static void
add_decls_of (GArray     *out,
              GmlFunc    *f,
              const char *name)
{
  GPtrArray *lists[] = { f->params, f->results, f->locals };

  add_decl (out, f, f->recv, name);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      add_decl (out, f, g_ptr_array_index (lists[l], i), name);
}

/* Every declaration of `name` in `only`, or in the program (globals
 * first) when `only` is NULL. */
static GArray *
find_decls (GmlProgram *program,
            GmlFunc    *only,
            const char *name)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Decl));
  GPtrArray *funcs = main_funcs (program);

  if (only != NULL)
    {
      add_decls_of (out, only, name);
      return out;
    }
  for (guint i = 0; i < program->main_pkg->globals->len; i++)
    add_decl (out, NULL, g_ptr_array_index (program->main_pkg->globals, i), name);
  for (guint i = 0; i < funcs->len; i++)
    add_decls_of (out, g_ptr_array_index (funcs, i), name);
  return out;
}

/* The functions (NULL for "a global") among decls, each once. */
static GPtrArray *
decl_owners (GArray *decls)
{
  GPtrArray *owners = g_ptr_array_new ();

  for (guint i = 0; i < decls->len; i++)
    {
      GmlFunc *f = g_array_index (decls, Decl, i).func;
      guint j;

      for (j = 0; j < owners->len && g_ptr_array_index (owners, j) != f; j++)
        ;
      if (j == owners->len)
        g_ptr_array_add (owners, f);
    }
  return owners;
}

typedef enum
{
  RESOLVED,
  NO_FUNC,           /* "func" names no function */
  NO_VAR,            /* no variable of that name (in "func") */
  NOT_ON_LINE,       /* "line" is not the line of any of its declarations */
  SEVERAL_PLACES,    /* declared in several functions (or a global too) */
  SEVERAL_IN_FUNC,   /* declared several times in one function, no "line" */
  SEVERAL_ON_LINE,   /* several declarations on the very line given */
} Resolution;

typedef struct
{
  Resolution  result;
  GmlFunc    *func;     /* "func", when it names a function */
  GArray     *decls;    /* every declaration of the name (in func), before "line" */
  GArray     *matches;  /* those "line" keeps */
} Resolve;

static void
resolve_clear (Resolve *r)
{
  g_clear_pointer (&r->decls, g_array_unref);
  g_clear_pointer (&r->matches, g_array_unref);
}

static void
resolve_ref (GmlProgram      *program,
             const GmlVarRef *ref,
             Resolve         *r)
{
  g_autoptr (GPtrArray) owners = NULL;

  memset (r, 0, sizeof *r);
  if (ref->func != NULL && (r->func = find_func (program, ref->func)) == NULL)
    {
      r->result = NO_FUNC;
      return;
    }
  r->decls = find_decls (program, r->func, ref->name);
  r->matches = g_array_new (FALSE, FALSE, sizeof (Decl));
  for (guint i = 0; i < r->decls->len; i++)
    if (ref->line == 0 || g_array_index (r->decls, Decl, i).var->pos.line == ref->line)
      g_array_append_val (r->matches, g_array_index (r->decls, Decl, i));
  owners = decl_owners (r->matches);
  if (r->decls->len == 0)
    r->result = NO_VAR;
  else if (r->matches->len == 0)
    r->result = NOT_ON_LINE;
  else if (owners->len > 1)
    r->result = SEVERAL_PLACES;
  else if (r->matches->len > 1)
    r->result = ref->line != 0 ? SEVERAL_ON_LINE : SEVERAL_IN_FUNC;
  else
    r->result = RESOLVED;
}

gboolean
gml_scenario_resolve_var (GmlProgram      *program,
                          const GmlVarRef *ref,
                          GmlFunc        **func,
                          GmlObject      **var)
{
  Resolve r;
  gboolean ok;

  g_return_val_if_fail (program != NULL && ref != NULL && ref->name != NULL, FALSE);
  *func = NULL;
  *var = NULL;
  resolve_ref (program, ref, &r);
  ok = r.result == RESOLVED;
  if (ok)
    {
      *func = g_array_index (r.matches, Decl, 0).func;
      *var = g_array_index (r.matches, Decl, 0).var;
    }
  resolve_clear (&r);
  return ok;
}

static char *
owner_list (GPtrArray *owners)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < owners->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (owners, i);

      g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", f != NULL ? f->short_name : "a global");
    }
  return g_string_free (s, FALSE);
}

/* "line 12", "lines 12 and 17", "lines 3, 12 and 17"; with the owners
 * when they differ: "lines 3 (a global) and 12 (main)". */
static char *
decl_lines (GArray *decls)
{
  GString *s = g_string_new (decls->len == 1 ? "line " : "lines ");
  g_autoptr (GPtrArray) owners = decl_owners (decls);

  for (guint i = 0; i < decls->len; i++)
    {
      const Decl *d = &g_array_index (decls, Decl, i);

      if (i > 0)
        g_string_append (s, i + 1 == decls->len ? " and " : ", ");
      g_string_append_printf (s, "%u", d->var->pos.line);
      if (owners->len > 1)
        g_string_append_printf (s, " (%s)", d->func != NULL ? d->func->short_name : "a global");
    }
  return g_string_free (s, FALSE);
}

/* The variable a reference names (reported when there is none, or when
 * it could name several). */
static GmlObject *
check_var_ref (Check           *c,
               const GmlVarRef *ref)
{
  GmlProgram *program = c->sc->program;
  GmlObject *found = NULL;
  Resolve r;

  if (ref->name == NULL)
    return NULL;
  resolve_ref (program, ref, &r);
  switch (r.result)
    {
    case RESOLVED:
      found = g_array_index (r.matches, Decl, 0).var;
      break;
    case NO_FUNC:
      {
        g_autoptr (GPtrArray) names = g_ptr_array_new ();
        g_autofree char *hint = NULL;

        for (guint i = 0; i < main_funcs (program)->len; i++)
          g_ptr_array_add (names, (gpointer) ((GmlFunc *) g_ptr_array_index (main_funcs (program), i))->short_name);
        hint = did_you_mean (ref->func, names);
        err (c, ref->func_pos, "the program has no function \"%s\"%s", ref->func, hint);
      }
      break;
    case NO_VAR:
      {
        g_autoptr (GPtrArray) names = var_names (program, r.func);
        g_autofree char *hint = did_you_mean (ref->name, names);

        if (r.func != NULL)
          err (c, ref->pos, "function %s has no variable \"%s\"%s", r.func->short_name, ref->name, hint);
        else
          err (c, ref->pos, "the program has no variable \"%s\"%s", ref->name, hint);
      }
      break;
    case NOT_ON_LINE:
      {
        g_autofree char *lines = decl_lines (r.decls);

        err (c, ref->line_pos, "\"%s\" is declared on %s, not on line %u (\"line\" is the line of the declaration)",
             ref->name, lines, ref->line);
      }
      break;
    case SEVERAL_PLACES:
      {
        g_autoptr (GPtrArray) owners = decl_owners (r.matches);
        g_autofree char *list = owner_list (owners);

        err (c, ref->pos, "\"%s\" is declared in several places (%s); add \"func\" to say which", ref->name, list);
      }
      break;
    case SEVERAL_IN_FUNC:
      {
        g_autofree char *lines = decl_lines (r.matches);
        GmlFunc *f = g_array_index (r.matches, Decl, 0).func;

        err (c, ref->pos, "\"%s\" is declared %u times in %s (on %s); add \"line\" with the line of "
             "the declaration you mean", ref->name, r.matches->len, f->short_name, lines);
      }
      break;
    case SEVERAL_ON_LINE:
    default:
      {
        GmlFunc *f = g_array_index (r.matches, Decl, 0).func;

        err (c, ref->line_pos, "\"%s\" is declared %u times on line %u of %s, so \"line\" cannot tell "
             "them apart; rename one of them", ref->name, r.matches->len, ref->line, f->short_name);
      }
      break;
    }
  resolve_clear (&r);
  return found;
}

static gboolean
type_object_named (GmlScope   *scope,
                   const char *name,
                   GmlType   **out)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, scope->names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GmlObject *obj = value;

      if (obj->kind == GML_OBJ_TYPE && strcmp (obj->name, name) == 0)
        {
          *out = obj->type;
          return TRUE;
        }
    }
  return FALSE;
}

GmlType *
gml_scenario_resolve_type (GmlProgram *program,
                           const char *name)
{
  GmlType *t = NULL;

  g_return_val_if_fail (program != NULL && name != NULL, NULL);
  /* Names are looked up by comparison, not interned: interning would
   * write to the program's arena, which the timeline may share. */
  if (g_str_has_prefix (name, "main."))
    name += 5;
  if (type_object_named (program->main_pkg->scope, name, &t) || type_object_named (program->universe, name, &t))
    return t;
  /* Types declared inside functions. */
  for (guint i = 0; i < program->scopes->len; i++)
    {
      GmlScope *s = g_ptr_array_index (program->scopes, i);

      if (s != program->universe && s->start.line != 0 && type_object_named (s, name, &t)
          && t->kind == GML_TYPE_NAMED && t->u.named.pkg == program->main_pkg)
        return t;
    }
  return NULL;
}

static void
check_type_name (Check      *c,
                 const char *name,
                 GmlPos      pos)
{
  g_autoptr (GPtrArray) names = NULL;
  g_autofree char *hint = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (name == NULL || gml_scenario_resolve_type (c->sc->program, name) != NULL)
    return;
  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, c->sc->program->main_pkg->scope->names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((GmlObject *) value)->kind == GML_OBJ_TYPE)
      g_ptr_array_add (names, (gpointer) ((GmlObject *) value)->name);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  hint = did_you_mean (name, names);
  err (c, pos, "the program has no type \"%s\"%s (name a type the program declares, or a predeclared one like int)", name, hint);
}

/* ------------------------------------------------------------------ */
/* Answer specs, highlights                                            */

static gboolean
kind_in (GmlType           *t,
         const GmlTypeKind *kinds,
         guint              n)
{
  GmlType *u = gml_type_underlying (t);

  for (guint i = 0; i < n; i++)
    if (u->kind == kinds[i])
      return TRUE;
  return FALSE;
}

static void
check_var_type (Check               *c,
                const GmlAnswerSpec *spec,
                GmlObject           *v)
{
  static const GmlTypeKind len_kinds[] = { GML_TYPE_SLICE, GML_TYPE_STRING, GML_TYPE_MAP, GML_TYPE_ARRAY, GML_TYPE_CHAN };
  static const GmlTypeKind cap_kinds[] = { GML_TYPE_SLICE, GML_TYPE_ARRAY, GML_TYPE_CHAN };
  g_autofree char *type = gml_type_string (v->type, GML_TYPE_STRING_ERROR);

  if (spec->kind == GML_ANSWER_LEN && !kind_in (v->type, len_kinds, G_N_ELEMENTS (len_kinds)))
    err (c, spec->var.pos, "\"len\" needs a slice, string, map, array or channel; %s has type %s", v->name, type);
  else if (spec->kind == GML_ANSWER_CAP && !kind_in (v->type, cap_kinds, G_N_ELEMENTS (cap_kinds)))
    err (c, spec->var.pos, "\"cap\" needs a slice, array or channel; %s has type %s", v->name, type);
  else if (spec->kind == GML_ANSWER_ESCAPES && (v->flags & GML_VAR_GLOBAL))
    err (c, spec->var.pos, "\"escapes\" is about local variables; %s is a package-level variable, "
         "which lives in the data segment", v->name);
}

static void
check_answer (Check         *c,
              const GmlQuiz *q)
{
  const GmlAnswerSpec *spec = &q->answer;
  GmlObject *v;

  if (q->kind == GML_QUIZ_CHOICE)
    return;
  if (spec->var.name != NULL && (v = check_var_ref (c, &spec->var)) != NULL)
    check_var_type (c, spec, v);
  if (spec->kind == GML_ANSWER_OBJECTS_OF_TYPE)
    check_type_name (c, spec->type, spec->pos);
}

static void
check_highlights (Check   *c,
                  GArray  *highlights)
{
  for (guint i = 0; highlights != NULL && i < highlights->len; i++)
    {
      const GmlHighlight *h = &g_array_index (highlights, GmlHighlight, i);

      if (h->kind == GML_HIGHLIGHT_VAR)
        check_var_ref (c, &h->var);
      else if (h->kind == GML_HIGHLIGHT_TYPE)
        check_type_name (c, h->type, h->pos);
    }
}

void
gml_scenario_check_program (GmlScenario *sc,
                            GmlDiagList *diags)
{
  Check c = { sc, diags, NULL };

  g_return_if_fail (sc->program != NULL && sc->image != NULL);
  find_code_lines (&c);
  for (guint i = 0; i < sc->chapters->len; i++)
    check_line_anchor (&c, &((GmlChapter *) g_ptr_array_index (sc->chapters, i))->anchor);
  for (guint i = 0; i < sc->cards->len; i++)
    {
      GmlCard *card = g_ptr_array_index (sc->cards, i);

      check_line_anchor (&c, &card->anchor);
      check_highlights (&c, card->highlights);
    }
  for (guint i = 0; i < sc->quizzes->len; i++)
    {
      GmlQuiz *q = g_ptr_array_index (sc->quizzes, i);

      check_line_anchor (&c, &q->anchor);
      check_answer (&c, q);
    }
  g_free (c.has_code);
}

gboolean
gml_scenario_static_answer (GmlProgram          *program,
                            const GmlAnswerSpec *spec,
                            GmlAnswer           *answer)
{
  GmlFunc *f;
  GmlObject *v;

  g_return_val_if_fail (program != NULL && spec != NULL && answer != NULL, FALSE);
  if (spec->kind != GML_ANSWER_ESCAPES || !program->escape_analysed
      || !gml_scenario_resolve_var (program, &spec->var, &f, &v))
    return FALSE;
  memset (answer, 0, sizeof *answer);
  answer->type = GML_ANSWER_TYPE_YES_NO;
  answer->yes = (v->flags & GML_VAR_HEAP) != 0;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */

void
gml_answer_clear (GmlAnswer *answer)
{
  g_clear_pointer (&answer->objects, g_array_unref);
}

guint
gml_quiz_n_correct_choices (const GmlQuiz *quiz)
{
  guint n = 0;

  for (guint i = 0; quiz->choices != NULL && i < quiz->choices->len; i++)
    if (g_array_index (quiz->choices, GmlChoice, i).correct)
      n++;
  return n;
}

gboolean
gml_quiz_accepts_choices (const GmlQuiz  *quiz,
                          const gboolean *selected)
{
  g_return_val_if_fail (quiz->kind == GML_QUIZ_CHOICE && quiz->choices != NULL, FALSE);
  for (guint i = 0; i < quiz->choices->len; i++)
    if (!selected[i] != !g_array_index (quiz->choices, GmlChoice, i).correct)
      return FALSE;
  return TRUE;
}

gboolean
gml_quiz_accepts_number (const GmlQuiz *quiz,
                         gint64         correct,
                         gint64         given)
{
  /* In unsigned arithmetic the distance cannot overflow. */
  guint64 distance = given >= correct ? (guint64) given - (guint64) correct
                                      : (guint64) correct - (guint64) given;
  double magnitude = correct < 0 ? -(double) correct : (double) correct;

  if (distance <= (guint64) quiz->tolerance)
    return TRUE;
  return quiz->tolerance_percent > 0 && (double) distance <= magnitude * quiz->tolerance_percent / 100.0;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

gboolean
gml_answer_accepts_objects (const GmlAnswer *correct,
                            const guint64   *picked,
                            guint            n_picked)
{
  g_autofree guint64 *sorted = g_memdup2 (picked, n_picked * sizeof (guint64));
  guint n = 0;

  g_return_val_if_fail (correct->type == GML_ANSWER_TYPE_OBJECTS, FALSE);
  if (n_picked > 0)
    qsort (sorted, n_picked, sizeof (guint64), compare_u64);
  for (guint i = 0; i < n_picked; i++)
    if (n == 0 || sorted[n - 1] != sorted[i])
      sorted[n++] = sorted[i];
  if (correct->objects == NULL)
    return n == 0;
  return n == correct->objects->len
         && (n == 0 || memcmp (sorted, correct->objects->data, n * sizeof (guint64)) == 0);
}

/* ------------------------------------------------------------------ */
/* Describing anchors                                                  */

static const char *
ordinal_suffix (guint64 n)
{
  if (n % 100 >= 11 && n % 100 <= 13)
    return "th";
  switch (n % 10)
    {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

char *
gml_anchor_describe (const GmlAnchor *a)
{
  g_return_val_if_fail (a != NULL, NULL);
  switch (a->kind)
    {
    case GML_ANCHOR_LINE:
      if (a->nth <= 1)
        return g_strdup_printf ("line %u", a->line);
      return g_strdup_printf ("line %u (%u%s time)", a->line, a->nth, ordinal_suffix (a->nth));
    case GML_ANCHOR_GC:
      if (a->gc_phase == 1)
        return g_strdup_printf ("the start of GC cycle %u", a->nth);
      return g_strdup_printf ("the %s phase of GC cycle %u", gml_scenario_phase_name (a->gc_phase), a->nth);
    case GML_ANCHOR_EVENT:
      return g_strdup_printf ("the %u%s %s event", a->nth, ordinal_suffix (a->nth), gml_event_kind_name (a->event));
    case GML_ANCHOR_STEP:
      return g_strdup_printf ("step %" G_GUINT64_FORMAT, a->step);
    case GML_ANCHOR_END:
    default:
      return g_strdup ("the end of the run");
    }
}

/* ------------------------------------------------------------------ */
/* The dynamic check                                                   */

/* How many of hits 1..limit-1 of a line, cycles or events the run
 * reaches: occurrences are reached in order, so binary search works. */
static guint32
count_reached (GmlScenarioProbe *probe,
               const GmlAnchor  *a,
               guint32           limit)
{
  guint32 lo = 0, hi = limit;   /* lo reached (or 0), hi not */

  while (hi - lo > 1)
    {
      GmlAnchor t = *a;
      guint32 mid = lo + (hi - lo) / 2;
      guint64 pos;

      t.nth = mid;
      if (t.kind == GML_ANCHOR_GC)
        t.gc_phase = 1;
      if (probe->resolve (probe, &t, &pos))
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static void
report_unreached (const GmlScenario *sc,
                  GmlScenarioProbe  *probe,
                  const GmlAnchor   *a,
                  GmlDiagList       *diags)
{
  guint32 n = a->kind <= GML_ANCHOR_EVENT ? count_reached (probe, a, a->nth) : 0;
  const char *file = sc->filename;
  GmlPos pos = a->pos;
  GmlAnchor start = *a;
  guint64 ignored;

  /* A cycle that starts but never reaches the phase counts as reached. */
  start.gc_phase = 1;
  if (a->kind == GML_ANCHOR_GC && a->gc_phase != 1 && probe->resolve (probe, &start, &ignored))
    n = a->nth;

  if (a->kind == GML_ANCHOR_LINE && n == 0)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "line %u never runs", a->line);
  else if (a->kind == GML_ANCHOR_LINE)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "execution arrives at line %u only %u time%s, so hit %u never happens",
                       a->line, n, n == 1 ? "" : "s", a->nth);
  else if (a->kind == GML_ANCHOR_GC && n < a->nth)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "GC cycle %u never starts: the run has %u cycle%s", a->nth, n, n == 1 ? "" : "s");
  else if (a->kind == GML_ANCHOR_GC)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "GC cycle %u never reaches the %s phase", a->nth, gml_scenario_phase_name (a->gc_phase));
  else if (a->kind == GML_ANCHOR_EVENT)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "the run has %u \"%s\" event%s, so the %u%s never happens",
                       n, gml_event_kind_name (a->event), n == 1 ? "" : "s", a->nth, ordinal_suffix (a->nth));
  else if (a->kind == GML_ANCHOR_STEP)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "step %" G_GUINT64_FORMAT " is past the end of the run (%" G_GUINT64_FORMAT " steps)",
                       a->step, probe->n_steps);
  else
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, pos, "the program does not end: the run stops at the step budget (%" G_GUINT64_FORMAT " steps)",
                       sc->settings.step_budget);
}

static gboolean
check_anchor (const GmlScenario *sc,
              GmlScenarioProbe  *probe,
              const GmlAnchor   *a,
              guint64           *position,
              GmlDiagList       *diags)
{
  if (probe->resolve (probe, a, position))
    return TRUE;
  report_unreached (sc, probe, a, diags);
  return FALSE;
}

static void
check_quiz_answer (const GmlScenario *sc,
                   GmlScenarioProbe  *probe,
                   const GmlQuiz     *q,
                   guint64            position,
                   GmlDiagList       *diags)
{
  GmlAnswer answer = { 0 };
  g_autofree char *reason = NULL;
  g_autofree char *where = gml_anchor_describe (&q->anchor);

  if (!probe->compute (probe, &q->answer, position, &answer, &reason))
    gml_diag_list_add (diags, GML_DIAG_ERROR, sc->filename, q->answer.pos,
                       "quiz \"%s\": the answer is undefined at %s: %s", q->id, where,
                       reason != NULL ? reason : "the engine cannot compute it there");
  else if (answer.type == GML_ANSWER_TYPE_OBJECTS && (answer.objects == NULL || answer.objects->len == 0))
    gml_diag_list_add (diags, GML_DIAG_WARNING, sc->filename, q->answer.pos,
                       "warning: quiz \"%s\": there is no object to pick at %s", q->id, where);
  gml_answer_clear (&answer);
}

gboolean
gml_scenario_check_dynamic (const GmlScenario *sc,
                            GmlScenarioProbe  *probe,
                            GmlDiagList       *diags)
{
  guint before;
  guint64 position;

  g_return_val_if_fail (sc != NULL && probe != NULL && probe->resolve != NULL && diags != NULL, FALSE);
  before = gml_diag_list_n_errors (diags);
  for (guint i = 0; i < sc->chapters->len; i++)
    check_anchor (sc, probe, &((GmlChapter *) g_ptr_array_index (sc->chapters, i))->anchor, &position, diags);
  for (guint i = 0; i < sc->cards->len; i++)
    check_anchor (sc, probe, &((GmlCard *) g_ptr_array_index (sc->cards, i))->anchor, &position, diags);
  for (guint i = 0; i < sc->quizzes->len; i++)
    {
      const GmlQuiz *q = g_ptr_array_index (sc->quizzes, i);

      if (check_anchor (sc, probe, &q->anchor, &position, diags)
          && q->kind != GML_QUIZ_CHOICE && probe->compute != NULL)
        check_quiz_answer (sc, probe, q, position, diags);
    }
  gml_diag_list_sort (diags);
  return gml_diag_list_n_errors (diags) == before;
}
