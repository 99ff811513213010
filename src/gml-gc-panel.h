/* gml-gc-panel.h: the garbage collector's and the pacer's numbers.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_GC_PANEL (gml_gc_panel_get_type ())

G_DECLARE_FINAL_TYPE (GmlGcPanel, gml_gc_panel, GML, GC_PANEL, GtkWidget)

GtkWidget  *gml_gc_panel_new          (void);
void        gml_gc_panel_set_session  (GmlGcPanel *self,
                                       GmlSession *session);
/* What the panel shows, one "title: value" line each (for tests). */
char       *gml_gc_panel_dump         (GmlGcPanel *self);
/* A sentence about what a GC phase does. */
const char *gml_gc_phase_description  (guint       phase);

G_END_DECLS
