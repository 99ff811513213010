/* gml-inspector.h: details of the selected goroutine, frame, variable or object.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_INSPECTOR (gml_inspector_get_type ())

G_DECLARE_FINAL_TYPE (GmlInspector, gml_inspector, GML, INSPECTOR, GtkWidget)

GtkWidget  *gml_inspector_new         (void);
GmlSession *gml_inspector_get_session (GmlInspector *self);
void        gml_inspector_set_session (GmlInspector *self,
                                       GmlSession   *session);
/* The rows shown, as "title: value" lines (for tests). */
char       *gml_inspector_dump        (GmlInspector *self);

/* The step that allocated the heap object at `addr` (the last
 * allocation of that address at or before `step`), or G_MAXUINT64. */
guint64     gml_inspector_find_allocation (GmlTimeline *timeline,
                                           guint64      addr,
                                           guint64      step);

G_END_DECLS
