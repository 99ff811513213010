/* gml-scrubber.c: the whole run as lanes, with the playhead.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From the top: heap in use against the heap goal; GC cycles coloured by
 * phase, with the stop-the-world phases raised so they read without
 * colour; one lane per goroutine's lifetime (the first few, the rest
 * summarised); events (allocation density, stack growth, panics, the
 * end, and scenario markers). Dragging scrubs, a click jumps, hovering
 * previews the step in a tooltip. For assistive technologies it is a
 * slider whose value text reads the step, line and GC phase.
 *
 * Everything is read from the session's GmlRunSummary; nothing here
 * touches the simulation.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "gml-gc.h"
#include "gml-palette.h"
#include "gml-scrubber.h"

#define GUTTER      80.0
#define RIGHT_PAD   12.0
#define CHART_H     30.0
#define GC_H        18.0
#define G_ROW_H     7.0
#define G_ROW_GAP   2.0
#define MAX_G_ROWS  5
#define EVENTS_H    14.0
#define LANE_GAP    5.0

struct _GmlScrubber
{
  GtkWidget   parent_instance;

  GmlSession *session;
  GmlPalette  palette;
  gboolean    compact;
  double      hover_x;
  gboolean    hovering;
  gboolean    dragging;
};

G_DEFINE_FINAL_TYPE (GmlScrubber, gml_scrubber, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Geometry --------------------------------------------------------------- */

static guint64
n_steps (GmlScrubber *self)
{
  return self->session != NULL ? gml_session_get_n_steps (self->session) : 0;
}

static double
track_width (GmlScrubber *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)) - GUTTER - RIGHT_PAD, 1);
}

double
gml_scrubber_x_of_step (GmlScrubber *self,
                        guint64      step)
{
  guint64 n = MAX (n_steps (self), 1);

  g_return_val_if_fail (GML_IS_SCRUBBER (self), 0);

  return GUTTER + track_width (self) * MIN (step, n) / (double) n;
}

guint64
gml_scrubber_step_at (GmlScrubber *self,
                      double       x)
{
  double f;

  g_return_val_if_fail (GML_IS_SCRUBBER (self), 0);

  f = CLAMP ((x - GUTTER) / track_width (self), 0, 1);
  return (guint64) llround (f * n_steps (self));
}

static guint
n_goroutine_rows (GmlScrubber *self)
{
  const GArray *gs;

  if (self->compact || self->session == NULL)
    return 0;
  gs = gml_run_summary_goroutines (gml_session_get_summary (self->session));
  return MIN (MAX (gs->len, 1), MAX_G_ROWS + (gs->len > MAX_G_ROWS ? 1 : 0));
}

typedef struct
{
  double chart, gc, goroutines, events, bottom;
} Lanes;

static void
lanes (GmlScrubber *self,
       Lanes       *l)
{
  double y = 6;

  l->chart = y;
  if (!self->compact)
    y += CHART_H + LANE_GAP;
  l->gc = y;
  y += GC_H + LANE_GAP;
  l->goroutines = y;
  y += n_goroutine_rows (self) * (G_ROW_H + G_ROW_GAP);
  if (!self->compact)
    y += LANE_GAP - G_ROW_GAP;
  l->events = y;
  if (!self->compact)
    y += EVENTS_H;
  l->bottom = y + 4;
}

/* Drawing ---------------------------------------------------------------- */

