/* gml-gtk-fixes.h: work-arounds for bugs of the GTK we run on (4.8).
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void gml_text_view_finish_scrolling_on_unmap (GtkTextView *view);

G_END_DECLS
