/* gml-escape-private.h: the escape analysis' internal vocabulary, shared
 * by its files (gml-escape.c: graph, solver, tags, results;
 * gml-escape-walk.c: statements and expressions; gml-escape-explain.c:
 * plain-English explanations) and by the tests.
 *
 * The model is cmd/compile/internal/escape from Go 1.19; names follow it
 * (location, hole, edge, leaks, batch) so the two can be read side by
 * side.
 */
#pragma once

#include "gml-escape.h"
#include "gml-ast-private.h"

G_BEGIN_DECLS

/* Go's numEscResults: leak tags track flows to the first 7 results. */
#define ESC_N_RESULTS 7

/* Go 1.19's limits (cmd/compile/internal/ir/cfg.go). */
#define ESC_MAX_STACK_VAR      (G_GINT64_CONSTANT (10) * 1024 * 1024)
#define ESC_MAX_IMPLICIT_STACK (G_GINT64_CONSTANT (64) * 1024)
/* Closures capture variables up to this size by value. */
#define ESC_MAX_BYVAL_CAPTURE  128

/* A leak set (Go's `leaks`): element 0 is the heap, 1 + i result i; each
 * holds 1 + the smallest dereference count of a flow there, 0 for none. */
typedef struct
{
  guint8 v[1 + ESC_N_RESULTS];
} EscLeaks;

int      esc_leaks_heap       (const EscLeaks *l);
int      esc_leaks_result     (const EscLeaks *l, guint i);
void     esc_leaks_add_heap   (EscLeaks *l, int derefs);
void     esc_leaks_add_result (EscLeaks *l, guint i, int derefs);
void     esc_leaks_optimize   (EscLeaks *l);
gboolean esc_leaks_empty      (const EscLeaks *l);

typedef struct _EscLoc   EscLoc;
typedef struct _EscNote  EscNote;
typedef struct _EscFn    EscFn;
typedef struct _EscBatch EscBatch;
typedef struct _EscCtx   EscCtx;
typedef struct _EscFlow  EscFlow;

/* Why a value moved along an edge: the -m=2 "from ... (why)" notes. */
struct _EscNote
{
  EscNote    *next;
  GmlNode    *where;   /* may be NULL for synthesized steps */
  GmlPos      pos;
  const char *why;     /* Go's reason text: "address-of", "call parameter"... */
  GmlObject  *param;   /* "call parameter" of a static call: the callee's parameter */
};

typedef struct
{
  EscLoc  *src;
  int      derefs;
  EscNote *notes;
} EscEdge;

/* What a location stands for, for messages and results. */
typedef enum
{
  ESC_LOC_TEMP,       /* no node: tee, later, range temporaries */
  ESC_LOC_VAR,        /* a variable (GmlObject) */
  ESC_LOC_SITE,       /* an allocation site (GmlNode) */
  ESC_LOC_DOTS,       /* the implicit slice of a variadic call (the CALL node) */
  ESC_LOC_TMPVAR,     /* a compiler temporary variable (".autotmp_N") */
  ESC_LOC_TMPCONV,    /* an interface conversion of such a temporary */
  ESC_LOC_WRAPPER,    /* the closure Go builds for go/defer with arguments */
} EscLocKind;

/* One step of a recorded flow path, for explanations (Go's explainFlow). */
struct _EscFlow
{
  EscLoc  *dst;
  EscLoc  *src;
  int      derefs;
  EscNote *notes;
};

/* Go's location. */
struct _EscLoc
{
  EscLocKind  kind;
  GmlObject  *var;
  GmlNode    *node;
  const char *label;     /* TMPVAR / TMPCONV: the temporary's name */
  GmlPos      pos;
  GmlType    *tmp_type;  /* TMPVAR: the temporary's type */
  EscFn      *fn;        /* the function whose frame would hold it */
  GArray     *edges;     /* EscEdge: incoming */
  int         loop_depth;
  int         result_index; /* 1 + i for result i, else 0 */

  int         derefs;    /* walkOne's state */
  guint       walkgen;
  EscLoc     *dst;
  guint       dst_edge;

