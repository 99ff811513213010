/* gml-program.h: load a Go program: parse, type-check, analyse.
 *
 * The prelude is the simulator's standard library: the supported packages
 * (fmt, runtime, sync, strings, strconv, errors, time, os) written as Go
 * source in src/engine/prelude/ and compiled into the engine as a GResource.
 * Functions declared there without a body are *natives*: the runtime
 * implements them in C and binds them by their qualified name
 * ("fmt.Println", "sync.runtime_Semacquire").  A `//gml:` directive above a
 * native declaration describes what escape analysis cannot see (see
 * gml-escape.h).
 *
 * gml_program_load() parses and checks the prelude packages and the user's
 * file, then runs escape analysis.  On failure it returns NULL and fills
 * `diags` with at most 10 errors, sorted by position, Go-style.
 */
#pragma once

#include <glib.h>

#include "gml-ast.h"
#include "gml-diag.h"
#include "gml-types.h"

G_BEGIN_DECLS

/* The most errors reported for one program, as the Go compiler does. */
#define GML_MAX_ERRORS 10

GmlProgram *gml_program_load  (const char   *filename,
                               const char   *source,
                               gsize         len,
                               GmlDiagList  *diags);
void        gml_program_free  (GmlProgram   *program);

/* The source text of a prelude package ("fmt"), or NULL. */
GBytes     *gml_prelude_source (const char  *path);
/* NULL-terminated list of prelude package paths, dependencies first. */
const char * const *gml_prelude_packages (void);

/* A type declared at package level, by qualified name ("runtime.g"), or
 * NULL. */
GmlType    *gml_program_lookup_type (GmlProgram *program,
                                     const char *qualified_name);

/* Front-end stages, for tests and tools. */
GmlNode    *gml_parse_file    (GmlArena     *arena,
                               const char   *filename,
                               const char   *source,
                               gsize         len,
                               GmlDiagList  *diags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlProgram, gml_program_free)

G_END_DECLS
