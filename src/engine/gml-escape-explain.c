/* gml-escape-explain.c: why something is on the heap, in plain words.
 *
 * When the solver decides that a location escapes it records the path
 * its address took (Go's explainPath, which -m=2 prints as "flow:" and
 * "from ... (why)" lines).  Here such a path becomes a sentence for the
 * code view:
 *
 *   `u` is moved to the heap because its address is returned by
 *   `newUser` (line 13), so it must outlive the call.
 *
 * The interesting step is usually the last one: where the address ends
 * up (a result, a global, a call that keeps its argument, a closure, a
 * channel...).  A destination that is itself on the heap is explained
 * in turn, a couple of levels deep; a parameter that leaks is explained
 * where its function is called.
 */
#include "gml-escape-private.h"

#include <string.h>

#define MAX_DEPTH 2

/* ------------------------------------------------------------------ */
/* Recording paths                                                     */

static GPtrArray *
path_from (EscLoc *root,
           EscLoc *src)
{
  GPtrArray *path = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) visited = g_hash_table_new (NULL, NULL);

  while (src != NULL && src->dst != NULL && !g_hash_table_contains (visited, src))
    {
      EscLoc *dst = src->dst;
      EscFlow *step;
      EscEdge *edge;

      g_hash_table_add (visited, src);
      if (src->dst_edge >= dst->edges->len)
        break;
      edge = &g_array_index (dst->edges, EscEdge, src->dst_edge);
      step = g_new0 (EscFlow, 1);
      step->dst = dst;
      step->src = src;
      step->derefs = edge->derefs;
      step->notes = edge->notes;
      g_ptr_array_add (path, step);
      if (dst == root)
        break;
      src = dst;
    }
  return path;
}

/* The solver found that l's address reaches root, which outlives it. */
void
esc_record_escape (EscBatch *b,
                   EscLoc   *root,
                   EscLoc   *l)
{
  if (!b->ctx->diagnose)
    return;
  g_clear_pointer (&l->why, g_ptr_array_unref);
  l->why = path_from (root, l);
  l->why_root = root;
}

/* Parameter l's value reaches root (the heap, or result slot - 1). */
void
esc_record_leak (EscBatch *b,
                 EscLoc   *root,
                 EscLoc   *l,
                 guint     slot)
{
  if (!b->ctx->diagnose || slot >= G_N_ELEMENTS (l->leak_why))
    return;
  g_clear_pointer (&l->leak_why[slot], g_ptr_array_unref);
  l->leak_why[slot] = path_from (root, l);
  if (l->leak_why[slot]->len == 0)
    g_clear_pointer (&l->leak_why[slot], g_ptr_array_unref);
}

/* ------------------------------------------------------------------ */
/* Words                                                               */

static void explain_into (GString *s, EscBatch *b, EscLoc *loc, guint depth);

static void
append_code (GString    *s,
             const char *text)
{
  g_string_append_printf (s, "`%s`", text);
}

static void
append_node (GString *s,
             GmlNode *n)
{
  g_autofree char *text = n != NULL ? gml_node_expr_string (n) : g_strdup ("?");

  append_code (s, text);
}

static void
append_line (GString *s,
             GmlPos   pos)
{
  if (pos.line != 0)
    g_string_append_printf (s, " (line %u)", pos.line);
}

/* The outermost note of a step: the statement or call it happened in. */
static EscNote *
outer_note (EscNote *notes)
{
  EscNote *last = notes;

  for (EscNote *n = notes; n != NULL; n = n->next)
    last = n;
  return last;
}

static EscNote *
find_note (EscNote    *notes,
           const char *why)
{
  for (EscNote *n = notes; n != NULL; n = n->next)
    if (strcmp (n->why, why) == 0)
      return n;
  return NULL;
}

static const char *
func_name (EscFn *fn)
{
  if (fn == NULL || fn->func == NULL)
    return "the package initializer";
  return fn->func->short_name;
}

