/* gml-check.h: the type checker's internals, shared by gml-check*.c.
 *
 * The checker follows Go 1.19's types2 (cmd/compile/internal/types2):
 * the same rules, the same messages, errors at the start of the offending
 * expression.  It annotates the AST in place (see gml-ast.h for the
 * contract): types, modes, constant values, objects, selections, call
 * kinds, GmlFuncs, and explicit CALL nodes for implicit conversions to
 * interfaces.
 *
 * Checking a package happens in three phases, as in types2:
 *   1. collect: every package-level name becomes an object in the package
 *      scope, with a DeclInfo saying where it was declared;
 *   2. resolve: objects are type-checked lazily, on first use or in
 *      source order, so declaration order does not matter (a DeclInfo's
 *      colour detects cycles); then function bodies are checked;
 *   3. finish: invalid recursive types, the initialization order of
 *      globals, unused imports.
 *
 * Details of the annotations that gml-ast.h leaves open:
 *   - an elided &T in a literal of *T elements ([]*T{{...}}) is a
 *     COMPOSITE_LIT whose type is *T;
 *   - nil takes the type its context gives it (it is never wrapped in an
 *     implicit conversion); calls without results have mode NOVALUE and
 *     an empty TUPLE type;
 *   - implicit conversions of a name are positioned where Go's compiler
 *     reports them: a call argument at the '(' or at the previous argument
 *     that is not a name; an assignment at the start of its last
 *     left-hand side; a multi-value return at its last result that is
 *     not a name; a keyed literal element at its ':';
 *   - the TYPE_SWITCH symbol's ident.obj is the first clause's variable;
 *   - unnamed parameters are named "~p0"..., unnamed results "~r0"...,
 *     an unnamed receiver "_" (GML_VAR_BLANK);
 *   - GmlPackage.init_order holds the VALUE_SPEC of single-name and
 *     tuple (var a, b = f()) specs, and an implicit ASSIGN_STMT per
 *     variable of a multi-name spec with one value each;
 *   - untyped constants used as operands of typed expressions, indices,
 *     lengths, shift counts and arguments carry the final type and value.
 */
#pragma once

#include "gml-ast.h"
#include "gml-const.h"
#include "gml-program.h"

G_BEGIN_DECLS

typedef struct _GmlChecker GmlChecker;
typedef struct _DeclInfo   DeclInfo;
typedef struct _FuncCtx    FuncCtx;

typedef enum
{
  DECL_WHITE,   /* not yet checked */
  DECL_GREY,    /* being checked: meeting it again is a cycle */
  DECL_BLACK,   /* done */
} DeclColor;

/* Where a package-level object was declared, and what it depends on. */
struct _DeclInfo
{
  GmlObject  *obj;
  GmlNode    *spec;       /* VALUE_SPEC, TYPE_SPEC or FUNC_DECL */
  GmlNode    *type_expr;  /* declared type, or NULL */
  GmlNode   **init;       /* slot of the initializer (const, var), or NULL */
  GmlNode    *inherited;  /* const: the spec whose values are repeated, or NULL */
  gint64      iota;
  guint       index;      /* name index in the spec */
  GPtrArray  *lhs;        /* var a, b = f(): every object the one value initializes */
  GPtrArray  *deps;       /* package-level VAR and FUNC objects referenced, unique */
  GPtrArray  *methods;    /* TYPE: method objects declared on it */
  DeclColor   color;
};

/* The function whose body is being checked. */
struct _FuncCtx
{
  GmlFunc    *func;
  FuncCtx    *outer;
  GmlType    *sig;
  GHashTable *labels;     /* name -> LABEL object */
  GPtrArray  *vars;       /* every local VAR of this function and its literals, for "declared but not used" */
  guint       n_closures; /* func literals numbered so far (func1, func2 ...) */
  DeclInfo   *decl;       /* package-level declaration whose dependencies we collect */
  gboolean    has_goto;   /* labels may be goto targets: do not report them unused */
};

