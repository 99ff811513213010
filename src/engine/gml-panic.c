/* gml-panic.c: panic, defer, recover and dying, as Go 1.19 does them.
 *
 * gopanic runs the goroutine's deferred calls newest first, each on top of
 * the panicking frame.  A deferred call that calls recover() marks the
 * panic recovered; when it returns, execution continues at the deferring
 * function's exit path (deferreturn), which runs its remaining deferred
 * calls and returns normally.  With no deferred calls left the program
 * prints the panic chain and the goroutine's trace, and exits with 2.
 */
#include "gml-interp.h"

#include <string.h>

#include "gml-fmt.h"
#include "gml-heap.h"

/* The runtime's own panic values (GmlPanic.is_runtime; 0 for a value the
 * program passed to panic).  Each holds its message as a string. */
enum
{
  RT_ERROR_STRING = 1,  /* runtime.errorString: "runtime error: " + msg */
  RT_PLAIN_ERROR,       /* runtime.plainError: msg */
  RT_BOUNDS_ERROR,      /* runtime.boundsError: "runtime error: " + msg */
  RT_ASSERT_ERROR,      /* *runtime.TypeAssertionError: msg */
};

/* Go's printpanicval for runtime errors and plain errors. */
static gboolean
panic_value_string (GmlVm          *vm,
                    const GmlPanic *p,
                    GString        *out,
                    char          **method_panic)
{
  *method_panic = NULL;
  if (p->is_runtime)
    {
      g_autofree char *msg = gml_vm_read_string (vm, p->data, NULL);

      if (p->is_runtime == RT_ERROR_STRING || p->is_runtime == RT_BOUNDS_ERROR)
        g_string_append (out, "runtime error: ");
      g_string_append (out, msg);
      return TRUE;
    }
  return gml_vm_format_panic_value (vm, p->tab, p->data, out, method_panic);
}

/* printpanics, oldest first; FALSE (and what the method panicked with)
 * if an Error or String method panicked while the values were printed
 * (Go's preprintpanics runs them all first). */
static gboolean
print_panics (GmlVm    *vm,
              guint64   p,
              GString  *out,
              char    **method_panic)
{
  GmlPanic pp = *GML_META_R (vm, GmlPanic, p);

  if (pp.next != 0)
    {
      if (!print_panics (vm, pp.next, out, method_panic))
        return FALSE;
      g_string_append_c (out, '\t');
    }
  g_string_append (out, "panic: ");
  if (!panic_value_string (vm, &pp, out, method_panic))
    return FALSE;
  if (pp.recovered)
    g_string_append (out, " [recovered]");
  g_string_append_c (out, '\n');
  return TRUE;
}

static const char *
g_status_string (const GmlG *g,
                 gboolean    current)
{
  if (current)
    return "running";
  switch (g->status)
    {
    case GML_G_RUNNABLE: return "runnable";
    case GML_G_RUNNING:  return "running";
    case GML_G_WAITING:  return gml_wait_reason_string ((GmlWaitReason) g->wait_reason);
    default:             return "dead";
    }
}

void
gml_panic_traceback (GmlVm   *vm,
                     guint64  g,
                     GString *out)
{
  const GmlG *gg = gml_g_r (vm, g);
  GmlFrame f;
  guint n = 0;

  g_string_append_printf (out, "goroutine %" G_GUINT64_FORMAT " [%s]:\n", gg->goid,
                          g_status_string (gg, g == vm->rt.cur_g));
  if (!gml_frame_first (vm, g, &f))
    return;
  do
    {
      guint pc = f.pc > 0 ? f.pc - 1 : 0;
      guint32 stmt = f.code->stmt_of_pc != NULL ? f.code->stmt_of_pc[pc] : 0;
      const GmlStmtInfo *si = &g_array_index (vm->image->stmts, GmlStmtInfo, stmt);
      const char *file = f.code->func != NULL && f.code->func->pkg != NULL
                         ? f.code->func->pkg->filename : "?";

      if (n++ == 100)
        {
          g_string_append (out, "...additional frames elided...\n");
          break;
        }
      g_string_append_printf (out, "%s(...)\n\t%s:%u +0x%x\n", f.code->name,
                              file != NULL ? file : "?", si->line, pc * 4);
    }
  while (gml_frame_next (vm, &f));
  {
    const GmlG *cg = gml_g_r (vm, g);

    if (cg->parent_goid != 0)
      {
        guint pc;
        const GmlCode *c = gml_image_code_at (vm->image, cg->created_pc, &pc);

        if (c != NULL)
          g_string_append_printf (out, "created by %s\n", c->name);
      }
  }
}

