/* gml-window.h: the main window.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_WINDOW (gml_window_get_type ())

G_DECLARE_FINAL_TYPE (GmlWindow, gml_window, GML, WINDOW, AdwApplicationWindow)

GmlWindow *gml_window_new        (GtkApplication *application);
void       gml_window_open       (GmlWindow      *self,
                                  GFile          *file);
void       gml_window_open_tour  (GmlWindow      *self);
GFile     *gml_window_get_file   (GmlWindow      *self);
gboolean   gml_window_get_loading (GmlWindow     *self);
/* The run shown, or NULL before a program has loaded. */
GmlSession *gml_window_get_session (GmlWindow    *self);

G_END_DECLS
