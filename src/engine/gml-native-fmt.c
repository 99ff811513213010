/* gml-native-fmt.c: the fmt natives and the formatter's host over a VM.
 *
 * The formatter (gml-fmt.c) reads values through a GmlFmtHost; this file
 * gives it the VM's memory, its type descriptors and itabs, its maps, and
 * calls of String/Error methods, which run synchronously inside the step
 * of the fmt call that needs them.
 */
#include "gml-interp.h"

#include <string.h>

#include "gml-fmt.h"
#include "gml-map.h"

/* ------------------------------------------------------------------ */
/* The host                                                            */

static gboolean
host_read (gpointer  user_data,
           guint64   addr,
           void     *buf,
           gsize     len)
{
  GmlVm *vm = user_data;

  if (addr < 4096)
    return FALSE;
  gml_mem_read (vm->mem, addr, buf, len);
  return TRUE;
}

static GmlType *
host_iface_type (gpointer user_data,
                 guint64  tab)
{
  GmlVm *vm = user_data;
  GmlType *t;

  if (tab == 0)
    return NULL;
  t = gml_image_type_at (vm->image, tab);
  if (t != NULL)
    return t;
  {
    const GmlItab *itab = gml_image_itab_at (vm->image, tab);

    return itab != NULL ? itab->type : NULL;
  }
}

/* The receiver of method `m` found by `l` on a value of type t at addr:
 * walks embedded fields, following pointers.  Returns FALSE on a nil
 * pointer on the way (the call would panic). */
static gboolean
method_receiver (GmlVm           *vm,
                 GmlType         *t,
                 guint64          addr,
                 const GmlLookup *l,
                 guint8          *buf,
                 gsize           *len)
{
  GmlObject *m = l->method;
  gboolean ptr_recv = (m->flags & GML_FUNC_PTR_RECV) != 0;
  GmlType *cur = t;
  guint64 where = addr;    /* address of a value of type `cur` */

  for (guint i = 0; i <= l->path_len; i++)
    {
      GmlType *u = gml_type_underlying (cur);

      if (u->kind == GML_TYPE_POINTER)
        {
          where = gml_mem_get_u64 (vm->mem, where);
          cur = u->u.pointer.elem;
          u = gml_type_underlying (cur);
          /* A pointer method gets a nil receiver as it is (it may check
           * for nil); only reading through the pointer panics. */
          if (where == 0 && (i < l->path_len || !ptr_recv))
            return FALSE;
        }
      if (i == l->path_len)
        break;
      gml_type_size (u);
      where += (guint64) u->u.strukt.fields[l->path[i]].offset;
      cur = u->u.strukt.fields[l->path[i]].type;
    }
  if (ptr_recv)
    {
      memcpy (buf, &where, 8);
      *len = 8;
      return TRUE;
    }
  *len = (gsize) gml_type_size (cur);
  if (*len > 0)
    gml_mem_read (vm->mem, where, buf, *len);
  return TRUE;
}

static void
set_preprint_throw (GmlVm *vm,
                    char  *text)
{
  GmlVmPriv *priv = VM_PRIV (vm);

  g_free (priv->preprint_throw);
  priv->preprint_throw = text;
}