  guint       queued : 1;
  guint       escapes : 1;
  guint       transient : 1;
  guint       captured : 1;
  guint       reassigned : 1;
  guint       addrtaken : 1;
  guint       is_param : 1;
  guint       is_result : 1;

  EscLeaks    param_esc;

  /* Explanations: the path that made it escape, or (parameters) the
   * first path to the heap and to each result. */
  const char *reason;    /* HeapAllocReason, when that was the cause */
  GPtrArray  *why;       /* EscFlow*, dst-ward from this location */
  EscLoc     *why_root;
  GPtrArray  *leak_why[1 + ESC_N_RESULTS];
};

/* Go's hole: where an expression's value goes. */
typedef struct
{
  EscLoc  *dst;
  int      derefs;
  EscNote *notes;
  gboolean addrtaken;
} EscHole;

/* Per-function state that lives as long as the program (GmlFunc.escape). */
typedef enum
{
  ESC_FN_UNKNOWN,
  ESC_FN_PLANNED,
  ESC_FN_STARTED,
  ESC_FN_TAGGED,
} EscFnState;

typedef struct
{
  EscFnState          state;
  guint               n_tags;     /* receiver (if any), then parameters */
  EscLeaks           *tags;
  gboolean           *tag_set;    /* directive tags, per parameter */
  GmlEscapeDecision  *decisions;  /* main package only */
  guint               n_decisions;
} EscFuncData;

/* Per-variable data (GmlObject.u.var.escape). */
typedef struct
{
  const char        *explanation;  /* plain English, main package only */
  const char        *leak;         /* parameters: where they leak ("stored in ...") */
  GmlEscapeDecision *decisions;    /* globals: their initializer's */
  guint              n_decisions;
} EscVarData;

/* A closure recorded during the walk, flowed once every body is seen. */
typedef struct
{
  EscHole    k;
  GmlFunc   *func;        /* a func literal, or NULL for a go/defer wrapper */
  GPtrArray *captures;    /* EscLoc* captured (wrappers) */
} EscClosure;

/* What Go knows about a function before escape analysis: the order of
 * its declarations (fn.Dcl, which numbers ".autotmp_N"), which variables
 * ir.reassigned() would report and their single definitions (for
 * ir.StaticValue), and devirtualization messages. */
typedef struct
{
  GmlFunc    *func;
  guint       n_dcl_total; /* len(fn.Dcl) once the body is noded */
  GHashTable *tmp_numbers; /* CALL / RETURN node -> first .autotmp number */
  GHashTable *reassigned;  /* GmlObject set */
  GHashTable *defs;        /* GmlObject -> defining expression */
  GPtrArray  *msgs;        /* GmlEscapeDecision*: devirtualizations */
} EscPrep;

/* Analysis-time state of a function in the current batch. */
struct _EscFn
{
  GmlFunc    *func;       /* NULL for a package's init pseudo-function */
  EscFn      *outer;      /* enclosing function of a func literal */
  EscPrep    *prep;
  gboolean    closure_called;
  guint       n_wrap_tmps; /* temporaries made for go/defer wrappers so far */
  int         wrapper;    /* index in the batch's closures of the go/defer
                             wrapper being built, or -1 */
  GPtrArray  *msgs;       /* GmlEscapeDecision* collected for this function */
  GmlPackage *pkg;
};

struct _EscBatch
{
  EscCtx     *ctx;
  GPtrArray  *locs;       /* EscLoc*, owned */
  EscLoc      heap_loc;
  EscLoc      blank_loc;
  GArray     *closures;   /* EscClosure */
  GPtrArray  *fns;        /* EscFn*, owned */
};

struct _EscCtx
{
  GmlProgram *prog;
  GmlArena   *arena;
  GHashTable *var_locs;   /* GmlObject -> EscLoc (current batch) */
  GHashTable *fn_states;  /* GmlFunc -> EscFn (current batch) */
  GHashTable *preps;      /* GmlFunc -> EscPrep (current package) */
  GHashTable *devirt;     /* CALL node -> GmlType (concrete receiver) */
  GHashTable *conv_pos;   /* implicit conversion CALL -> GmlPos* Go reports it at */
  EscPrep    *empty_prep; /* for the package initializer */
  gboolean    diagnose;   /* the package being analysed is main */
};

