/* gml-scrubber.h: the whole run as lanes, with the playhead.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_SCRUBBER (gml_scrubber_get_type ())

G_DECLARE_FINAL_TYPE (GmlScrubber, gml_scrubber, GML, SCRUBBER, GtkWidget)

GtkWidget  *gml_scrubber_new          (void);
GmlSession *gml_scrubber_get_session  (GmlScrubber *self);
void        gml_scrubber_set_session  (GmlScrubber *self,
                                       GmlSession  *session);
/* Compact: only the GC lane and the playhead (presentation mode). */
void        gml_scrubber_set_compact  (GmlScrubber *self,
                                       gboolean     compact);

/* The step under x (widget coordinates), and back. */
guint64     gml_scrubber_step_at      (GmlScrubber *self,
                                       double       x);
double      gml_scrubber_x_of_step    (GmlScrubber *self,
                                       guint64      step);
/* What the hover preview says about a step. */
char       *gml_scrubber_describe_step (GmlScrubber *self,
                                        guint64      step);

G_END_DECLS