static gboolean
host_call_method (gpointer     user_data,
                  GmlType     *type,
                  guint64      addr,
                  const char  *name,
                  GString     *out,
                  char       **panic_text)
{
  GmlVm *vm = user_data;
  GmlLookup l;
  g_autofree guint8 *args = NULL;
  guint8 results[16];
  gsize recv_len = 0;
  guint64 tab, data;
  GmlAbi abi;
  GmlFunc *f;

  *panic_text = NULL;
  if (!gml_type_lookup (vm->image->program->types, type, NULL,
                        gml_arena_intern (vm->image->program->arena, name), &l)
      || l.kind != GML_LOOKUP_METHOD || (f = l.method->u.func.func) == NULL)
    return FALSE;
  gml_abi_layout (f->recv != NULL ? f->recv->type : NULL, f->sig, &abi);
  args = g_malloc0 (MAX (abi.size, 16) + 16);
  if (!method_receiver (vm, type, addr, &l, args, &recv_len))
    {
      *panic_text = g_strdup ("runtime error: invalid memory address or nil pointer dereference");
      set_preprint_throw (vm, g_strdup ("type runtime.errorString"));
      return FALSE;
    }
  if (!gml_vm_call_sync (vm, f->index, args, (gsize) abi.size, results, sizeof results, &tab, &data))
    {
      GmlType *pt = host_iface_type (vm, tab);

      /* preprintpanics recovers r and throws r itself when it is a
       * string, else "type T". */
      if (pt == NULL)
        set_preprint_throw (vm, NULL);
      else if (pt == VM_PRIV (vm)->t_string)
        set_preprint_throw (vm, gml_vm_read_string (vm, data, NULL));
      else
        {
          g_autofree char *tname = gml_type_string (pt, GML_TYPE_STRING_QUALIFIED);

          set_preprint_throw (vm, g_strdup_printf ("type %s", tname));
        }
      if (tab != 0)
        {
          GString *s = g_string_new (NULL);

          if (pt != NULL && gml_type_is_pointer_shaped (pt))
            {
              /* The value is the data word itself: give it an address. */
              guint64 scratch = gml_meta_alloc (vm, 16);

              gml_mem_set_u64 (vm->mem, scratch, data);
              gml_fmt_value (gml_vm_fmt_host (vm), s, pt, scratch);
              gml_meta_free (vm, scratch, 16);
            }
          else
            gml_fmt_value (gml_vm_fmt_host (vm), s, pt, data);
          *panic_text = g_string_free (s, FALSE);
        }
      return FALSE;
    }
  {
    guint64 p, n;

    memcpy (&p, results, 8);
    memcpy (&n, results + 8, 8);
    if (n > 0)
      {
        gsize old = out->len;

        g_string_set_size (out, old + n);
        gml_mem_read (vm->mem, p, out->str + old, n);
      }
  }
  return TRUE;
}

typedef struct
{
  void   (*fn) (gpointer, guint64, guint64);
  gpointer data;
} ForeachData;

static void
host_map_foreach (gpointer  user_data,
                  GmlType  *map_type,
                  guint64   hmap,
                  void    (*fn) (gpointer fn_data, guint64 key_addr, guint64 elem_addr),
                  gpointer  fn_data)
{
  if (hmap != 0)
    gml_map_foreach (user_data, map_type, hmap, fn, fn_data);
}

static gint64
host_map_len (gpointer user_data,
              guint64  hmap)
{
  return hmap != 0 ? gml_map_len (user_data, hmap) : 0;
}

/* One host per VM, kept in the VM's private data. */
const GmlFmtHost *
gml_vm_fmt_host (GmlVm *vm)
{
  GmlVmPriv *priv = VM_PRIV (vm);

  if (priv->fmt_host == NULL)
    {
      GmlFmtHost *h = g_new0 (GmlFmtHost, 1);

      h->user_data = vm;
      h->types = vm->image->program->types;
      h->read = host_read;
      h->iface_type = host_iface_type;
      h->call_method = host_call_method;
      h->map_foreach = host_map_foreach;
      h->map_len = host_map_len;
      priv->fmt_host = h;
    }
  return priv->fmt_host;
}

gboolean
gml_vm_format_panic_value (GmlVm   *vm,
                           guint64  tab,
                           guint64  data,
                           GString *out,
                           char   **method_panic)
{
  GmlType *t = host_iface_type (vm, tab);
  gboolean ok;

  *method_panic = NULL;
  if (t == NULL)
    {
      g_string_append (out, "nil");
      return TRUE;
    }
  /* The value's bytes: pointer-shaped values are the data word itself,
   * which gml_fmt_panic_value reads at an address — box it in a scratch
   * word of the current goroutine's stack-free metadata. */
  if (gml_type_is_pointer_shaped (t))
    {
      guint64 scratch = gml_meta_alloc (vm, 16);

      gml_mem_set_u64 (vm->mem, scratch, data);
      ok = gml_fmt_panic_value_checked (gml_vm_fmt_host (vm), out, t, scratch, method_panic);
      gml_meta_free (vm, scratch, 16);
    }
  else
    ok = gml_fmt_panic_value_checked (gml_vm_fmt_host (vm), out, t, data, method_panic);
  if (!ok)
    {
      g_free (*method_panic);
      *method_panic = g_steal_pointer (&VM_PRIV (vm)->preprint_throw);
    }
  return ok;
}

