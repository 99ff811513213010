/* gml-markup.h: the small markup of narration, questions and explanations.
 *
 * Authors write plain text with three additions (docs/scenario-format.md):
 *   *emphasis*     an asterisk opens before a non-space character and
 *                  closes after one, so "2 * 3" stays literal;
 *   `code`         verbatim up to the next backquote;
 *   a blank line   starts a new paragraph (a single newline is a line break);
 *   \* \` \\       a literal asterisk, backquote or backslash.
 * Everything else is literal text: hosts escape it for their toolkit (Pango
 * markup, HTML) when they render the spans.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GML_MARKUP_EMPHASIS = 1 << 0,
  GML_MARKUP_CODE     = 1 << 1,
} GmlMarkupFlags;

typedef struct
{
  char     *text;             /* owned; escapes resolved */
  guint     flags;            /* GmlMarkupFlags */
  gboolean  paragraph_start;  /* the first span of a new paragraph (not the first) */
} GmlMarkupSpan;

/* The spans of `text`, or NULL with the byte offset of the problem and a
 * message (both optional) when a marker is not closed or is empty. */
GArray     *gml_markup_parse  (const char  *text,
                               gsize       *error_offset,
                               char       **error);

/* The text without markup (for accessibility labels and tooltips). */
char       *gml_markup_to_plain (const char *text);

G_END_DECLS
