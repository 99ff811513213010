/* gml-ast.h: the syntax tree of a Go source file.
 *
 * The parser builds it; the type checker annotates it in place (types,
 * constant values, resolved objects, selections, call kinds, implicit
 * conversions); escape analysis and the compiler read it.
 *
 * Positions follow Go's cmd/compile/internal/syntax package, because the
 * escape-analysis diagnostics must print the same line:column as the Go
 * compiler:
 *   - binary expressions: the operator;       - unary (&x, -x, <-c): the operator;
 *   - calls and conversions: the '(';         - selectors: the '.';
 *   - index and slice expressions: the '[';   - type assertions: the '.';
 *   - composite literals: the '{' (with or without a type: "T{...}" and
 *     "[]int{...}" are reported at their '{'); &T{...} is a UNARY '&' node,
 *     reported at the '&';
 *   - key:value: the ':';                     - func literals: the 'func';
 *   - func types (FUNC_TYPE, also of literals and declarations): the '('
 *     of the parameters;
 *   - assignments, sends, ++/--: the operator (as the statements below say);
 *   - everything else: its first token.
 * Type-checker messages use the *start* of an expression instead (its
 * leftmost token): gml_node_start_pos().
 */
#pragma once

#include <glib.h>

#include "gml-arena.h"
#include "gml-diag.h"
#include "gml-types.h"

G_BEGIN_DECLS

typedef enum
{
#define X(name, str) GML_TOKEN_##name,
#include "gml-token.def"
#undef X
  GML_N_TOKENS
} GmlTokenKind;

const char *gml_token_string (GmlTokenKind kind);

typedef enum
{
#define X(name, str) GML_NODE_##name,
#include "gml-ast-node.def"
#undef X
  GML_N_NODE_KINDS
} GmlNodeKind;

const char *gml_node_kind_name (GmlNodeKind kind);

typedef struct
{
  GmlNode **items;   /* arena-allocated */
  guint     len;
} GmlNodeList;

/* How an expression can be used, set by the checker (Go's operand modes). */
typedef enum
{
  GML_MODE_INVALID,
  GML_MODE_NOVALUE,     /* call of a function without results */
  GML_MODE_BUILTIN,     /* a builtin function name, not yet called */
  GML_MODE_TYPEXPR,     /* the expression denotes a type */
  GML_MODE_CONSTANT,    /* cval is set */
  GML_MODE_VARIABLE,    /* addressable */
  GML_MODE_MAPINDEX,    /* m[k]: assignable, not addressable, comma-ok */
  GML_MODE_VALUE,
  GML_MODE_COMMAOK,     /* x.(T), <-ch: may be used in v, ok = ... */
} GmlMode;

/* Where escape analysis places the value an allocation site creates. */
typedef enum
{
  GML_ESC_UNSET = 0,    /* not an allocation site, or not analysed */
  GML_ESC_STACK,        /* "does not escape": lives in the frame */
  GML_ESC_HEAP,         /* "escapes to heap" */
} GmlEscape;

/* What a call expression does, set by the checker. */
typedef enum
{
  GML_CALL_UNKNOWN,
  GML_CALL_FUNC,        /* static call of a top-level function (fun resolves to a FUNC object) */
  GML_CALL_METHOD,      /* static method call: fun is a SELECTOR whose sel.obj is the method */
  GML_CALL_IFACE,       /* dynamic call of an interface method */
  GML_CALL_CLOSURE,     /* call of a func value (variable, field, result, literal, method value) */
  GML_CALL_BUILTIN,     /* builtin_id says which */
  GML_CALL_CONVERSION,  /* T(x), including implicit conversions inserted by the checker */
} GmlCallKind;

/* What a selector x.f denotes, set by the checker. */
typedef enum
{
  GML_SEL_UNKNOWN,
  GML_SEL_QUALIFIED,    /* pkg.Name: obj is the package member */
  GML_SEL_FIELD,        /* struct field (maybe promoted, maybe through pointers) */
  GML_SEL_METHOD,       /* method value or method call on a concrete type */
  GML_SEL_IFACE_METHOD, /* method of an interface value */
  GML_SEL_METHOD_EXPR,  /* T.M or (*T).M */
} GmlSelKind;