static void
die (GmlVm   *vm,
     guint64  g)
{
  GString *out = g_string_new (NULL);
  GmlPanic top = *GML_META_R (vm, GmlPanic, gml_g_r (vm, g)->panics);
  g_autofree char *method_panic = NULL;

  if (!print_panics (vm, gml_g_r (vm, g)->panics, out, &method_panic))
    {
      /* runtime.throw in preprintpanics' deferred function. */
      g_string_truncate (out, 0);
      g_string_append_printf (out, "fatal error: panic while printing panic value: %s\n\n",
                              method_panic != NULL ? method_panic : "nil");
      gml_panic_traceback (vm, g, out);
      gml_vm_write (vm, 2, out->str, out->len);
      g_string_free (out, TRUE);
      gml_vm_exit (vm, 2);
      return;
    }
  if (top.is_signal)
    g_string_append_printf (out, "[signal SIGSEGV: segmentation violation code=0x1 addr=0x%" G_GINT64_MODIFIER "x pc=0x%" G_GINT64_MODIFIER "x]\n",
                            top.sig_addr, top.pc);
  g_string_append_c (out, '\n');
  gml_panic_traceback (vm, g, out);
  gml_vm_write (vm, 2, out->str, out->len);
  g_string_free (out, TRUE);
  gml_vm_exit (vm, 2);
}

/* ------------------------------------------------------------------ */
/* Starting a panic                                                    */

static void
panic_start (GmlVm   *vm,
             guint64  tab,
             guint64  data,
             int      runtime_kind,
             gboolean is_signal,
             guint64  sig_addr)
{
  guint64 g = vm->rt.cur_g;
  guint64 rec = gml_meta_alloc (vm, sizeof (GmlPanic));
  GmlFrame f;
  GmlPanic *p;

  gml_frame_first (vm, g, &f);
  p = GML_META_W (vm, GmlPanic, rec);
  p->tab = tab;
  p->data = data;
  p->is_runtime = (guint32) runtime_kind;
  p->is_signal = is_signal;
  p->sig_addr = sig_addr;
  p->pc = gml_text_addr (f.code, f.pc);
  p->fp = f.fp;
  p->sp = f.fp - (guint64) f.code->frame_size;
  p->next = gml_g_r (vm, g)->panics;
  gml_g_w (vm, g)->panics = rec;
  gml_vm_emit (vm, GML_EVENT_PANIC, gml_g_r (vm, g)->goid, (guint64) runtime_kind, 0, 0);
}

void
gml_vm_panic_value (GmlVm   *vm,
                    guint64  tab,
                    guint64  data)
{
  panic_start (vm, tab, data, 0, FALSE, 0);
}

/* Runtime errors are errorString values (Error() adds "runtime error: ");
 * plainError values print as they are. */
static void
panic_message (GmlVm      *vm,
               const char *message,
               int         kind,
               gboolean    is_signal,
               guint64     sig_addr)
{
  GmlVmPriv *priv = VM_PRIV (vm);
  GmlType *types[] = {
    [RT_ERROR_STRING] = priv->t_error_string, [RT_PLAIN_ERROR] = priv->t_plain_error,
    [RT_BOUNDS_ERROR] = priv->t_bounds_error, [RT_ASSERT_ERROR] = priv->t_assert_error,
  };
  GmlType *t = types[kind];
  /* A *TypeAssertionError points at its struct { msg string }, which is
   * laid out as the string header; the other values are boxed strings. */
  guint64 str = gml_vm_new_string (vm, message, strlen (message), NULL);
  guint64 tab = 0;

  if (str == 0)
    return;
  if (t == NULL)
    t = priv->t_string;
  tab = gml_image_typedesc (vm->image, t);
  panic_start (vm, tab, str, kind, is_signal, sig_addr);
}

void
gml_vm_panic_runtime (GmlVm          *vm,
                      GmlRuntimeError code,
                      const char     *format,
                      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  panic_message (vm, msg, RT_ERROR_STRING, FALSE, 0);
}

void
gml_vm_panic_plain (GmlVm      *vm,
                    const char *message)
{
  panic_message (vm, message, RT_PLAIN_ERROR, FALSE, 0);
}

void
gml_vm_panic_bounds (GmlVm      *vm,
                     const char *message)
{
  panic_message (vm, message, RT_BOUNDS_ERROR, FALSE, 0);
}

void
gml_vm_panic_type_assert (GmlVm      *vm,
                          const char *message)
{
  panic_message (vm, message, RT_ASSERT_ERROR, FALSE, 0);
}

void
gml_vm_panic_nil (GmlVm   *vm,
                  guint64  fault_addr)
{
  panic_message (vm, "invalid memory address or nil pointer dereference", RT_ERROR_STRING, TRUE, fault_addr);
}

void
gml_vm_fatal (GmlVm      *vm,
              const char *message)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "fatal error: %s\n", message);
  if (vm->rt.cur_g != 0)
    {
      g_string_append_c (out, '\n');
      gml_panic_traceback (vm, vm->rt.cur_g, out);
    }
  gml_vm_write (vm, 2, out->str, out->len);
  g_string_free (out, TRUE);
  gml_vm_exit (vm, 2);
}