/* Per-walk state (Go's escape). */
typedef struct
{
  EscBatch  *b;
  EscFn     *fn;
  int        loop_depth;
  GmlObject *param;     /* the parameter the argument being walked goes to */
} Esc;

/* gml-escape.c */
EscLoc     *esc_new_loc       (Esc *e, EscLocKind kind, gboolean transient);
EscLoc     *esc_var_loc       (Esc *e, GmlObject *var);
EscHole     esc_hole          (EscLoc *loc);
EscHole     esc_heap_hole     (Esc *e);
EscHole     esc_discard_hole  (Esc *e);
EscHole     esc_note          (Esc *e, EscHole k, GmlNode *where, const char *why);
EscHole     esc_shift         (EscHole k, int delta);
EscHole     esc_deref         (Esc *e, EscHole k, GmlNode *where, const char *why);
EscHole     esc_addr          (Esc *e, EscHole k, GmlNode *where, const char *why);
EscHole     esc_dot_type      (Esc *e, EscHole k, GmlType *t, GmlNode *where, const char *why);
void        esc_flow          (EscBatch *b, EscHole k, EscLoc *src);
EscHole     esc_tee           (Esc *e, EscHole *ks, guint n);
EscHole     esc_later         (Esc *e, EscHole k);
EscHole     esc_spill         (Esc *e, EscHole k, GmlNode *n, EscLocKind kind);
EscFuncData *esc_func_data    (EscCtx *ctx, GmlFunc *f);
gboolean    esc_in_mutual_batch (Esc *e, GmlFunc *f);
EscFn      *esc_fn_of         (Esc *e, GmlFunc *f);
gboolean    esc_type_has_pointers (GmlType *t);
gboolean    esc_type_is_direct_iface (GmlType *t);
gboolean    esc_contains_closure (EscFn *f, EscFn *c);
GmlEscapeDecision *esc_add_message (Esc *e, GmlEscapeDecisionKind kind, GmlPos pos, gboolean heap,
                               GmlObject *var, GmlNode *node, char *message);
char       *esc_func_tags_string (GmlFunc *f);
GmlEscapeDecision *esc_decision_new (EscCtx *ctx, GmlEscapeDecisionKind kind, GmlPos pos,
                                     gboolean heap, GmlObject *var, GmlNode *node, char *message);

/* Small type and tree helpers of the walk. */
static inline GmlType *
esc_under (GmlType *t)
{
  return t != NULL ? gml_type_underlying (t) : NULL;
}

static inline gboolean
esc_is_kind (GmlType      *t,
             GmlTypeKind   kind)
{
  return t != NULL && esc_under (t)->kind == kind;
}

static inline GmlType *
esc_pointer_elem (GmlType *t)
{
  return esc_is_kind (t, GML_TYPE_POINTER) ? esc_under (t)->u.pointer.elem : NULL;
}

static inline GmlObject *
esc_ident_var (GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || n->kind != GML_NODE_IDENT || n->u.ident.obj == NULL
      || n->u.ident.obj->kind != GML_OBJ_VAR)
    return NULL;
  return n->u.ident.obj;
}

static inline gboolean
esc_is_global (GmlObject *v)
{
  return v != NULL && (v->flags & GML_VAR_GLOBAL) != 0;
}

static inline gboolean
esc_is_blank_expr (GmlNode *n)
{
  n = gml_node_unparen (n);
  return n != NULL && n->kind == GML_NODE_IDENT && strcmp (n->u.ident.name, "_") == 0;
}

static inline gboolean
esc_declares (GmlNode *n)
{
  n = gml_node_unparen (n);
  return n != NULL && n->kind == GML_NODE_IDENT && n->u.ident.obj != NULL
         && n->u.ident.obj->kind == GML_OBJ_VAR && n->u.ident.obj->decl == n;
}