typedef struct
{
  GmlSelKind  kind;
  GmlObject  *obj;        /* method FUNC or package member; NULL for fields */
  GmlField   *field;      /* GML_SEL_FIELD: the final field */
  guint       field_index;/* GML_SEL_FIELD: its index in its struct */
  GmlIMethod *imethod;    /* GML_SEL_IFACE_METHOD: the interface method */
  guint      *path;       /* embedded field indices walked before the final field/receiver */
  guint       path_len;
  gboolean    indirect;   /* a pointer was dereferenced along the way (incl. x itself) */
  gboolean    addr_recv;  /* pointer-receiver method called on an addressable value: &x implied */
  gboolean    deref_recv; /* value-receiver method called through a pointer: *x implied */
} GmlSelection;

struct _GmlNode
{
  GmlNodeKind kind;
  GmlPos      pos;        /* Go's syntax position, see above */
  GmlPos      end;        /* just past the last token (for UI ranges); may be unset */

  /* Set by the type checker on expressions. */
  GmlType    *type;
  GmlConst   *cval;       /* constant value, or NULL */
  guint8      mode;       /* GmlMode */
  gboolean    implicit;   /* node inserted by the checker (implicit conversion) */

  /* Set by escape analysis on allocation sites (new, &T{}, composite
   * literals of slices/maps, make, func literals, conversions to interface,
   * string concatenation and conversions, append growth): GmlEscape. */
  guint8      esc;

  union
  {
    /* IDENT: a name.  obj: the object it denotes (set by the checker; the
     * declaring occurrence points to the object it declares). */
    struct { const char *name; GmlObject *obj; } ident;

    /* BASIC_LIT: kind is GML_TOKEN_INT/FLOAT/IMAG/CHAR/STRING; raw is the
     * literal as written (arena-owned). */
    struct { GmlTokenKind kind; const char *raw; } lit;

    /* COMPOSITE_LIT: type may be NULL for elided types inside another
     * composite literal; elts are values or KEY_VALUE nodes. */
    struct { GmlNode *type; GmlNodeList elts; GmlPos lbrace, rbrace; } composite;

    /* KEY_VALUE */
    struct { GmlNode *key; GmlNode *value; } kv;

    /* FUNC_LIT: type is a FUNC_TYPE; func is set by the checker. */
    struct { GmlNode *type; GmlNode *body; GmlFunc *func; } func_lit;

    /* PAREN, STAR (deref or pointer type) */
    struct { GmlNode *x; } paren;
    struct { GmlNode *x; } star;

    /* SELECTOR: x.sel; sel is an IDENT (its obj is also sel.obj). */
    struct { GmlNode *x; GmlNode *sel; GmlSelection selection; } selector;

    /* INDEX: x[index] */
    struct { GmlNode *x; GmlNode *index; GmlPos rbrack; } index;

    /* SLICE_EXPR: x[lo:hi] or x[lo:hi:max]; missing parts are NULL */
    struct { GmlNode *x; GmlNode *lo, *hi, *max; gboolean slice3; GmlPos rbrack; } slice;

    /* TYPE_ASSERT: x.(type_) ; type_ == NULL means x.(type) in a type switch */
    struct { GmlNode *x; GmlNode *type; GmlPos lparen, rparen; } assert;

    /* CALL: fun(args...) ; has_dots for f(xs...).
     * Set by the checker: call_kind, builtin (for builtins), and for
     * variadic calls without dots the checker leaves args as written (the
     * compiler packs args[n_params-1 ..] into the slice). */
    struct
    {
      GmlNode     *fun;
      GmlNodeList  args;
      gboolean     has_dots;
      GmlPos       rparen;
      GmlCallKind  call_kind;
      GmlBuiltin   builtin;
      /* Set by escape analysis on an interface call that Go's compiler
       * devirtualizes (the receiver statically holds one concrete type):
       * that type; -m spells the call as a method call on it. */
      GmlType     *devirt;
      /* Set by escape analysis: 1 + N when Go evaluates the callee (or
       * the method receiver) into ".autotmp_N" first, because it
       * contains a call (typecheck's RewriteNonNameCall); 0 otherwise. */
      guint        callee_tmp;
    } call;

