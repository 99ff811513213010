/* gml-memory-list.h: goroutines, frames, variables and heap objects as a list.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_MEMORY_LIST (gml_memory_list_get_type ())

G_DECLARE_FINAL_TYPE (GmlMemoryList, gml_memory_list, GML, MEMORY_LIST, GtkWidget)

GtkWidget  *gml_memory_list_new          (void);
void        gml_memory_list_set_session  (GmlMemoryList *self,
                                          GmlSession    *session);
/* The rows, brought up to date with the scene (for tests). */
GListModel *gml_memory_list_get_model    (GmlMemoryList *self);
/* The text of row `i` as a screen reader gets it, or NULL. */
char       *gml_memory_list_row_text     (GmlMemoryList *self,
                                          guint          i);

G_END_DECLS
