/* gml-code-gutter.h: the code view's gutters.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "gml-session.h"

G_BEGIN_DECLS

typedef enum
{
  GML_CODE_GUTTER_MARKS,    /* breakpoints and where each goroutine is */
  GML_CODE_GUTTER_ESCAPE,   /* escape-analysis decisions */
} GmlCodeGutterKind;

/* What escape analysis decided on one line. */
typedef struct
{
  guint     line;
  gboolean  heap;          /* something on the line moves to the heap */
  char     *summary;       /* Go's -m lines, one per decision */
  char     *explanation;   /* plain English, may be NULL */
} GmlEscapeMark;

void gml_escape_mark_clear (GmlEscapeMark *mark);

#define GML_TYPE_CODE_GUTTER (gml_code_gutter_get_type ())

G_DECLARE_FINAL_TYPE (GmlCodeGutter, gml_code_gutter, GML, CODE_GUTTER, GtkSourceGutterRenderer)

GtkSourceGutterRenderer *gml_code_gutter_new         (GmlCodeGutterKind  kind);
void                     gml_code_gutter_set_session (GmlCodeGutter     *self,
                                                      GmlSession        *session);
/* GmlEscapeMark, by line; the gutter keeps a reference. NULL clears. */
void                     gml_code_gutter_set_escape_marks (GmlCodeGutter *self,
                                                           GArray        *marks);
const GmlEscapeMark     *gml_code_gutter_get_escape_mark  (GmlCodeGutter *self,
                                                           guint          line);
/* The line (1-based) at y in the gutter's coordinates, or 0. */
guint                    gml_code_gutter_line_at     (GmlCodeGutter     *self,
                                                      double             y);

G_END_DECLS