static void
draw_label (GmlScrubber *self,
            GtkSnapshot *snapshot,
            const char  *text,
            double       y,
            double       h)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int lw, lh;

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_width (layout, (int) ((GUTTER - 10) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (6, y + (h - lh) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &self->palette.dim);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static double
goal_y (guint64 goal,
        double  max,
        double  bottom)
{
  return bottom - CHART_H * MIN (goal, max) / max + (goal >= max ? 1 : 0);
}

static void
draw_chart (GmlScrubber   *self,
            GtkSnapshot   *snapshot,
            GmlRunSummary *summary,
            double         top)
{
  const GArray *samples = gml_run_summary_samples (summary);
  double max = MAX (gml_run_summary_max_heap (summary), 1) * 1.15;
  double w = track_width (self);
  double bottom = top + CHART_H;
  cairo_t *cr;

  gtk_snapshot_append_color (snapshot, &self->palette.lane,
                             &GRAPHENE_RECT_INIT (GUTTER, top, w, CHART_H));
  if (samples->len == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (GUTTER, top, w, CHART_H));
  /* Heap in use: a filled step curve. */
  cairo_move_to (cr, GUTTER, bottom);
  for (guint i = 0; i < samples->len; i++)
    {
      const GmlRunSample *s = &g_array_index (samples, GmlRunSample, i);
      double x = gml_scrubber_x_of_step (self, s->step);
      double y = bottom - CHART_H * s->heap / max;

      if (i > 0)
        cairo_line_to (cr, x, bottom - CHART_H * g_array_index (samples, GmlRunSample, i - 1).heap / max);
      cairo_line_to (cr, x, y);
    }
  cairo_line_to (cr, gml_scrubber_x_of_step (self, n_steps (self)),
                 bottom - CHART_H * g_array_index (samples, GmlRunSample, samples->len - 1).heap / max);
  cairo_line_to (cr, gml_scrubber_x_of_step (self, n_steps (self)), bottom);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, &self->palette.heap_area);
  cairo_fill (cr);

  /* The heap goal: a dashed step line, pinned to the top when it is
   * above the chart (a small program's heap is far below 4 MiB). */
  cairo_set_line_width (cr, 1.5 * self->palette.stroke);
  cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
  gdk_cairo_set_source_rgba (cr, &self->palette.heap_goal);
  for (guint i = 0; i < samples->len; i++)
    {
      const GmlRunSample *s = &g_array_index (samples, GmlRunSample, i);
      const GmlRunSample *prev = i > 0 ? &g_array_index (samples, GmlRunSample, i - 1) : NULL;
      double x = gml_scrubber_x_of_step (self, s->step);

      if (s->goal == 0)
        continue;
      if (prev == NULL || prev->goal == 0)
        cairo_move_to (cr, x, goal_y (s->goal, max, bottom));
      else
        {
          cairo_line_to (cr, x, goal_y (prev->goal, max, bottom));
          cairo_line_to (cr, x, goal_y (s->goal, max, bottom));
        }
    }
  cairo_line_to (cr, gml_scrubber_x_of_step (self, n_steps (self)),
                 goal_y (g_array_index (samples, GmlRunSample, samples->len - 1).goal, max, bottom));
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* The phase's name inside its stretch, when it fits. */
static void
draw_phase_name (GmlScrubber *self,
                 GtkSnapshot *snapshot,
                 guint        phase,
                 double       x0,
                 double       x1,
                 double       top)
{
  const char *names[] = { "", N_("STW"), N_("mark"), N_("STW"), N_("sweep") };
  PangoLayout *layout;
  PangoAttrList *attrs;
  GdkRGBA ink = { 0, 0, 0, 0.85 };
  int lw, lh;

  if (phase >= G_N_ELEMENTS (names) || x1 - x0 < 40)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _(names[phase]));
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.72));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  if (lw + 6 < x1 - x0)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((x0 + x1 - lw) / 2, top + (GC_H - lh) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &ink);
      gtk_snapshot_restore (snapshot);
    }
  g_object_unref (layout);
}

