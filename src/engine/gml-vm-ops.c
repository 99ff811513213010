/* gml-vm-ops.c: the bodies of the VM's larger instructions — typed stores
 * with the write barrier, equality, interfaces, strings, slices, closures
 * and the print builtins — following Go 1.19's runtime functions of the
 * same purpose (typedmemmove, efaceeq, convT*, assertE2I, concatstrings,
 * slicebytetostring, growslice, ...), including where they avoid
 * allocating.
 */
#include "gml-interp.h"

#include <string.h>

#include "gml-fmt.h"
#include "gml-gc.h"
#include "gml-heap.h"

/* ------------------------------------------------------------------ */
/* Typed memory                                                        */

static const guint8 *
ptrmask (GmlVm   *vm,
         GmlType *type,
         guint   *n_words)
{
  const guint8 *mask;

  *n_words = gml_type_ptrmask (vm->image->program->types, type, &mask);
  return mask;
}

void
gml_op_typed_store (GmlVm   *vm,
                    guint64  dst,
                    guint64  src,
                    GmlType *type)
{
  gsize size = (gsize) gml_type_size (type);

  /* One pointer (*T, map, chan, func): the common store, without a mask. */
  /* The old pointers are read through the write pointer: reading a packed
   * page first would unpack it twice (for the read, then for the copy). */
  if (size == 8 && type->has_pointers)
    {
      guint64 old;

      memcpy (&old, gml_mem_w (vm->mem, dst), sizeof old);
      guint64 nw = gml_mem_get_u64 (vm->mem, src);

      gml_gc_write_barrier (vm, dst, old, nw);
      gml_vm_emit (vm, GML_EVENT_PTR_STORE, dst, old, nw, 0);
      gml_mem_set_u64 (vm->mem, dst, nw);
      gml_vm_emit (vm, GML_EVENT_STORE, dst, size, 0, 0);
      return;
    }
  if (type->has_pointers)
    {
      guint n;
      const guint8 *mask = ptrmask (vm, type, &n);

      for (guint w = 0; w < n; w++)
        if (mask[w / 8] & (1u << (w % 8)))
          {
            guint64 slot = dst + (guint64) w * 8;
            guint64 old;

            memcpy (&old, gml_mem_w (vm->mem, slot), sizeof old);
            guint64 nw = gml_mem_get_u64 (vm->mem, src + (guint64) w * 8);

            gml_gc_write_barrier (vm, slot, old, nw);
            gml_vm_emit (vm, GML_EVENT_PTR_STORE, slot, old, nw, 0);
          }
    }
  gml_mem_move (vm->mem, dst, src, size);
  gml_vm_emit (vm, GML_EVENT_STORE, dst, size, 0, 0);
}

void
gml_op_typed_zero (GmlVm   *vm,
                   guint64  dst,
                   GmlType *type)
{
  gsize size = (gsize) gml_type_size (type);

  if (type->has_pointers)
    {
      guint n;
      const guint8 *mask = ptrmask (vm, type, &n);

      for (guint w = 0; w < n; w++)
        if (mask[w / 8] & (1u << (w % 8)))
          {
            guint64 old;

            memcpy (&old, gml_mem_w (vm->mem, dst + (guint64) w * 8), sizeof old);
            gml_gc_write_barrier (vm, dst + (guint64) w * 8, old, 0);
          }
    }
  gml_mem_zero (vm->mem, dst, size);
}

/* ------------------------------------------------------------------ */
/* Equality                                                            */

static gboolean
strings_equal (GmlVm   *vm,
               guint64  a,
               guint64  b)
{
  guint64 la = gml_mem_get_u64 (vm->mem, a + 8);

  return la == gml_mem_get_u64 (vm->mem, b + 8)
         && gml_mem_equal (vm->mem, gml_mem_get_u64 (vm->mem, a), gml_mem_get_u64 (vm->mem, b), la);
}

