/* gml-code-gutter.c: the code view's gutters.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two renderers of one class sit around the line numbers:
 *
 *   MARKS   a breakpoint dot (click toggles it, double-click runs to the
 *           line) and an arrow on the line each goroutine is at: filled
 *           for the goroutine that runs the next step, hollow and
 *           labelled for the others;
 *   ESCAPE  "heap" and "stack" tags where escape analysis decided
 *           something; hovering shows Go's -m lines and the plain-English
 *           reason, clicking pins them in a popover.
 *
 * Both read the session (breakpoints, the scene's goroutines); the
 * escape marks are handed in by the window.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gml-code-gutter.h"
#include "gml-palette.h"

struct _GmlCodeGutter
{
  GtkSourceGutterRenderer parent_instance;

  GmlCodeGutterKind  kind;
  GmlSession        *session;
  GArray            *escape;       /* GmlEscapeMark, sorted by line */
  GtkWidget         *popover;
  GmlPalette         palette;
};

G_DEFINE_FINAL_TYPE (GmlCodeGutter, gml_code_gutter, GTK_SOURCE_TYPE_GUTTER_RENDERER)

void
gml_escape_mark_clear (GmlEscapeMark *mark)
{
  g_clear_pointer (&mark->summary, g_free);
  g_clear_pointer (&mark->explanation, g_free);
}

/* Data ------------------------------------------------------------------- */

const GmlEscapeMark *
gml_code_gutter_get_escape_mark (GmlCodeGutter *self,
                                 guint          line)
{
  g_return_val_if_fail (GML_IS_CODE_GUTTER (self), NULL);

  if (self->escape == NULL)
    return NULL;
  for (guint i = 0; i < self->escape->len; i++)
    {
      const GmlEscapeMark *mark = &g_array_index (self->escape, GmlEscapeMark, i);

      if (mark->line == line)
        return mark;
    }
  return NULL;
}

/* Lines of goroutines; `current` is set if the one running next is there. */
static guint
goroutines_at (GmlCodeGutter *self,
               guint          line,
               gboolean      *current,
               guint64       *first_goid)
{
  GmlScene *scene = self->session != NULL ? gml_session_get_scene (self->session) : NULL;
  guint n = 0;

  *current = FALSE;
  *first_goid = 0;
  if (scene == NULL || line == 0)
    return 0;
  for (guint i = 0; i < scene->goroutines->len; i++)
    {
      GmlSceneGoroutine *g = gml_scene_goroutine (scene, i);

      if (g->line != line || (g->flags & GML_SCENE_SYSTEM))
        continue;
      if (n++ == 0)
        *first_goid = g->goid;
      if (g->flags & GML_SCENE_CURRENT)
        {
          *current = TRUE;
          *first_goid = g->goid;
        }
    }
  return n;
}

/* Drawing ---------------------------------------------------------------- */

static void
draw_text (GmlCodeGutter *self,
           GtkSnapshot   *snapshot,
           const char    *text,
           double         x,
           double         y,
           double         h,
           double         scale,
           gboolean       bold,
           const GdkRGBA *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int lw, lh;

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y + (h - lh) / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
draw_breakpoint (GmlCodeGutter *self,
                 GtkSnapshot   *snapshot,
                 double         y,
                 double         h)
{
  double d = MIN (h * 0.7, 14);
  GskRoundedRect dot;

  gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (3, y + (h - d) / 2, d, d), d / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &dot);
  gtk_snapshot_append_color (snapshot, &self->palette.panic, &dot.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
draw_marks_line (GmlCodeGutter *self,
                 GtkSnapshot   *snapshot,
                 guint          line,
                 double         y,
                 double         h)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  gboolean current;
  guint64 goid;
  guint n = goroutines_at (self, line, &current, &goid);

  if (self->session != NULL && gml_session_has_breakpoint (self->session, line))
    draw_breakpoint (self, snapshot, y, h);
  if (n == 0)
    return;
  if (current)
    draw_text (self, snapshot, "▶", w - h * 0.85, y, h, 0.9, TRUE, &self->palette.accent);
  else
    {
      g_autofree char *label = n > 1 ? g_strdup_printf ("▷%u", n) : g_strdup ("▷");

      draw_text (self, snapshot, label, w - h * (n > 1 ? 1.3 : 0.85), y, h, 0.8, FALSE, &self->palette.dim);
    }
}

static void
draw_escape_line (GmlCodeGutter *self,
                  GtkSnapshot   *snapshot,
                  guint          line,
                  double         y,
                  double         h)
{
  const GmlEscapeMark *mark = gml_code_gutter_get_escape_mark (self, line);
  const GdkRGBA *color;
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - 4, ph = h * 0.78;
  GskRoundedRect pill;

  if (mark == NULL)
    return;
  color = mark->heap ? &self->palette.heap_badge : &self->palette.stack_badge;
  gsk_rounded_rect_init_from_rect (&pill, &GRAPHENE_RECT_INIT (2, y + (h - ph) / 2, w, ph), ph / 2);
  if (mark->heap)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &pill);
      gtk_snapshot_append_color (snapshot, color, &pill.bounds);
      gtk_snapshot_pop (snapshot);
      draw_text (self, snapshot, _("heap"), 2 + ph * 0.35, y, h, 0.7, TRUE, &self->palette.accent_fg);
    }
  else
    {
      float bw[4] = { 1.5, 1.5, 1.5, 1.5 };
      GdkRGBA bc[4] = { *color, *color, *color, *color };

      gtk_snapshot_append_border (snapshot, &pill, bw, bc);
      draw_text (self, snapshot, _("stack"), 2 + ph * 0.35, y, h, 0.7, TRUE,
                 self->palette.dark ? color : &self->palette.fg);
    }
}