/* Stop-the-world phases fill the lane; concurrent ones are inset. */
static void
draw_gc_lane (GmlScrubber   *self,
              GtkSnapshot   *snapshot,
              GmlRunSummary *summary,
              double         top)
{
  const GArray *phases = gml_run_summary_phases (summary);
  guint64 end = n_steps (self);

  gtk_snapshot_append_color (snapshot, &self->palette.lane,
                             &GRAPHENE_RECT_INIT (GUTTER, top, track_width (self), GC_H));
  for (guint i = 0; i < phases->len; i++)
    {
      const GmlRunPhase *p = &g_array_index (phases, GmlRunPhase, i);
      double x0 = gml_scrubber_x_of_step (self, p->from);
      double x1 = gml_scrubber_x_of_step (self, MIN (p->to, end));
      gboolean stw = gml_gc_phase_is_stw (p->phase);
      double inset = stw ? 0 : GC_H * 0.12;

      if (p->phase == GML_GC_OFF || p->phase >= G_N_ELEMENTS (self->palette.phase))
        continue;
      gtk_snapshot_append_color (snapshot, &self->palette.phase[p->phase],
                                 &GRAPHENE_RECT_INIT (x0, top + inset, MAX (x1 - x0, stw ? 2 : 1),
                                                      GC_H - 2 * inset));
      draw_phase_name (self, snapshot, p->phase, x0, x1, top);
    }
}

static void
draw_goroutines (GmlScrubber   *self,
                 GtkSnapshot   *snapshot,
                 GmlRunSummary *summary,
                 double         top)
{
  const GArray *gs = gml_run_summary_goroutines (summary);
  guint64 end = n_steps (self);
  GdkRGBA bar = self->palette.accent;

  bar.alpha = 0.75;
  for (guint i = 0; i < gs->len; i++)
    {
      const GmlRunGoroutine *g = &g_array_index (gs, GmlRunGoroutine, i);
      guint row = MIN (i, MAX_G_ROWS);
      double y = top + row * (G_ROW_H + G_ROW_GAP);
      double x0 = gml_scrubber_x_of_step (self, g->created);
      double x1 = gml_scrubber_x_of_step (self, MIN (g->exited, end));

      if (row == MAX_G_ROWS)
        bar.alpha = 0.25;
      gtk_snapshot_append_color (snapshot, &bar, &GRAPHENE_RECT_INIT (x0, y, MAX (x1 - x0, 2), G_ROW_H));
    }
}

static void
draw_events (GmlScrubber   *self,
             GtkSnapshot   *snapshot,
             GmlRunSummary *summary,
             double         top)
{
  const GArray *samples = gml_run_summary_samples (summary);
  const GArray *marks = gml_run_summary_marks (summary);
  GdkRGBA tick = self->palette.dim;

  /* Allocations: a tick wherever some happened, taller for more. */
  tick.alpha *= 0.6;
  for (guint i = 0; i < samples->len; i++)
    {
      const GmlRunSample *s = &g_array_index (samples, GmlRunSample, i);
      double h = MIN (EVENTS_H * 0.5, 2 + log2 (1 + s->allocs));

      if (s->allocs > 0)
        gtk_snapshot_append_color (snapshot, &tick,
                                   &GRAPHENE_RECT_INIT (gml_scrubber_x_of_step (self, s->step), top + EVENTS_H - h, 1, h));
    }
  for (guint i = 0; i < marks->len; i++)
    {
      const GmlRunMark *m = &g_array_index (marks, GmlRunMark, i);
      double x = gml_scrubber_x_of_step (self, m->step);
      const GdkRGBA *color = m->kind == GML_RUN_MARK_PANIC ? &self->palette.panic
                             : m->kind == GML_RUN_MARK_STACK_GROW ? &self->palette.heap_goal
                             : &self->palette.accent;
      double w = m->kind == GML_RUN_MARK_STACK_GROW ? 2 : 4;

      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x - w / 2, top, w, EVENTS_H * 0.55));
    }
}

