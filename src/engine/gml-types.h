/* gml-types.h: Go types, constants, objects, functions and packages.
 *
 * This is the vocabulary shared by the type checker (which builds it), the
 * escape analysis, the compiler, the runtime (fmt, GC pointer maps, frame
 * layouts) and the UI (variable names, type names, sizes).
 *
 * Types are canonical: the type table hash-conses every unnamed type, so two
 * identical unnamed types (Go's identity rules) are the same pointer, and
 * `a == b` is type identity.  Named types are unique per declaration.
 *
 * Sizes, alignments and field offsets are those of linux/amd64 and must equal
 * what Go's unsafe.Sizeof / Alignof / Offsetof report.
 *
 * Everything here is allocated in the program's GmlArena and lives as long
 * as the GmlProgram.
 */
#pragma once

#include <glib.h>

#include "gml-arena.h"
#include "gml-diag.h"

G_BEGIN_DECLS

typedef struct _GmlType     GmlType;
typedef struct _GmlObject   GmlObject;
typedef struct _GmlConst    GmlConst;
typedef struct _GmlScope    GmlScope;
typedef struct _GmlFunc     GmlFunc;
typedef struct _GmlPackage  GmlPackage;
typedef struct _GmlProgram  GmlProgram;
typedef struct _GmlNode     GmlNode;
typedef struct _GmlTypeTable GmlTypeTable;

/* ------------------------------------------------------------------ */
/* Types                                                               */

typedef enum
{
  GML_TYPE_INVALID,

  /* Basic types, in Go's types.BasicKind order. */
  GML_TYPE_BOOL,
  GML_TYPE_INT,
  GML_TYPE_INT8,
  GML_TYPE_INT16,
  GML_TYPE_INT32,
  GML_TYPE_INT64,
  GML_TYPE_UINT,
  GML_TYPE_UINT8,
  GML_TYPE_UINT16,
  GML_TYPE_UINT32,
  GML_TYPE_UINT64,
  GML_TYPE_UINTPTR,
  GML_TYPE_FLOAT32,
  GML_TYPE_FLOAT64,
  GML_TYPE_STRING,

  /* Types of untyped constants and of nil. */
  GML_TYPE_UNTYPED_BOOL,
  GML_TYPE_UNTYPED_INT,
  GML_TYPE_UNTYPED_RUNE,
  GML_TYPE_UNTYPED_FLOAT,
  GML_TYPE_UNTYPED_STRING,
  GML_TYPE_UNTYPED_NIL,

  /* Composite types. */
  GML_TYPE_ARRAY,
  GML_TYPE_SLICE,
  GML_TYPE_STRUCT,
  GML_TYPE_POINTER,
  GML_TYPE_FUNC,
  GML_TYPE_INTERFACE,
  GML_TYPE_MAP,
  GML_TYPE_CHAN,
  GML_TYPE_NAMED,
  GML_TYPE_TUPLE,   /* results of a multi-value call */
} GmlTypeKind;

typedef enum
{
  GML_CHAN_BOTH = 0,
  GML_CHAN_SEND = 1,  /* chan<- T */
  GML_CHAN_RECV = 2,  /* <-chan T */
} GmlChanDir;

typedef struct
{
  const char *name;     /* interned; "" never: embedded fields use the type name */
  GmlType    *type;
  gint64      offset;   /* bytes from the start of the struct */
  gboolean    embedded;
  gboolean    exported;
  GmlPackage *pkg;      /* package that declared the field (for unexported names) */
  const char *tag;      /* raw tag text without quotes, or NULL */
  GmlPos      pos;
} GmlField;

/* A method in an interface's method set. */
typedef struct
{
  const char *name;     /* interned */
  GmlType    *sig;      /* GML_TYPE_FUNC, no receiver */
  GmlPackage *pkg;      /* for unexported method names */
  GmlPos      pos;
} GmlIMethod;

struct _GmlType
{
  GmlTypeKind kind;
  guint32     id;        /* dense index in the type table, stable per program */
  gint64      size;      /* -1 while not yet computed (recursive named types) */
  guint8      align;
  gboolean    has_pointers; /* contains pointer words (GC must scan it) */

