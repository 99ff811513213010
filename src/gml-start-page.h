/* gml-start-page.h: the course, progress and recent files.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gml-progress.h"

G_BEGIN_DECLS

#define GML_TYPE_START_PAGE (gml_start_page_get_type ())

G_DECLARE_FINAL_TYPE (GmlStartPage, gml_start_page, GML, START_PAGE, GtkWidget)

GtkWidget   *gml_start_page_new               (void);
GmlProgress *gml_start_page_get_progress      (GmlStartPage *self);
void         gml_start_page_set_progress      (GmlStartPage *self,
                                               GmlProgress  *progress);
/* Whether the course has been read (it is, in a thread, once the page
 * exists) and its rows are shown. */
gboolean     gml_start_page_get_loaded        (GmlStartPage *self);
/* The scenario "Continue" opens: the first one of the course not
 * completed, or the first one when all are. NULL when the course could
 * not be read. */
GFile       *gml_start_page_get_next          (GmlStartPage *self);

G_END_DECLS