/* ------------------------------------------------------------------ */
/* Arguments                                                           */

/* The elements of a []any at slice_addr as formatter arguments.  Values
 * of pointer-shaped dynamic types are the interface's data word: their
 * address is the address of that word in the backing array. */
static GmlFmtArg *
read_args (GmlVm   *vm,
           guint64  slice_addr,
           guint   *n_args)
{
  guint64 p = gml_mem_get_u64 (vm->mem, slice_addr);
  guint64 n = gml_mem_get_u64 (vm->mem, slice_addr + 8);
  GmlFmtArg *args = g_new0 (GmlFmtArg, MAX (n, 1));

  for (guint64 i = 0; i < n; i++)
    {
      guint64 tab = gml_mem_get_u64 (vm->mem, p + i * 16);
      GmlType *t = host_iface_type (vm, tab);

      args[i].type = t;
      if (t != NULL && gml_type_is_pointer_shaped (t))
        args[i].addr = p + i * 16 + 8;
      else
        args[i].addr = gml_mem_get_u64 (vm->mem, p + i * 16 + 8);
    }
  *n_args = (guint) n;
  return args;
}

static char *
read_string (GmlVm   *vm,
             guint64  addr,
             gsize   *len)
{
  return gml_vm_read_string (vm, addr, len);
}

/* (n int, err error) results of the Print functions. */
static void
print_results (GmlVm   *vm,
               guint64  at,
               gsize    n)
{
  gml_mem_set_u64 (vm->mem, at, n);
  gml_mem_zero (vm->mem, at + 8, 16);
}

static GmlNativeResult
string_result (GmlVm   *vm,
               guint64  at,
               GString *s)
{
  /* The result is string(p.buf): slicebytetostring returns a single
   * byte from staticuint64s without allocating. */
  if (s->len == 1)
    {
      gml_mem_set_u64 (vm->mem, at, GML_RODATA_BASE + GML_RO_STATICUINT64S_OFF + (guint8) s->str[0] * 8);
      gml_mem_set_u64 (vm->mem, at + 8, 1);
      return GML_NATIVE_OK;
    }
  if (s->len > 0 && gml_vm_alloc_string (vm, s->str, s->len, at) == 0)
    return vm->rt.exited ? GML_NATIVE_EXIT : GML_NATIVE_PANIC;
  if (s->len == 0)
    gml_mem_zero (vm->mem, at, 16);
  return GML_NATIVE_OK;
}

/* A panic that escaped a String method: the print call panics with it. */
static gboolean
output_ok (GmlVm *vm)
{
  return !vm->rt.exited;
}

/* ------------------------------------------------------------------ */
/* The natives                                                         */

static GmlNativeResult
fmt_println (GmlVm   *vm,
             guint64  args)
{
  guint n;
  g_autofree GmlFmtArg *a = read_args (vm, args, &n);
  g_autoptr (GString) out = g_string_new (NULL);

  gml_fmt_sprintln (gml_vm_fmt_host (vm), out, a, n);
  gml_vm_write (vm, 1, out->str, out->len);
  print_results (vm, args + 24, out->len);
  return output_ok (vm) ? GML_NATIVE_OK : GML_NATIVE_EXIT;
}