static void
draw_playhead (GmlScrubber *self,
               GtkSnapshot *snapshot,
               double       bottom)
{
  double x = gml_scrubber_x_of_step (self, gml_session_get_playhead (self->session));
  GskRoundedRect knob;

  if (self->hovering && !self->dragging)
    {
      GdkRGBA hover = self->palette.fg;

      hover.alpha = 0.35;
      gtk_snapshot_append_color (snapshot, &hover, &GRAPHENE_RECT_INIT (self->hover_x, 0, 1, bottom));
    }
  gtk_snapshot_append_color (snapshot, &self->palette.playhead,
                             &GRAPHENE_RECT_INIT (x - 1, 0, 2, bottom));
  gsk_rounded_rect_init_from_rect (&knob, &GRAPHENE_RECT_INIT (x - 5, 0, 10, 8), 3);
  gtk_snapshot_push_rounded_clip (snapshot, &knob);
  gtk_snapshot_append_color (snapshot, &self->palette.playhead, &knob.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
draw_recording (GmlScrubber *self,
                GtkSnapshot *snapshot,
                double       bottom)
{
  GdkRGBA stripe = self->palette.accent;

  if (gml_session_get_status (self->session) != GML_SESSION_RUNNING)
    return;
  stripe.alpha = 0.5;
  gtk_snapshot_append_color (snapshot, &stripe,
                             &GRAPHENE_RECT_INIT (GUTTER + track_width (self), 0, 3, bottom));
}

static void
gml_scrubber_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  GmlScrubber *self = GML_SCRUBBER (widget);
  GmlRunSummary *summary;
  Lanes l;

  if (self->session == NULL)
    return;
  summary = gml_session_get_summary (self->session);
  lanes (self, &l);

  if (!self->compact)
    {
      draw_label (self, snapshot, _("Heap"), l.chart, CHART_H);
      draw_chart (self, snapshot, summary, l.chart);
    }
  draw_label (self, snapshot, _("GC"), l.gc, GC_H);
  draw_gc_lane (self, snapshot, summary, l.gc);
  if (!self->compact)
    {
      draw_label (self, snapshot, _("Goroutines"), l.goroutines, n_goroutine_rows (self) * (G_ROW_H + G_ROW_GAP));
      draw_goroutines (self, snapshot, summary, l.goroutines);
      draw_label (self, snapshot, _("Events"), l.events, EVENTS_H);
      draw_events (self, snapshot, summary, l.events);
    }
  draw_recording (self, snapshot, l.bottom);
  draw_playhead (self, snapshot, l.bottom);
}

static void
gml_scrubber_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  GmlScrubber *self = GML_SCRUBBER (widget);
  Lanes l;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = GUTTER + RIGHT_PAD + 100;
      *natural = GUTTER + RIGHT_PAD + 600;
      return;
    }
  lanes (self, &l);
  *minimum = *natural = (int) ceil (l.bottom);
}

/* Description and accessibility ------------------------------------------ */

char *
gml_scrubber_describe_step (GmlScrubber *self,
                            guint64      step)
{
  GmlRunSummary *summary;
  GmlTimeline *timeline;
  const GmlRunSample *sample;
  g_autofree char *heap = NULL;
  GString *text;
  guint32 cycle;
  guint phase, line;

  g_return_val_if_fail (GML_IS_SCRUBBER (self), NULL);

  if (self->session == NULL || (timeline = gml_session_get_timeline (self->session)) == NULL)
    return g_strdup ("");
  summary = gml_session_get_summary (self->session);
  text = g_string_new (NULL);
  /* Translators: the scrubber's value: a step and the number of steps. */
  g_string_append_printf (text, _("Step %'" G_GUINT64_FORMAT " of %'" G_GUINT64_FORMAT), step, n_steps (self));
  line = step < n_steps (self) ? gml_timeline_line (timeline, step + 1) : 0;
  if (line > 0)
    g_string_append_printf (text, _(", line %u"), line);
  phase = gml_run_summary_phase_at (summary, step, &cycle);
  if (phase != GML_GC_OFF)
    /* Translators: GC cycle number and phase name ("mark"). */
    g_string_append_printf (text, _(", GC #%u %s"), cycle, gml_gc_phase_name (phase));
  sample = gml_run_summary_sample_at (summary, step);
  if (sample != NULL)
    {
      heap = gml_scene_format_bytes (sample->heap);
      g_string_append_printf (text, _(", heap %s"), heap);
    }
  return g_string_free (text, FALSE);
}