  union
  {
    struct { GmlType *elem; gint64 len; } array;          /* ARRAY */
    struct { GmlType *elem; } slice;                      /* SLICE */
    struct { GmlType *elem; } pointer;                    /* POINTER */
    struct { GmlField *fields; guint n_fields; } strukt;  /* STRUCT */
    struct
    {
      GmlType  **params;       /* the last is a SLICE when variadic */
      guint      n_params;
      GmlType  **results;
      guint      n_results;
      gboolean   variadic;
    } func;                                               /* FUNC */
    struct
    {
      GmlIMethod *methods;     /* complete method set, sorted by name */
      guint       n_methods;
      GmlType   **embedded;    /* as written, for printing */
      guint       n_embedded;
    } iface;                                              /* INTERFACE */
    struct { GmlType *key; GmlType *elem; } map;          /* MAP */
    struct { GmlType *elem; GmlChanDir dir; } chan;       /* CHAN */
    struct
    {
      GmlObject  *obj;         /* the TYPE object */
      GmlType    *underlying;  /* never NAMED once resolved */
      GmlObject **methods;     /* FUNC objects with receiver T or *T, in declaration order */
      guint       n_methods;
      GmlPackage *pkg;         /* NULL for predeclared (error) */
    } named;                                              /* NAMED */
    struct { GmlType **elems; guint n_elems; } tuple;     /* TUPLE */
  } u;

  /* Filled lazily by the runtime: its type descriptor and pointer mask. */
  gpointer    rt;
  /* gml_type_ptrmask's answer, cached (the image builder fills it for
   * every type, so the runtime only reads it). */
  const guint8 *ptrmask;
  guint         ptrmask_words;
};

/* The table that owns all types of one program. */
GmlTypeTable *gml_type_table_new       (GmlArena *arena);
void          gml_type_table_free      (GmlTypeTable *tt);

/* Predeclared types. */
GmlType *gml_type_basic          (GmlTypeTable *tt, GmlTypeKind kind);
GmlType *gml_type_error          (GmlTypeTable *tt);   /* the predeclared error interface */
GmlType *gml_type_empty_interface(GmlTypeTable *tt);   /* interface{} == any */
/* The checker's universe creates the named `error` type and registers it. */
void     gml_type_table_set_error (GmlTypeTable *tt, GmlType *error_type);

/* Constructors of unnamed types: identical types give the same pointer. */
GmlType *gml_type_slice          (GmlTypeTable *tt, GmlType *elem);
GmlType *gml_type_pointer        (GmlTypeTable *tt, GmlType *elem);
GmlType *gml_type_array          (GmlTypeTable *tt, GmlType *elem, gint64 len);
GmlType *gml_type_map            (GmlTypeTable *tt, GmlType *key, GmlType *elem);
GmlType *gml_type_chan           (GmlTypeTable *tt, GmlChanDir dir, GmlType *elem);
GmlType *gml_type_func           (GmlTypeTable *tt,
                                  GmlType **params, guint n_params,
                                  GmlType **results, guint n_results,
                                  gboolean variadic);
/* Fields are copied; offsets are computed here. */
GmlType *gml_type_struct         (GmlTypeTable *tt, const GmlField *fields, guint n_fields);
/* Methods are copied and sorted; embedded interfaces must already be flattened into methods. */
GmlType *gml_type_interface      (GmlTypeTable *tt,
                                  const GmlIMethod *methods, guint n_methods,
                                  GmlType **embedded, guint n_embedded);
GmlType *gml_type_tuple          (GmlTypeTable *tt, GmlType **elems, guint n_elems);
/* A new named type; set its underlying type and methods later. */
GmlType *gml_type_named_new      (GmlTypeTable *tt, GmlObject *obj, GmlPackage *pkg);
void     gml_type_named_set_underlying (GmlType *named, GmlType *underlying);

/* Every type created so far, by id (for the runtime's descriptor table). */
guint    gml_type_table_len      (GmlTypeTable *tt);
GmlType *gml_type_table_get      (GmlTypeTable *tt, guint id);

