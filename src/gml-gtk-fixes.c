/* gml-gtk-fixes.c: work-arounds for bugs of the GTK we run on (4.8).
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gml-gtk-fixes.h"

/* A GtkScrolledWindow that is unmapped while its adjustment animates a
 * scroll (gtk_text_view_scroll_to_mark() and _to_iter() animate) jumps
 * the adjustment to the animation's target.  A text view answers the
 * new value by setting one of its own, which ends the animation from
 * inside, and GTK 4.8's gtk_adjustment_enable_animation() then
 * disconnects the frame clock handler a second time: a critical
 * warning, fatal in the tests, whenever a window closes mid-scroll.
 * The view is unmapped before its scrolled window gets there: setting
 * the value it has ends the animation cleanly. */
static void
view_unmap_cb (GtkWidget *view)
{
  GtkAdjustment *adjustments[] = {
    gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view)),
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (adjustments); i++)
    if (adjustments[i] != NULL)
      gtk_adjustment_set_value (adjustments[i], gtk_adjustment_get_value (adjustments[i]));
}

/**
 * gml_text_view_finish_scrolling_on_unmap:
 * @view: a text view in a #GtkScrolledWindow
 *
 * Ends any scroll animation of @view when it is unmapped, before
 * GtkScrolledWindow would stop it in a way that GTK 4.8 gets wrong.
 */
void
gml_text_view_finish_scrolling_on_unmap (GtkTextView *view)
{
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  g_signal_connect (view, "unmap", G_CALLBACK (view_unmap_cb), NULL);
}
