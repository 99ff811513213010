/* gml-output-view.c: the program's output up to the playhead.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Output only grows with the step, so moving the playhead either appends
 * the new bytes or cuts the text back; nothing is re-inserted. Standard
 * error is tinted.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gml-gtk-fixes.h"
#include "gml-output-view.h"

struct _GmlOutputView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkTextView       *text_view;
  GtkTextBuffer     *buffer;
  GtkWidget         *placeholder;

  /* Owned */
  GmlSession        *session;
  GtkTextTag        *stderr_tag;
  gsize              shown;      /* bytes of output in the buffer */
};

G_DEFINE_FINAL_TYPE (GmlOutputView, gml_output_view, GTK_TYPE_WIDGET)

static void
cut_to (GmlOutputView *self,
        gsize          len)
{
  GtkTextIter start, end;

  /* Offsets are in characters; count them in the text shown. */
  g_autofree char *text = gml_output_view_get_text (self);
  glong chars = g_utf8_pointer_to_offset (text, text + MIN (len, strlen (text)));

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) chars);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  self->shown = len;
}

static void
append (GmlOutputView *self,
        const char    *data,
        const guint8  *mask,
        gsize          from,
        gsize          to)
{
  GtkTextIter end;

  /* Runs of the same stream at a time. */
  while (from < to)
    {
      gsize run = from;
      gboolean err = mask != NULL && mask[from];
      g_autofree char *valid = NULL;

      while (run < to && (mask != NULL && mask[run]) == err)
        run++;
      valid = g_utf8_make_valid (data + from, run - from);
      gtk_text_buffer_get_end_iter (self->buffer, &end);
      if (err)
        gtk_text_buffer_insert_with_tags (self->buffer, &end, valid, -1, self->stderr_tag, NULL);
      else
        gtk_text_buffer_insert (self->buffer, &end, valid, -1);
      from = run;
    }
  self->shown = to;
}

static void
scroll_to_end (GmlOutputView *self)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_view_scroll_to_iter (self->text_view, &end, 0, FALSE, 0, 1);
}

static void
update (GmlOutputView *self)
{
  GmlTimeline *timeline = self->session != NULL ? gml_session_get_timeline (self->session) : NULL;
  g_autoptr (GBytes) output = NULL;
  g_autoptr (GBytes) mask = NULL;
  const char *data;
  gsize len;

  if (timeline == NULL)
    {
      gtk_text_buffer_set_text (self->buffer, "", 0);
      self->shown = 0;
      gtk_widget_set_visible (self->placeholder, TRUE);
      return;
    }
  output = gml_timeline_output (timeline, gml_session_get_playhead (self->session), &mask);
  data = g_bytes_get_data (output, &len);
  if (len < self->shown)
    cut_to (self, len);
  else if (len > self->shown)
    {
      append (self, data, mask != NULL ? g_bytes_get_data (mask, NULL) : NULL, self->shown, len);
      scroll_to_end (self);
    }
  gtk_widget_set_visible (self->placeholder, len == 0);
}

static void
style_changed_cb (GmlOutputView *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  g_object_set (self->stderr_tag, "foreground", adw_style_manager_get_dark (style) ? "#ff7b63" : "#c01c28", NULL);
}

void
gml_output_view_set_session (GmlOutputView *self,
                             GmlSession    *session)
{
  g_return_if_fail (GML_IS_OUTPUT_VIEW (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  gtk_text_buffer_set_text (self->buffer, "", 0);
  self->shown = 0;
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::playhead", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::status", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

char *
gml_output_view_get_text (GmlOutputView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (GML_IS_OUTPUT_VIEW (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

static void
gml_output_view_dispose (GObject *object)
{
  GmlOutputView *self = GML_OUTPUT_VIEW (object);

  gml_output_view_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GML_TYPE_OUTPUT_VIEW);
  /* The template's root child (GTK 4.8 leaves it to us). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gml_output_view_parent_class)->dispose (object);
}

static void
gml_output_view_class_init (GmlOutputViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_output_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gml-output-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GmlOutputView, scroller);
  gtk_widget_class_bind_template_child (widget_class, GmlOutputView, text_view);
  gtk_widget_class_bind_template_child (widget_class, GmlOutputView, buffer);
  gtk_widget_class_bind_template_child (widget_class, GmlOutputView, placeholder);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gml_output_view_init (GmlOutputView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gml_text_view_finish_scrolling_on_unmap (self->text_view);
  self->stderr_tag = gtk_text_buffer_create_tag (self->buffer, "stderr", NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  style_changed_cb (self);
}

GtkWidget *
gml_output_view_new (void)
{
  return g_object_new (GML_TYPE_OUTPUT_VIEW, NULL);
}