    /* UNARY: op x, op one of ADD SUB NOT XOR MUL(never: STAR) AND(&x) ARROW(<-x) */
    struct { GmlTokenKind op; GmlNode *x; } unary;

    /* BINARY: x op y */
    struct { GmlTokenKind op; GmlNode *x, *y; } binary;

    /* ARRAY_TYPE: [len]elem; len NULL = slice; len is an ELLIPSIS node for [...]T */
    struct { GmlNode *len; GmlNode *elem; } array_type;

    /* STRUCT_TYPE: fields are FIELD nodes */
    struct { GmlNodeList fields; } struct_type;

    /* FUNC_TYPE: params and results are FIELD nodes (names may be empty) */
    struct { GmlNodeList params; GmlNodeList results; } func_type;

    /* INTERFACE_TYPE: methods are FIELD nodes: a method has one name and a
     * FUNC_TYPE; an embedded interface has no names and a type name. */
    struct { GmlNodeList methods; } interface_type;

    /* MAP_TYPE */
    struct { GmlNode *key; GmlNode *value; } map_type;

    /* CHAN_TYPE */
    struct { GmlChanDir dir; GmlNode *elem; } chan_type;

    /* ELLIPSIS: ...elem (elem NULL inside [...]T) */
    struct { GmlNode *elem; } ellipsis;

    /* FIELD: names (IDENT nodes; empty for anonymous params / embedded
     * fields), type, optional tag (BASIC_LIT). */
    struct { GmlNodeList names; GmlNode *type; GmlNode *tag; } field;

    /* Statements --------------------------------------------------- */

    /* DECL_STMT: decl is a GEN_DECL */
    struct { GmlNode *decl; } decl_stmt;

    /* LABELED_STMT: label (IDENT) : stmt */
    struct { GmlNode *label; GmlNode *stmt; } labeled;

    /* EXPR_STMT */
    struct { GmlNode *x; } expr_stmt;

    /* SEND_STMT: chan <- value (pos is the arrow) */
    struct { GmlNode *chan; GmlNode *value; } send;

    /* INC_DEC_STMT: x++ / x-- (pos is the operator) */
    struct { GmlNode *x; gboolean inc; } inc_dec;

    /* ASSIGN_STMT: lhs op rhs; op is ASSIGN, DEFINE or an op-assign token.
     * For DEFINE the checker marks which lhs idents are new declarations
     * (their ident.obj->decl == that ident). pos is the operator. */
    struct { GmlNodeList lhs; GmlTokenKind op; GmlNodeList rhs; } assign;

    /* GO_STMT, DEFER_STMT: call is a CALL */
    struct { GmlNode *call; } go_defer;

    /* RETURN_STMT */
    struct { GmlNodeList results; GmlFunc *func; } ret;

    /* BRANCH_STMT: tok is BREAK, CONTINUE, GOTO or FALLTHROUGH; label may be
     * NULL; target is set by the checker (the FOR/RANGE/SWITCH/SELECT stmt). */
    struct { GmlTokenKind tok; GmlNode *label; GmlNode *target; } branch;

    /* BLOCK: { stmts } */
    struct { GmlNodeList stmts; GmlPos rbrace; GmlScope *scope; } block;

    /* IF_STMT: if init; cond { then } else else_ (else_ is IF_STMT or BLOCK) */
    struct { GmlNode *init; GmlNode *cond; GmlNode *then; GmlNode *else_; } if_stmt;

    /* CASE_CLAUSE: case list: body (list empty = default). For type
     * switches with a symbol, obj is the clause's implicit variable. */
    struct { GmlNodeList list; GmlNodeList body; GmlPos colon; GmlObject *obj; gboolean is_default; } case_clause;