static GmlFunc *
callee_func (GmlNode *call)
{
  GmlNode *fun;
  GmlObject *obj = NULL;

  if (call == NULL || call->kind != GML_NODE_CALL)
    return NULL;
  fun = gml_node_unparen (call->u.call.fun);
  if (fun->kind == GML_NODE_IDENT)
    obj = fun->u.ident.obj;
  else if (fun->kind == GML_NODE_SELECTOR)
    obj = fun->u.selector.selection.obj;
  return obj != NULL && obj->kind == GML_OBJ_FUNC ? obj->u.func.func : NULL;
}

/* "passed to `install` (line 19), where it is stored in ..." */
static void
describe_callee (GString *s,
                 EscNote *note)
{
  GmlNode *call = note->where;
  GmlFunc *func = callee_func (call);
  EscVarData *pd = note->param != NULL ? note->param->u.var.escape : NULL;

  if (call->kind == GML_NODE_CALL && call->u.call.call_kind == GML_CALL_BUILTIN)
    {
      if (call->u.call.builtin == GML_BUILTIN_PANIC)
        g_string_append (s, "passed to `panic`, whose value may outlive every frame");
      else if (call->u.call.builtin == GML_BUILTIN_APPEND)
        g_string_append (s, "appended to a slice, and append may copy the elements to a new "
                            "backing array on the heap");
      else
        g_string_append (s, "passed to a builtin that keeps it on the heap");
      append_line (s, note->pos);
      return;
    }
  if (call->kind == GML_NODE_CALL && call->u.call.call_kind == GML_CALL_IFACE && call->u.call.devirt == NULL)
    {
      g_string_append (s, "passed to an interface method call");
      append_line (s, note->pos);
      g_string_append (s, "; the compiler cannot see which method runs, so it assumes the argument escapes");
      return;
    }
  if (note->param == NULL && (func == NULL || call->u.call.call_kind == GML_CALL_CLOSURE))
    {
      g_string_append (s, "passed to a call through a function value");
      append_line (s, note->pos);
      g_string_append (s, "; the compiler cannot see the callee, so it assumes the argument escapes");
      return;
    }
  g_string_append (s, "passed to ");
  if (func != NULL && func->pkg != NULL && func->pkg->is_prelude)
    {
      g_autofree char *q = g_strdup_printf ("%s.%s", func->pkg->name, func->short_name);

      append_code (s, q);
      append_line (s, note->pos);
      g_string_append (s, ", which keeps it (or what it points to) beyond the call, "
                          "as Go's standard library does");
      return;
    }
  append_code (s, func != NULL ? func->short_name : "the callee");
  append_line (s, note->pos);
  if (pd != NULL && pd->leak != NULL)
    g_string_append_printf (s, ", where %s", pd->leak);
  else
    g_string_append (s, ", which lets that parameter escape");
}

/* Which assignment target kept the value: a global, a pointer's target,
 * a slice element or a map. */
static void
describe_store (GString *s,
                EscNote *note)
{
  GmlNode *stmt = note->where, *lhs = NULL;

  if (stmt != NULL && stmt->kind == GML_NODE_ASSIGN_STMT && stmt->u.assign.lhs.len > 0)
    lhs = gml_node_unparen (stmt->u.assign.lhs.items[0]);
  if (lhs == NULL)
    g_string_append (s, "stored somewhere on the heap");
  else if ((lhs->kind == GML_NODE_IDENT && lhs->u.ident.obj != NULL
            && (lhs->u.ident.obj->flags & GML_VAR_GLOBAL))
           || (lhs->kind == GML_NODE_SELECTOR && lhs->u.selector.selection.kind == GML_SEL_QUALIFIED))
    {
      g_string_append (s, "stored in the global variable ");
      append_node (s, lhs);
    }
  else if (lhs->kind == GML_NODE_INDEX && lhs->u.index.x->type != NULL
           && gml_type_underlying (lhs->u.index.x->type)->kind == GML_TYPE_MAP)
    {
      g_string_append (s, "stored in the map ");
      append_node (s, lhs->u.index.x);
    }
  else if (lhs->kind == GML_NODE_INDEX)
    {
      g_string_append (s, "stored in an element of ");
      append_node (s, lhs->u.index.x);
      g_string_append (s, ", whose backing array may be on the heap");
    }
  else
    {
      g_string_append (s, "stored through a pointer into ");
      append_node (s, lhs);
      g_string_append (s, ", which may be on the heap");
    }
  append_line (s, note->pos);
}

