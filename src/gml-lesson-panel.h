/* gml-lesson-panel.h: the side panel's "Lesson" page.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_LESSON_PANEL (gml_lesson_panel_get_type ())

G_DECLARE_FINAL_TYPE (GmlLessonPanel, gml_lesson_panel, GML, LESSON_PANEL, GtkWidget)

void        gml_lesson_panel_set_session    (GmlLessonPanel *self,
                                             GmlSession     *session);
/* Whether the session's scenario teaches anything (cards, quizzes,
 * chapters): the window shows the page only then. */
gboolean    gml_lesson_panel_has_content    (GmlLessonPanel *self);
/* The quiz views shown now, in order (GmlQuizView). */
GPtrArray  *gml_lesson_panel_get_quiz_views (GmlLessonPanel *self);
/* The quiz view the keys 1–9 and Ctrl+Enter answer: the last one shown
 * that still takes an answer, or NULL. */
GtkWidget  *gml_lesson_panel_get_active_quiz (GmlLessonPanel *self);

G_END_DECLS