void
gml_vm_deadlock (GmlVm *vm)
{
  GString *out = g_string_new ("fatal error: all goroutines are asleep - deadlock!\n\n");

  /* Go prints every goroutine; the main one first. */
  for (guint64 g = vm->rt.allgs; g != 0; g = gml_g_r (vm, g)->allnext)
    {
      if (gml_g_r (vm, g)->status == GML_G_DEAD)
        continue;
      gml_panic_traceback (vm, g, out);
      g_string_append_c (out, '\n');
    }
  gml_vm_write (vm, 2, out->str, out->len);
  g_string_free (out, TRUE);
  gml_vm_exit (vm, 2);
}

/* ------------------------------------------------------------------ */
/* Unwinding                                                           */

/* Continues execution in the frame that deferred `d` at its deferreturn:
 * remaining deferred calls of that frame run, then it returns normally. */
static void
recover_to (GmlVm          *vm,
            guint64         g,
            const GmlDefer *d)
{
  const GmlCode *code = g_ptr_array_index (vm->image->codes, d->code);
  GmlG *gg;
  guint64 p;

  /* Drop the recovered panic and the ones it aborted. */
  p = gml_g_r (vm, g)->panics;
  p = GML_META_R (vm, GmlPanic, p)->next;
  while (p != 0 && GML_META_R (vm, GmlPanic, p)->aborted)
    p = GML_META_R (vm, GmlPanic, p)->next;
  gg = gml_g_w (vm, g);
  gg->panics = p;
  gg->fp = d->fp;
  gg->pc = gml_text_addr (code, code->deferreturn_pc);
}

GmlUnwind
gml_panic_unwind (GmlVm   *vm,
                  guint64  g)
{
  for (;;)
    {
      guint64 prec = gml_g_r (vm, g)->panics;
      guint64 drec = gml_g_r (vm, g)->defers;
      GmlPanic p = *GML_META_R (vm, GmlPanic, prec);
      GmlDefer d;

      if (drec == 0)
        {
          die (vm, g);
          return GML_UNWIND_FATAL;
        }
      d = *GML_META_R (vm, GmlDefer, drec);
      if (d.started)
        {
          /* This deferred call was running (for this panic or an earlier
           * one) and has now finished or been interrupted: remove it. */
          if (d.panic != 0 && d.panic != prec)
            GML_META_W (vm, GmlPanic, d.panic)->aborted = TRUE;
          gml_g_w (vm, g)->defers = d.next;
          gml_meta_free (vm, drec, sizeof (GmlDefer));
          if (d.panic == prec && p.recovered)
            {
              recover_to (vm, g, &d);
              return GML_UNWIND_CONTINUE;
            }
          continue;
        }
      /* Run it on top of the panicking frame. */
      {
        GmlDefer *w = GML_META_W (vm, GmlDefer, drec);
        GmlFrame caller = { g, NULL, 0, p.fp };
        guint64 fp = p.sp - 16;
        guint pc;
        const GmlCode *code = gml_image_code_at (vm->image, gml_mem_get_u64 (vm->mem, d.fn), &pc);
        GmlG *gg;

        w->started = TRUE;
        w->panic = prec;
        (void) caller;
        gml_mem_set_u64 (vm->mem, fp + 8, GML_RET_PANIC);
        gml_mem_set_u64 (vm->mem, fp, p.fp);
        if (code->locals_size > 8)
          gml_mem_zero (vm->mem, fp - (guint64) (code->locals_size - 8), (gsize) (code->locals_size - 8));
        if (code->ctx_slot != 0)
          gml_mem_set_u64 (vm->mem, fp + (guint64) (gint64) code->ctx_slot, d.fn);
        gg = gml_g_w (vm, g);
        gg->fp = fp;
        gg->pc = code->entry;
        return GML_UNWIND_CONTINUE;
      }
    }
}

/* recover() returns the panic value only when called directly by the
 * deferred function that the panic is running (compiler-generated
 * wrappers in between are looked through). */
void
gml_panic_recover (GmlVm   *vm,
                   guint64  g,
                   guint64  fp,
                   guint64 *tab,
                   guint64 *data)
{
  guint64 prec = gml_g_r (vm, g)->panics;
  guint64 ret = gml_mem_get_u64 (vm->mem, fp + 8);
  GmlPanic *p;

  *tab = *data = 0;
  if (prec == 0)
    return;
  if (ret != GML_RET_PANIC)
    {
      guint pc;
      const GmlCode *caller = gml_image_code_at (vm->image, ret, &pc);
      guint64 caller_fp = gml_mem_get_u64 (vm->mem, fp);

      if (caller == NULL || !caller->is_wrapper
          || gml_mem_get_u64 (vm->mem, caller_fp + 8) != GML_RET_PANIC)
        return;
    }
  p = GML_META_W (vm, GmlPanic, prec);
  if (p->recovered)
    return;
  p->recovered = TRUE;
  *tab = p->tab;
  *data = p->data;
  if (p->is_runtime)
    {
      /* The value is a runtime.Error interface holding the message. */
      *tab = p->tab;
    }
}