/* Queries. */
GmlType *gml_type_underlying     (GmlType *t);          /* t itself unless NAMED */
gboolean gml_type_is_named       (GmlType *t);
gboolean gml_type_is_untyped     (GmlType *t);
gboolean gml_type_is_integer     (GmlType *t);          /* on the underlying type; untyped int/rune too */
gboolean gml_type_is_unsigned    (GmlType *t);
gboolean gml_type_is_float       (GmlType *t);
gboolean gml_type_is_numeric     (GmlType *t);
gboolean gml_type_is_string      (GmlType *t);
gboolean gml_type_is_boolean     (GmlType *t);
gboolean gml_type_is_interface   (GmlType *t);
gboolean gml_type_is_pointer_shaped (GmlType *t);       /* fits the interface data word directly */
gboolean gml_type_is_comparable  (GmlType *t);
gint64   gml_type_size           (GmlType *t);
guint    gml_type_align          (GmlType *t);
/* Default type of an untyped constant type (int, rune=int32, float64, string, bool). */
GmlType *gml_type_default        (GmlTypeTable *tt, GmlType *t);

/* Pointer words of a value of type t: bit i set when the 8-byte word at
 * offset 8*i holds a pointer the GC must follow.  (Strings, slices, maps,
 * chans, funcs and interfaces contain pointer words.)  Returns the number of
 * words; *mask is owned by the type table. */
guint    gml_type_ptrmask        (GmlTypeTable *tt, GmlType *t, const guint8 **mask);

/* Go's spelling of a type.
 *   GML_TYPE_STRING_QUALIFIED: as fmt's %T and the runtime print it
 *     ("main.Point", "*main.T", "[]int", "map[string]int", "func(int) string",
 *      "struct { X int; Y string }", "interface {}", "chan<- int", "error").
 *   GML_TYPE_STRING_ERROR: as the type checker's messages print it: the main
 *     package is not qualified ("Point", "*T"), other packages are
 *     ("strings.Builder").  */
typedef enum
{
  GML_TYPE_STRING_QUALIFIED,
  GML_TYPE_STRING_ERROR,
} GmlTypeStringStyle;

char    *gml_type_string         (GmlType *t, GmlTypeStringStyle style);

/* Field or method lookup, Go's LookupFieldOrMethod (names must be interned
 * in the program's arena: they are compared by pointer): searches t (or the
 * type t points to), then promoted fields and methods of embedded fields,
 * shallowest depth first.  Unexported names match only when `pkg` (the
 * package of the code doing the lookup) declared them. */
typedef enum
{
  GML_LOOKUP_NONE,
  GML_LOOKUP_FIELD,
  GML_LOOKUP_METHOD,        /* concrete method: `method` */
  GML_LOOKUP_IFACE_METHOD,  /* method of an interface type: `imethod` */
  GML_LOOKUP_AMBIGUOUS,     /* several at the shallowest depth */
} GmlLookupKind;

typedef struct
{
  GmlLookupKind kind;
  GmlField     *field;        /* FIELD */
  guint         field_index;  /* FIELD: index in its struct */
  GmlObject    *method;       /* METHOD */
  GmlIMethod   *imethod;      /* IFACE_METHOD */
  guint        *path;         /* embedded field indices before the final one; arena-owned */
  guint         path_len;
  gboolean      indirect;     /* a pointer was followed (including t itself being a pointer) */
} GmlLookup;

gboolean gml_type_lookup (GmlTypeTable *tt,
                          GmlType      *t,
                          GmlPackage   *pkg,
                          const char   *name,
                          GmlLookup    *out);

/* Computes sizes, alignments and field offsets of every type created so
 * far.  Offsets of a struct are valid once gml_type_size() has been called
 * on it (or on a type containing it); the checker calls this when done. */
void     gml_type_table_layout (GmlTypeTable *tt);

/* Does t (value or pointer method set, per `pointer`) implement iface?
 * On failure *missing names a missing method (or one with a pointer
 * receiver when `pointer` is false: *wrong_recv is set). */
gboolean gml_type_implements (GmlTypeTable *tt, GmlType *t, GmlType *iface,
                              const char **missing, gboolean *wrong_recv);

/* ------------------------------------------------------------------ */
/* Constants                                                           */

typedef enum
{
  GML_CONST_BOOL,
  GML_CONST_STRING,
  GML_CONST_INT,      /* also runes */
  GML_CONST_FLOAT,
} GmlConstKind;

/* Untyped constants in Go have arbitrary precision; we keep 128-bit integers
 * and long double floats, enough for every program in the subset.  A value
 * that does not fit 128 bits sets `overflow` (the checker reports it). */
