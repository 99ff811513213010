/* gml-prelude.c: the simulator's standard library sources.
 *
 * The packages live in the Go files of prelude/ and are compiled into
 * the engine as a GResource; it is read through gml_prelude_get_resource()
 * (which also keeps the generated object linked into executables), never
 * through the global resource namespace.
 */
#include "gml-program.h"

#include <gio/gio.h>

#include "gml-prelude-resources.h"

#define PRELUDE_PREFIX "/io/github/gomemlab/GoMemLab/prelude/"

/* Dependencies first: each package imports only packages before it. */
static const char * const prelude_packages[] = {
  "runtime", "errors", "strconv", "strings", "fmt", "sync", "time", "os", NULL,
};

const char * const *
gml_prelude_packages (void)
{
  return prelude_packages;
}

GBytes *
gml_prelude_source (const char *path)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_strv_contains (prelude_packages, path))
    return NULL;
  name = g_strconcat (PRELUDE_PREFIX, path, ".go", NULL);
  return g_resource_lookup_data (gml_prelude_get_resource (), name,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}