static inline gboolean
esc_is_constant (GmlNode *n)
{
  return n != NULL && n->cval != NULL;
}

/* The type of an assignment target (declared names carry it on their
 * object). */
static inline GmlType *
esc_dst_type (GmlNode *x)
{
  x = gml_node_unparen (x);
  if (x->kind == GML_NODE_IDENT && x->u.ident.obj != NULL && x->u.ident.obj->kind == GML_OBJ_VAR)
    return x->u.ident.obj->type;
  return x->type;
}

/* gml-escape-expr.c */
void        esc_expr          (Esc *e, EscHole k, GmlNode *n);
void        esc_discard       (Esc *e, GmlNode *n);
void        esc_call          (Esc *e, EscHole *ks, guint nks, GmlNode *n);
EscHole     esc_dcl           (Esc *e, GmlObject *v);
GmlType    *esc_call_sig      (GmlNode *n);
GmlType    *esc_path_steps    (GmlType *t, const GmlSelection *sel, gboolean *steps);
gboolean    esc_is_string_conversion (GmlType *to, GmlType *from);
void        esc_compare_operand (Esc *e, GmlNode *x);
void        esc_tmp_value     (Esc *e, EscHole k, GmlNode *where, GmlPos pos, EscLoc *tmp, GmlType *to);
EscLoc    **esc_call_into_tmps (Esc *e, GmlNode *call, guint first);

/* gml-escape-graph.c */
void        esc_loc_free      (EscLoc *loc);
void        esc_walk_all      (EscBatch *b);

/* gml-escape-tags.c */
GmlObject  *esc_tag_param     (GmlFunc *f, guint i);
gboolean    esc_read_directives (GmlFunc *f, EscFuncData *d);
void        esc_tag_native    (EscCtx *ctx, GmlFunc *f);

/* gml-escape-walk.c */
gboolean    esc_recv_implicit_addr (GmlNode *sel);
void        esc_walk_body     (Esc *e, GmlFunc *f);
void        esc_walk_func     (EscBatch *b, EscFn *fn);
void        esc_walk_init     (Esc *e, GmlNode *n);

/* gml-escape-pos.c */
void        esc_conv_positions_call   (EscCtx *ctx, GmlNode *call);
void        esc_conv_positions_return (EscCtx *ctx, GmlNode *ret);
void        esc_conv_positions_assign (EscCtx *ctx, GmlNodeList *lhs, GmlNodeList *rhs, gboolean define);
void        esc_conv_positions_decl   (EscCtx *ctx, GmlNodeList *names, GmlNodeList *values);
void        esc_conv_positions_send   (EscCtx *ctx, GmlNode *send);
void        esc_conv_positions_builtin (EscCtx *ctx, GmlNode *call);
void        esc_conv_positions_lit    (EscCtx *ctx, GmlNode *lit);
void        esc_conv_positions_index  (EscCtx *ctx, GmlNode *index);
GmlPos      esc_site_pos              (EscCtx *ctx, GmlNode *n);
GmlPos      esc_assign_conv_pos       (GmlNodeList *lhs, GmlNodeList *rhs, gboolean define);
GmlPos      esc_decl_conv_pos         (GmlNodeList *names, GmlNodeList *values);

/* gml-escape-prep.c */
EscPrep    *esc_prep_new      (EscCtx *ctx, GmlFunc *f);
void        esc_prep_free     (EscPrep *prep);
void        esc_devirtualize  (EscCtx *ctx, GmlPackage *pkg);
GmlNode    *esc_static_value  (EscPrep *prep, GmlNode *n);

/* gml-escape-explain.c */
void        esc_record_escape (EscBatch *b, EscLoc *root, EscLoc *l);
void        esc_record_leak   (EscBatch *b, EscLoc *root, EscLoc *l, guint slot);
char       *esc_explain_loc   (EscBatch *b, EscLoc *loc);
char       *esc_explain_param (EscBatch *b, EscLoc *loc);
char       *esc_explain_stack (EscBatch *b, EscLoc *loc);

G_END_DECLS
