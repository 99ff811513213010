/* gml-liveness.c: which variables are live at each instruction.
 *
 * Go's stack maps record, at every safepoint, which pointer slots are live:
 * a local that is never used again does not keep its object alive.  The
 * compiler notes every use and whole definition of a variable's frame
 * slot as it emits code; a backward data-flow pass over the bytecode then
 * gives live-in sets for every pc.  The GC scans a stopped frame with the
 * set of the pc it resumes at.
 *
 * Uses are noted when an expression refers to the variable, which can be
 * a few instructions before the read (a call may come in between), so
 * every use is also extended to the end of its statement.  Variables whose
 * address is taken, or that closures capture by reference, are live in
 * their whole scope: a pointer may reach them at any time.
 */
#include "gml-compile-private.h"

#include <string.h>

static gint
slot_index_of (Fn        *fn,
               GmlObject *var)
{
  VarStore *vs = g_hash_table_lookup (fn->vars, var);

  return vs != NULL ? vs->slot_index : -1;
}

static void
note (Fn        *fn,
      GmlObject *var,
      gboolean   is_def)
{
  gint i = slot_index_of (fn, var);
  VarRef r;

  if (i < 0)
    return;
  r.pc = fn_pc (fn);
  r.slot_index = (guint32) i;
  r.is_def = is_def;
  g_array_append_val (fn->refs, r);
}

void
fn_note_use (Fn        *fn,
             GmlObject *var)
{
  note (fn, var, FALSE);
}

void
fn_note_def (Fn        *fn,
             GmlObject *var)
{
  note (fn, var, TRUE);
}

void
fn_extend_uses (Fn    *fn,
                guint  mark)
{
  guint end = fn_pc (fn) > 0 ? fn_pc (fn) - 1 : 0;
  guint n = fn->refs->len;

  for (guint i = mark; i < n; i++)
    {
      VarRef r = g_array_index (fn->refs, VarRef, i);

      if (r.is_def || r.pc >= end)
        continue;
      r.pc = end;
      g_array_append_val (fn->refs, r);
    }
}

static gboolean
always_live (const GmlSlot *s)
{
  return s->var == NULL
         || (s->var->flags & (GML_VAR_ADDR_TAKEN | GML_VAR_RESULT)) != 0
         || ((s->var->flags & GML_VAR_CAPTURED) != 0 && (s->var->flags & GML_VAR_BYREF) != 0)
         || ((s->var->flags & GML_VAR_CAPTURED) != 0 && !s->heap_ptr);
}

/* Successors of the instruction at pc. */
static guint
successors (const GmlInsn *code,
            guint          n,
            guint          pc,
            guint         *succ)
{
  const GmlInsn *in = &code[pc];

  switch ((GmlOp) in->op)
    {
    case GML_OP_JMP:
      succ[0] = (guint) in->a;
      return 1;
    case GML_OP_JT:
    case GML_OP_JF:
      succ[0] = (guint) in->b;
      succ[1] = pc + 1;
      return pc + 1 < n ? 2 : 1;
    case GML_OP_RET:
    case GML_OP_PANIC:
      return 0;
    default:
      succ[0] = pc + 1;
      return pc + 1 < n ? 1 : 0;
    }
}

void
fn_compute_liveness (Fn *fn)
{
  GmlCode *code = fn->code;
  const GmlInsn *insns = (const GmlInsn *) (gconstpointer) fn->insns->data;
  guint n = fn->insns->len, words = (fn->slots->len + 31) / 32;
  g_autofree guint32 *use = NULL, *def = NULL;
  guint32 *live;
  gboolean changed = TRUE;

  if (n == 0 || words == 0)
    return;
  use = g_new0 (guint32, (gsize) n * words);
  def = g_new0 (guint32, (gsize) n * words);
  live = g_new0 (guint32, (gsize) n * words);
  for (guint i = 0; i < fn->refs->len; i++)
    {
      const VarRef *r = &g_array_index (fn->refs, VarRef, i);
      guint32 *set = r->is_def ? def : use;

      if (r->pc < n)
        set[(gsize) r->pc * words + r->slot_index / 32] |= 1u << (r->slot_index % 32);
    }
  /* Backward to a fixed point: live_in = use | (live_out & ~def). */
  while (changed)
    {
      changed = FALSE;
      for (guint pc = n; pc-- > 0;)
        {
          guint succ[2];
          guint ns = successors (insns, n, pc, succ);

          for (guint w = 0; w < words; w++)
            {
              guint32 out = 0, in;

              for (guint k = 0; k < ns; k++)
                if (succ[k] < n)
                  out |= live[(gsize) succ[k] * words + w];
              in = use[(gsize) pc * words + w] | (out & ~def[(gsize) pc * words + w]);
              if (in != live[(gsize) pc * words + w])
                {
                  live[(gsize) pc * words + w] = in;
                  changed = TRUE;
                }
            }
        }
    }
  /* Slots whose liveness cannot be tracked are live in their scope. */
  for (guint i = 0; i < fn->slots->len; i++)
    {
      const GmlSlot *s = &g_array_index (fn->slots, GmlSlot, i);

      if (!always_live (s))
        continue;
      for (guint pc = 0; pc < n; pc++)
        live[(gsize) pc * words + i / 32] |= 1u << (i % 32);
    }
  code->live = live;
  code->live_words = words;
  code->n_safepoints = n;
  code->safepoints = NULL;
}