gboolean
gml_op_equal (GmlVm   *vm,
              guint64  a,
              guint64  b,
              GmlType *type)
{
  GmlType *u = gml_type_underlying (type);

  switch (u->kind)
    {
    case GML_TYPE_STRING:
      return strings_equal (vm, a, b);
    case GML_TYPE_FLOAT32:
      return gml_mem_get_f32 (vm->mem, a) == gml_mem_get_f32 (vm->mem, b);
    case GML_TYPE_FLOAT64:
      return gml_mem_get_f64 (vm->mem, a) == gml_mem_get_f64 (vm->mem, b);
    case GML_TYPE_INTERFACE:
      {
        gboolean eq = FALSE;

        gml_op_iface_eq (vm, a, b, u->u.iface.n_methods > 0, &eq);
        return eq;
      }
    case GML_TYPE_ARRAY:
      for (gint64 i = 0; i < u->u.array.len; i++)
        {
          guint64 off = (guint64) (i * u->u.array.elem->size);

          if (!gml_op_equal (vm, a + off, b + off, u->u.array.elem))
            return FALSE;
        }
      return TRUE;
    case GML_TYPE_STRUCT:
      for (guint i = 0; i < u->u.strukt.n_fields; i++)
        {
          const GmlField *f = &u->u.strukt.fields[i];

          if (strcmp (f->name, "_") == 0)
            continue;
          if (!gml_op_equal (vm, a + (guint64) f->offset, b + (guint64) f->offset, f->type))
            return FALSE;
        }
      return TRUE;
    default:
      return gml_mem_equal (vm->mem, a, b, (gsize) gml_type_size (u));
    }
}

/* ------------------------------------------------------------------ */
/* Interfaces                                                          */

static GmlType *
iface_dyn (GmlVm    *vm,
           guint64   tab,
           gboolean  nonempty)
{
  if (tab == 0)
    return NULL;
  if (nonempty)
    return gml_image_itab_at (vm->image, tab)->type;
  return gml_image_type_at (vm->image, tab);
}

guint64
gml_op_iface_dyntype (GmlVm    *vm,
                      guint64   tab,
                      gboolean  nonempty)
{
  GmlType *t = iface_dyn (vm, tab, nonempty);

  return t != NULL ? t->id : G_MAXUINT32;
}

/* convT* decides where the boxed copy lives (Go 1.19 runtime/iface.go). */
static gboolean
static_box (GmlVm   *vm,
            guint64  src,
            GmlType *type,
            guint64 *data)
{
  GmlType *u = gml_type_underlying (type);
  gint64 size = gml_type_size (type);
  guint64 v = 0;

  if (size == 0)
    {
      *data = GML_ZEROBASE_ADDR;
      return TRUE;
    }
  if (u->kind == GML_TYPE_STRING || u->kind == GML_TYPE_SLICE)
    {
      /* convTstring / convTslice: empty values point at zeroVal. */
      gboolean empty = u->kind == GML_TYPE_STRING ? gml_mem_get_u64 (vm->mem, src + 8) == 0
                                                  : gml_mem_get_u64 (vm->mem, src) == 0;

      if (empty)
        *data = GML_RODATA_BASE + GML_RO_ZEROVAL_OFF;
      return empty;
    }
  if (type->has_pointers || !(size == 1 || (size == 2 && type->align == 2)
                              || (size == 4 && type->align == 4) || (size == 8 && type->align == 8)))
    return FALSE;
  /* convT16/32/64 and single bytes: small values use staticuint64s. */
  gml_mem_read (vm->mem, src, &v, (gsize) size);
  if (v >= 256)
    return FALSE;
  *data = GML_RODATA_BASE + GML_RO_STATICUINT64S_OFF + v * 8;
  return TRUE;
}

gboolean
gml_op_conv_iface (GmlVm   *vm,
                   guint64  dst,
                   guint64  src,
                   guint64  type_word,
                   GmlType *type,
                   int      box,
                   guint64  frame_box)
{
  guint64 data;

  if (gml_type_is_pointer_shaped (type))
    data = gml_mem_get_u64 (vm->mem, src);
  else if (static_box (vm, src, type, &data))
    ;
  else if (box == 0)
    {
      gml_mem_move (vm->mem, frame_box, src, (gsize) gml_type_size (type));
      data = frame_box;
    }
  else
    {
      data = gml_vm_alloc (vm, type, 1, (gsize) gml_type_size (type));
      if (data == 0)
        return FALSE;
      gml_mem_move (vm->mem, data, src, (gsize) gml_type_size (type));
      /* convT's typedmemmove: the new object is black, so the pointers
       * copied into it are shaded. */
      gml_gc_shade_typed (vm, data, type);
    }
  gml_mem_set_u64 (vm->mem, dst, type_word);
  gml_mem_set_u64 (vm->mem, dst + 8, data);
  return TRUE;
}

