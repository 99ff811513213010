/* gml-canvas.c: the memory canvas.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GmlCanvas shows the session's scene through a GmlPainter. It is a
 * GtkScrollable (put it in a GtkScrolledWindow): plain scrolling and
 * dragging pan, Ctrl+scroll and pinch zoom around the pointer, and the
 * zoom itself is the session's. When the scene changes it animates from
 * the previous one on the frame clock (objects move, appear and fade),
 * unless animations are off or playback is too fast to follow them.
 *
 * The static layer is kept as a render node until the scene, the view or
 * the style changes; hover and selection outlines are drawn on top of it
 * each frame, and so are the session's lesson marks: what the narration
 * cards shown point at, and the objects of a pick quiz. While a pick quiz
 * takes answers, clicking an object picks it (or unpicks it).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "gml-canvas.h"

#define MARGIN 16.0
/* Room under the content, so the legend never hides its last row. */
#define BOTTOM_ROOM 56.0
#define ANIMATION_MS 380.0
#define MIN_ANIMATION_MS 90.0
#define PRESENTATION_TEXT_SCALE 1.45
#define PRESENTATION_STROKE_SCALE 1.8

struct _GmlCanvas
{
  GtkWidget           parent_instance;

  GmlSession         *session;
  GmlScene           *scene;            /* shown; laid out by us */
  GmlPainter         *painter;
  GmlPainterMode      mode;

  GmlSceneTransition *transition;
  gint64              anim_start;
  double              anim_ms;
  double              t;
  guint               tick_id;

  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;
  double              applied_zoom;     /* the zoom the adjustments reflect */
  double              laid_width;

  GskRenderNode      *static_node;      /* NULL when it must be redrawn */

  GmlLesson          *lesson;           /* the session's, watched */
  GArray             *marks;            /* GmlPainterMark for the scene shown */
  gboolean            marks_dirty;

  GmlSceneItemKind    hover_kind;
  guint32             hover;
  double              pointer_x, pointer_y;
  double              gesture_zoom;
  double              drag_h, drag_v;
};

static void gml_canvas_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GmlCanvas, gml_canvas, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, gml_canvas_scrollable_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MODE,
  N_PROPS,
  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

static double
zoom (GmlCanvas *self)
{
  return self->session != NULL ? gml_session_get_zoom (self->session) : 1.0;
}

