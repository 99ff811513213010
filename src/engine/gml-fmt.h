/* gml-fmt.h: Go's fmt, print/println and panic-value formatting.
 *
 * Formats values that live in simulated memory exactly as Go 1.19 prints
 * them.  The formatter never touches the VM directly: it reads memory and
 * calls methods through a GmlFmtHost, so it can be unit-tested against a
 * fake memory and reused by the UI (value labels) and the inspector.
 *
 * Values are (type, simulated address of the value's bytes).  An argument
 * of a fmt function is an interface value: its dynamic type (NULL for a nil
 * interface) and the address of the value.  For pointer-shaped dynamic
 * types (gml_type_is_pointer_shaped: pointers, maps, chans, funcs) the value
 * *is* the interface's data word, so `addr` is the address of that word;
 * otherwise `addr` is what the data word points to.
 *
 * In-memory representations (linux/amd64, little endian):
 *   string     { data *byte; len int }                 16 bytes
 *   slice      { data *T; len int; cap int }           24 bytes
 *   interface  { tab uintptr; data unsafe.Pointer }    16 bytes
 *   map, chan, func, pointer: one word (address; 0 = nil)
 *   (a func value points to its closure, whose first word is the code
 *    address, as Go's funcval: %p and %v print that code address)
 *   structs and arrays: their fields/elements at their offsets
 */
#pragma once

#include <glib.h>

#include "gml-types.h"

G_BEGIN_DECLS

typedef struct _GmlFmtHost GmlFmtHost;

struct _GmlFmtHost
{
  gpointer      user_data;
  GmlTypeTable *types;       /* for method-set lookups */

  /* Copies `len` bytes of simulated memory at `addr` into `buf`.  Returns
   * FALSE when the range is not mapped. */
  gboolean  (*read)        (gpointer     user_data,
                            guint64      addr,
                            void        *buf,
                            gsize        len);

  /* The dynamic type named by an interface's type word (an itab for
   * non-empty interfaces, a type descriptor for empty ones), or NULL for 0. */
  GmlType  *(*iface_type)  (gpointer     user_data,
                            guint64      tab);

  /* Calls the method `name` ("Error" or "String", no arguments, one string
   * result) on the value of type `type` at `addr` (for pointer receivers the
   * value is the pointer).  On success appends the result to `out` and
   * returns TRUE.  If the method panics, returns FALSE and sets
   * *panic_text to the panic value as Go's fmt shows it (caller frees).
   *
   * Details: `addr` follows the GmlFmtArg convention (where the value's
   * bytes are; for a pointer type, the address of the pointer word).
   * `type` is the value's own type: the method may be promoted from an
   * embedded field, which the host resolves as a method call would.
   * "GoString" is asked for under %#v.
   * *panic_text is what gml_fmt_value prints for the panic value (if
   * that panics again, Go lets the new panic escape fmt); leave it NULL
   * for panic(nil), which Go 1.19's recover cannot see (fmt then prints
   * nothing for that operand). */
  gboolean  (*call_method) (gpointer     user_data,
                            GmlType     *type,
                            guint64      addr,
                            const char  *name,
                            GString     *out,
                            char       **panic_text);

  /* Calls `fn` for every entry of the map `hmap` (address of the runtime
   * map header; 0 = nil map) of type `map_type`, with the addresses of the
   * key and the element.  Order does not matter: fmt sorts the keys. */
  void      (*map_foreach) (gpointer     user_data,
                            GmlType     *map_type,
                            guint64      hmap,
                            void       (*fn) (gpointer fn_data, guint64 key_addr, guint64 elem_addr),
                            gpointer     fn_data);

  /* Number of entries in a map (len(m)). */
  gint64    (*map_len)     (gpointer     user_data,
                            guint64      hmap);
};

typedef struct
{
  GmlType *type;   /* dynamic type; NULL for a nil interface */
  guint64  addr;   /* see above */
} GmlFmtArg;

/* fmt.Sprintf / Printf / Errorf: appends to `out` (may contain NUL bytes). */
void     gml_fmt_sprintf       (const GmlFmtHost *host,
                                GString          *out,
                                const char       *format,
                                gsize             format_len,
                                const GmlFmtArg  *args,
                                guint             n_args);
/* fmt.Errorf's message: like gml_fmt_sprintf, but %w accepts one error
 * operand (Go 1.19 allows one).  Returns the index of the argument %w
 * wrapped (the error's Unwrap target), or -1 for a plain errors.New. */