/* Where the last annotated step of a path into the heap went. */
static void
describe_heap_sink (GString   *s,
                    GPtrArray *path)
{
  EscNote *outer = NULL;
  const char *why;

  for (guint i = path->len; i > 0 && outer == NULL; i--)
    outer = outer_note (((EscFlow *) g_ptr_array_index (path, i - 1))->notes);
  why = outer != NULL ? outer->why : "";
  if (strcmp (why, "call parameter") == 0 && outer->where != NULL)
    {
      describe_callee (s, outer);
      return;
    }
  if (g_str_has_prefix (why, "assign"))
    {
      describe_store (s, outer);
      return;
    }
  if (strcmp (why, "send") == 0)
    g_string_append (s, "sent on a channel, so another goroutine may hold it");
  else if (strstr (why, "map") != NULL)
    g_string_append (s, "stored in a map, whose keys and values live on the heap");
  else if (g_str_has_prefix (why, "append"))
    g_string_append (s, "appended to a slice whose backing array may be on the heap");
  else if (strcmp (why, "copied slice") == 0)
    g_string_append (s, "copied into a slice whose backing array may be on the heap");
  else if (strcmp (why, "captured by a closure") == 0 || strcmp (why, "reference") == 0)
    g_string_append (s, "captured by a closure that escapes");
  else if (strcmp (why, "go statement") == 0)
    g_string_append (s, "handed to a `go` statement, and the new goroutine may outlive this function");
  else if (strcmp (why, "defer in a loop") == 0)
    g_string_append (s, "handed to a `defer` inside a loop: every iteration needs its own copy "
                        "until the function returns");
  else
    g_string_append (s, "stored where the compiler cannot prove it dies with the frame");
  if (outer != NULL)
    append_line (s, outer->pos);
}

static void
describe_loc (GString *s,
              EscLoc  *loc)
{
  switch (loc->kind)
    {
    case ESC_LOC_VAR:
      append_code (s, loc->var != NULL ? loc->var->name : "?");
      break;
    case ESC_LOC_TMPVAR:
    case ESC_LOC_TMPCONV:
      g_string_append (s, "a compiler temporary");
      break;
    case ESC_LOC_DOTS:
      g_string_append (s, "the implicit `...` slice of a call");
      break;
    case ESC_LOC_WRAPPER:
      g_string_append (s, "the closure Go builds for a go or defer statement");
      break;
    case ESC_LOC_SITE:
      if (loc->node != NULL && loc->node->kind == GML_NODE_FUNC_LIT)
        g_string_append_printf (s, "the func literal at line %u", loc->node->pos.line);
      else if (loc->node != NULL && loc->node->kind == GML_NODE_CALL
               && loc->node->u.call.call_kind == GML_CALL_CONVERSION && loc->node->type != NULL
               && gml_type_is_interface (loc->node->type))
        {
          g_string_append (s, "the interface boxing ");
          append_node (s, loc->node);
        }
      else
        append_node (s, loc->node);
      break;
    default:
      g_string_append (s, "a temporary");
      break;
    }
}

