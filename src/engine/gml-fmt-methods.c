/* gml-fmt-methods.c: does a dynamic type implement error, Stringer or
 * GoStringer?
 *
 * fmt asks `arg.(error)` and `arg.(Stringer)`: the method must be in the
 * method set of the value's dynamic type, promoted methods included, with
 * exactly the signature func() string.  gml_type_lookup answers the
 * promotion question but compares names by interned pointer and allocates
 * in the program's arena; the formatter runs from the UI and the
 * inspector too, so this is a read-only, allocation-free version of the
 * same breadth-first search (shallowest depth wins, two hits at the same
 * depth cancel out).
 */
#include "gml-fmt-private.h"

#include <string.h>

#define MAX_CANDIDATES 64
#define MAX_DEPTH      16

typedef struct
{
  GmlType  *type;      /* named or struct type searched at this depth */
  gboolean  indirect;  /* reached through an embedded pointer */
} Candidate;

typedef struct
{
  guint       hits;
  GmlObject  *method;     /* concrete method */
  GmlIMethod *imethod;    /* method of an embedded interface */
  gboolean    indirect;
} Hits;

static void
search_candidate (const Candidate *c,
                  const char      *name,
                  Hits            *hits)
{
  GmlType *u = gml_type_underlying (c->type);

  if (c->type->kind == GML_TYPE_NAMED)
    for (guint i = 0; i < c->type->u.named.n_methods; i++)
      {
        GmlObject *m = c->type->u.named.methods[i];

        if (m != NULL && m->name != NULL && strcmp (m->name, name) == 0)
          {
            hits->hits++;
            hits->method = m;
            hits->imethod = NULL;
            hits->indirect = c->indirect;
          }
      }
  if (u->kind == GML_TYPE_STRUCT)
    for (guint i = 0; i < u->u.strukt.n_fields; i++)
      if (u->u.strukt.fields[i].name != NULL
          && strcmp (u->u.strukt.fields[i].name, name) == 0)
        {
          /* A field of that name hides any method deeper down. */
          hits->hits++;
          hits->method = NULL;
          hits->imethod = NULL;
        }
  if (u->kind == GML_TYPE_INTERFACE)
    for (guint i = 0; i < u->u.iface.n_methods; i++)
      if (strcmp (u->u.iface.methods[i].name, name) == 0)
        {
          hits->hits++;
          hits->method = NULL;
          hits->imethod = &u->u.iface.methods[i];
        }
}

static gboolean
seen_add (GmlType **seen,
          guint    *n_seen,
          GmlType  *t)
{
  for (guint i = 0; i < *n_seen; i++)
    if (seen[i] == t)
      return FALSE;
  if (*n_seen < MAX_CANDIDATES)
    seen[(*n_seen)++] = t;
  return TRUE;
}

/* Appends the embedded fields of c to next[]: the next depth. */
static void
expand_candidate (const Candidate *c,
                  Candidate       *next,
                  guint           *n_next,
                  GmlType        **seen,
                  guint           *n_seen)
{
  GmlType *u = gml_type_underlying (c->type);

  if (u->kind != GML_TYPE_STRUCT)
    return;
  for (guint i = 0; i < u->u.strukt.n_fields && *n_next < MAX_CANDIDATES; i++)
    {
      GmlField *f = &u->u.strukt.fields[i];
      Candidate n = { f->type, c->indirect };

      if (!f->embedded || n.type == NULL)
        continue;
      if (n.type->kind == GML_TYPE_POINTER)
        {
          n.type = n.type->u.pointer.elem;
          n.indirect = TRUE;
        }
      if (n.type->kind == GML_TYPE_NAMED && !seen_add (seen, n_seen, n.type))
        continue;
      next[(*n_next)++] = n;
    }
}

static gboolean
is_string_func (GmlType *sig)
{
  return sig != NULL && sig->kind == GML_TYPE_FUNC
         && sig->u.func.n_params == 0 && sig->u.func.n_results == 1
         && sig->u.func.results[0]->kind == GML_TYPE_STRING;
}

static gboolean
hit_is_string_method (const Hits *h,
                      gboolean    is_ptr)
{
  if (h->imethod != NULL)
    return is_string_func (h->imethod->sig);
  if (h->method == NULL)
    return FALSE;  /* a field */
  /* A pointer method is in a value's method set only when it was
   * promoted through an embedded pointer. */
  if ((h->method->flags & GML_FUNC_PTR_RECV) && !is_ptr && !h->indirect)
    return FALSE;
  return is_string_func (h->method->type);
}

/* Does the method set of t have `name` with signature func() string? */
gboolean
gml_fmt_has_string_method (GmlType    *t,
                           const char *name)
{
  Candidate level[MAX_CANDIDATES], next[MAX_CANDIDATES];
  GmlType *seen[MAX_CANDIDATES];
  guint n_level = 1, n_seen = 0;
  gboolean is_ptr = FALSE;

  if (t == NULL)
    return FALSE;
  level[0] = (Candidate) { t, FALSE };
  if (t->kind == GML_TYPE_POINTER)
    {
      /* Methods come through *T only for a T that can have methods. */
      GmlType *e = t->u.pointer.elem;
      GmlTypeKind ek = gml_type_underlying (e)->kind;

      if (ek == GML_TYPE_INTERFACE || ek == GML_TYPE_POINTER)
        return FALSE;
      level[0] = (Candidate) { e, TRUE };
      is_ptr = TRUE;
    }
  else if (t->kind != GML_TYPE_NAMED && t->kind != GML_TYPE_STRUCT)
    return FALSE;
  if (level[0].type->kind == GML_TYPE_NAMED)
    seen_add (seen, &n_seen, level[0].type);

  for (guint depth = 0; n_level > 0 && depth < MAX_DEPTH; depth++)
    {
      Hits hits = { 0 };
      guint n_next = 0;

      for (guint i = 0; i < n_level; i++)
        search_candidate (&level[i], name, &hits);
      if (hits.hits == 1)
        return hit_is_string_method (&hits, is_ptr);
      if (hits.hits > 1)
        return FALSE;  /* ambiguous selector: not in the method set */
      for (guint i = 0; i < n_level; i++)
        expand_candidate (&level[i], next, &n_next, seen, &n_seen);
      memcpy (level, next, sizeof (Candidate) * n_next);
      n_level = n_next;
    }
  return FALSE;
}