int      gml_fmt_errorf        (const GmlFmtHost *host,
                                GString          *out,
                                const char       *format,
                                gsize             format_len,
                                const GmlFmtArg  *args,
                                guint             n_args);
/* fmt.Sprint / Print: spaces between operands when neither is a string. */
void     gml_fmt_sprint        (const GmlFmtHost *host,
                                GString          *out,
                                const GmlFmtArg  *args,
                                guint             n_args);
/* fmt.Sprintln / Println: spaces always, newline at the end. */
void     gml_fmt_sprintln      (const GmlFmtHost *host,
                                GString          *out,
                                const GmlFmtArg  *args,
                                guint             n_args);

/* One value as %v prints it (for the UI's labels and inspector). */
void     gml_fmt_value         (const GmlFmtHost *host,
                                GString          *out,
                                GmlType          *type,
                                guint64           addr);
/* The same, cut after about max_bytes bytes (on a character boundary,
 * then "…"), without walking the rest of a big value: for labels. */
void     gml_fmt_value_limit   (const GmlFmtHost *host,
                                GString          *out,
                                GmlType          *type,
                                guint64           addr,
                                gsize             max_bytes);

/* The builtins print/println: one argument as the runtime prints it
 * (floats as +1.500000e+000, pointers as 0xc000012000, interfaces as
 * (0x4a1234,0xc000012000), slices as [3/4]0xc000012000).  `type` is the
 * argument's static type (an interface prints its two words); println's
 * spaces and newline are the caller's. */
void     gml_fmt_runtime_print (const GmlFmtHost *host,
                                GString          *out,
                                GmlType          *type,
                                guint64           addr);

/* The value part of "panic: VALUE" for a panic with interface value
 * (type, addr): error values print Error(), Stringers String(), basic kinds
 * as print does (custom basic types as `main.T(5)`), other types as
 * `(main.T) 0xADDR` / `(*main.T) 0xc000012000` (printanycustomtype and
 * printpanicval in Go 1.19's runtime/error.go).  `is_runtime_error`
 * values ("runtime error: ...") are printed by the runtime itself.
 * Verified against Go 1.19: panic(3.5) is "+3.500000e+000", panic(nil)
 * "nil", strings print raw (newlines included), main.MyStr("x"). */
void     gml_fmt_panic_value   (const GmlFmtHost *host,
                                GString          *out,
                                GmlType          *type,
                                guint64           addr);
/* The same, reporting a panic inside the Error/String method: then it
 * returns FALSE and sets *method_panic (may be NULL for panic(nil); caller
 * frees), and the runtime must die as Go's preprintpanics does with
 * "fatal error: panic while printing panic value: " followed by the
 * string, or "type T" for a non-string panic value. */
gboolean gml_fmt_panic_value_checked (const GmlFmtHost *host,
                                      GString          *out,
                                      GmlType          *type,
                                      guint64           addr,
                                      char            **method_panic);

/* ------------------------------------------------------------------ */
/* Number formatting (Go's strconv), also used by strconv natives.      */

/* strconv.FormatFloat(f, fmt, prec, bitsize): fmt is 'e', 'E', 'f', 'g',
 * 'G', 'b' or 'x'; prec -1 is the shortest representation that round-trips
 * at that bit size. */
void     gml_format_float      (GString          *out,
                                double            f,
                                char              fmt,
                                int               prec,
                                int               bitsize);
/* strconv.FormatInt / FormatUint in base 2..36. */
void     gml_format_int        (GString          *out,
                                gint64            v,
                                int               base);
void     gml_format_uint       (GString          *out,
                                guint64           v,
                                int               base);
/* strconv.Quote / QuoteRune (Go's escaping rules, valid UTF-8 kept). */
void     gml_quote_string      (GString          *out,
                                const char       *s,
                                gsize             len,
                                gboolean          ascii_only);
void     gml_quote_rune        (GString          *out,
                                gint32            r,
                                gboolean          ascii_only);

/* UTF-8 as Go decodes it: invalid bytes give U+FFFD with width 1. */
gint32   gml_utf8_decode       (const guint8     *s,
                                gsize             len,
                                gsize            *width);
/* Appends the UTF-8 encoding of r (invalid runes become U+FFFD). */
void     gml_utf8_append       (GString          *out,
                                gint32            r);

G_END_DECLS