static void
gml_code_gutter_snapshot_line (GtkSourceGutterRenderer *renderer,
                               GtkSnapshot             *snapshot,
                               GtkSourceGutterLines    *lines,
                               guint                    line)
{
  GmlCodeGutter *self = GML_CODE_GUTTER (renderer);
  int y, h;

  gtk_source_gutter_lines_get_line_yrange (lines, line, GTK_SOURCE_GUTTER_RENDERER_ALIGNMENT_MODE_CELL, &y, &h);
  if (self->kind == GML_CODE_GUTTER_MARKS)
    draw_marks_line (self, snapshot, line + 1, y, h);
  else
    draw_escape_line (self, snapshot, line + 1, y, h);
}

/* Input ------------------------------------------------------------------ */

static gboolean
gml_code_gutter_query_activatable (GtkSourceGutterRenderer *renderer,
                                   GtkTextIter             *iter,
                                   GdkRectangle            *area)
{
  GmlCodeGutter *self = GML_CODE_GUTTER (renderer);

  if (self->kind == GML_CODE_GUTTER_MARKS)
    return self->session != NULL;
  return gml_code_gutter_get_escape_mark (self, gtk_text_iter_get_line (iter) + 1) != NULL;
}

static void
show_explanation (GmlCodeGutter       *self,
                  const GmlEscapeMark *mark,
                  GdkRectangle        *area)
{
  GtkWidget *label;
  g_autofree char *text = mark->explanation != NULL
                          ? g_strdup_printf ("%s\n\n%s", mark->explanation, mark->summary)
                          : g_strdup (mark->summary);

  if (self->popover == NULL)
    {
      self->popover = gtk_popover_new ();
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
      gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_RIGHT);
    }
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "escape-explanation");
  gtk_popover_set_child (GTK_POPOVER (self->popover), label);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), area);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
gml_code_gutter_activate (GtkSourceGutterRenderer *renderer,
                          GtkTextIter             *iter,
                          GdkRectangle            *area,
                          guint                    button,
                          GdkModifierType          state,
                          int                      n_presses)
{
  GmlCodeGutter *self = GML_CODE_GUTTER (renderer);
  guint line = gtk_text_iter_get_line (iter) + 1;

  if (self->kind == GML_CODE_GUTTER_ESCAPE)
    {
      const GmlEscapeMark *mark = gml_code_gutter_get_escape_mark (self, line);

      if (mark != NULL)
        show_explanation (self, mark, area);
      return;
    }
  if (self->session == NULL || button != GDK_BUTTON_PRIMARY)
    return;
  /* The first press toggled it; a double-click undoes that and runs. */
  gml_session_toggle_breakpoint (self->session, line);
  if (n_presses == 2)
    gml_session_run_to_line (self->session, line);
}

guint
gml_code_gutter_line_at (GmlCodeGutter *self,
                         double         y)
{
  GtkWidget *view = GTK_WIDGET (gtk_source_gutter_renderer_get_view (GTK_SOURCE_GUTTER_RENDERER (self)));
  GtkTextIter iter;
  double vx, vy;
  int bx, by;

  g_return_val_if_fail (GML_IS_CODE_GUTTER (self), 0);

  if (view == NULL || !gtk_widget_translate_coordinates (GTK_WIDGET (self), view, 0, y, &vx, &vy))
    return 0;
  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET, (int) vx, (int) vy, &bx, &by);
  gtk_text_view_get_line_at_y (GTK_TEXT_VIEW (view), &iter, by, NULL);
  return gtk_text_iter_get_line (&iter) + 1;
}