/* A statement context for break/continue/fallthrough. */
typedef struct _StmtCtx StmtCtx;
struct _StmtCtx
{
  StmtCtx   *outer;
  GmlNode   *stmt;        /* FOR/RANGE/SWITCH/TYPE_SWITCH/SELECT */
  GmlObject *label;       /* the label of stmt, or NULL */
};

struct _GmlChecker
{
  GmlProgram   *prog;
  GmlArena     *arena;
  GmlTypeTable *tt;
  GmlDiagList  *diags;
  GmlPackage   *pkg;
  GmlNode      *file;
  const char   *filename;

  GmlScope     *scope;       /* innermost scope */
  FuncCtx      *fn;          /* function being checked, or NULL */
  DeclInfo     *decl;        /* package-level declaration being checked, or NULL */
  StmtCtx      *stmt;        /* enclosing breakable statements */
  GHashTable   *decls;       /* GmlObject* -> DeclInfo* (package level) */
  GPtrArray    *decl_order;  /* DeclInfo*, in source order */
  GPtrArray    *func_decls;  /* FUNC_DECL nodes whose bodies remain to check */
  GPtrArray    *imports;     /* PKG objects of the file */
  GPtrArray    *obj_path;    /* objects being resolved, outermost first (cycle messages) */
  gint64        iota;        /* value of iota, or -1 outside constant declarations */
  GmlPos        errpos;      /* when valid, errors are reported here (inherited constants) */
  guint         n_glob_closures;
  guint         n_inits;     /* init functions declared so far */
  GPtrArray    *glob_closures; /* GmlFunc of func literals outside functions */
  guint         errors_before; /* errors in diags when this package's check began */
  guint32       last_error_line; /* the previous error, to drop repetitions */
  char         *last_error;
  GPtrArray    *later_keys;  /* pairs: map key type expression, its incomplete type */
  GPtrArray    *pending;     /* pairs: a named type, the named type whose underlying it awaits */

  /* Interned names compared by pointer. */
  const char   *s_blank;
  const char   *s_init;
  const char   *s_main;
  const char   *s_error;
  const char   *s_iota;
};

/* gml-check.c: driver, errors, universe, objects, scopes */
void        gml_check_package   (GmlProgram  *prog,
                                 GmlPackage  *pkg,
                                 GmlNode     *file,
                                 GmlDiagList *diags);
void        gml_check_universe  (GmlProgram  *prog);
void        check_error         (GmlChecker *c, GmlPos pos, const char *format, ...) G_GNUC_PRINTF (3, 4);
void        check_error_at      (GmlChecker *c, const GmlNode *node, const char *format, ...) G_GNUC_PRINTF (3, 4);
GmlPos      check_start_pos     (const GmlNode *node);
void        check_soft_error    (GmlChecker *c, GmlPos pos, const char *format, ...) G_GNUC_PRINTF (3, 4);
GmlObject  *check_object_new    (GmlChecker *c, GmlObjectKind kind, const char *name, GmlType *type, GmlNode *decl);
GmlScope   *check_scope_open    (GmlChecker *c, GmlPos start);
void        check_scope_close   (GmlChecker *c);
gboolean    check_declare       (GmlChecker *c, GmlScope *scope, GmlObject *obj);
GmlObject  *check_lookup        (GmlChecker *c, const char *name);
gboolean    check_is_exported   (const char *name);
char       *check_type_string   (GmlType *t);
char       *check_operand_string(GmlChecker *c, const GmlNode *x);
char       *check_expr_string   (const GmlNode *x);
void        check_use_object    (GmlChecker *c, GmlObject *obj, GmlNode *ident);
GmlFunc    *check_func_new      (GmlChecker *c, GmlNode *decl, GmlObject *obj, const char *name, const char *short_name);
void        check_func_add_local(GmlChecker *c, GmlObject *var);

