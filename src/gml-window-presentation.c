/* gml-window-presentation.c: presentation mode, zoom, views and keys.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Presentation mode (F5) is for projectors: full screen, header, side
 * panel (but for a lesson's page) and output hidden, the timeline down to its GC lane, larger text
 * and thicker strokes on the canvas and in the code, the screensaver
 * inhibited. Page Up and Page Down step (what presentation clickers
 * send), B or . blanks the screen, Esc leaves.
 *
 * Playback keys (Space, Left, Right, Home, End...) work wherever the
 * focus is, except where the focused widget needs them itself: text
 * entries, lists, and buttons for Space.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gml-window-private.h"

#define ZOOM_STEP 1.25
#define HINT_SECONDS 4

/* Presentation ----------------------------------------------------------- */

static gboolean
presenting (GmlWindow *self)
{
  return self->session != NULL && gml_session_get_presentation (self->session);
}

static void
set_blank (GmlWindow *self,
           gboolean   blank)
{
  gtk_widget_set_visible (self->blank, blank);
}

static gboolean
hide_hint_cb (gpointer data)
{
  GmlWindow *self = data;

  self->hint_source = 0;
  gtk_revealer_set_reveal_child (self->presentation_hint, FALSE);
  return G_SOURCE_REMOVE;
}

static void
show_hint (GmlWindow *self,
           gboolean   show)
{
  g_clear_handle_id (&self->hint_source, g_source_remove);
  gtk_revealer_set_reveal_child (self->presentation_hint, show);
  if (show)
    self->hint_source = g_timeout_add_seconds (HINT_SECONDS, hide_hint_cb, self);
}

static void
inhibit_idle (GmlWindow *self,
              gboolean   inhibit)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (inhibit && self->inhibit_cookie == 0 && app != NULL)
    self->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (self), GTK_APPLICATION_INHIBIT_IDLE,
                                                    _("Presenting"));
  else if (!inhibit && self->inhibit_cookie != 0)
    {
      if (app != NULL)
        gtk_application_uninhibit (app, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

/* Applies the session's presentation property to the window's chrome. */
static void
presentation_changed_cb (GmlWindow *self)
{
  gboolean on = presenting (self);

  gtk_revealer_set_reveal_child (self->header_revealer, !on);
  gtk_widget_set_visible (self->output_box, !on);
  gtk_widget_set_visible (self->view_controls, !on);
  gtk_widget_set_visible (self->zoom_controls, !on);
  gml_window_update_side_panel (self);
  gml_scrubber_set_compact (self->scrubber, on);
  if (on)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
      set_blank (self, FALSE);
    }
  inhibit_idle (self, on);
  show_hint (self, on);
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GmlWindow *self = GML_WINDOW (widget);

  if (self->session != NULL)
    gml_session_set_presentation (self->session, !presenting (self));
}

static void
leave_presentation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  GmlWindow *self = GML_WINDOW (widget);

  if (self->session != NULL)
    gml_session_set_presentation (self->session, FALSE);
}

static void
blank_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GmlWindow *self = GML_WINDOW (widget);

  set_blank (self, !gtk_widget_get_visible (self->blank));
}

/* Leaving full screen some other way (the window manager) ends the
 * presentation too. */
static void
fullscreened_cb (GmlWindow *self)
{
  if (!gtk_window_is_fullscreen (GTK_WINDOW (self)) && presenting (self))
    gml_session_set_presentation (self->session, FALSE);
}

/* Zoom and view ---------------------------------------------------------- */

void
gml_window_session_zoom_changed (GmlWindow *self)
{
  g_autofree char *label = NULL;

  if (self->session == NULL)
    return;
  label = g_strdup_printf ("%.0f%%", gml_session_get_zoom (self->session) * 100);
  gtk_button_set_label (self->zoom_button, label);
}

static void
zoom_by (GmlWindow *self,
         double     factor)
{
  GtkWidget *canvas = GTK_WIDGET (self->canvas);

  gml_canvas_zoom_at (self->canvas, factor, gtk_widget_get_width (canvas) / 2.0,
                      gtk_widget_get_height (canvas) / 2.0);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GmlWindow *self = GML_WINDOW (widget);

  if (self->session == NULL)
    return;
  if (g_str_equal (action_name, "win.zoom-in"))
    zoom_by (self, ZOOM_STEP);
  else if (g_str_equal (action_name, "win.zoom-out"))
    zoom_by (self, 1 / ZOOM_STEP);
  else if (g_str_equal (action_name, "win.zoom-reset"))
    zoom_by (self, 1 / gml_session_get_zoom (self->session));
  else
    gml_canvas_zoom_to_fit (self->canvas);
}

/* win.view and win.show-side-panel are property actions on these. */
const char *
gml_window_get_view (GmlWindow *self)
{
  /* Asked for while the template is being built, before it is bound. */
  if (self->canvas == NULL)
    return "objects";
  return gml_canvas_get_mode (self->canvas) == GML_PAINTER_ARENA ? "arena" : "objects";
}

void
gml_window_set_view (GmlWindow  *self,
                     const char *view)
{
  GmlPainterMode mode = g_strcmp0 (view, "arena") == 0 ? GML_PAINTER_ARENA : GML_PAINTER_OBJECTS;

  if (gml_canvas_get_mode (self->canvas) == mode)
    return;
  gml_canvas_set_mode (self->canvas, mode);
  g_object_notify (G_OBJECT (self), "view");
}