static char *
marks_tooltip (GmlCodeGutter *self,
               guint          line)
{
  GString *text = g_string_new (NULL);
  gboolean current;
  guint64 goid;
  guint n = goroutines_at (self, line, &current, &goid);

  if (current)
    g_string_append_printf (text, _("Goroutine %" G_GUINT64_FORMAT " runs this line next."), goid);
  else if (n > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u goroutine is on this line.",
                                               "%u goroutines are on this line.", n), n);
  if (text->len > 0)
    g_string_append (text, "\n");
  if (self->session != NULL && gml_session_has_breakpoint (self->session, line))
    g_string_append (text, _("Breakpoint: playback stops here. Click to remove it; double-click to run to this line."));
  else
    g_string_append (text, _("Click to add a breakpoint; double-click to run to this line."));
  return g_string_free (text, FALSE);
}

static gboolean
query_tooltip_cb (GmlCodeGutter *self,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip)
{
  guint line = gml_code_gutter_line_at (self, y);
  g_autofree char *text = NULL;

  if (line == 0)
    return FALSE;
  if (self->kind == GML_CODE_GUTTER_MARKS)
    text = marks_tooltip (self, line);
  else
    {
      const GmlEscapeMark *mark = gml_code_gutter_get_escape_mark (self, line);

      if (mark == NULL)
        return FALSE;
      text = mark->explanation != NULL ? g_strdup_printf ("%s\n%s", mark->explanation, mark->summary)
                                       : g_strdup (mark->summary);
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Set-up ----------------------------------------------------------------- */

static void
redraw (GmlCodeGutter *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gml_code_gutter_set_session (GmlCodeGutter *self,
                             GmlSession    *session)
{
  g_return_if_fail (GML_IS_CODE_GUTTER (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::scene", G_CALLBACK (redraw), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "breakpoints-changed", G_CALLBACK (redraw), self, G_CONNECT_SWAPPED);
    }
  redraw (self);
}

void
gml_code_gutter_set_escape_marks (GmlCodeGutter *self,
                                  GArray        *marks)
{
  g_return_if_fail (GML_IS_CODE_GUTTER (self));

  g_clear_pointer (&self->escape, g_array_unref);
  if (marks != NULL)
    self->escape = g_array_ref (marks);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  redraw (self);
}

static void
style_changed_cb (GmlCodeGutter *self)
{
  gml_palette_init_for_style (&self->palette, adw_style_manager_get_default ());
  redraw (self);
}

static void
gml_code_gutter_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GmlCodeGutter *self = GML_CODE_GUTTER (widget);
  PangoLayout *layout;
  int w, h;

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = *natural = 0;
      return;
    }
  layout = gtk_widget_create_pango_layout (widget, "stack");
  pango_layout_get_pixel_size (layout, &w, &h);
  g_object_unref (layout);
  if (self->kind == GML_CODE_GUTTER_MARKS)
    *minimum = *natural = (int) (h * 1.7);
  else
    *minimum = *natural = self->escape != NULL && self->escape->len > 0 ? (int) (w * 0.72 + h * 0.7) : 0;
}

static void
gml_code_gutter_dispose (GObject *object)
{
  GmlCodeGutter *self = GML_CODE_GUTTER (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gml_code_gutter_set_session (self, NULL);
  g_clear_pointer (&self->escape, g_array_unref);

  G_OBJECT_CLASS (gml_code_gutter_parent_class)->dispose (object);
}

static void
gml_code_gutter_class_init (GmlCodeGutterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkSourceGutterRendererClass *renderer_class = GTK_SOURCE_GUTTER_RENDERER_CLASS (klass);

  object_class->dispose = gml_code_gutter_dispose;
  widget_class->measure = gml_code_gutter_measure;
  renderer_class->snapshot_line = gml_code_gutter_snapshot_line;
  renderer_class->query_activatable = gml_code_gutter_query_activatable;
  renderer_class->activate = gml_code_gutter_activate;
}

static void
gml_code_gutter_init (GmlCodeGutter *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  style_changed_cb (self);
}

GtkSourceGutterRenderer *
gml_code_gutter_new (GmlCodeGutterKind kind)
{
  GmlCodeGutter *self = g_object_new (GML_TYPE_CODE_GUTTER, NULL);

  self->kind = kind;
  return GTK_SOURCE_GUTTER_RENDERER (self);
}