gboolean
gml_op_iface_eq (GmlVm    *vm,
                 guint64   a,
                 guint64   b,
                 gboolean  nonempty,
                 gboolean *result)
{
  guint64 ta = gml_mem_get_u64 (vm->mem, a), tb = gml_mem_get_u64 (vm->mem, b);
  guint64 da = gml_mem_get_u64 (vm->mem, a + 8), db = gml_mem_get_u64 (vm->mem, b + 8);
  GmlType *t;

  *result = FALSE;
  if (ta != tb)
    return TRUE;
  if (ta == 0)
    {
      *result = TRUE;
      return TRUE;
    }
  t = iface_dyn (vm, ta, nonempty);
  if (!gml_type_is_comparable (t))
    {
      g_autofree char *name = gml_type_string (t, GML_TYPE_STRING_QUALIFIED);

      gml_vm_panic_runtime (vm, GML_RTERR_COMPARE, "comparing uncomparable type %s", name);
      return FALSE;
    }
  if (gml_type_is_pointer_shaped (t))
    *result = da == db;
  else
    *result = gml_op_equal (vm, da, db, t);
  return TRUE;
}

gboolean
gml_op_iface_to_iface (GmlVm    *vm,
                       guint64   dst,
                       guint64   src,
                       GmlType  *target,
                       gboolean  nonempty_src)
{
  guint64 tab = gml_mem_get_u64 (vm->mem, src);
  guint64 data = gml_mem_get_u64 (vm->mem, src + 8);
  GmlType *dyn = iface_dyn (vm, tab, nonempty_src);

  gml_mem_set_u64 (vm->mem, dst, dyn != NULL ? gml_image_type_word (vm->image, target, dyn) : 0);
  gml_mem_set_u64 (vm->mem, dst + 8, data);
  return TRUE;
}

static char *
type_name (GmlType *t)
{
  return gml_type_string (t, GML_TYPE_STRING_QUALIFIED);
}

static void
assert_fail (GmlVm   *vm,
             GmlType *src_iface,
             GmlType *dyn,
             GmlType *target,
             const char *missing)
{
  g_autofree char *s = type_name (src_iface);
  g_autofree char *t = type_name (target);
  g_autofree char *msg = NULL;

  if (dyn == NULL)
    msg = g_strdup_printf ("interface conversion: %s is nil, not %s",
                           gml_type_is_interface (target) ? "interface" : s, t);
  else
    {
      g_autofree char *d = type_name (dyn);

      if (missing != NULL)
        msg = g_strdup_printf ("interface conversion: %s is not %s: missing method %s", d, t, missing);
      else
        msg = g_strdup_printf ("interface conversion: %s is %s, not %s", s, d, t);
    }
  gml_vm_panic_type_assert (vm, msg);
}