struct _GmlConst
{
  GmlConstKind kind;
  gboolean     overflow;
  union
  {
    gboolean     b;
    struct { const char *data; gsize len; } s;  /* bytes, not NUL-terminated */
    __int128     i;
    long double  f;
  } v;
  /* FLOAT: when `exact`, the value is num/den exactly (den > 0, lowest
   * terms), as Go's rational constants keep 0.1 * 10 == 1; v.f is then
   * its nearest long double. */
  gboolean     exact;
  __int128     num, den;
};

/* ------------------------------------------------------------------ */
/* Objects: what an identifier denotes                                 */

typedef enum
{
  GML_OBJ_BAD,
  GML_OBJ_PKG,       /* an imported package name */
  GML_OBJ_CONST,
  GML_OBJ_TYPE,
  GML_OBJ_VAR,       /* globals, locals, parameters, results, struct fields */
  GML_OBJ_FUNC,      /* functions and methods */
  GML_OBJ_BUILTIN,
  GML_OBJ_NIL,
  GML_OBJ_LABEL,
} GmlObjectKind;

typedef enum
{
  GML_BUILTIN_APPEND,
  GML_BUILTIN_CAP,
  GML_BUILTIN_CLOSE,
  GML_BUILTIN_COPY,
  GML_BUILTIN_DELETE,
  GML_BUILTIN_LEN,
  GML_BUILTIN_MAKE,
  GML_BUILTIN_NEW,
  GML_BUILTIN_PANIC,
  GML_BUILTIN_PRINT,
  GML_BUILTIN_PRINTLN,
  GML_BUILTIN_RECOVER,
  /* complex, real, imag, min, max, clear, unsafe.*: not in the subset */
} GmlBuiltin;

/* Flags on objects.  The checker sets the first group; escape analysis sets
 * GML_VAR_HEAP; the compiler reads all of them. */
typedef enum
{
  GML_OBJ_EXPORTED     = 1 << 0,
  GML_OBJ_USED         = 1 << 1,
  GML_VAR_PARAM        = 1 << 2,
  GML_VAR_RESULT       = 1 << 3,   /* named or unnamed result (~r0 ...) */
  GML_VAR_GLOBAL       = 1 << 4,
  GML_VAR_FIELD        = 1 << 5,
  GML_VAR_EMBEDDED     = 1 << 6,
  GML_VAR_RECEIVER     = 1 << 7,
  GML_VAR_ADDR_TAKEN   = 1 << 8,   /* &v appears, or a pointer method is called on v */
  GML_VAR_CAPTURED     = 1 << 9,   /* referenced from a func literal */
  GML_VAR_REASSIGNED   = 1 << 10,  /* assigned after its declaration */
  GML_VAR_HEAP         = 1 << 11,  /* escape analysis: "moved to heap" */
  GML_VAR_BYREF        = 1 << 12,  /* escape analysis: captured by reference */
  GML_FUNC_NATIVE      = 1 << 13,  /* declared without body; implemented by the runtime */
  GML_FUNC_METHOD      = 1 << 14,
  GML_FUNC_PTR_RECV    = 1 << 15,  /* method with a pointer receiver */
  GML_VAR_BLANK        = 1 << 16,  /* the blank identifier _ */
  GML_VAR_TYPESWITCH   = 1 << 17,  /* the per-clause variable of x := y.(type) */
} GmlObjectFlags;

struct _GmlObject
{
  GmlObjectKind kind;
  const char   *name;    /* interned */
  GmlType      *type;
  GmlPackage   *pkg;     /* declaring package; NULL for universe objects */
  GmlPos        pos;     /* of the declaring identifier */
  GmlNode      *decl;    /* the declaring identifier node, or NULL */
  guint32       flags;