/* gml-check-decl.c: package level */
void        check_collect       (GmlChecker *c);
void        check_resolve_object(GmlChecker *c, GmlObject *obj);
void        check_package_decls (GmlChecker *c);
void        check_local_decl    (GmlChecker *c, GmlNode *gen_decl);
void        check_arity         (GmlChecker *c, GmlNode *spec, GmlNode *inherited, gboolean const_decl);
void        check_func_body     (GmlChecker *c, GmlFunc *func, GmlNode *ftype, GmlNode *recv, GmlNode *body);
void        check_finish        (GmlChecker *c);
GmlType    *check_signature     (GmlChecker *c, GmlNode *ftype, GmlNode *recv, GmlFunc *func);

/* gml-check-type.c: type expressions */
GmlType    *check_typexpr       (GmlChecker *c, GmlNode *e);
void        check_valid_types   (GmlChecker *c);
void        check_later_map_keys (GmlChecker *c);

/* gml-check-expr.c: expressions */
void        check_expr          (GmlChecker *c, GmlNode **slot);
void        check_expr_or_type  (GmlChecker *c, GmlNode **slot);
void        check_expr_hint     (GmlChecker *c, GmlNode **slot, GmlType *hint);
void        check_multi_expr    (GmlChecker *c, GmlNode **slot);
gboolean    check_single_value  (GmlChecker *c, GmlNode *x);
void        check_default       (GmlChecker *c, GmlNode *x);
void        check_convert_untyped (GmlChecker *c, GmlNode *x, GmlType *target);
void        check_update_untyped  (GmlChecker *c, GmlNode *x, GmlType *t);
gboolean    check_assign_to     (GmlChecker *c, GmlNode **slot, GmlType *t, const char *context, GmlPos name_pos);
gboolean    check_assignable    (GmlChecker *c, GmlNode *x, GmlType *t, char **reason);
void        check_make_implicit (GmlChecker *c, GmlNode **slot, GmlType *t, GmlPos name_pos);
gboolean    check_identical_ignore_tags (GmlType *a, GmlType *b);
void        check_mark_addr_taken (GmlChecker *c, GmlNode *x);
GmlNode    *check_func_lit      (GmlChecker *c, GmlNode *lit);
gboolean    check_is_blank_ident(GmlChecker *c, GmlNode *x);
gboolean    check_index_value   (GmlChecker *c, GmlNode **slot, gint64 max, gint64 *value);
void        check_comparison    (GmlChecker *c, GmlNode *e, GmlNode **xs, GmlNode **ys, gboolean switch_case, GmlNode *tag_expr);
char       *check_missing_method_cause (GmlChecker *c, GmlType *t, GmlType *iface);
char       *check_missing_method_reason (GmlChecker *c, GmlType *t, GmlType *iface);

/* gml-check-access.c: selectors, index and slice expressions, type
 * assertions, composite literals */
void        check_selector      (GmlChecker *c, GmlNode *e);
void        check_index         (GmlChecker *c, GmlNode *e);
void        check_slice         (GmlChecker *c, GmlNode *e);
void        check_type_assert   (GmlChecker *c, GmlNode *e);
void        check_composite     (GmlChecker *c, GmlNode *e, GmlType *hint);

/* gml-check-call.c: calls, conversions and builtins */
void        check_call          (GmlChecker *c, GmlNode *call);
void        check_conversion    (GmlChecker *c, GmlNode *call, GmlType *t);

/* gml-check-stmt.c: statements */
void        check_stmt_list     (GmlChecker *c, GmlNodeList *list);
gboolean    check_is_terminating(GmlChecker *c, GmlNode *s, const char *label);
void        check_report_unused (GmlChecker *c, FuncCtx *fn);
gboolean    check_is_multi_value(GmlChecker *c, GmlNode **slot);

/* Helpers for modes. */
static inline gboolean
mode_is_value (guint8 mode)
{
  return mode == GML_MODE_CONSTANT || mode == GML_MODE_VARIABLE
         || mode == GML_MODE_MAPINDEX || mode == GML_MODE_VALUE
         || mode == GML_MODE_COMMAOK;
}

static inline void
set_invalid (GmlNode *x)
{
  x->mode = GML_MODE_INVALID;
}

G_END_DECLS
