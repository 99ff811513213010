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

/* The expression or simple statement as Go's syntax printer spells it in
 * syntax errors ("x = f(T{\u2026})"): as written, parentheses kept, literal
 * bodies elided.  (gml_node_expr_string() is the compiler's -m spelling.) */
char *gml_node_syntax_string (const GmlNode *node);

G_END_DECLS