    /* SWITCH_STMT: switch init; tag { clauses } (tag may be NULL) */
    struct { GmlNode *init; GmlNode *tag; GmlNodeList clauses; GmlPos rbrace; } switch_stmt;

    /* TYPE_SWITCH: switch init; [name :=] x.(type) { clauses }
     * name is an IDENT or NULL; x is the operand (the TYPE_ASSERT's x). */
    struct { GmlNode *init; GmlNode *name; GmlNode *x; GmlNodeList clauses; GmlPos rbrace; } type_switch;

    /* COMM_CLAUSE: comm is a SEND_STMT, an EXPR_STMT (<-c), an ASSIGN_STMT
     * (v[, ok] = / := <-c) or NULL for default. */
    struct { GmlNode *comm; GmlNodeList body; GmlPos colon; } comm_clause;

    /* SELECT_STMT */
    struct { GmlNodeList clauses; GmlPos rbrace; } select_stmt;

    /* FOR_STMT: for init; cond; post { body } (each may be NULL) */
    struct { GmlNode *init; GmlNode *cond; GmlNode *post; GmlNode *body; } for_stmt;

    /* RANGE_STMT: for key, value := range x { body }; key/value may be NULL;
     * define says := (else =). */
    struct { GmlNode *key; GmlNode *value; gboolean define; GmlNode *x; GmlNode *body; } range;

    /* Declarations ------------------------------------------------- */

    /* IMPORT_SPEC: name (IDENT or NULL), path (BASIC_LIT string) */
    struct { GmlNode *name; GmlNode *path; GmlObject *obj; } import_spec;

    /* VALUE_SPEC: names [type] [= values]; iota is the spec's index in its
     * const group.  For const specs without values the parser leaves
     * values empty; the checker repeats the previous spec's expressions. */
    struct { GmlNodeList names; GmlNode *type; GmlNodeList values; gint64 iota; } value_spec;

    /* TYPE_SPEC: type name [=] type */
    struct { GmlNode *name; gboolean alias; GmlNode *type; } type_spec;

    /* GEN_DECL: tok is IMPORT, CONST, TYPE or VAR; specs; lparen valid
     * for grouped declarations. */
    struct { GmlTokenKind tok; GmlNodeList specs; GmlPos lparen, rparen; } gen_decl;

    /* FUNC_DECL: func (recv) name type body; recv is a FIELD or NULL; body
     * NULL for bodyless (native) declarations. */
    struct
    {
      GmlNode    *recv;
      GmlNode    *name;
      GmlNode    *type;
      GmlNode    *body;
      GmlFunc    *func;
      const char *directives; /* "//go:..." and "//gml:..." comment lines directly
                                 above the declaration, '\n'-separated, or NULL */
    } func_decl;

    /* FILE: package name; decls (GEN_DECL / FUNC_DECL) */
    struct { GmlNode *package_name; GmlNodeList decls; GmlPackage *pkg; } file;
  } u;
};

/* Allocation helpers for the parser (and the checker's implicit nodes). */
GmlNode    *gml_node_new        (GmlArena *arena, GmlNodeKind kind, GmlPos pos);
GmlNodeList gml_node_list_from_array (GmlArena *arena, GPtrArray *nodes);

/* Leftmost position of an expression or statement (what type errors use). */
GmlPos      gml_node_start_pos  (const GmlNode *node);

/* Strip parentheses. */
GmlNode    *gml_node_unparen    (GmlNode *node);

/* Go's compiler spelling of an expression, as -m diagnostics print it:
 * "p.Name", "&User{...}", "make([]byte, limit + 1)", "new(int)",
 * "func literal", "[]string{...}", "\"literal\"", "len(slowJoin(50))". */
char       *gml_node_expr_string (const GmlNode *node);

/* An indented tree dump for golden tests and debugging. */
char       *gml_node_dump       (const GmlNode *node);

G_END_DECLS
