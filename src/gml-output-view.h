/* gml-output-view.h: the program's output up to the playhead.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_OUTPUT_VIEW (gml_output_view_get_type ())

G_DECLARE_FINAL_TYPE (GmlOutputView, gml_output_view, GML, OUTPUT_VIEW, GtkWidget)

GtkWidget *gml_output_view_new         (void);
void       gml_output_view_set_session (GmlOutputView *self,
                                        GmlSession    *session);
/* The text shown. */
char      *gml_output_view_get_text    (GmlOutputView *self);

G_END_DECLS