gboolean
gml_window_get_show_side_panel (GmlWindow *self)
{
  return self->show_side_panel;
}

void
gml_window_set_show_side_panel (GmlWindow *self,
                                gboolean   show)
{
  show = !!show;
  if (self->show_side_panel == show)
    return;
  self->show_side_panel = show;
  if (self->side_panel != NULL)
    gml_window_update_side_panel (self);
  g_object_notify (G_OBJECT (self), "show-side-panel");
}

/* Keys ------------------------------------------------------------------- */

typedef enum
{
  KEY_ALWAYS     = 0,
  KEY_NOT_LISTS  = 1 << 0,   /* lists and text entries use it */
  KEY_NOT_BUTTON = 1 << 1,   /* a focused button uses it (Space) */
  KEY_PRESENTING = 1 << 2,   /* only in presentation mode */
} KeyScope;

static const struct {
  const char *trigger;
  const char *action;
  KeyScope    scope;
} keys[] = {
  { "space", "player.play", KEY_NOT_LISTS | KEY_NOT_BUTTON },
  { "Left", "player.step-back", KEY_NOT_LISTS },
  { "Right", "player.step-forward", KEY_NOT_LISTS },
  { "Page_Up", "player.step-back", KEY_NOT_LISTS },
  { "Page_Down", "player.step-forward", KEY_NOT_LISTS },
  { "<Shift>Left", "player.previous-gc", KEY_NOT_LISTS },
  { "<Shift>Right", "player.next-gc", KEY_NOT_LISTS },
  { "<Control>Right", "player.step-over", KEY_NOT_LISTS },
  { "<Control>Up", "player.step-out", KEY_NOT_LISTS },
  { "Home", "player.start", KEY_NOT_LISTS },
  { "End", "player.end", KEY_NOT_LISTS },
  { "bracketleft", "player.slower", KEY_NOT_LISTS },
  { "bracketright", "player.faster", KEY_NOT_LISTS },
  { "F8", "player.continue", KEY_ALWAYS },
  { "f", "win.zoom-fit", KEY_NOT_LISTS },
  { "<Control>plus", "win.zoom-in", KEY_ALWAYS },
  { "<Control>equal", "win.zoom-in", KEY_ALWAYS },
  { "<Control>KP_Add", "win.zoom-in", KEY_ALWAYS },
  { "<Control>minus", "win.zoom-out", KEY_ALWAYS },
  { "<Control>KP_Subtract", "win.zoom-out", KEY_ALWAYS },
  { "<Control>0", "win.zoom-reset", KEY_ALWAYS },
  { "<Control>KP_0", "win.zoom-reset", KEY_ALWAYS },
  { "F5", "win.present", KEY_ALWAYS },
  { "F11", "win.present", KEY_ALWAYS },
  { "F9", "win.show-side-panel", KEY_ALWAYS },
  { "Escape", "win.leave-presentation", KEY_PRESENTING },
  { "b", "win.blank", KEY_PRESENTING },
  { "period", "win.blank", KEY_PRESENTING },
};

static gboolean
focus_wants_key (GmlWindow *self,
                 KeyScope   scope)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      if ((scope & KEY_NOT_LISTS) &&
          (GTK_IS_EDITABLE (w) || GTK_IS_LIST_VIEW (w) || GTK_IS_COLUMN_VIEW (w) ||
           GTK_IS_LIST_BOX (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_POPOVER (w)))
        return TRUE;
      if ((scope & KEY_NOT_BUTTON) && w == focus &&
          (GTK_IS_BUTTON (w) || GTK_IS_CHECK_BUTTON (w) || GTK_IS_SWITCH (w)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
key_cb (GtkWidget *widget,
        GVariant  *args,
        gpointer   user_data)
{
  GmlWindow *self = GML_WINDOW (widget);
  guint i = GPOINTER_TO_UINT (user_data);

  if ((keys[i].scope & KEY_PRESENTING) && !presenting (self))
    return FALSE;
  /* On the course page the keys scroll and move through the page; the
   * program behind it does not play or step. */
  if (gtk_stack_get_visible_child (self->main_stack) == GTK_WIDGET (self->start_page) &&
      g_str_has_prefix (keys[i].action, "player."))
    return FALSE;
  if (focus_wants_key (self, keys[i].scope))
    return FALSE;
  return gtk_widget_activate_action (widget, keys[i].action, NULL);
}

static void
add_key_controller (GmlWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Capture phase: before the focused widget, which decides in key_cb. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "gml-playback-keys");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                            gtk_callback_action_new (key_cb, GUINT_TO_POINTER (i), NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Set-up ----------------------------------------------------------------- */

void
gml_window_presentation_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "win.leave-presentation", NULL, leave_presentation_action);
  gtk_widget_class_install_action (widget_class, "win.blank", NULL, blank_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  gtk_widget_class_install_property_action (widget_class, "win.show-side-panel", "show-side-panel");
}

void
gml_window_presentation_init (GmlWindow *self)
{
  add_key_controller (self);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (fullscreened_cb), NULL);
}

/* Called when the window's session changes. */
void
gml_window_presentation_watch (GmlWindow  *self,
                               GmlSession *session)
{
  g_signal_connect_object (session, "notify::presentation", G_CALLBACK (presentation_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
gml_window_presentation_dispose (GmlWindow *self)
{
  g_clear_handle_id (&self->hint_source, g_source_remove);
  inhibit_idle (self, FALSE);
}
