/* gml-const.h: Go constant values and their arithmetic.
 *
 * Go's untyped constants have arbitrary precision; the subset keeps
 * integers in 128 bits and floats in long double (see GmlConst in
 * gml-types.h).  An integer result that leaves 128 bits sets `overflow`,
 * which the checker reports as Go's "constant overflow".
 *
 * Everything here is pure: values are allocated in the arena passed in and
 * never modified afterwards, so the checker can share them between nodes.
 * Messages follow Go 1.19's types2 wording where these functions produce
 * them; the checker adds the operand descriptions.
 */
#pragma once

#include <glib.h>

#include "gml-ast.h"
#include "gml-types.h"

G_BEGIN_DECLS

GmlConst *gml_const_new_int     (GmlArena *arena, __int128 v);
GmlConst *gml_const_new_float   (GmlArena *arena, long double v);
GmlConst *gml_const_new_bool    (GmlArena *arena, gboolean v);
GmlConst *gml_const_new_string  (GmlArena *arena, const char *data, gsize len);

/* Literals, as the lexer accepted them (raw is the token text).  INT
 * accepts 0x/0o/0b prefixes, legacy octal and '_' separators; FLOAT
 * decimal and hexadecimal mantissas; CHAR and STRING decode Go's escape
 * sequences (raw strings drop carriage returns).  Returns NULL when the
 * literal cannot be decoded (the lexer has already reported why). */
GmlConst *gml_const_from_literal (GmlArena     *arena,
                                  GmlTokenKind  kind,
                                  const char   *raw);

/* The outcome of an operation. */
typedef enum
{
  GML_CONST_OK,
  GML_CONST_DIV_ZERO,    /* "division by zero" */
  GML_CONST_OVERFLOW,    /* the result does not fit 128 bits */
  GML_CONST_BAD_OP,      /* the operator does not apply to these kinds */
} GmlConstStatus;

/* x op y for + - * / % & | ^ &^ && ||.  `integer` selects Go's truncated
 * integer division (both operands are of integer type); otherwise / on
 * integer values divides as floats.  Mixed int/float operands are promoted
 * to float. */
GmlConstStatus gml_const_binary  (GmlArena      *arena,
                                  GmlTokenKind   op,
                                  const GmlConst *x,
                                  const GmlConst *y,
                                  gboolean       integer,
                                  GmlConst     **out);

/* + - ^ ! applied to x.  For ^ on a typed unsigned constant pass its size
 * in bytes as `unsigned_size` (the complement is masked to it), else 0. */
GmlConstStatus gml_const_unary   (GmlArena      *arena,
                                  GmlTokenKind   op,
                                  const GmlConst *x,
                                  guint          unsigned_size,
                                  GmlConst     **out);

/* x << s or x >> s on an integer value (s >= 0). */
GmlConstStatus gml_const_shift   (GmlArena      *arena,
                                  GmlTokenKind   op,
                                  const GmlConst *x,
                                  guint64        s,
                                  GmlConst     **out);

/* x op y for == != < <= > >=; the operands have matching kinds (ints and
 * floats may mix). */
gboolean       gml_const_compare (GmlTokenKind   op,
                                  const GmlConst *x,
                                  const GmlConst *y);

/* Whether x is representable by the basic type t (its underlying type,
 * typed or untyped).  On success *out is x converted to t's
 * representation (floats rounded to float32/float64, integral floats
 * becoming INT for integer types); `out` may be NULL. */
typedef enum
{
  GML_REPR_OK,
  GML_REPR_OVERFLOWS,    /* numeric, out of range: "(overflows)" / "overflows T" */
  GML_REPR_TRUNCATED,    /* a float with a fraction for an integer type: "truncated" */
  GML_REPR_MISMATCH,     /* wrong kind (string for int ...): no reason given */
} GmlRepr;

GmlRepr        gml_const_representable (GmlArena       *arena,
                                        const GmlConst *x,
                                        GmlType        *t,
                                        GmlConst      **out);

/* Convenience accessors. */
gboolean       gml_const_is_integral   (const GmlConst *x);  /* INT, or FLOAT without fraction */
gboolean       gml_const_to_int64      (const GmlConst *x, gint64 *out); /* FALSE when out of range */
gboolean       gml_const_is_zero       (const GmlConst *x);
gboolean       gml_const_is_negative   (const GmlConst *x);
gboolean       gml_const_equal         (const GmlConst *x, const GmlConst *y);

/* As Go's go/constant Value.String() prints it in messages: integers in
 * decimal, floats with %.6g, strings quoted (long ones shortened), bools
 * as true/false. */
char          *gml_const_format        (const GmlConst *x);
/* The decimal digits of a 128-bit integer. */
char          *gml_int128_format       (__int128 v);

G_END_DECLS