static GmlNativeResult
fmt_print (GmlVm   *vm,
           guint64  args)
{
  guint n;
  g_autofree GmlFmtArg *a = read_args (vm, args, &n);
  g_autoptr (GString) out = g_string_new (NULL);

  gml_fmt_sprint (gml_vm_fmt_host (vm), out, a, n);
  gml_vm_write (vm, 1, out->str, out->len);
  print_results (vm, args + 24, out->len);
  return output_ok (vm) ? GML_NATIVE_OK : GML_NATIVE_EXIT;
}

static GmlNativeResult
fmt_printf (GmlVm   *vm,
            guint64  args)
{
  gsize flen;
  g_autofree char *format = read_string (vm, args, &flen);
  guint n;
  g_autofree GmlFmtArg *a = read_args (vm, args + 16, &n);
  g_autoptr (GString) out = g_string_new (NULL);

  gml_fmt_sprintf (gml_vm_fmt_host (vm), out, format, flen, a, n);
  gml_vm_write (vm, 1, out->str, out->len);
  print_results (vm, args + 40, out->len);
  return output_ok (vm) ? GML_NATIVE_OK : GML_NATIVE_EXIT;
}

static GmlNativeResult
fmt_sprintf (GmlVm   *vm,
             guint64  args)
{
  gsize flen;
  g_autofree char *format = read_string (vm, args, &flen);
  guint n;
  g_autofree GmlFmtArg *a = read_args (vm, args + 16, &n);
  g_autoptr (GString) out = g_string_new (NULL);

  gml_fmt_sprintf (gml_vm_fmt_host (vm), out, format, flen, a, n);
  return string_result (vm, args + 40, out);
}

static GmlNativeResult
fmt_sprint (GmlVm   *vm,
            guint64  args)
{
  guint n;
  g_autofree GmlFmtArg *a = read_args (vm, args, &n);
  g_autoptr (GString) out = g_string_new (NULL);

  gml_fmt_sprint (gml_vm_fmt_host (vm), out, a, n);
  return string_result (vm, args + 24, out);
}

static GmlNativeResult
fmt_sprintln (GmlVm   *vm,
              guint64  args)
{
  guint n;
  g_autofree GmlFmtArg *a = read_args (vm, args, &n);
  g_autoptr (GString) out = g_string_new (NULL);

  gml_fmt_sprintln (gml_vm_fmt_host (vm), out, a, n);
  return string_result (vm, args + 24, out);
}

/* sprintfWrap(format string, a []any) (s string, wrapped error) */
static GmlNativeResult
fmt_sprintf_wrap (GmlVm   *vm,
                  guint64  args)
{
  gsize flen;
  g_autofree char *format = read_string (vm, args, &flen);
  guint n;
  g_autofree GmlFmtArg *a = read_args (vm, args + 16, &n);
  g_autoptr (GString) out = g_string_new (NULL);
  int wrapped = gml_fmt_errorf (gml_vm_fmt_host (vm), out, format, flen, a, n);
  GmlNativeResult res = string_result (vm, args + 40, out);

  gml_mem_zero (vm->mem, args + 56, 16);
  if (res == GML_NATIVE_OK && wrapped >= 0)
    {
      guint64 p = gml_mem_get_u64 (vm->mem, args + 16);
      guint64 tab = gml_mem_get_u64 (vm->mem, p + (guint64) wrapped * 16);
      guint64 data = gml_mem_get_u64 (vm->mem, p + (guint64) wrapped * 16 + 8);
      GmlType *t = host_iface_type (vm, tab);

      gml_mem_set_u64 (vm->mem, args + 56, gml_image_type_word (vm->image, gml_type_error (vm->image->program->types), t));
      gml_mem_set_u64 (vm->mem, args + 64, data);
    }
  return res;
}

const GmlNative gml_natives_fmt[] = {
  { "fmt.Println", fmt_println },
  { "fmt.Print", fmt_print },
  { "fmt.Printf", fmt_printf },
  { "fmt.Sprintf", fmt_sprintf },
  { "fmt.Sprint", fmt_sprint },
  { "fmt.Sprintln", fmt_sprintln },
  { "fmt.sprintfWrap", fmt_sprintf_wrap },
  { NULL, NULL },
};
