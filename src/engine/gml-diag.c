/* gml-diag.c: diagnostics with positions. */
#include "gml-diag.h"

#include <string.h>

struct _GmlDiagList
{
  GArray *items; /* GmlDiag, owned strings */
};

G_DEFINE_QUARK (gml-error-quark, gml_error)

static void
diag_clear (gpointer data)
{
  GmlDiag *d = data;

  g_free (d->file);
  g_free (d->message);
}

GmlDiagList *
gml_diag_list_new (void)
{
  GmlDiagList *list = g_new0 (GmlDiagList, 1);

  list->items = g_array_new (FALSE, TRUE, sizeof (GmlDiag));
  g_array_set_clear_func (list->items, diag_clear);
  return list;
}

void
gml_diag_list_free (GmlDiagList *list)
{
  if (list == NULL)
    return;
  g_array_unref (list->items);
  g_free (list);
}

void
gml_diag_list_addv (GmlDiagList     *list,
                    GmlDiagSeverity  severity,
                    const char      *file,
                    GmlPos           pos,
                    const char      *format,
                    va_list          args)
{
  GmlDiag d;

  d.severity = severity;
  d.file = g_strdup (file != NULL ? file : "");
  d.pos = pos;
  d.message = g_strdup_vprintf (format, args);
  g_array_append_val (list->items, d);
}

void
gml_diag_list_add (GmlDiagList     *list,
                   GmlDiagSeverity  severity,
                   const char      *file,
                   GmlPos           pos,
                   const char      *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  gml_diag_list_addv (list, severity, file, pos, format, args);
  va_end (args);
}

guint
gml_diag_list_len (const GmlDiagList *list)
{
  return list->items->len;
}

const GmlDiag *
gml_diag_list_get (const GmlDiagList *list,
                   guint              i)
{
  g_return_val_if_fail (i < list->items->len, NULL);
  return &g_array_index (list->items, GmlDiag, i);
}

guint
gml_diag_list_n_errors (const GmlDiagList *list)
{
  guint n = 0;

  for (guint i = 0; i < list->items->len; i++)
    if (g_array_index (list->items, GmlDiag, i).severity == GML_DIAG_ERROR)
      n++;
  return n;
}

static int
diag_compare (gconstpointer a,
              gconstpointer b)
{
  const GmlDiag *x = a, *y = b;
  int c = strcmp (x->file, y->file);

  if (c != 0)
    return c;
  return gml_pos_compare (x->pos, y->pos);
}

void
gml_diag_list_sort (GmlDiagList *list)
{
  /* g_array_sort is not stable; insertion sort keeps report order for
   * diagnostics at the same position, and lists are short. */
  GmlDiag *v = (GmlDiag *) (gpointer) list->items->data;

  for (guint i = 1; i < list->items->len; i++)
    {
      GmlDiag tmp = v[i];
      guint j = i;

      while (j > 0 && diag_compare (&v[j - 1], &tmp) > 0)
        {
          v[j] = v[j - 1];
          j--;
        }
      v[j] = tmp;
    }
}

void
gml_diag_list_truncate (GmlDiagList *list,
                        guint        n)
{
  if (n < list->items->len)
    g_array_set_size (list->items, n);
}

char *
gml_diag_format (const GmlDiag *diag)
{
  if (gml_pos_is_valid (diag->pos))
    return g_strdup_printf ("%s:%u:%u: %s", diag->file, diag->pos.line,
                            diag->pos.col, diag->message);
  return g_strdup_printf ("%s: %s", diag->file, diag->message);
}

char *
gml_diag_list_format (const GmlDiagList *list)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->items->len; i++)
    {
      g_autofree char *line = gml_diag_format (&g_array_index (list->items, GmlDiag, i));

      g_string_append (s, line);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