static void
update_accessible (GmlScrubber *self)
{
  g_autofree char *text = NULL;
  guint64 playhead;

  if (self->session == NULL)
    return;
  playhead = gml_session_get_playhead (self->session);
  text = gml_scrubber_describe_step (self, playhead);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) n_steps (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) playhead,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

/* Input ------------------------------------------------------------------ */

static void
seek_to_x (GmlScrubber *self,
           double       x)
{
  if (self->session == NULL)
    return;
  gml_session_set_playing (self->session, FALSE);
  gml_session_set_playhead (self->session, gml_scrubber_step_at (self, x));
}

static void
pressed_cb (GmlScrubber     *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  seek_to_x (self, x);
}

static void
drag_begin_cb (GmlScrubber    *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  self->dragging = TRUE;
}

static void
drag_update_cb (GmlScrubber    *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  seek_to_x (self, x + dx);
}

static void
drag_end_cb (GmlScrubber    *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GmlScrubber *self,
           double       x,
           double       y)
{
  self->hover_x = CLAMP (x, GUTTER, GUTTER + track_width (self));
  self->hovering = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GmlScrubber *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
query_tooltip_cb (GmlScrubber *self,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip)
{
  g_autofree char *text = NULL;

  if (self->session == NULL || gml_session_get_timeline (self->session) == NULL)
    return FALSE;
  text = gml_scrubber_describe_step (self, keyboard ? gml_session_get_playhead (self->session)
                                                    : gml_scrubber_step_at (self, x));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Session ---------------------------------------------------------------- */

static void
changed_cb (GmlScrubber *self)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
steps_changed_cb (GmlScrubber *self)
{
  /* New goroutines may add lanes. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  changed_cb (self);
}

static void
style_changed_cb (GmlScrubber *self)
{
  gml_palette_init_for_style (&self->palette, adw_style_manager_get_default ());
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gml_scrubber_set_session (GmlScrubber *self,
                          GmlSession  *session)
{
  g_return_if_fail (GML_IS_SCRUBBER (self));
  g_return_if_fail (session == NULL || GML_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::playhead", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::n-steps", G_CALLBACK (steps_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::status", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
    }
  steps_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GmlSession *
gml_scrubber_get_session (GmlScrubber *self)
{
  g_return_val_if_fail (GML_IS_SCRUBBER (self), NULL);
  return self->session;
}

void
gml_scrubber_set_compact (GmlScrubber *self,
                          gboolean     compact)
{
  g_return_if_fail (GML_IS_SCRUBBER (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* GObject ---------------------------------------------------------------- */

static void
gml_scrubber_dispose (GObject *object)
{
  gml_scrubber_set_session (GML_SCRUBBER (object), NULL);

  G_OBJECT_CLASS (gml_scrubber_parent_class)->dispose (object);
}

static void
gml_scrubber_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, GML_SCRUBBER (object)->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_scrubber_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      gml_scrubber_set_session (GML_SCRUBBER (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_scrubber_class_init (GmlScrubberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_scrubber_dispose;
  object_class->get_property = gml_scrubber_get_property;
  object_class->set_property = gml_scrubber_set_property;

  widget_class->snapshot = gml_scrubber_snapshot;
  widget_class->measure = gml_scrubber_measure;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GML_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "scrubber");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
gml_scrubber_init (GmlScrubber *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  AdwStyleManager *style = adw_style_manager_get_default ();

  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  g_signal_connect_object (style, "notify::dark", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  style_changed_cb (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  -1);
}

GtkWidget *
gml_scrubber_new (void)
{
  return g_object_new (GML_TYPE_SCRUBBER, NULL);
}