static void
invalidate (GmlCanvas *self)
{
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Hover and selection are drawn over the cached static layer, except
 * when there are so many pointers that they pick which arrows are drawn
 * in full. */
static void
marks_changed (GmlCanvas *self)
{
  if (self->scene != NULL && self->scene->arrows->len > GML_PAINTER_MAX_ARROWS)
    invalidate (self);
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Lesson marks ----------------------------------------------------------- */

static void
add_mark (GmlCanvas           *self,
          GmlSceneItemKind     kind,
          guint32              index,
          GmlPainterMarkStyle  style)
{
  GmlPainterMark mark = { kind, index, style };

  g_array_append_val (self->marks, mark);
}

static void
add_highlights (GmlCanvas *self,
                GmlScene  *scene)
{
  for (guint i = 0; i < scene->goroutines->len; i++)
    if (gml_lesson_highlights_goroutine (self->lesson, gml_scene_goroutine (scene, i)->goid))
      add_mark (self, GML_SCENE_ITEM_GOROUTINE, i, GML_PAINTER_MARK_HIGHLIGHT);
  for (guint i = 0; i < scene->globals->len; i++)
    if (gml_lesson_highlights_slot (self->lesson, gml_scene_global (scene, i)))
      add_mark (self, GML_SCENE_ITEM_GLOBAL, i, GML_PAINTER_MARK_HIGHLIGHT);
  for (guint i = 0; i < scene->slots->len; i++)
    if (gml_lesson_highlights_slot (self->lesson, gml_scene_slot (scene, i)))
      add_mark (self, GML_SCENE_ITEM_SLOT, i, GML_PAINTER_MARK_HIGHLIGHT);
  for (guint i = 0; i < scene->objects->len; i++)
    if (gml_lesson_highlights_object (self->lesson, gml_scene_object (scene, i)))
      add_mark (self, GML_SCENE_ITEM_OBJECT, i, GML_PAINTER_MARK_HIGHLIGHT);
}

static void
add_pick_marks (GmlCanvas *self,
                GmlScene  *scene)
{
  static const GmlPainterMarkStyle styles[] = {
    [GML_PICK_PICKED] = GML_PAINTER_MARK_PICKED,
    [GML_PICK_RIGHT] = GML_PAINTER_MARK_RIGHT,
    [GML_PICK_WRONG] = GML_PAINTER_MARK_WRONG,
    [GML_PICK_MISSED] = GML_PAINTER_MARK_MISSED,
    [GML_PICK_ANSWER] = GML_PAINTER_MARK_ANSWER,
  };

  for (guint i = 0; i < scene->objects->len; i++)
    {
      GmlPickMark mark = gml_lesson_get_pick_mark (self->lesson, gml_scene_object (scene, i)->addr);

      if (mark != GML_PICK_NONE)
        add_mark (self, GML_SCENE_ITEM_OBJECT, i, styles[mark]);
    }
}

/* The marks of the scene shown, rebuilt when the scene or the lesson
 * changes. */
static void
update_marks (GmlCanvas *self)
{
  if (!self->marks_dirty)
    return;
  self->marks_dirty = FALSE;
  g_array_set_size (self->marks, 0);
  if (self->lesson == NULL || self->scene == NULL || self->mode != GML_PAINTER_OBJECTS)
    return;
  if (gml_lesson_has_highlights (self->lesson))
    add_highlights (self, self->scene);
  if (gml_lesson_has_pick_marks (self->lesson))
    add_pick_marks (self, self->scene);
}

static void
lesson_marks_changed_cb (GmlCanvas *self)
{
  self->marks_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_lesson (GmlCanvas *self,
            GmlLesson *lesson)
{
  if (self->lesson == lesson)
    return;
  if (self->lesson != NULL)
    g_signal_handlers_disconnect_by_data (self->lesson, self);
  g_set_object (&self->lesson, lesson);
  if (lesson != NULL)
    {
      g_signal_connect_object (lesson, "changed", G_CALLBACK (lesson_marks_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (lesson, "quiz-changed", G_CALLBACK (lesson_marks_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  lesson_marks_changed_cb (self);
}

static void
session_lesson_changed_cb (GmlCanvas *self)
{
  set_lesson (self, self->session != NULL ? gml_session_get_lesson (self->session) : NULL);
}

/* Scrolling -------------------------------------------------------------- */

static void
content_size (GmlCanvas *self,
              double    *width,
              double    *height)
{
  *width = *height = 0;
  if (self->scene != NULL)
    gml_painter_get_size (self->painter, self->scene, self->mode, width, height);
  *width = *width * zoom (self) + 2 * MARGIN;
  *height = *height * zoom (self) + 2 * MARGIN + BOTTOM_ROOM;
}

static void
configure_adjustment (GtkAdjustment *adj,
                      double         value,
                      double         content,
                      double         page)
{
  double upper = MAX (content, page);

  if (adj == NULL)
    return;
  gtk_adjustment_configure (adj, CLAMP (value, 0, upper - page), 0, upper,
                            page * 0.1, page * 0.9, page);
}

static void
configure_adjustments (GmlCanvas *self)
{
  double cw, ch;

  content_size (self, &cw, &ch);
  configure_adjustment (self->hadjustment, self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0,
                        cw, gtk_widget_get_width (GTK_WIDGET (self)));
  configure_adjustment (self->vadjustment, self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0,
                        ch, gtk_widget_get_height (GTK_WIDGET (self)));
}

static double
scroll_x (GmlCanvas *self)
{
  return self->hadjustment != NULL ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
scroll_y (GmlCanvas *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

/* Widget point -> canvas units. */
static void
to_content (GmlCanvas *self,
            double     x,
            double     y,
            double    *cx,
            double    *cy)
{
  *cx = (x + scroll_x (self) - MARGIN) / zoom (self);
  *cy = (y + scroll_y (self) - MARGIN) / zoom (self);
}

static void
adjustment_value_changed_cb (GmlCanvas     *self,
                             GtkAdjustment *adj)
{
  invalidate (self);
}

static void
set_adjustment (GmlCanvas      *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adj)
{
  if (adj == NULL)
    adj = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adj)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
  g_set_object (slot, adj);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (adjustment_value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  configure_adjustments (self);
}

/* Zoom ------------------------------------------------------------------- */

/* Keeps the content under the anchor in place after a zoom change. */
static void
apply_zoom (GmlCanvas *self,
            double     anchor_x,
            double     anchor_y)
{
  double old = self->applied_zoom, now = zoom (self);
  double cx = (anchor_x + scroll_x (self) - MARGIN) / old;
  double cy = (anchor_y + scroll_y (self) - MARGIN) / old;

  self->applied_zoom = now;
  configure_adjustments (self);
  if (self->hadjustment != NULL)
    gtk_adjustment_set_value (self->hadjustment, cx * now + MARGIN - anchor_x);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, cy * now + MARGIN - anchor_y);
  invalidate (self);
}

void
gml_canvas_zoom_at (GmlCanvas *self,
                    double     factor,
                    double     x,
                    double     y)
{
  g_return_if_fail (GML_IS_CANVAS (self));

  if (self->session == NULL)
    return;
  /* The notify handler anchors at the centre; do it here at (x, y). */
  g_signal_handlers_block_matched (self->session, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gml_session_set_zoom (self->session, zoom (self) * factor);
  g_signal_handlers_unblock_matched (self->session, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  apply_zoom (self, x, y);
}

void
gml_canvas_zoom_to_fit (GmlCanvas *self)
{
  double w, h, fit;

  g_return_if_fail (GML_IS_CANVAS (self));

  if (self->session == NULL || self->scene == NULL)
    return;
  gml_painter_get_size (self->painter, self->scene, self->mode, &w, &h);
  fit = MIN ((gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN) / MAX (w, 1),
             (gtk_widget_get_height (GTK_WIDGET (self)) - 2 * MARGIN) / MAX (h, 1));
  gml_session_set_zoom (self->session, MIN (fit, 1.5));
  if (self->hadjustment != NULL)
    gtk_adjustment_set_value (self->hadjustment, 0);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, 0);
}

/* Layout and transitions ------------------------------------------------- */

static gboolean
metrics_equal (const GmlSceneMetrics *a,
               const GmlSceneMetrics *b)
{
  return a->char_width == b->char_width && a->line_height == b->line_height;
}

static void
layout_scene (GmlCanvas *self,
              GmlScene  *scene)
{
  double width = MAX (gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN, 200);

  gml_scene_layout_for_width (scene, gml_painter_get_metrics (self->painter), width);
  self->laid_width = width;
}

static void
stop_animation (GmlCanvas *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_pointer (&self->transition, gml_scene_transition_free);
  self->t = 1;
}

static double
ease_out (double t)
{
  return 1 - pow (1 - t, 3);
}

static gboolean
animation_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  GmlCanvas *self = GML_CANVAS (widget);
  double elapsed = (gdk_frame_clock_get_frame_time (clock) - self->anim_start) / 1000.0;

  if (self->anim_start == 0)
    {
      self->anim_start = gdk_frame_clock_get_frame_time (clock);
      elapsed = 0;
    }
  self->t = ease_out (CLAMP (elapsed / self->anim_ms, 0, 1));
  invalidate (self);
  if (self->t < 1)
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  g_clear_pointer (&self->transition, gml_scene_transition_free);
  return G_SOURCE_REMOVE;
}

static gboolean
animations_enabled (GmlCanvas *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled && gtk_widget_get_mapped (GTK_WIDGET (self));
}

/* Shorter than a step of playback, or none at all. */
static double
animation_ms (GmlCanvas *self)
{
  double ms = ANIMATION_MS;

  if (gml_session_get_playing (self->session))
    ms = MIN (ms, 850.0 / gml_session_get_speed (self->session));
  return ms;
}

static void
start_transition (GmlCanvas *self,
                  GmlScene  *from)
{
  stop_animation (self);
  if (from == NULL || from == self->scene || self->mode != GML_PAINTER_OBJECTS ||
      !metrics_equal (&from->metrics, &self->scene->metrics) || !animations_enabled (self))
    return;
  self->anim_ms = animation_ms (self);
  if (self->anim_ms < MIN_ANIMATION_MS)
    return;

  self->transition = gml_scene_transition_new (from, self->scene);
  self->anim_start = 0;
  self->t = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick_cb, NULL, NULL);
}

static void
update_accessible (GmlCanvas *self)
{
  const char *description = self->scene != NULL ? self->scene->description : "";

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
scene_changed_cb (GmlCanvas  *self,
                  GParamSpec *pspec,
                  GmlSession *session)
{
  GmlScene *scene = gml_session_get_scene (session);
  g_autoptr (GmlScene) from = g_steal_pointer (&self->scene);

  if (scene == NULL)
    {
      stop_animation (self);
      invalidate (self);
      return;
    }
  self->scene = gml_scene_ref (scene);
  self->marks_dirty = TRUE;
  layout_scene (self, self->scene);
  start_transition (self, from);
  self->hover_kind = GML_SCENE_ITEM_NONE;
  configure_adjustments (self);
  update_accessible (self);
  invalidate (self);
}

static void
relayout (GmlCanvas *self)
{
  stop_animation (self);
  if (self->scene != NULL)
    layout_scene (self, self->scene);
  configure_adjustments (self);
  invalidate (self);
}

/* Style ------------------------------------------------------------------ */

static void
update_painter (GmlCanvas *self)
{
  gboolean presenting = self->session != NULL && gml_session_get_presentation (self->session);
  GmlPalette palette;

  gml_palette_init_for_style (&palette, adw_style_manager_get_default ());
  gml_painter_set_palette (self->painter, &palette);
  gml_painter_set_context (self->painter, gtk_widget_get_pango_context (GTK_WIDGET (self)),
                           presenting ? PRESENTATION_TEXT_SCALE : 1.0);
  gml_painter_set_stroke_scale (self->painter, presenting ? PRESENTATION_STROKE_SCALE : 1.0);
  relayout (self);
}

static void
style_changed_cb (GmlCanvas *self)
{
  update_painter (self);
}

/* Selection -------------------------------------------------------------- */

static GmlSceneItemKind
selected_item (GmlCanvas *self,
               guint32   *index)
{
  guint64 id;

  if (self->session == NULL || self->scene == NULL)
    return GML_SCENE_ITEM_NONE;
  id = gml_session_get_selection_id (self->session);
  switch (gml_session_get_selection_kind (self->session))
    {
    case GML_SELECTION_GOROUTINE:
      return gml_scene_find_goroutine (self->scene, id, index) ? GML_SCENE_ITEM_GOROUTINE : GML_SCENE_ITEM_NONE;
    case GML_SELECTION_FRAME:
      return gml_scene_find_frame (self->scene, id, index) ? GML_SCENE_ITEM_FRAME : GML_SCENE_ITEM_NONE;
    case GML_SELECTION_VARIABLE:
      if (gml_scene_find_slot (self->scene, id, index))
        return GML_SCENE_ITEM_SLOT;
      return gml_scene_find_global (self->scene, id, index) ? GML_SCENE_ITEM_GLOBAL : GML_SCENE_ITEM_NONE;
    case GML_SELECTION_OBJECT:
      return gml_scene_find_object (self->scene, id, index) ? GML_SCENE_ITEM_OBJECT : GML_SCENE_ITEM_NONE;
    case GML_SELECTION_NONE:
    default:
      return GML_SCENE_ITEM_NONE;
    }
}

GmlSceneItemKind
gml_canvas_get_selected (GmlCanvas *self,
                         guint32   *index)
{
  guint32 dummy;

  g_return_val_if_fail (GML_IS_CANVAS (self), GML_SCENE_ITEM_NONE);

  return selected_item (self, index != NULL ? index : &dummy);
}

static void
select_item (GmlCanvas        *self,
             GmlSceneItemKind  kind,
             guint32           index)
{
  GmlScene *scene = self->scene;

  switch (kind)
    {
    case GML_SCENE_ITEM_GOROUTINE:
      gml_session_select (self->session, GML_SELECTION_GOROUTINE, gml_scene_goroutine (scene, index)->goid);
      break;
    case GML_SCENE_ITEM_FRAME:
      gml_session_select (self->session, GML_SELECTION_FRAME, gml_scene_frame (scene, index)->fp);
      break;
    case GML_SCENE_ITEM_SLOT:
      gml_session_select (self->session, GML_SELECTION_VARIABLE, gml_scene_slot (scene, index)->addr);
      break;
    case GML_SCENE_ITEM_GLOBAL:
      gml_session_select (self->session, GML_SELECTION_VARIABLE, gml_scene_global (scene, index)->addr);
      break;
    case GML_SCENE_ITEM_FIELD:
      gml_session_select (self->session, GML_SELECTION_OBJECT,
                          gml_scene_object (scene, gml_scene_field (scene, index)->owner)->addr);
      break;
    case GML_SCENE_ITEM_OBJECT:
      gml_session_select (self->session, GML_SELECTION_OBJECT, gml_scene_object (scene, index)->addr);
      break;
    case GML_SCENE_ITEM_SPAN:
    case GML_SCENE_ITEM_NONE:
    default:
      gml_session_select (self->session, GML_SELECTION_NONE, 0);
      break;
    }
}

/* While a pick quiz takes answers, a click on an object (or one of its
 * fields) picks it or unpicks it. */
static gboolean
pick_item (GmlCanvas        *self,
           GmlSceneItemKind  kind,
           guint32           index)
{
  GmlSceneObject *object;

  if (self->lesson == NULL || gml_lesson_get_active_pick (self->lesson) < 0)
    return FALSE;
  if (kind == GML_SCENE_ITEM_FIELD)
    {
      kind = GML_SCENE_ITEM_OBJECT;
      index = gml_scene_field (self->scene, index)->owner;
    }
  if (kind != GML_SCENE_ITEM_OBJECT)
    return FALSE;
  object = gml_scene_object (self->scene, index);
  return gml_lesson_toggle_pick (self->lesson, object->addr);
}

/* Double-clicking a pointer follows it. */
static void
follow_pointer (GmlCanvas        *self,
                GmlSceneItemKind  kind,
                guint32           index)
{
  GmlSceneSlot *slot;
  guint32 target;

  if (kind != GML_SCENE_ITEM_SLOT && kind != GML_SCENE_ITEM_FIELD && kind != GML_SCENE_ITEM_GLOBAL)
    return;
  slot = kind == GML_SCENE_ITEM_SLOT ? gml_scene_slot (self->scene, index)
         : kind == GML_SCENE_ITEM_GLOBAL ? gml_scene_global (self->scene, index)
         : gml_scene_field (self->scene, index);
  if (slot->target == 0 || !gml_scene_find_object (self->scene, slot->target, &target))
    return;
  gml_session_select (self->session, GML_SELECTION_OBJECT, gml_scene_object (self->scene, target)->addr);
  gml_canvas_reveal (self, GML_SCENE_ITEM_OBJECT, target);
}

static void
selection_changed_cb (GmlCanvas *self)
{
  marks_changed (self);
}

/* Session ---------------------------------------------------------------- */

static void
zoom_changed_cb (GmlCanvas *self)
{
  apply_zoom (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
              gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
gml_canvas_set_session (GmlCanvas  *self,
                        GmlSession *session)
{
  g_return_if_fail (GML_IS_CANVAS (self));
  g_return_if_fail (session == NULL || GML_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  session_lesson_changed_cb (self);
  stop_animation (self);
  g_clear_pointer (&self->scene, gml_scene_unref);
  self->applied_zoom = zoom (self);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::scene", G_CALLBACK (scene_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::zoom", G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::presentation", G_CALLBACK (update_painter), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::selection-id", G_CALLBACK (selection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::selection-kind", G_CALLBACK (selection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::lesson", G_CALLBACK (session_lesson_changed_cb), self,
                               G_CONNECT_SWAPPED);
      update_painter (self);
      if (gml_session_get_scene (session) != NULL)
        scene_changed_cb (self, NULL, session);
    }
  configure_adjustments (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* Input ------------------------------------------------------------------ */

static GmlSceneItemKind
hit (GmlCanvas *self,
     double     x,
     double     y,
     guint32   *index)
{
  double cx, cy;

  if (self->scene == NULL || self->mode != GML_PAINTER_OBJECTS)
    return GML_SCENE_ITEM_NONE;
  to_content (self, x, y, &cx, &cy);
  return gml_scene_hit (self->scene, cx, cy, index);
}

static void
motion_cb (GmlCanvas                *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  guint32 index = 0;
  GmlSceneItemKind kind;

  self->pointer_x = x;
  self->pointer_y = y;
  kind = hit (self, x, y, &index);
  if (kind == GML_SCENE_ITEM_SPAN)
    kind = GML_SCENE_ITEM_NONE;
  if (kind == self->hover_kind && index == self->hover)
    return;
  self->hover_kind = kind;
  self->hover = index;
  marks_changed (self);
}

static void
leave_cb (GmlCanvas *self)
{
  if (self->hover_kind == GML_SCENE_ITEM_NONE)
    return;
  self->hover_kind = GML_SCENE_ITEM_NONE;
  marks_changed (self);
}

static void
click_released_cb (GmlCanvas       *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  guint32 index = 0;
  GmlSceneItemKind kind = hit (self, x, y, &index);

  if (self->session == NULL || self->scene == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    follow_pointer (self, kind, index);
  else
    {
      pick_item (self, kind, index);
      select_item (self, kind, index);
    }
}

static void
drag_begin_cb (GmlCanvas      *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  self->drag_h = scroll_x (self);
  self->drag_v = scroll_y (self);
}

static void
drag_update_cb (GmlCanvas      *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  if (fabs (dx) < 4 && fabs (dy) < 4)
    return;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  if (self->hadjustment != NULL)
    gtk_adjustment_set_value (self->hadjustment, self->drag_h - dx);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, self->drag_v - dy);
}

static void
drag_end_cb (GmlCanvas      *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

/* Ctrl+scroll zooms around the pointer; plain scrolling is left to the
 * GtkScrolledWindow. */
static gboolean
scroll_cb (GmlCanvas                *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double step;

  if (!(state & GDK_CONTROL_MASK))
    return FALSE;
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL ? 0.15 : 0.01;
  gml_canvas_zoom_at (self, exp (-dy * step), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
zoom_begin_cb (GmlCanvas      *self,
               GdkEventSequence *sequence,
               GtkGestureZoom *gesture)
{
  self->gesture_zoom = zoom (self);
}

static void
zoom_scale_changed_cb (GmlCanvas      *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  gml_canvas_zoom_at (self, self->gesture_zoom * scale / zoom (self), x, y);
}

static const char *
color_phrase (GmlSceneGcColor color)
{
  switch (color)
    {
    case GML_SCENE_GC_WHITE:
      return _("white: not reached yet (garbage unless marked before the cycle ends)");
    case GML_SCENE_GC_GREY:
      return _("grey: reached, its pointers not scanned yet");
    case GML_SCENE_GC_BLACK:
      return _("black: reached and scanned; it survives this cycle");
    case GML_SCENE_GC_NONE:
    default:
      return NULL;
    }
}

static char *
describe_item (GmlCanvas        *self,
               GmlSceneItemKind  kind,
               guint32           index)
{
  GmlScene *scene = self->scene;

  switch (kind)
    {
    case GML_SCENE_ITEM_SLOT:
    case GML_SCENE_ITEM_FIELD:
    case GML_SCENE_ITEM_GLOBAL:
      {
        GmlSceneSlot *s = kind == GML_SCENE_ITEM_SLOT ? gml_scene_slot (scene, index)
                          : kind == GML_SCENE_ITEM_GLOBAL ? gml_scene_global (scene, index)
                          : gml_scene_field (scene, index);

        if (s->flags & GML_SCENE_MORE)
          return NULL;
        if (s->flags & GML_SCENE_MOVED)
          return g_strdup_printf (_("%s %s was moved to the heap: this slot holds its address (0x%" G_GINT64_MODIFIER "x)"),
                                  s->name, s->type, s->target);
        return g_strdup_printf (_("%s %s = %s\nat 0x%" G_GINT64_MODIFIER "x"), s->name, s->type, s->value, s->addr);
      }
    case GML_SCENE_ITEM_OBJECT:
      {
        GmlSceneObject *o = gml_scene_object (scene, index);
        g_autofree char *size = gml_scene_format_bytes (o->size);
        const char *color = color_phrase (o->color);

        return g_strdup_printf ("%s, %s at 0x%" G_GINT64_MODIFIER "x%s%s", o->type, size, o->addr,
                                color != NULL ? "\n" : "", color != NULL ? color : "");
      }
    case GML_SCENE_ITEM_FRAME:
      {
        GmlSceneFrame *f = gml_scene_frame (scene, index);

        return g_strdup_printf (_("Frame of %s, %" G_GUINT64_FORMAT " bytes"), f->func, f->fp + 16 - f->sp);
      }
    case GML_SCENE_ITEM_GOROUTINE:
      {
        GmlSceneGoroutine *g = gml_scene_goroutine (scene, index);

        return g_strdup_printf (_("Goroutine %" G_GUINT64_FORMAT " (%s): %" G_GUINT64_FORMAT " frames"),
                                g->goid, g->entry, g->n_frames);
      }
    case GML_SCENE_ITEM_SPAN:
    case GML_SCENE_ITEM_NONE:
    default:
      return NULL;
    }
}

static gboolean
query_tooltip_cb (GmlCanvas  *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  guint32 index = 0;
  GmlSceneItemKind kind = hit (self, x, y, &index);
  g_autofree char *text = describe_item (self, kind, index);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Public ------------------------------------------------------------------ */

static gboolean
item_rect (GmlCanvas        *self,
           GmlSceneItemKind  kind,
           guint32           index,
           GmlSceneRect     *r)
{
  GmlScene *scene = self->scene;

  if (scene == NULL)
    return FALSE;
  switch (kind)
    {
    case GML_SCENE_ITEM_GOROUTINE:
      *r = gml_scene_goroutine (scene, index)->rect;
      return index < scene->goroutines->len;
    case GML_SCENE_ITEM_FRAME:
      *r = gml_scene_frame (scene, index)->rect;
      return index < scene->frames->len;
    case GML_SCENE_ITEM_SLOT:
      *r = gml_scene_slot (scene, index)->rect;
      return index < scene->slots->len;
    case GML_SCENE_ITEM_OBJECT:
      *r = gml_scene_object (scene, index)->rect;
      return index < scene->objects->len;
    case GML_SCENE_ITEM_FIELD:
      *r = gml_scene_field (scene, index)->rect;
      return index < scene->fields->len;
    case GML_SCENE_ITEM_SPAN:
      *r = gml_scene_span (scene, index)->rect;
      return index < scene->spans->len;
    case GML_SCENE_ITEM_GLOBAL:
      *r = gml_scene_global (scene, index)->rect;
      return index < scene->globals->len;
    case GML_SCENE_ITEM_NONE:
    default:
      return FALSE;
    }
}

gboolean
gml_canvas_item_point (GmlCanvas        *self,
                       GmlSceneItemKind  kind,
                       guint32           index,
                       double           *x,
                       double           *y)
{
  GmlSceneRect r;

  g_return_val_if_fail (GML_IS_CANVAS (self), FALSE);

  if (!item_rect (self, kind, index, &r))
    return FALSE;
  *x = (r.x + r.width / 2) * zoom (self) + MARGIN - scroll_x (self);
  *y = (r.y + r.height / 2) * zoom (self) + MARGIN - scroll_y (self);
  return TRUE;
}

void
gml_canvas_reveal (GmlCanvas        *self,
                   GmlSceneItemKind  kind,
                   guint32           index)
{
  GmlSceneRect r;
  double z = zoom (self), w, h, x0, y0, x1, y1;

  g_return_if_fail (GML_IS_CANVAS (self));

  if (!item_rect (self, kind, index, &r) || self->hadjustment == NULL || self->vadjustment == NULL)
    return;
  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  x0 = r.x * z + MARGIN - MARGIN;
  y0 = r.y * z + MARGIN - MARGIN;
  x1 = (r.x + r.width) * z + 2 * MARGIN;
  y1 = (r.y + r.height) * z + 2 * MARGIN;
  if (x0 < scroll_x (self) || x1 > scroll_x (self) + w)
    gtk_adjustment_set_value (self->hadjustment, x1 - x0 > w ? x0 : x0 - (w - (x1 - x0)) / 2);
  if (y0 < scroll_y (self) || y1 > scroll_y (self) + h)
    gtk_adjustment_set_value (self->vadjustment, y1 - y0 > h ? y0 : y0 - (h - (y1 - y0)) / 2);
}

GmlSession *
gml_canvas_get_session (GmlCanvas *self)
{
  g_return_val_if_fail (GML_IS_CANVAS (self), NULL);
  return self->session;
}

GmlPainterMode
gml_canvas_get_mode (GmlCanvas *self)
{
  g_return_val_if_fail (GML_IS_CANVAS (self), GML_PAINTER_OBJECTS);
  return self->mode;
}

void
gml_canvas_set_mode (GmlCanvas      *self,
                     GmlPainterMode  mode)
{
  g_return_if_fail (GML_IS_CANVAS (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  self->marks_dirty = TRUE;
  stop_animation (self);
  self->hover_kind = GML_SCENE_ITEM_NONE;
  configure_adjustments (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

GmlPainter *
gml_canvas_get_painter (GmlCanvas *self)
{
  g_return_val_if_fail (GML_IS_CANVAS (self), NULL);
  return self->painter;
}

const GmlPainterMark *
gml_canvas_get_marks (GmlCanvas *self,
                      guint     *n_marks)
{
  g_return_val_if_fail (GML_IS_CANVAS (self), NULL);

  update_marks (self);
  if (n_marks != NULL)
    *n_marks = self->marks->len;
  return (const GmlPainterMark *) self->marks->data;
}

gboolean
gml_canvas_is_animating (GmlCanvas *self)
{
  g_return_val_if_fail (GML_IS_CANVAS (self), FALSE);
  return self->transition != NULL;
}

/* GtkWidget -------------------------------------------------------------- */

static gboolean
is_cairo_renderer (GmlCanvas *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

static void
make_view (GmlCanvas      *self,
           GmlPainterView *view)
{
  guint32 selected = 0;

  *view = (GmlPainterView) {
    .mode = self->mode,
    .zoom = zoom (self),
    .x = scroll_x (self) - MARGIN,
    .y = scroll_y (self) - MARGIN,
    .width = gtk_widget_get_width (GTK_WIDGET (self)),
    .height = gtk_widget_get_height (GTK_WIDGET (self)),
    .scale = gtk_widget_get_scale_factor (GTK_WIDGET (self)),
    .cairo_renderer = is_cairo_renderer (self),
    .transition = self->transition,
    .t = self->transition != NULL ? self->t : 1,
    .hover_kind = self->hover_kind,
    .hover = self->hover,
  };
  view->selected_kind = selected_item (self, &selected);
  view->selected = selected;
  update_marks (self);
  view->marks = (const GmlPainterMark *) self->marks->data;
  view->n_marks = self->marks->len;
}

static void
gml_canvas_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  GmlCanvas *self = GML_CANVAS (widget);
  GmlPainterView view;

  if (self->scene == NULL)
    return;

  make_view (self, &view);
  if (self->static_node == NULL)
    {
      GtkSnapshot *layer = gtk_snapshot_new ();

      gml_painter_draw (self->painter, layer, self->scene, &view);
      self->static_node = gtk_snapshot_free_to_node (layer);
    }
  if (self->static_node != NULL)
    gtk_snapshot_append_node (snapshot, self->static_node);
  gml_painter_draw_marks (self->painter, snapshot, self->scene, &view);
}

static void
gml_canvas_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  GmlCanvas *self = GML_CANVAS (widget);

  if (self->scene != NULL && fabs (MAX (width - 2 * MARGIN, 200) - self->laid_width) > 0.5)
    relayout (self);
  configure_adjustments (self);
  invalidate (self);
}

static void
gml_canvas_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  *minimum = 100;
  *natural = 400;
}

static void
gml_canvas_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gml_canvas_parent_class)->root (widget);
  update_painter (GML_CANVAS (widget));
}

/* GObject ---------------------------------------------------------------- */

static void
gml_canvas_dispose (GObject *object)
{
  GmlCanvas *self = GML_CANVAS (object);

  stop_animation (self);
  gml_canvas_set_session (self, NULL);
  set_lesson (self, NULL);
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (gml_canvas_parent_class)->dispose (object);
}

static void
gml_canvas_finalize (GObject *object)
{
  GmlCanvas *self = GML_CANVAS (object);

  g_clear_pointer (&self->painter, gml_painter_free);
  g_array_unref (self->marks);

  G_OBJECT_CLASS (gml_canvas_parent_class)->finalize (object);
}

static void
gml_canvas_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GmlCanvas *self = GML_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_canvas_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GmlCanvas *self = GML_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gml_canvas_set_session (self, g_value_get_object (value));
      break;
    case PROP_MODE:
      gml_canvas_set_mode (self, g_value_get_int (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_canvas_scrollable_init (GtkScrollableInterface *iface)
{
}

static void
gml_canvas_class_init (GmlCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_canvas_dispose;
  object_class->finalize = gml_canvas_finalize;
  object_class->get_property = gml_canvas_get_property;
  object_class->set_property = gml_canvas_set_property;

  widget_class->snapshot = gml_canvas_snapshot;
  widget_class->size_allocate = gml_canvas_size_allocate;
  widget_class->measure = gml_canvas_measure;
  widget_class->root = gml_canvas_root;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GML_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, GML_PAINTER_OBJECTS, GML_PAINTER_ARENA, GML_PAINTER_OBJECTS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "memorycanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
add_controllers (GmlCanvas *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_swapped (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect_swapped (pinch, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect_swapped (pinch, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

static void
gml_canvas_init (GmlCanvas *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  self->painter = gml_painter_new (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  self->marks = g_array_new (FALSE, FALSE, sizeof (GmlPainterMark));
  self->applied_zoom = 1;
  self->t = 1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  add_controllers (self);

  g_signal_connect_object (style, "notify::dark", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-font-name",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-xft-dpi",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory view"),
                                  -1);
}

GtkWidget *
gml_canvas_new (void)
{
  return g_object_new (GML_TYPE_CANVAS, NULL);
}
