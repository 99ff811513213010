/* gml-markup.c: *emphasis*, `code` and paragraphs. */
#include "gml-markup.h"

#include <string.h>

typedef struct
{
  const char *text;
  gsize       i;
  GArray     *spans;
  GString    *cur;
  guint       flags;
  gboolean    paragraph_start;
  gsize       emphasis_at;     /* offset of the open '*' */
  gsize       emphasis_chars;  /* characters inside it so far */
  gsize       code_at;         /* offset of the open '`' */
  gsize       error_offset;
  const char *error;
} Markup;

static void
span_clear (gpointer data)
{
  g_free (((GmlMarkupSpan *) data)->text);
}

static void
flush (Markup *m)
{
  GmlMarkupSpan span;

  if (m->cur->len == 0)
    return;
  span.text = g_strndup (m->cur->str, m->cur->len);
  span.flags = m->flags;
  span.paragraph_start = m->paragraph_start;
  g_array_append_val (m->spans, span);
  g_string_truncate (m->cur, 0);
  m->paragraph_start = FALSE;
}

static gboolean
fail (Markup     *m,
      gsize       offset,
      const char *message)
{
  m->error_offset = offset;
  m->error = message;
  return FALSE;
}

static void
append (Markup *m,
        char    c)
{
  g_string_append_c (m->cur, c);
  m->emphasis_chars++;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A newline followed by a blank line: returns the offset after the blank
 * lines, or 0 when this newline is a plain line break. */
static gsize
paragraph_break (const char *text,
                 gsize       i)
{
  gsize j = i + 1, end = 0;

  for (;;)
    {
      while (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')
        j++;
      if (text[j] != '\n')
        return end;
      end = ++j;
    }
}

static gboolean
code_char (Markup *m)
{
  char c = m->text[m->i];

  if (c == '`')
    {
      if (m->cur->len == 0)
        return fail (m, m->code_at, "empty `code`");
      flush (m);
      m->flags &= ~GML_MARKUP_CODE;
    }
  else if (c == '\n' && paragraph_break (m->text, m->i) != 0)
    return fail (m, m->code_at, "this `code` is not closed before the end of the paragraph");
  else
    append (m, c);
  m->i++;
  return TRUE;
}

static gboolean
star (Markup *m)
{
  const char *t = m->text;
  gsize i = m->i++;

  if ((m->flags & GML_MARKUP_EMPHASIS) && i > 0 && !is_space (t[i - 1]))
    {
      if (m->emphasis_chars == 0)
        return fail (m, m->emphasis_at, "empty *emphasis* (** is not bold here; write *text*)");
      flush (m);
      m->flags &= ~GML_MARKUP_EMPHASIS;
    }
  else if (!(m->flags & GML_MARKUP_EMPHASIS) && t[i + 1] != '\0' && !is_space (t[i + 1]))
    {
      flush (m);
      m->flags |= GML_MARKUP_EMPHASIS;
      m->emphasis_at = i;
      m->emphasis_chars = 0;
    }
  else
    append (m, '*');
  return TRUE;
}

static gboolean
newline (Markup *m)
{
  gsize next = paragraph_break (m->text, m->i);

  if (next == 0)
    {
      append (m, '\n');
      m->i++;
      return TRUE;
    }
  if (m->flags & GML_MARKUP_EMPHASIS)
    return fail (m, m->emphasis_at, "this *emphasis* is not closed before the end of the paragraph (write \\* for an asterisk)");
  flush (m);
  m->paragraph_start = m->spans->len > 0;
  m->i = next;
  return TRUE;
}

static gboolean
step (Markup *m)
{
  const char *t = m->text;
  char c = t[m->i];

  if (m->flags & GML_MARKUP_CODE)
    return code_char (m);
  if (c == '\\' && t[m->i + 1] != '\0' && strchr ("*`\\", t[m->i + 1]) != NULL)
    {
      append (m, t[m->i + 1]);
      m->i += 2;
      return TRUE;
    }
  if (c == '`')
    {
      flush (m);
      m->flags |= GML_MARKUP_CODE;
      m->code_at = m->i++;
      m->emphasis_chars++;
      return TRUE;
    }
  if (c == '*')
    return star (m);
  if (c == '\n')
    return newline (m);
  append (m, c);
  m->i++;
  return TRUE;
}

GArray *
gml_markup_parse (const char  *text,
                  gsize       *error_offset,
                  char       **error)
{
  Markup m = { text, 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (text != NULL, NULL);
  m.spans = g_array_new (FALSE, TRUE, sizeof (GmlMarkupSpan));
  g_array_set_clear_func (m.spans, span_clear);
  m.cur = g_string_new (NULL);
  while (ok && text[m.i] != '\0')
    ok = step (&m);
  if (ok && (m.flags & GML_MARKUP_CODE))
    ok = fail (&m, m.code_at, "this `code` is not closed");
  if (ok && (m.flags & GML_MARKUP_EMPHASIS))
    ok = fail (&m, m.emphasis_at, "this *emphasis* is not closed (write \\* for an asterisk)");
  if (ok)
    flush (&m);
  g_string_free (m.cur, TRUE);
  if (ok)
    return m.spans;
  if (error_offset != NULL)
    *error_offset = m.error_offset;
  if (error != NULL)
    *error = g_strdup (m.error);
  g_array_unref (m.spans);
  return NULL;
}

char *
gml_markup_to_plain (const char *text)
{
  g_autoptr (GArray) spans = gml_markup_parse (text, NULL, NULL);
  GString *s;

  if (spans == NULL)
    return g_strdup (text);
  s = g_string_new (NULL);
  for (guint i = 0; i < spans->len; i++)
    {
      const GmlMarkupSpan *span = &g_array_index (spans, GmlMarkupSpan, i);

      if (span->paragraph_start)
        g_string_append (s, "\n\n");
      g_string_append (s, span->text);
    }
  return g_string_free (s, FALSE);
}