  union
  {
    struct { GmlConst *value; } cnst;
    struct
    {
      GmlFunc  *owner;        /* function whose frame holds it; NULL for globals/fields */
      gint64    offset;       /* compiler: frame offset, or data offset for globals */
      guint     index;        /* position in owner's locals (or program's globals) */
      gpointer  escape;       /* escape analysis: explanation chain (GmlEscapeNote*) */
    } var;
    struct
    {
      GmlFunc    *func;       /* body and frame information; NULL for natives without GmlFunc */
      GmlType    *recv_base;  /* named receiver base type, for methods */
      guint       native_id;  /* GML_FUNC_NATIVE: index in the runtime's native table */
    } func;
    struct { GmlBuiltin id; } builtin;
    struct { GmlPackage *imported; gboolean used; } pkg;
    struct { GmlNode *stmt; gboolean used; } label;
  } u;
};

/* Lexical scopes. */
struct _GmlScope
{
  GmlScope   *parent;
  GHashTable *names;     /* interned name -> GmlObject*; owned by the scope */
  GmlPos      start, end;
  gboolean    is_func;   /* the outermost scope of a function body */
};

GmlScope  *gml_scope_new     (GmlScope *parent);
void       gml_scope_free    (GmlScope *scope);
GmlObject *gml_scope_lookup_local (GmlScope *scope, const char *name);
GmlObject *gml_scope_lookup  (GmlScope *scope, const char *name);   /* walks parents */
/* Returns the previous object of that name in this scope, if any (then nothing is inserted). */
GmlObject *gml_scope_insert  (GmlScope *scope, GmlObject *obj);

/* ------------------------------------------------------------------ */
/* Functions                                                           */

/* One per function body: top-level functions, methods and func literals.
 * The checker fills the first part; escape analysis and the compiler
 * annotate the rest. */
struct _GmlFunc
{
  const char  *name;          /* Go's symbol name: "main.newUser", "main.(*T).Area",
                                 "main.T.Area", "main.main.func1", "fmt.Println" */
  const char  *short_name;    /* as shown in frames: "newUser", "(*T).Area", "main.func1" */
  GmlPackage  *pkg;
  GmlNode     *decl;          /* FUNC_DECL or FUNC_LIT */
  GmlNode     *body;          /* BLOCK, or NULL for natives */
  GmlType     *sig;           /* FUNC type (without receiver) */
  GmlObject   *obj;           /* FUNC object (NULL for func literals) */
  GmlFunc     *outer;         /* enclosing function of a func literal */

  GmlObject   *recv;          /* receiver VAR, or NULL */
  GPtrArray   *params;        /* VAR objects, in order (blank/unnamed get objects too) */
  GPtrArray   *results;       /* VAR objects; unnamed results are named "~r0", "~r1"... */
  GPtrArray   *locals;        /* every other VAR declared in the body, in source order */
  GPtrArray   *captures;      /* func literals: outer VARs referenced, in first-use order */
  GPtrArray   *closures;      /* func literals directly inside this function */

  gboolean     has_defer;
  gboolean     has_recover;   /* calls recover() directly */
  guint        index;         /* dense index in the program's function list */

  gpointer     escape;        /* escape analysis data */
  gpointer     code;          /* compiler output */
};

/* ------------------------------------------------------------------ */
/* Packages and programs                                               */

struct _GmlPackage
{
  const char  *path;          /* "main", "fmt", "strings", ... */
  const char  *name;
  GmlScope    *scope;         /* package block */
  GPtrArray   *files;         /* FILE nodes */
  GPtrArray   *funcs;         /* GmlFunc of this package, declaration order, literals after their parent */
  GPtrArray   *globals;       /* VAR objects in initialization order */
  GPtrArray   *init_order;    /* VALUE_SPEC / ASSIGN nodes to run before main, in Go's order */
  gboolean     is_prelude;    /* part of the simulator's standard library */
  const char  *filename;      /* display name of the source ("prog.go", "<prelude>/fmt.go") */
};

struct _GmlProgram
{
  GmlArena      *arena;
  GmlTypeTable  *types;
  GmlScope      *universe;
  GHashTable    *packages;    /* path -> GmlPackage* */
  GPtrArray     *package_order; /* dependencies first, main last */
  GmlPackage    *main_pkg;
  GPtrArray     *funcs;       /* every GmlFunc, by index */
  const char    *source;      /* the main file's bytes (owned by the arena) */
  gsize          source_len;
  const char    *filename;    /* the main file's path as given */
  GPtrArray     *scopes;      /* every GmlScope of the program (owned; freed with it) */
  gboolean       escape_analysed; /* escape analysis annotated the program */
};

G_END_DECLS
