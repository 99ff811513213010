/* gml-escape.h: escape analysis, as Go 1.19's compiler does it, and why.
 *
 * gml_escape_analyse() runs over a checked program (the prelude packages
 * first, then main) and decides, exactly as `go build -gcflags='-m -l'`
 * (cmd/compile/internal/escape, inlining off) does, which variables and
 * which implicit allocations must live on the heap:
 *
 *   - a data-flow graph of *locations* (variables, allocation sites,
 *     temporaries) with *edges* weighted by dereferences (p = &q is -1,
 *     p = q 0, p = *q 1), built from every statement and expression;
 *   - solved to a fixed point (walkAll/walkOne): a location escapes when
 *     its address flows somewhere that outlives it (the heap, a result, a
 *     variable of an outer loop or function);
 *   - functions analysed bottom-up, strongly connected components
 *     together; each parameter gets a *leak tag* (to the heap, to a
 *     result, at which dereference level) that its callers use, as Go's
 *     export data does for imported packages.
 *
 * Results, the contract with the compiler (gml-compile*.c):
 *   - GML_VAR_HEAP on every variable Go moves to the heap;
 *   - GML_VAR_BYREF on every captured variable a closure captures by
 *     reference (Go captures by value when the variable is at most 128
 *     bytes and is never reassigned nor has its address taken);
 *   - GmlNode.esc = GML_ESC_HEAP or GML_ESC_STACK on every allocation
 *     site: new(T), &T{...} (the '&' node; for an elided &T inside a
 *     literal, the COMPOSITE_LIT itself), slice and map literals, make,
 *     func literals, conversions to interfaces (pointer-shaped values
 *     never allocate: STACK), string concatenations (the outermost '+'
 *     of a chain), string conversions, variadic calls without `...` (the
 *     implicit slice), DEFER_STMT (the closure built for a deferred call:
 *     heap in loops) and `s += x` on strings (always HEAP: Go builds that
 *     concatenation after escape analysis);
 *   - GmlProgram.escape_analysed = TRUE.
 *
 * Diagnostics (main package only) are Go's -m lines, and every heap
 * decision carries a plain-English explanation for the UI.
 *
 * Natives and //gml: directives
 * -----------------------------
 * Go learns how a function of another package treats its parameters from
 * export data.  Prelude functions written in Go are analysed like any
 * code; bodyless (native) functions are tagged from directives in the
 * comment lines right above their declaration:
 *
 *   //gml:noescape
 *       Like //go:noescape: no parameter escapes.  Without it (and
 *       without a tag below), every parameter that holds pointers of a
 *       bodyless function leaks to the heap, Go's rule for external
 *       functions.
 *   //gml:escape NAME=TAG[,TAG...] [NAME=TAG...]
 *       The leak tag of the receiver or parameter NAME, as the real
 *       library's export data records it:
 *         none          does not escape ("p does not escape")
 *         heap          leaks to the heap ("leaking param: p")
 *         content       what it points to leaks ("leaking param content: p"),
 *                       i.e. heap at dereference level 1
 *         heap:N        leaks to the heap at dereference level N
 *         result:I      flows to result I, level 0 ("leaking param: p to
 *                       result ~r0 level=0")
 *         result:I:N    flows to result I at level N
 *       Several directives accumulate.  On a function with a body, the
 *       named parameters' computed tags are replaced (for code that the
 *       simulator writes differently from the real library).
 * Malformed directives are ignored (a warning in the program's log).
 */
#pragma once

#include <glib.h>

#include "gml-ast.h"
#include "gml-diag.h"
#include "gml-types.h"

G_BEGIN_DECLS

/* Runs the analysis on a checked, laid-out program; sets the flags and
 * esc fields above and program->escape_analysed.  Never fails on a
 * checked program. */
void          gml_escape_analyse        (GmlProgram *program);

/* The -m diagnostics for the main file, sorted by position (then
 * message), one GML_DIAG_NOTE each, with the file named as the program
 * was loaded ("./prog.go"). */
GmlDiagList  *gml_escape_diagnostics    (GmlProgram *program);

/* What a decision is about. */
typedef enum
{
  GML_ESCAPE_VAR,     /* a variable: "moved to heap: x" (heap only) */
  GML_ESCAPE_SITE,    /* an allocation site: "... escapes to heap" / "does not escape" */
  GML_ESCAPE_PARAM,   /* a parameter's leak tag ("leaking param: p", "p does not escape") */
  GML_ESCAPE_NOTE,    /* other -m lines: devirtualization, self-assignments */
} GmlEscapeDecisionKind;

typedef struct
{
  GmlEscapeDecisionKind kind;
  GmlPos                pos;          /* where Go reports it */
  gboolean              heap;         /* moved/escapes/leaks to the heap */
  GmlObject            *var;          /* VAR and PARAM */
  GmlNode              *node;         /* SITE (NULL for compiler temporaries) */
  const char           *message;      /* Go's -m text, without the position; NULL for a
                                         * VAR that stays on the stack although its address
                                         * is taken or a closure captures it (Go prints
                                         * nothing for those; the UI may) */
  const char           *explanation;  /* plain English, or NULL */
} GmlEscapeDecision;

/* The decisions of the main file on `line` (every line when 0), sorted
 * by position: Go's -m lines plus the stack-kept variables above, as
 * borrowed GmlEscapeDecision pointers valid as long as the program.
 * Free the array with g_ptr_array_unref(). */
GPtrArray    *gml_escape_decisions      (GmlProgram *program,
                                         guint       line);

/* Why a variable is on the heap (or, if its address is taken or a
 * closure captures it, why it stays on the stack), or why an allocation
 * site escapes (or not), in plain English: "`u` is moved to the heap
 * because its address is returned by `newUser` (line 13), so it must
 * outlive the call."  Newly allocated; NULL when there is nothing to say
 * (an ordinary local, a node that is not an allocation site). */
char         *gml_escape_explain_var    (GmlProgram *program,
                                         GmlObject  *var);
char         *gml_escape_explain_node   (GmlProgram *program,
                                         GmlNode    *node);

G_END_DECLS
