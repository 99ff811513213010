/* gml-escape-tags.c: leak tags that do not come from analysing a body:
 * //gml: directives (see gml-escape.h) on the prelude's natives, Go's
 * rule for bodyless functions, and tags as text for tests and tools.
 */
#include "gml-escape-private.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Directives and natives                                              */

static int
param_index (GmlFunc    *f,
             const char *name)
{
  guint base = f->recv != NULL ? 1 : 0;

  if (f->recv != NULL && strcmp (f->recv->name, name) == 0)
    return 0;
  for (guint i = 0; i < f->params->len; i++)
    {
      GmlObject *p = g_ptr_array_index (f->params, i);

      if (strcmp (p->name, name) == 0)
        return (int) (base + i);
    }
  return -1;
}

/* One TAG of "NAME=TAG,TAG": none, heap, content, heap:N, result:I[:N]. */
static gboolean
parse_tag (const char *tag,
           EscLeaks   *l)
{
  char *end;

  if (strcmp (tag, "none") == 0)
    return TRUE;
  if (strcmp (tag, "heap") == 0)
    {
      esc_leaks_add_heap (l, 0);
      return TRUE;
    }
  if (strcmp (tag, "content") == 0)
    {
      esc_leaks_add_heap (l, 1);
      return TRUE;
    }
  if (g_str_has_prefix (tag, "heap:"))
    {
      long n = strtol (tag + 5, &end, 10);

      if (*end != '\0' || n < 0 || n > 200)
        return FALSE;
      esc_leaks_add_heap (l, (int) n);
      return TRUE;
    }
  if (g_str_has_prefix (tag, "result:"))
    {
      long i = strtol (tag + 7, &end, 10), n = 0;

      if (*end == ':')
        n = strtol (end + 1, &end, 10);
      if (*end != '\0' || i < 0 || i >= ESC_N_RESULTS || n < 0 || n > 200)
        return FALSE;
      esc_leaks_add_result (l, (guint) i, (int) n);
      return TRUE;
    }
  return FALSE;
}

static void
parse_escape_directive (GmlFunc     *f,
                        EscFuncData *d,
                        const char  *args)
{
  g_auto (GStrv) words = g_strsplit_set (args, " \t", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      char *eq = strchr (words[i], '=');
      g_auto (GStrv) tags = NULL;
      EscLeaks l = { { 0 } };
      int idx;

      if (words[i][0] == '\0')
        continue;
      if (eq == NULL)
        {
          g_warning ("%s: malformed //gml:escape tag %s", f->name, words[i]);
          continue;
        }
      *eq = '\0';
      idx = param_index (f, words[i]);
      tags = g_strsplit (eq + 1, ",", -1);
      for (guint j = 0; tags[j] != NULL; j++)
        if (!parse_tag (tags[j], &l))
          {
            g_warning ("%s: malformed //gml:escape tag %s", f->name, tags[j]);
            idx = -1;
          }
      if (idx < 0)
        continue;
      d->tags[idx] = l;
      d->tag_set[idx] = TRUE;
    }
}

/* Reads //gml: directives; returns whether //gml:noescape was given. */
gboolean
esc_read_directives (GmlFunc     *f,
                     EscFuncData *d)
{
  const char *dirs = f->decl != NULL && f->decl->kind == GML_NODE_FUNC_DECL
                     ? f->decl->u.func_decl.directives : NULL;
  g_auto (GStrv) lines = NULL;
  gboolean noescape = FALSE;

  if (dirs == NULL)
    return FALSE;
  lines = g_strsplit (dirs, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (strcmp (l, "//gml:noescape") == 0)
        noescape = TRUE;
      else if (g_str_has_prefix (l, "//gml:escape "))
        parse_escape_directive (f, d, l + strlen ("//gml:escape "));
    }
  return noescape;
}

GmlObject *
esc_tag_param (GmlFunc *f,
               guint    i)
{
  if (f->recv != NULL)
    return i == 0 ? f->recv : g_ptr_array_index (f->params, i - 1);
  return g_ptr_array_index (f->params, i);
}

/* Go's paramTag for a function without a body. */
void
esc_tag_native (EscCtx  *ctx,
                GmlFunc *f)
{
  EscFuncData *d = esc_func_data (ctx, f);
  gboolean noescape = f->pkg->is_prelude && esc_read_directives (f, d);

  for (guint i = 0; i < d->n_tags; i++)
    {
      GmlObject *p = esc_tag_param (f, i);

      if (d->tag_set[i])
        continue;
      if (!esc_type_has_pointers (p->type) || gml_type_underlying (p->type)->kind == GML_TYPE_UINTPTR)
        esc_leaks_add_heap (&d->tags[i], 0);
      else if (!noescape)
        esc_leaks_add_heap (&d->tags[i], 0);
    }
  d->state = ESC_FN_TAGGED;
}

/* ------------------------------------------------------------------ */
/* Tags as text (tests, tools)                                         */

static void
tag_text (GString        *s,
          const EscLeaks *l)
{
  gboolean any = FALSE;

  if (esc_leaks_heap (l) >= 0)
    {
      if (esc_leaks_heap (l) == 0)
        g_string_append (s, "heap");
      else if (esc_leaks_heap (l) == 1)
        g_string_append (s, "content");
      else
        g_string_append_printf (s, "heap:%d", esc_leaks_heap (l));
      any = TRUE;
    }
  for (guint i = 0; i < ESC_N_RESULTS; i++)
    if (esc_leaks_result (l, i) >= 0)
      {
        g_string_append_printf (s, "%sresult:%u", any ? "," : "", i);
        if (esc_leaks_result (l, i) > 0)
          g_string_append_printf (s, ":%d", esc_leaks_result (l, i));
        any = TRUE;
      }
  if (!any)
    g_string_append (s, "none");
}

/* "recv=TAG p1=TAG ..." for the parameters that hold pointers, in the
 * //gml:escape syntax; NULL before analysis. */
char *
esc_func_tags_string (GmlFunc *f)
{
  EscFuncData *d = f != NULL ? f->escape : NULL;
  GString *s;

  if (d == NULL || d->state != ESC_FN_TAGGED)
    return NULL;
  s = g_string_new (NULL);
  for (guint i = 0; i < d->n_tags; i++)
    {
      GmlObject *p = esc_tag_param (f, i);

      if (!esc_type_has_pointers (p->type))
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, "%s=", p->name);
      tag_text (s, &d->tags[i]);
    }
  return g_string_free (s, FALSE);
}
