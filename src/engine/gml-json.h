/* gml-json.h: a strict JSON reader that remembers where everything is.
 *
 * Scenario files are written by people, so every problem must point at a
 * line and a column.  json-glib 1.6 cannot do that: it exposes no node
 * positions, and it accepts what JSON forbids (comments, single quotes,
 * leading zeros, text after the document) while silently wrapping integers
 * beyond int64, turning 1e400 into inf and keeping only the last of two
 * duplicate keys.  This reader accepts exactly RFC 8259 (plus a UTF-8 byte
 * order mark), records the position of every value and key, and keeps
 * numbers' text so callers can report range errors precisely.
 *
 * Syntax errors stop the parse (one diagnostic, NULL result): after one,
 * the rest of the file cannot be read reliably.  Duplicate keys and the
 * NUL character are reported but do not stop it; the first of duplicate
 * members is kept.  The tree lives in the caller's arena.
 */
#pragma once

#include <glib.h>

#include "gml-arena.h"
#include "gml-diag.h"

G_BEGIN_DECLS

/* Deeper nesting is an error, so hostile input cannot exhaust the stack. */
#define GML_JSON_MAX_DEPTH 64

typedef enum
{
  GML_JSON_NULL,
  GML_JSON_BOOL,
  GML_JSON_NUMBER,
  GML_JSON_STRING,
  GML_JSON_ARRAY,
  GML_JSON_OBJECT,
} GmlJsonKind;

typedef struct _GmlJson GmlJson;

typedef struct
{
  const char *key;       /* decoded, NUL-terminated (arena) */
  GmlPos      pos;       /* of the key's opening quote */
  GmlJson    *value;
} GmlJsonMember;

struct _GmlJson
{
  GmlJsonKind  kind;
  GmlPos       pos;      /* of the value's first character */
  const char  *raw;      /* the value's text in the input (not NUL-terminated) */
  gsize        raw_len;
  union
  {
    gboolean boolean;
    struct
    {
      gboolean integer;  /* written without fraction or exponent */
      gboolean overflow; /* an integer beyond int64, or a float beyond double */
      gint64   i;        /* integer: the value (when !overflow) */
      double   d;        /* always: the value as a double (finite when !overflow) */
    } num;
    struct
    {
      const char *s;     /* decoded, NUL-terminated (arena); never contains NUL */
      gsize       len;
    } str;
    struct
    {
      GmlJson **items;
      guint     n;
    } arr;
    struct
    {
      GmlJsonMember *members;  /* in document order */
      guint          n;
    } obj;
  } u;
};

GmlJson     *gml_json_parse        (GmlArena      *arena,
                                    const char    *data,
                                    gsize          len,
                                    const char    *filename,
                                    GmlDiagList   *diags);

/* "a string", "an object", "null"... for messages. */
const char  *gml_json_kind_name    (GmlJsonKind    kind);

/* The member called `key` of an object, or NULL. */
const GmlJsonMember *gml_json_member (const GmlJson *object,
                                      const char    *key);

/* The position of the decoded byte at `offset` in a string value (escapes
 * make decoded and written columns differ).  Offsets past the end give the
 * closing quote. */
GmlPos       gml_json_string_pos   (const GmlJson *string,
                                    gsize          offset);

G_END_DECLS
