/* gml-compile-private.h: the compiler's shared state.
 *
 * The compiler walks the checked AST of every function and emits bytecode
 * for a register machine whose registers are frame slots.  A function's
 * frame (below FP) has three regions:
 *
 *     FP - 8                    saved FP (pushed by CALL)
 *     vars                      every named local (GmlFunc.locals), and
 *                               storage for stack-allocated objects (new,
 *                               &T{}, make, closures, interface boxes,
 *                               string buffers) found by a pre-pass
 *     temps                     expression temporaries, reused per statement,
 *                               plus loop state that lives as long as its loop
 *     outgoing area (= SP)      arguments and results of calls made
 *
 * Outgoing-area offsets are only known once the temps' depth is known, so
 * they are emitted as OUT_BASE + offset and fixed up at the end.
 */
#pragma once

#include "gml-image.h"
#include "gml-interp.h"

G_BEGIN_DECLS

#define OUT_BASE   0x40000000
#define OUT(off)   ((gint32) (OUT_BASE + (off)))
#define IS_OUT(v)  ((v) >= OUT_BASE - 0x1000000)

typedef struct _Compiler Compiler;
typedef struct _Fn       Fn;

/* Where a value lives. */
typedef enum
{
  LOC_SLOT,   /* in the frame at `slot` */
  LOC_MEM,    /* in memory at *(slot) + off */
} LocKind;

typedef struct
{
  LocKind  kind;
  gint32   slot;
  gint32   off;
  GmlType *type;
} Loc;

/* How a variable is stored in the function being compiled. */
typedef enum
{
  VS_SLOT,        /* value in a frame slot */
  VS_HEAP,        /* moved to heap: the frame slot holds its address */
  VS_CAPT_VAL,    /* captured by value: in the closure object */
  VS_CAPT_REF,    /* captured by reference: the closure holds its address */
  VS_GLOBAL,      /* package variable at data_base + offset */
} VarStoreKind;

typedef struct
{
  VarStoreKind kind;
  gint32       slot;     /* SLOT/HEAP: frame offset; CAPT_*: offset in the closure */
  guint64      addr;     /* GLOBAL */
  gint         slot_index; /* SLOT/HEAP: index in the function's slot table, -1 else */
} VarStore;

/* A use or a definition of a variable's slot, for the liveness analysis. */
typedef struct
{
  guint32 pc;
  guint32 slot_index;
  guint32 is_def;
} VarRef;

typedef struct
{
  GmlNode *target;       /* FOR/RANGE/SWITCH/SELECT/TYPE_SWITCH statement */
  GmlNode *label;        /* LABELED_STMT wrapping it, or NULL */
  GArray  *breaks;       /* guint: jump insns to patch to the end */
  GArray  *continues;    /* guint: jump insns to patch to the continue point */
} Loop;

struct _Fn
{
  Compiler    *c;
  GmlCode     *code;
  GmlFunc     *func;          /* NULL for synthetic functions */
  GArray      *insns;         /* GmlInsn */
  GArray      *pool;          /* guint64 */
  GArray      *slots;         /* GmlSlot */
  GArray      *stmt_of_pc;    /* guint32 per insn */
  GHashTable  *vars;          /* GmlObject* -> VarStore* */
  GHashTable  *sites;         /* GmlNode* -> slot of its stack storage (+1) */
  gint32       vars_bottom;   /* lowest offset of the vars region */
  gint32       temp_top;      /* next temp offset (grows down) */
  gint32       temp_min;      /* deepest temp offset reached */
  gint32       out_max;       /* bytes of the outgoing area */
  gint32       ctx_slot;
  gint32       pin;           /* lowest offset of pinned stack-object storage */
  guint32      cur_stmt;
  GPtrArray   *loops;         /* Loop* */
  GArray      *returns;       /* guint: jumps to the exit path */
  GmlAbi       abi;           /* this function's own parameters */
  GmlNode     *pending_label;   /* LABELED_STMT of the statement being compiled */
  GArray      *refs;          /* VarRef */
  /* A new scanned temporary's zeroing, held back by one instruction: if
   * that one only writes the whole temporary, it is not needed. */
  gboolean     zero_pending;
  gint32       zero_offset;
  gint32       zero_size;
  guint        zero_slot;
  guint32      zero_stmt;
};

struct _Compiler
{
  GmlProgram   *program;
  GmlImage     *image;
  GmlTypeTable *types;
  GmlDiagList  *diags;
  GHashTable   *func_code;    /* GmlFunc* -> code index + 1 */
  GHashTable   *strings;      /* string literal -> rodata address */
  GHashTable   *wrappers;     /* "kind:name" -> code index + 1 */
  GHashTable   *global_addr;  /* GmlObject* -> address */
  GPtrArray    *pending;      /* Fn* of synthetic functions to finish */
  gboolean      escape_ran;   /* escape analysis annotated the program */
  GmlType      *t_int, *t_bool, *t_uintptr, *t_string, *t_uint8, *t_any, *t_uint64;
  gboolean      failed;
};

