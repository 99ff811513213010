/* gml-parser.h: Go source to syntax tree.
 *
 * gml_parse_file() (declared in gml-program.h) parses one Go source file
 * into a FILE node allocated in the arena.  It follows Go 1.19's
 * cmd/compile/internal/syntax parser: the same grammar (the simulator's
 * subset of it is checked later), the same node positions (documented in
 * gml-ast.h), the same "syntax error: ..." messages and the same error
 * recovery, so one mistake gives one error.  Like the Go compiler it
 * reports at most one syntax error per line and stops after
 * GML_MAX_ERRORS errors.  Diagnostics are appended in the order found;
 * callers sort them (gml_diag_list_sort) as Go does before printing.
 *
 * Constructs outside the simulator's subset that are visible in the syntax
 * (type parameters and instantiations, imaginary literals, type-set
 * interfaces) are reported as "... is not supported by the simulator"
 * rather than as confusing syntax errors.
 *
 * The result is NULL only when the package clause itself is broken;
 * otherwise a tree is returned even when there were errors (it may then
 * contain BAD_EXPR / BAD_STMT nodes), and the caller checks `diags`.
 * Nesting deeper than GML_PARSER_MAX_DEPTH is an error, so no input can
 * exhaust the C stack.
 */
#pragma once

#include <glib.h>

#include "gml-ast.h"
#include "gml-program.h"

G_BEGIN_DECLS

#define GML_PARSER_MAX_DEPTH 1000

/* Parses an expression on its own (for tests, tools and the REPL-like
 * quiz panels).  Returns NULL and fills diags on error. */
GmlNode *gml_parse_expr (GmlArena    *arena,
                         const char  *filename,
                         const char  *source,
                         gsize        len,
                         GmlDiagList *diags);

G_END_DECLS