gboolean
gml_op_assert (GmlVm         *vm,
               const GmlInsn *in,
               guint64        fp)
{
  guint64 src = fp + (guint64) (gint64) in->b, dst = fp + (guint64) (gint64) in->a;
  GmlType *src_iface = gml_vm_type (vm, (guint32) in->e);
  gboolean nonempty = gml_type_underlying (src_iface)->u.iface.n_methods > 0;
  guint64 tab = gml_mem_get_u64 (vm->mem, src), data = gml_mem_get_u64 (vm->mem, src + 8);
  GmlType *dyn = iface_dyn (vm, tab, nonempty);
  GmlType *target = gml_vm_type (vm, (guint32) in->c);
  const char *missing = NULL;
  gboolean ok;

  if (gml_type_is_interface (target))
    {
      gboolean wrong;

      ok = dyn != NULL && gml_type_implements (vm->image->program->types, dyn, target, &missing, &wrong);
      if (ok)
        {
          gml_mem_set_u64 (vm->mem, dst, gml_image_type_word (vm->image, target, dyn));
          gml_mem_set_u64 (vm->mem, dst + 8, data);
        }
    }
  else
    {
      ok = dyn == target;
      if (ok && gml_type_is_pointer_shaped (target))
        gml_mem_set_u64 (vm->mem, dst, data);
      else if (ok)
        gml_mem_move (vm->mem, dst, data, (gsize) gml_type_size (target));
    }
  if (in->d != 0)
    {
      if (!ok)
        gml_mem_zero (vm->mem, dst, (gsize) gml_type_size (target));
      gml_mem_set_u8 (vm->mem, fp + (guint64) (gint64) in->d, (guint8) ok);
      return TRUE;
    }
  if (!ok)
    {
      assert_fail (vm, src_iface, dyn, target, missing);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Strings                                                             */

guint64
gml_vm_alloc_string (GmlVm      *vm,
                     const char *data,
                     gsize       len,
                     guint64     header)
{
  guint64 p = 0;

  if (len > 0)
    {
      p = gml_vm_alloc (vm, gml_type_basic (vm->image->program->types, GML_TYPE_UINT8), (guint32) len, len);
      if (p == 0)
        return 0;
      gml_mem_write (vm->mem, p, data, len);
    }
  if (header != 0)
    {
      gml_mem_set_u64 (vm->mem, header, p);
      gml_mem_set_u64 (vm->mem, header + 8, len);
    }
  return p;
}

guint64
gml_vm_new_string (GmlVm      *vm,
                   const char *data,
                   gsize       len,
                   guint64    *out_ptr)
{
  guint64 hdr = gml_vm_alloc (vm, VM_PRIV (vm)->t_string, 1, 16);
  guint64 p;

  if (hdr == 0)
    return 0;
  p = gml_vm_alloc_string (vm, data, len, hdr);
  if (len > 0 && p == 0)
    return 0;
  if (out_ptr != NULL)
    *out_ptr = p;
  return hdr;
}

char *
gml_vm_read_string (GmlVm   *vm,
                    guint64  str_addr,
                    gsize   *len)
{
  guint64 p = gml_mem_get_u64 (vm->mem, str_addr);
  gsize n = (gsize) gml_mem_get_u64 (vm->mem, str_addr + 8);
  char *s = g_malloc (n + 1);

  gml_mem_read (vm->mem, p, s, n);
  s[n] = '\0';
  if (len != NULL)
    *len = n;
  return s;
}

int
gml_op_strcmp (GmlVm   *vm,
               guint64  a,
               guint64  b)
{
  gsize la = (gsize) gml_mem_get_u64 (vm->mem, a + 8), lb = (gsize) gml_mem_get_u64 (vm->mem, b + 8);
  g_autofree char *sa = gml_vm_read_string (vm, a, NULL);
  g_autofree char *sb = gml_vm_read_string (vm, b, NULL);
  int c = memcmp (sa, sb, MIN (la, lb));

  if (c != 0)
    return c < 0 ? -1 : 1;
  return la < lb ? -1 : (la > lb ? 1 : 0);
}

/* Where a new string or slice of `len` bytes goes: the 32-byte frame
 * buffer when the result does not escape and fits (Go's tmpBuf), else a
 * fresh heap object. */
static guint64
string_storage (GmlVm   *vm,
                gsize    len,
                gboolean heap,
                guint64  buf,
                GmlType *elem,
                gsize    count)
{
  if (!heap && buf != 0 && len <= 32)
    return buf;
  return gml_vm_alloc (vm, elem, (guint32) count, len);
}

gboolean
gml_op_concat (GmlVm    *vm,
               guint64   dst,
               guint64   strs,
               guint     n,
               gboolean  heap,
               guint64   buf)
{
  gsize total = 0;
  guint nonempty = 0, last = 0;
  guint64 p, off = 0;

  for (guint i = 0; i < n; i++)
    {
      gsize l = (gsize) gml_mem_get_u64 (vm->mem, strs + i * 16 + 8);

      total += l;
      if (l > 0)
        {
          nonempty++;
          last = i;
        }
    }
  /* One non-empty operand that is not on the stack: reuse it. */
  if (nonempty <= 1 && (heap || buf == 0 || nonempty == 0))
    {
      gml_mem_move (vm->mem, dst, strs + last * 16, 16);
      if (nonempty == 0)
        gml_mem_zero (vm->mem, dst, 16);
      return TRUE;
    }
  p = string_storage (vm, total, heap, buf, gml_type_basic (vm->image->program->types, GML_TYPE_UINT8), total);
  if (p == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gsize l = (gsize) gml_mem_get_u64 (vm->mem, strs + i * 16 + 8);

      gml_mem_move (vm->mem, p + off, gml_mem_get_u64 (vm->mem, strs + i * 16), l);
      off += l;
    }
  gml_mem_set_u64 (vm->mem, dst, p);
  gml_mem_set_u64 (vm->mem, dst + 8, total);
  return TRUE;
}

static gboolean
make_bytes (GmlVm    *vm,
            guint64   dst,
            guint64   src,
            gboolean  heap,
            guint64   buf)
{
  guint64 sp = gml_mem_get_u64 (vm->mem, src);
  gsize len = (gsize) gml_mem_get_u64 (vm->mem, src + 8);
  gsize cap = len;
  guint64 p;

  if (!heap && buf != 0 && len <= 32)
    {
      p = buf;
      cap = 32;
      gml_mem_zero (vm->mem, buf, 32);
    }
  else
    {
      /* rawbyteslice: the capacity is the whole size class. */
      cap = gml_roundupsize (len);
      p = cap > 0 ? gml_vm_alloc (vm, gml_type_basic (vm->image->program->types, GML_TYPE_UINT8),
                                  (guint32) cap, cap) : GML_ZEROBASE_ADDR;
      if (p == 0)
        return FALSE;
    }
  gml_mem_move (vm->mem, p, sp, len);
  gml_mem_set_u64 (vm->mem, dst, p);
  gml_mem_set_u64 (vm->mem, dst + 8, len);
  gml_mem_set_u64 (vm->mem, dst + 16, cap);
  return TRUE;
}

static gboolean
make_string_from_bytes (GmlVm    *vm,
                        guint64   dst,
                        guint64   src,
                        gboolean  heap,
                        guint64   buf)
{
  guint64 sp = gml_mem_get_u64 (vm->mem, src);
  gsize len = (gsize) gml_mem_get_u64 (vm->mem, src + 8);
  guint64 p;

  if (len == 0)
    p = 0;
  else if (len == 1)
    /* slicebytetostring: one byte uses staticuint64s, no allocation. */
    p = GML_RODATA_BASE + GML_RO_STATICUINT64S_OFF + (guint64) gml_mem_get_u8 (vm->mem, sp) * 8;
  else
    {
      p = string_storage (vm, len, heap, buf, gml_type_basic (vm->image->program->types, GML_TYPE_UINT8), len);
      if (p == 0)
        return FALSE;
      gml_mem_move (vm->mem, p, sp, len);
    }
  gml_mem_set_u64 (vm->mem, dst, p);
  gml_mem_set_u64 (vm->mem, dst + 8, len);
  return TRUE;
}

static gboolean
make_runes (GmlVm    *vm,
            guint64   dst,
            guint64   src,
            gboolean  heap,
            guint64   buf)
{
  gsize len;
  g_autofree char *s = gml_vm_read_string (vm, src, &len);
  gsize n = 0, cap;
  guint64 p;

  for (gsize i = 0; i < len; n++)
    {
      gsize w;

      gml_utf8_decode ((const guint8 *) s + i, len - i, &w);
      i += w;
    }
  if (!heap && buf != 0 && n <= 32)
    {
      /* stringtoslicerune's tmpBuf: [32]rune in the caller's frame. */
      p = buf;
      cap = 32;
      gml_mem_zero (vm->mem, buf, 128);
    }
  else
    {
      gsize mem = gml_roundupsize (n * 4);

      cap = mem / 4;
      p = mem > 0 ? gml_vm_alloc (vm, gml_type_basic (vm->image->program->types, GML_TYPE_INT32),
                                  (guint32) cap, mem) : GML_ZEROBASE_ADDR;
      if (p == 0)
        return FALSE;
    }
  for (gsize i = 0, k = 0; i < len; k++)
    {
      gsize w;
      gint32 r = gml_utf8_decode ((const guint8 *) s + i, len - i, &w);

      gml_mem_set_i32 (vm->mem, p + k * 4, r);
      i += w;
    }
  gml_mem_set_u64 (vm->mem, dst, p);
  gml_mem_set_u64 (vm->mem, dst + 8, n);
  gml_mem_set_u64 (vm->mem, dst + 16, cap);
  return TRUE;
}

static gboolean
encode_string (GmlVm      *vm,
               guint64     dst,
               GString    *utf8,
               gboolean    heap,
               guint64     buf,
               gsize       alloc_len)
{
  guint64 p = 0;

  if (utf8->len > 0)
    {
      p = string_storage (vm, alloc_len, heap, buf, gml_type_basic (vm->image->program->types, GML_TYPE_UINT8),
                          alloc_len);
      if (p == 0)
        return FALSE;
      gml_mem_write (vm->mem, p, utf8->str, utf8->len);
    }
  gml_mem_set_u64 (vm->mem, dst, p);
  gml_mem_set_u64 (vm->mem, dst + 8, utf8->len);
  return TRUE;
}

gboolean
gml_op_str_conv (GmlVm    *vm,
                 GmlOp     op,
                 guint64   dst,
                 guint64   src,
                 GmlKind   kind,
                 gboolean  heap,
                 guint64   buf)
{
  switch (op)
    {
    case GML_OP_STRTOBYTES:
      return make_bytes (vm, dst, src, heap, buf);
    case GML_OP_BYTESTOSTR:
      return make_string_from_bytes (vm, dst, src, heap, buf);
    case GML_OP_STRTORUNES:
      return make_runes (vm, dst, src, heap, buf);
    case GML_OP_RUNESTOSTR:
      {
        g_autoptr (GString) s = g_string_new (NULL);
        guint64 p = gml_mem_get_u64 (vm->mem, src);
        gsize n = (gsize) gml_mem_get_u64 (vm->mem, src + 8);

        for (gsize i = 0; i < n; i++)
          gml_utf8_append (s, gml_mem_get_i32 (vm->mem, p + i * 4));
        return encode_string (vm, dst, s, heap, buf, s->len);
      }
    case GML_OP_RUNETOSTR:
    default:
      {
        g_autoptr (GString) s = g_string_new (NULL);
        gint64 v;

        switch (kind)
          {
          case GML_KIND_I8:  v = gml_mem_get_i8 (vm->mem, src); break;
          case GML_KIND_I16: v = gml_mem_get_i16 (vm->mem, src); break;
          case GML_KIND_I32: v = gml_mem_get_i32 (vm->mem, src); break;
          case GML_KIND_U8:  v = gml_mem_get_u8 (vm->mem, src); break;
          case GML_KIND_U16: v = gml_mem_get_u16 (vm->mem, src); break;
          case GML_KIND_U32: v = gml_mem_get_u32 (vm->mem, src); break;
          default:           v = (gint64) gml_mem_get_u64 (vm->mem, src); break;
          }
        gml_utf8_append (s, (v < 0 || v > 0x10FFFF) ? 0xFFFD : (gint32) v);
        /* intstring allocates 4 bytes and slices the result. */
        return encode_string (vm, dst, s, heap, buf, 4);
      }
    }
}

void
gml_op_range_string (GmlVm         *vm,
                     const GmlInsn *in,
                     guint64        fp)
{
#define SLOT(o) (fp + (guint64) (gint64) (o))
  guint64 str = SLOT (in->a);
  guint64 idx = gml_mem_get_u64 (vm->mem, SLOT (in->b));
  guint64 len = gml_mem_get_u64 (vm->mem, str + 8);
  guint8 bytes[4] = { 0 };
  gsize n, w;
  gint32 r;

  if (idx >= len)
    {
      gml_mem_set_u8 (vm->mem, SLOT (in->e), 0);
      return;
    }
  n = (gsize) MIN (4, len - idx);
  gml_mem_read (vm->mem, gml_mem_get_u64 (vm->mem, str) + idx, bytes, n);
  r = gml_utf8_decode (bytes, n, &w);
  gml_mem_set_i32 (vm->mem, SLOT (in->c), r);
  gml_mem_set_u64 (vm->mem, SLOT (in->d), idx);
  gml_mem_set_u64 (vm->mem, SLOT (in->b), idx + w);
  gml_mem_set_u8 (vm->mem, SLOT (in->e), 1);
#undef SLOT
}

/* ------------------------------------------------------------------ */
/* Slices                                                              */

#define MAX_ALLOC (G_GUINT64_CONSTANT (1) << 48)

gboolean
gml_op_make_slice (GmlVm   *vm,
                   guint64  dst,
                   gint64   len,
                   gint64   cap,
                   GmlType *elem)
{
  gint64 es = gml_type_size (elem);
  guint64 p;

  if (len < 0 || (es > 0 && (guint64) len > MAX_ALLOC / (guint64) es))
    {
      gml_vm_panic_runtime (vm, GML_RTERR_MAKESLICE_LEN, "makeslice: len out of range");
      return FALSE;
    }
  if (cap < len || (es > 0 && (guint64) cap > MAX_ALLOC / (guint64) es))
    {
      gml_vm_panic_runtime (vm, GML_RTERR_MAKESLICE_CAP, "makeslice: cap out of range");
      return FALSE;
    }
  p = gml_vm_alloc (vm, elem, (guint32) cap, (gsize) (cap * es));
  if (p == 0)
    return FALSE;
  gml_mem_set_u64 (vm->mem, dst, p);
  gml_mem_set_u64 (vm->mem, dst + 8, (guint64) len);
  gml_mem_set_u64 (vm->mem, dst + 16, (guint64) cap);
  return TRUE;
}

gboolean
gml_op_grow_slice (GmlVm   *vm,
                   guint64  slice,
                   gint64   newlen,
                   GmlType *elem)
{
  guint64 oldp = gml_mem_get_u64 (vm->mem, slice);
  gint64 len = (gint64) gml_mem_get_u64 (vm->mem, slice + 8);
  gint64 cap = (gint64) gml_mem_get_u64 (vm->mem, slice + 16);
  gint64 es = gml_type_size (elem), newcap, bytes;
  guint64 p;

  if (newlen <= cap)
    {
      gml_mem_set_u64 (vm->mem, slice + 8, (guint64) newlen);
      return TRUE;
    }
  if (!gml_growslice (cap, newlen, es, &newcap, &bytes) || (guint64) bytes > MAX_ALLOC)
    {
      gml_vm_panic_runtime (vm, GML_RTERR_MAKESLICE_CAP, "growslice: len out of range");
      return FALSE;
    }
  p = bytes > 0 ? gml_vm_alloc (vm, elem, (guint32) newcap, (gsize) bytes) : GML_ZEROBASE_ADDR;
  if (p == 0)
    return FALSE;
  /* bulkBarrierPreWriteSrcOnly: the copied pointers are shaded. */
  if (elem->has_pointers)
    for (gint64 i = 0; i < len; i++)
      gml_gc_shade_typed (vm, oldp + (guint64) (i * es), elem);
  gml_mem_move (vm->mem, p, oldp, (gsize) (len * es));
  gml_mem_set_u64 (vm->mem, slice, p);
  gml_mem_set_u64 (vm->mem, slice + 8, (guint64) newlen);
  gml_mem_set_u64 (vm->mem, slice + 16, (guint64) newcap);
  return TRUE;
}

gint64
gml_op_copy (GmlVm   *vm,
             guint64  dst_slice,
             guint64  src,
             gint64   elem_size,
             GmlType *elem)
{
  gint64 n = MIN ((gint64) gml_mem_get_u64 (vm->mem, dst_slice + 8), (gint64) gml_mem_get_u64 (vm->mem, src + 8));
  guint64 dp = gml_mem_get_u64 (vm->mem, dst_slice), sp = gml_mem_get_u64 (vm->mem, src);

  if (n <= 0)
    return 0;
  if (elem != NULL && elem->has_pointers)
    for (gint64 i = 0; i < n; i++)
      gml_gc_shade_typed (vm, dp + (guint64) (i * elem_size), elem);
  gml_mem_move (vm->mem, dp, sp, (gsize) (n * elem_size));
  return n;
}

/* ------------------------------------------------------------------ */
/* Closures                                                            */

gboolean
gml_op_closure (GmlVm         *vm,
                const GmlInsn *in,
                guint64        fp)
{
  const GmlCode *code = g_ptr_array_index (vm->image->codes, in->b);
  GmlType *t = gml_vm_type (vm, (guint32) in->d);
  gsize size = (gsize) gml_type_size (t);
  guint64 fv;

  if (in->e != 0)
    fv = fp + (guint64) (gint64) in->e;
  else
    {
      fv = gml_vm_alloc (vm, t, 1, size);
      if (fv == 0)
        return FALSE;
    }
  gml_mem_set_u64 (vm->mem, fv, code->entry);
  if (size > 8)
    gml_mem_move (vm->mem, fv + 8, fp + (guint64) (gint64) in->c, size - 8);
  if (in->e == 0)
    gml_gc_shade_typed (vm, fv, t);   /* captured pointers, as the barrier would */
  gml_mem_set_u64 (vm->mem, fp + (guint64) (gint64) in->a, fv);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Builtins print/println and bounds errors                            */

void
gml_op_print (GmlVm   *vm,
              guint64  value,
              GmlType *type,
              int      flags)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (flags & 1)
    g_string_append_c (out, ' ');
  gml_fmt_runtime_print (gml_vm_fmt_host (vm), out, type, value);
  if (flags & 2)
    g_string_append_c (out, '\n');
  gml_vm_write (vm, 2, out->str, out->len);
}

/* Substitutes the "%s" placeholders of a message template. */
static char *
format_bounds (const char *tmpl,
               const char *x,
               const char *y)
{
  GString *s = g_string_new (NULL);
  const char *args[2] = { x, y };
  guint n = 0;

  for (const char *p = tmpl; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 's' && n < 2)
        {
          g_string_append (s, args[n++] != NULL ? args[n - 1] : "");
          p++;
        }
      else
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

gboolean
gml_op_bounds_fail (GmlVm         *vm,
                    gint64         x,
                    gint64         y,
                    gboolean       x_signed,
                    GmlBoundsKind  kind)
{
  static const char *with_len[] = {
    [GML_BOUNDS_INDEX] = "index out of range [%s] with length %s",
    [GML_BOUNDS_SLICE_ALEN] = "slice bounds out of range [:%s] with length %s",
    [GML_BOUNDS_SLICE_ACAP] = "slice bounds out of range [:%s] with capacity %s",
    [GML_BOUNDS_SLICE_B] = "slice bounds out of range [%s:%s]",
    [GML_BOUNDS_SLICE3_ALEN] = "slice bounds out of range [::%s] with length %s",
    [GML_BOUNDS_SLICE3_ACAP] = "slice bounds out of range [::%s] with capacity %s",
    [GML_BOUNDS_SLICE3_B] = "slice bounds out of range [:%s:%s]",
    [GML_BOUNDS_SLICE3_C] = "slice bounds out of range [%s:%s:]",
  };
  static const char *negative[] = {
    [GML_BOUNDS_INDEX] = "index out of range [%s]",
    [GML_BOUNDS_SLICE_ALEN] = "slice bounds out of range [:%s]",
    [GML_BOUNDS_SLICE_ACAP] = "slice bounds out of range [:%s]",
    [GML_BOUNDS_SLICE_B] = "slice bounds out of range [%s:]",
    [GML_BOUNDS_SLICE3_ALEN] = "slice bounds out of range [::%s]",
    [GML_BOUNDS_SLICE3_ACAP] = "slice bounds out of range [::%s]",
    [GML_BOUNDS_SLICE3_B] = "slice bounds out of range [:%s:]",
    [GML_BOUNDS_SLICE3_C] = "slice bounds out of range [%s::]",
  };
  g_autofree char *xs = x_signed ? g_strdup_printf ("%" G_GINT64_FORMAT, x)
                                 : g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) x);
  g_autofree char *ys = g_strdup_printf ("%" G_GINT64_FORMAT, y);
  g_autofree char *msg = NULL;

  /* Go's boundsError: negative signed indexes omit the length. */
  if (x_signed && x < 0)
    msg = format_bounds (negative[kind], xs, NULL);
  else
    msg = format_bounds (with_len[kind], xs, ys);
  gml_vm_panic_bounds (vm, msg);
  return FALSE;
}
