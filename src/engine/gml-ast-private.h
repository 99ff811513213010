/* gml-ast-private.h: syntax tree helpers shared by the front end, the
 * escape analysis and the tests. */
#pragma once

#include "gml-ast.h"

G_BEGIN_DECLS

/* Called for each non-NULL child of a node, in source order.  label names
 * the field ("x", "args", "body"...); index is the position in a list
 * field, or -1 for a single child. */
typedef void (*GmlNodeChildFunc) (GmlNode    *child,
                                  const char *label,
                                  int         index,
                                  gpointer    data);

void gml_node_foreach_child (const GmlNode    *node,
                             GmlNodeChildFunc  func,
                             gpointer          data);

G_END_DECLS