/* gml-compile.c */
Fn         *fn_new           (Compiler *c, const char *name, const char *short_name, GmlFunc *func);
void        fn_finish        (Fn *fn);
guint       emit             (Fn *fn, GmlOp op, guint8 k, gint32 a, gint32 b, gint32 c, gint32 d, gint32 e);
guint       fn_pc            (Fn *fn);
void        patch_jump       (Fn *fn, guint insn, guint target);
guint       fn_const         (Fn *fn, guint64 v);
gint32      fn_temp          (Fn *fn, GmlType *type);
gint32      fn_temp_bytes    (Fn *fn, gint32 size, gint32 align);
gint32      fn_mark          (Fn *fn);
void        fn_release       (Fn *fn, gint32 mark);
void        fn_note_out      (Fn *fn, gint32 size);
gint32      fn_add_slot      (Fn *fn, gint32 offset, GmlType *type, GmlObject *var, gboolean heap_ptr);
void        fn_add_stack_object (Fn *fn, gint32 offset, GmlType *type);
guint32     fn_new_stmt      (Fn *fn, GmlPos pos);
guint       code_index_of    (Compiler *c, GmlFunc *func);
GmlKind     type_kind        (GmlType *t);
void        emit_copy        (Fn *fn, gint32 dst, gint32 src, GmlType *type);
void        emit_zero        (Fn *fn, gint32 dst, GmlType *type);
void        emit_const_int   (Fn *fn, gint32 dst, GmlType *type, guint64 v);
guint64     rodata_string    (Compiler *c, const char *data, gsize len);
guint64     rodata_bytes     (Compiler *c, const void *data, gsize len, gsize align);
guint64     funcval_static   (Compiler *c, guint code_index);
guint       wrapper_iface    (Compiler *c, GmlObject *method, GmlType *recv_type);
guint       wrapper_method_value (Compiler *c, GmlObject *method, gboolean ptr_recv);
guint       wrapper_promoted (Compiler *c, GmlType *held, GmlObject *method,
                              const guint *path, guint path_len);
guint       wrapper_iface_method_value (Compiler *c, GmlType *iface, guint mi);
guint64     gml_compile_itab_word (Compiler *c, GmlType *iface, GmlType *type);
void        gml_compile_globals (Compiler *c);
void        gml_compile_init (Compiler *c);
GmlOp       gml_compile_binary_op (GmlTokenKind tok);
gboolean    gml_compile_comma_ok (Fn *fn, GmlNode *e, gint32 *value, gint32 *ok);
void        compiler_error   (Compiler *c, GmlPos pos, const char *format, ...) G_GNUC_PRINTF (3, 4);
gboolean    var_on_heap      (Compiler *c, GmlObject *var);
gboolean    var_byref        (Compiler *c, GmlObject *var);
gboolean    site_on_heap     (Compiler *c, GmlNode *node);
gint32      site_slot        (Fn *fn, GmlNode *node, gint32 size, gint32 align);

/* gml-compile-expr.c */
gint32      expr_value       (Fn *fn, GmlNode *e);
void        expr_into        (Fn *fn, GmlNode *e, gint32 dst);
Loc         expr_loc         (Fn *fn, GmlNode *e);
gint32      expr_addr        (Fn *fn, GmlNode *e);
gint32      loc_value        (Fn *fn, Loc l);
void        loc_store        (Fn *fn, Loc l, gint32 src);
gint32      loc_addr         (Fn *fn, Loc l);
void        emit_method_recv (Fn *fn, Loc l, const guint *path, guint path_len,
                              GmlObject *m, gint32 dst);
Loc         loc_embedded     (Fn *fn, Loc l, const guint *path, guint path_len);
void        expr_cond        (Fn *fn, GmlNode *e, gboolean jump_if, GArray *jumps);
void        concat_operands  (GmlNode *e, GPtrArray *out);
/* Compiles a call; returns the number of results and their slots. */
guint       expr_call        (Fn *fn, GmlNode *call, gint32 *results, guint max_results);
gboolean    node_has_call    (GmlNode *e);
Loc         var_loc          (Fn *fn, GmlObject *var);
Loc         var_loc_def      (Fn *fn, GmlObject *var);
void        emit_conv_iface  (Fn *fn, GmlNode *site, gint32 dst, gint32 src, GmlType *from, GmlType *iface);
gint32      emit_equal       (Fn *fn, gint32 x, gint32 y, GmlType *t, gboolean negate);

/* gml-liveness.c */
void        fn_note_use      (Fn *fn, GmlObject *var);
void        fn_note_def      (Fn *fn, GmlObject *var);
/* Extends the uses made since `mark` to the statement's last instruction. */
void        fn_extend_uses   (Fn *fn, guint mark);
void        fn_compute_liveness (Fn *fn);

/* gml-compile-stmt.c */
void        stmt_compile     (Fn *fn, GmlNode *s);
void        block_compile    (Fn *fn, GmlNodeList stmts);
void        compile_function (Compiler *c, GmlFunc *func);

G_END_DECLS