/* Where the path ends, when that is not the heap itself. */
static void
describe_root (GString  *s,
               EscBatch *b,
               EscLoc   *root,
               EscFlow  *last,
               guint     depth)
{
  EscNote *outer = last != NULL ? outer_note (last->notes) : NULL;

  if (root->is_result)
    {
      g_string_append (s, "returned by ");
      append_code (s, func_name (root->fn));
      if (outer != NULL)
        append_line (s, outer->pos);
      if (!(root->fn != NULL && root->fn->closure_called))
        g_string_append (s, ", so it must outlive the call");
      return;
    }
  if (root->kind == ESC_LOC_WRAPPER && root->node != NULL)
    {
      if (root->node->kind == GML_NODE_GO_STMT)
        g_string_append (s, "handed to the `go` statement");
      else
        g_string_append (s, "handed to the `defer` statement");
      append_line (s, root->node->pos);
      g_string_append (s, root->node->kind == GML_NODE_GO_STMT
                          ? ", and the new goroutine may outlive this function"
                          : ", which is inside a loop: every iteration needs its own copy "
                            "until the function returns");
      return;
    }
  if (root->kind == ESC_LOC_SITE && root->node != NULL && root->node->kind == GML_NODE_FUNC_LIT
      && last != NULL && find_note (last->notes, "captured by a closure") != NULL)
    g_string_append (s, "captured by reference by ");
  else
    g_string_append (s, "stored in ");
  describe_loc (s, root);
  if (outer != NULL && !(root->kind == ESC_LOC_SITE && root->node != NULL
                         && root->node->kind == GML_NODE_FUNC_LIT))
    append_line (s, outer->pos);
  if (root->escapes)
    {
      if (depth < MAX_DEPTH && (root->why != NULL || root->reason != NULL))
        {
          g_string_append (s, ", which escapes too: ");
          explain_into (s, b, root, depth + 1);
        }
      else
        g_string_append (s, ", which is on the heap");
      return;
    }
  if (last != NULL && root->fn != last->src->fn)
    g_string_append (s, ", a variable of an enclosing function that outlives this closure's frame");
  else
    g_string_append (s, ", which is declared outside the loop and so outlives each iteration");
}

static const char *
reason_words (const char *reason,
              EscLoc     *loc)
{
  if (strcmp (reason, "non-constant size") == 0)
    return "its size is not a constant, so the compiler cannot reserve it in the frame";
  if (loc->kind == ESC_LOC_VAR || loc->kind == ESC_LOC_TMPVAR)
    return "it is larger than 10 MiB, the most a variable may take in a Go 1.19 stack frame";
  return "it is larger than 64 KiB, the most an implicit allocation may take in a Go 1.19 stack frame";
}

/* Why loc escapes: "its address is returned by ...". */
static void
explain_into (GString  *s,
              EscBatch *b,
              EscLoc   *loc,
              guint     depth)
{
  GPtrArray *path = loc->why;
  EscFlow *first, *last;

  if (loc->reason != NULL && (path == NULL || path->len <= 1))
    {
      g_string_append (s, reason_words (loc->reason, loc));
      return;
    }
  if (path == NULL || path->len == 0)
    {
      g_string_append (s, "its address flows somewhere that outlives the frame");
      return;
    }
  first = g_ptr_array_index (path, 0);
  last = g_ptr_array_index (path, path->len - 1);
  if (loc->kind == ESC_LOC_VAR || loc->kind == ESC_LOC_TMPVAR)
    g_string_append (s, first->derefs < 0 ? "its address is " : "it is ");
  else
    g_string_append (s, "it is ");
  if (path->len > 1 && first->dst->kind == ESC_LOC_VAR && first->dst != loc->why_root)
    {
      g_string_append (s, "kept in ");
      describe_loc (s, first->dst);
      g_string_append (s, ", which is ");
    }
  if (loc->why_root == &b->heap_loc)
    describe_heap_sink (s, path);
  else
    describe_root (s, b, loc->why_root, last, depth);
}

static gboolean
is_iface_conversion (EscLoc *loc)
{
  return loc->kind == ESC_LOC_SITE && loc->node != NULL && loc->node->kind == GML_NODE_CALL
         && loc->node->u.call.call_kind == GML_CALL_CONVERSION && loc->node->type != NULL
         && gml_type_is_interface (loc->node->type);
}

/* The subject of the sentence. */
static void
describe_subject (GString *s,
                  EscLoc  *loc)
{
  if (loc->kind == ESC_LOC_VAR || loc->kind == ESC_LOC_TMPVAR)
    {
      describe_loc (s, loc);
      g_string_append (s, " is moved to the heap because ");
    }
  else if (is_iface_conversion (loc))
    {
      g_string_append (s, "The copy of ");
      append_node (s, loc->node);
      g_string_append (s, " boxed in an interface is allocated on the heap because ");
    }
  else if (loc->kind == ESC_LOC_TMPCONV)
    g_string_append (s, "The copy of a result boxed in an interface is allocated on the heap because ");
  else if (loc->kind == ESC_LOC_SITE && loc->node != NULL && loc->node->kind == GML_NODE_FUNC_LIT)
    g_string_append (s, "This func literal's closure is allocated on the heap because ");
  else if (loc->kind == ESC_LOC_DOTS)
    g_string_append (s, "The implicit `...` slice of this call is allocated on the heap because ");
  else
    {
      describe_loc (s, loc);
      g_string_append (s, " is allocated on the heap because ");
    }
}

