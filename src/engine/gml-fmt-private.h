/* gml-fmt-private.h: helpers shared by the fmt files and their tests.
 *
 * gml-strconv.c is Go's strconv and unicode/utf8 (numbers, quoting,
 * UTF-8, IsPrint); gml-fmt-format.c is fmt's format.go (the flag-aware
 * formatting of one basic value into the output); gml-fmt.c is print.go
 * (Printf's parser and the walk over values in simulated memory);
 * gml-fmt-methods.c answers "is it an error / a Stringer?";
 * gml-fmt-sort.c is internal/fmtsort; gml-fmt-runtime.c is the runtime's
 * print/println and panic-value printing.
 */
#pragma once

#include "gml-fmt.h"

G_BEGIN_DECLS

#define GML_UTF8_RUNE_ERROR 0xFFFD
#define GML_UTF8_MAX_RUNE   0x10FFFF
#define GML_UTF8_RUNE_SELF  0x80

/* ------------------------------------------------------------------ */
/* strconv and unicode/utf8                                            */

gboolean gml_unicode_is_print     (gint32       r);
/* utf8.ValidRune: in range and not a surrogate. */
gboolean gml_utf8_valid_rune      (gint32       r);
/* utf8.EncodeRune into buf (at least 4 bytes); returns the width. */
guint    gml_utf8_encode          (gint32       r,
                                   char        *buf);
/* utf8.RuneCount: every invalid byte counts as one rune. */
gsize    gml_utf8_rune_count      (const char  *s,
                                   gsize        len);
/* strconv.CanBackquote. */
gboolean gml_can_backquote        (const char  *s,
                                   gsize        len);

/* ------------------------------------------------------------------ */
/* format.go: one basic value with flags, width and precision          */

typedef struct
{
  gboolean wid_present;
  gboolean prec_present;
  gboolean minus;
  gboolean plus;
  gboolean sharp;
  gboolean space;
  gboolean zero;
  /* %+v and %#v move plus/sharp here: they change how composite values
   * print rather than how numbers print. */
  gboolean plus_v;
  gboolean sharp_v;
} GmlFmtFlags;

typedef struct
{
  GString     *buf;     /* borrowed: the output */
  GmlFmtFlags  f;
  int          wid;     /* 0 <= wid, prec <= ~1e7 (parsenum's bound) */
  int          prec;
} GmlFmtState;

void gml_fmt_clear_flags     (GmlFmtState *f);
void gml_fmt_write_padding   (GmlFmtState *f, int n);
void gml_fmt_pad             (GmlFmtState *f, const char *s, gsize len);
void gml_fmt_pad_string      (GmlFmtState *f, const char *s);
void gml_fmt_boolean         (GmlFmtState *f, gboolean v);
void gml_fmt_unicode         (GmlFmtState *f, guint64 u);
void gml_fmt_integer         (GmlFmtState *f, guint64 u, int base, gboolean is_signed,
                              gint32 verb, gboolean upper);
void gml_fmt_s               (GmlFmtState *f, const char *s, gsize len);
void gml_fmt_sbx             (GmlFmtState *f, const char *s, gsize len, gboolean upper);
void gml_fmt_q               (GmlFmtState *f, const char *s, gsize len);
void gml_fmt_c               (GmlFmtState *f, guint64 c);
void gml_fmt_qc              (GmlFmtState *f, guint64 c);
void gml_fmt_float           (GmlFmtState *f, double v, int size, gint32 verb, int prec);

/* ------------------------------------------------------------------ */
/* fmtsort                                                             */

typedef struct
{
  guint64 key;    /* addresses from GmlFmtHost.map_foreach */
  guint64 elem;
} GmlFmtMapEntry;

/* Sorts the entries of a map whose key type is `key_type` by Go's
 * internal/fmtsort order (stable). */
void gml_fmt_sort_map_entries (const GmlFmtHost *host,
                               GmlType          *key_type,
                               GmlFmtMapEntry   *entries,
                               gsize             n);

/* ------------------------------------------------------------------ */
/* Method sets (gml-fmt-methods.c)                                     */

/* Is `name` (Error, String, GoString) in the method set of t, with the
 * signature func() string?  That is Go's `x.(error)` / `x.(Stringer)`. */
gboolean gml_fmt_has_string_method (GmlType    *t,
                                    const char *name);

/* ------------------------------------------------------------------ */
/* Reading simulated memory (gml-fmt.c)                                */

/* These never fail: unmapped memory reads as zeros, because a
 * formatter must print something for any state the UI asks about. */
guint64  gml_fmt_read_uint   (const GmlFmtHost *host, guint64 addr, gsize size);
gint64   gml_fmt_read_int    (const GmlFmtHost *host, guint64 addr, gsize size);
double   gml_fmt_read_float  (const GmlFmtHost *host, guint64 addr, gsize size);
/* A Go string header at addr; returns a newly allocated copy of its
 * bytes (NUL-terminated for convenience) and its length. */
char    *gml_fmt_read_string (const GmlFmtHost *host, guint64 addr, gsize *len);
/* The type of an interface value at addr and the address of its value
 * by the GmlFmtArg convention; FALSE for a nil interface. */
gboolean gml_fmt_read_iface  (const GmlFmtHost *host, guint64 addr,
                              GmlType **type, guint64 *value_addr);

/* Underlying kind, with untyped constants mapped to their default types. */
GmlTypeKind gml_fmt_kind     (GmlType *t);

G_END_DECLS
