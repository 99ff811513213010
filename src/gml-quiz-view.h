/* gml-quiz-view.h: one quiz of a lesson, to answer.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_QUIZ_VIEW (gml_quiz_view_get_type ())

G_DECLARE_FINAL_TYPE (GmlQuizView, gml_quiz_view, GML, QUIZ_VIEW, GtkWidget)

GtkWidget  *gml_quiz_view_new          (GmlSession  *session,
                                        guint        quiz);
guint       gml_quiz_view_get_quiz     (GmlQuizView *self);
/* Keyboard: choice `n` (1-based; for yes/no 1 is yes, 2 no); check. */
gboolean    gml_quiz_view_choose       (GmlQuizView *self,
                                        guint        n);
gboolean    gml_quiz_view_check        (GmlQuizView *self);
/* Moves the focus to the first control that takes an answer. */
void        gml_quiz_view_focus_input  (GmlQuizView *self);

/* Scenario text (gml-markup.h) as Pango markup. */
char       *gml_markup_to_pango        (const char  *text);

G_END_DECLS