/* The sentence for a location that escapes. */
char *
esc_explain_loc (EscBatch *b,
                 EscLoc   *loc)
{
  GString *s;

  if (!loc->escapes)
    return NULL;
  s = g_string_new (NULL);
  describe_subject (s, loc);
  explain_into (s, b, loc, 0);
  g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

/* Where a parameter leaks, as a clause: "it is stored in the global
 * variable `current` (line 13)".  Also remembered on the parameter, for
 * the explanations of its callers. */
static char *
leak_clause (EscBatch *b,
             EscLoc   *loc)
{
  GString *s = g_string_new (NULL);

  for (guint slot = 0; slot < G_N_ELEMENTS (loc->leak_why); slot++)
    {
      GPtrArray *path = loc->leak_why[slot];
      EscFlow *last;

      if (path == NULL || path->len == 0)
        continue;
      last = g_ptr_array_index (path, path->len - 1);
      if (s->len > 0)
        g_string_append (s, "; also, ");
      g_string_append (s, "it is ");
      if (last->dst == &b->heap_loc)
        describe_heap_sink (s, path);
      else
        describe_root (s, b, last->dst, last, 1);
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

/* The sentence for a parameter that leaks (to the heap or a result). */
char *
esc_explain_param (EscBatch *b,
                   EscLoc   *loc)
{
  g_autofree char *clause = leak_clause (b, loc);
  EscVarData *vd;

  if (clause == NULL)
    return NULL;
  vd = loc->var->u.var.escape;
  if (vd == NULL)
    loc->var->u.var.escape = vd = gml_arena_new0 (b->ctx->arena, EscVarData);
  vd->leak = gml_arena_strndup (b->ctx->arena, clause, strlen (clause));
  return g_strdup_printf ("The parameter `%s` leaks: %s.", loc->var->name, clause);
}

/* The sentence for a location that stays in its frame. */
char *
esc_explain_stack (EscBatch *b,
                   EscLoc   *loc)
{
  const char *fname = func_name (loc->fn);
  GString *s = g_string_new (NULL);

  (void) b;
  if (loc->kind == ESC_LOC_VAR)
    {
      describe_loc (s, loc);
      if (loc->captured && loc->var != NULL && !(loc->var->flags & GML_VAR_BYREF))
        g_string_append (s, " stays on the stack: closures capture it by value (it is never "
                            "reassigned after they capture it, nor is its address taken, and it "
                            "is at most 128 bytes), so they hold a copy.");
      else if (loc->captured)
        g_string_append_printf (s, " stays on the stack: the closures that capture it by reference "
                                   "never outlive `%s`.", fname);
      else
        g_string_append_printf (s, " stays on the stack: its address is taken, but no pointer to it "
                                   "outlives `%s`.", fname);
      return g_string_free (s, FALSE);
    }
  if (is_iface_conversion (loc))
    {
      g_string_append (s, "The copy of ");
      append_node (s, loc->node);
      g_string_append (s, " boxed in an interface");
    }
  else if (loc->kind == ESC_LOC_TMPCONV)
    g_string_append (s, "The copy of a result boxed in an interface");
  else if (loc->kind == ESC_LOC_DOTS)
    g_string_append (s, "The implicit `...` slice of this call");
  else if (loc->kind == ESC_LOC_SITE && loc->node != NULL && loc->node->kind == GML_NODE_FUNC_LIT)
    g_string_append (s, "This func literal's closure");
  else
    describe_loc (s, loc);
  g_string_append_printf (s, " does not escape: nothing keeps a pointer to it beyond `%s`, "
                             "so it is allocated in the frame.", fname);
  return g_string_free (s, FALSE);
}
