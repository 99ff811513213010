/* gml-window-player.c: the main window shows a run.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a program creates a GmlSession; every panel observes it. This
 * file connects them: the canvas page (loading, compile errors, canvas),
 * the code view's current lines and gutters, the transport, the speed
 * menu, playback on the window's frame clock, and the GC chip.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gml-gc.h"
#include "gml-gtk-fixes.h"
#include "gml-window-private.h"

#ifdef HAVE_GML_ESCAPE
#include "gml-escape.h"
#endif

/* The speed menu: steps per second. */
static const struct {
  double      speed;
  const char *label;
} speeds[] = {
  { 0.5, N_("½ step/s") },
  { 1, N_("1 step/s") },
  { 2, N_("2 steps/s") },
  { 4, N_("4 steps/s") },
  { 8, N_("8 steps/s") },
  { 16, N_("16 steps/s") },
  { 32, N_("32 steps/s") },
  { 100, N_("100 steps/s") },
  { 1000, N_("1,000 steps/s") },
  { 10000, N_("10,000 steps/s") },
  { 100000, N_("100,000 steps/s") },
};

/* Code view -------------------------------------------------------------- */

static void
line_bounds (GtkTextBuffer *buffer,
             guint          line,
             GtkTextIter   *start,
             GtkTextIter   *end)
{
  gtk_text_buffer_get_iter_at_line (buffer, start, (int) line - 1);
  *end = *start;
  if (!gtk_text_iter_ends_line (end))
    gtk_text_iter_forward_to_line_end (end);
}

static void
tag_line (GmlWindow  *self,
          GtkTextTag *tag,
          guint       line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->code_buffer);
  GtkTextIter start, end;

  if (line == 0 || line > (guint) gtk_text_buffer_get_line_count (buffer))
    return;
  line_bounds (buffer, line, &start, &end);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
}

/* Brings the line into view, a little way from the edges.  Through a
 * mark: GtkTextView computes line heights in an idle, and scrolls to a
 * mark once they are known (an iter is placed with estimates, which hid
 * the current line just under the edge when a run opens).  Not before
 * the view has a height: GtkTextView would scroll a page of height 0,
 * sometimes past the end of the text.  The view keeps the line in view
 * as it gets or changes its size (code_view_resized_cb). */
static void
scroll_to_line (GmlWindow *self,
                guint      line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->code_buffer);
  GtkTextMark *mark;
  GtkTextIter iter;

  if (line == 0 || line > (guint) gtk_text_buffer_get_line_count (buffer))
    return;
  gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) line - 1);
  mark = gtk_text_buffer_get_mark (buffer, "gml-current-line");
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "gml-current-line", &iter, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &iter);
  if (gtk_adjustment_get_page_size (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->code_view))) > 0)
    gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->code_view), mark, 0.2, FALSE, 0, 0);
}

/* The panes settle, or the output pane is dragged: the current line
 * stays in view. */
static void
code_view_resized_cb (GmlWindow *self)
{
  GmlScene *scene = self->session != NULL ? gml_session_get_scene (self->session) : NULL;

  if (scene != NULL)
    scroll_to_line (self, scene->line);
}

/* The line each goroutine is at; the one running next stands out. */
static void
update_code_lines (GmlWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->code_buffer);
  GmlScene *scene = self->session != NULL ? gml_session_get_scene (self->session) : NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->current_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->other_tag, &start, &end);
  if (scene == NULL)
    return;

  for (guint i = 0; i < scene->goroutines->len; i++)
    {
      GmlSceneGoroutine *g = gml_scene_goroutine (scene, i);

      if (!(g->flags & (GML_SCENE_CURRENT | GML_SCENE_SYSTEM)))
        tag_line (self, self->other_tag, g->line);
    }
  tag_line (self, self->current_tag, scene->line);
  scroll_to_line (self, scene->line);
}

void
gml_window_update_code_style (GmlWindow *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (style);
  gboolean hc = adw_style_manager_get_high_contrast (style);
  GdkRGBA current, other, error;

  if (self->current_tag == NULL)
    return;
  gdk_rgba_parse (&current, dark ? "rgba(120,174,237,0.32)" : "rgba(53,132,228,0.22)");
  gdk_rgba_parse (&other, dark ? "rgba(255,255,255,0.09)" : "rgba(0,0,0,0.07)");
  gdk_rgba_parse (&error, dark ? "rgba(255,123,99,0.25)" : "rgba(224,27,36,0.15)");
  if (hc)
    current.alpha = other.alpha = 0.5;
  g_object_set (self->current_tag, "paragraph-background-rgba", &current, "weight", PANGO_WEIGHT_BOLD, NULL);
  g_object_set (self->other_tag, "paragraph-background-rgba", &other, NULL);
  g_object_set (self->error_tag, "paragraph-background-rgba", &error, "underline", PANGO_UNDERLINE_ERROR, NULL);
}

static void
setup_gutters (GmlWindow *self)
{
  GtkSourceGutter *gutter = gtk_source_view_get_gutter (self->code_view, GTK_TEXT_WINDOW_LEFT);

  self->marks_gutter = g_object_ref (gml_code_gutter_new (GML_CODE_GUTTER_MARKS));
  self->escape_gutter = g_object_ref (gml_code_gutter_new (GML_CODE_GUTTER_ESCAPE));
  /* Line numbers sit at -30 (GTK_SOURCE_VIEW_GUTTER_POSITION_LINES). */
  gtk_source_gutter_insert (gutter, self->marks_gutter, -40);
  gtk_source_gutter_insert (gutter, self->escape_gutter, -20);
}

/* Escape analysis in the gutter ------------------------------------------ */

#ifdef HAVE_GML_ESCAPE
/* One mark per line: "heap" if any decision on it is a heap one. */
static GArray *
escape_marks (GmlProgram *program)
{
  g_autoptr (GPtrArray) decisions = gml_escape_decisions (program, 0);
  GArray *marks = g_array_new (FALSE, TRUE, sizeof (GmlEscapeMark));
  GmlEscapeMark *mark = NULL;

  g_array_set_clear_func (marks, (GDestroyNotify) gml_escape_mark_clear);
  for (guint i = 0; decisions != NULL && i < decisions->len; i++)
    {
      const GmlEscapeDecision *d = g_ptr_array_index (decisions, i);

      if (d->kind == GML_ESCAPE_NOTE)
        continue;
      if (mark == NULL || mark->line != d->pos.line)
        {
          g_array_set_size (marks, marks->len + 1);
          mark = &g_array_index (marks, GmlEscapeMark, marks->len - 1);
          mark->line = d->pos.line;
        }
      mark->heap |= d->heap;
      mark->summary = mark->summary == NULL ? g_strdup (d->message)
                                            : g_strconcat (mark->summary, "\n", d->message, NULL);
      if (d->explanation != NULL && mark->explanation == NULL)
        mark->explanation = g_strdup (d->explanation);
    }
  return marks;
}
#endif

static void
update_escape_marks (GmlWindow *self)
{
  GmlTimeline *timeline = self->session != NULL ? gml_session_get_timeline (self->session) : NULL;
  g_autoptr (GArray) marks = NULL;

#ifdef HAVE_GML_ESCAPE
  if (timeline != NULL)
    marks = escape_marks (gml_timeline_get_program (timeline));
#endif
  (void) timeline;
  gml_code_gutter_set_escape_marks (GML_CODE_GUTTER (self->escape_gutter), marks);
  gtk_widget_queue_resize (GTK_WIDGET (self->code_view));
}

/* Compile errors --------------------------------------------------------- */

static void
diagnostic_activated_cb (GmlWindow     *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  guint line = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "line"));
  GtkTextIter iter;

  if (line == 0)
    return;
  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->code_buffer), &iter, (int) line - 1);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->code_buffer), &iter);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->code_view), &iter, 0.2, TRUE, 0, 0.3);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_view));
}

static void
show_diagnostics (GmlWindow *self)
{
  const GmlDiagList *diags = gml_session_get_diagnostics (self->session);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->diagnostics_list))) != NULL)
    gtk_list_box_remove (self->diagnostics_list, child);
  for (guint i = 0; diags != NULL && i < gml_diag_list_len (diags); i++)
    {
      const GmlDiag *d = gml_diag_list_get (diags, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *where = d->pos.line > 0 ? g_strdup_printf (_("Line %u, column %u"), d->pos.line, d->pos.col)
                                               : g_strdup (d->file);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), d->pos.line > 0);
      g_object_set_data (G_OBJECT (row), "line", GUINT_TO_POINTER (d->pos.line));
      gtk_list_box_append (self->diagnostics_list, row);
      tag_line (self, self->error_tag, d->pos.line);
    }
}

/* Status, position, GC chip ---------------------------------------------- */

static void
update_page (GmlWindow *self)
{
  GmlSessionStatus status = self->session != NULL ? gml_session_get_status (self->session) : GML_SESSION_EMPTY;
  const char *page = "loading";

  if (status == GML_SESSION_FAILED)
    page = "error";
  else if ((status == GML_SESSION_RUNNING || status == GML_SESSION_DONE) && gml_session_get_scene (self->session))
    page = "canvas";
  gtk_stack_set_visible_child_name (self->canvas_stack, page);
  gtk_widget_set_visible (self->legend, g_str_equal (page, "canvas"));
  gtk_widget_set_visible (self->canvas_toolbar, g_str_equal (page, "canvas"));
}

static void
update_position (GmlWindow *self)
{
  GmlScene *scene = self->session != NULL ? gml_session_get_scene (self->session) : NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  if (scene == NULL)
    {
      gtk_label_set_text (self->position_label, "");
      return;
    }
  /* Translators: the playhead: a step and the number of steps recorded. */
  g_string_append_printf (text, _("Step %'" G_GUINT64_FORMAT " of %'" G_GUINT64_FORMAT),
                          gml_session_get_playhead (self->session), gml_session_get_n_steps (self->session));
  if (scene->line > 0)
    g_string_append_printf (text, _(" · line %u"), scene->line);
  else if (scene->gc.phase_id != GML_GC_OFF)
    g_string_append (text, _(" · the collector is working"));
  if (gml_session_get_status (self->session) == GML_SESSION_RUNNING)
    g_string_append (text, _(" · recording…"));
  gtk_label_set_text (self->position_label, text->str);
}

static void
update_gc_chip (GmlWindow *self)
{
  GmlScene *scene = self->session != NULL ? gml_session_get_scene (self->session) : NULL;
  static const char *classes[] = { "idle", "stw", "mark", "stw", "sweep" };
  g_autofree char *text = NULL;

  if (scene == NULL || scene->gc.phase_id == GML_GC_OFF)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->gc_chip), FALSE);
      return;
    }
  /* Translators: the GC chip on the canvas: cycle number and phase. */
  text = g_strdup_printf (scene->gc.stop_the_world ? _("GC #%u · %s · world stopped") : _("GC #%u · %s"),
                          scene->gc.cycle, scene->gc.phase);
  gtk_label_set_text (self->gc_chip, text);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->gc_chip), classes[i]);
  if (scene->gc.phase_id < G_N_ELEMENTS (classes))
    gtk_widget_add_css_class (GTK_WIDGET (self->gc_chip), classes[scene->gc.phase_id]);
  gtk_widget_set_visible (GTK_WIDGET (self->gc_chip), TRUE);
}

static void
scene_changed_cb (GmlWindow *self)
{
  update_page (self);
  update_code_lines (self);
  update_position (self);
  update_gc_chip (self);
}

static void
status_changed_cb (GmlWindow *self)
{
  GmlSessionStatus status = gml_session_get_status (self->session);
  const char *end = gml_session_get_end_message (self->session);

  update_page (self);
  update_position (self);
  if (status == GML_SESSION_FAILED)
    {
      gml_window_scenario_failed (self);
      show_diagnostics (self);
    }
  if (status == GML_SESSION_RUNNING)
    update_escape_marks (self);
  if (status == GML_SESSION_DONE && end != NULL)
    gml_window_show_toast (self, end);
}

/* Playback on the frame clock -------------------------------------------- */

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GmlWindow *self = GML_WINDOW (widget);

  if (self->session == NULL || !gml_session_get_playing (self->session))
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  gml_session_tick (self->session, gdk_frame_clock_get_frame_time (clock));
  return G_SOURCE_CONTINUE;
}

/* A step over or out that takes a while says so, how far it has got,
 * and can be stopped. */
static char *
search_toast_title (GmlWindow *self)
{
  int percent = (int) (gml_session_get_search_fraction (self->session) * 100);

  /* Translators: a toast while step over/out replays the run; %d is a
   * percentage of the steps it has to look through. */
  return g_strdup_printf (_("Replaying the run until the call returns… %d%%"), percent);
}

static gboolean
update_search_toast_cb (gpointer data)
{
  GmlWindow *self = data;
  g_autofree char *title = search_toast_title (self);
  /* libadwaita 1.2 parses toast titles as Pango markup. */
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_toast_set_title (self->search_toast, escaped);
  return G_SOURCE_CONTINUE;
}

/* Closing the toast (its ×, or Escape) stops the search too. */
static void
search_toast_dismissed_cb (AdwToast  *toast,
                           GmlWindow *self)
{
  if (toast == self->search_toast && self->session != NULL)
    gml_session_stop_searching (self->session);
}

static gboolean
show_search_toast_cb (gpointer data)
{
  GmlWindow *self = data;
  g_autofree char *title = search_toast_title (self);
  AdwToast *toast;

  toast = gml_window_new_toast (title);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Stop"));
  adw_toast_set_action_name (toast, "player.stop-searching");
  self->search_toast = g_object_ref (toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (search_toast_dismissed_cb), self, 0);
  /* In place of the run's end toast, which stays for seconds. */
  gml_window_add_toast (self, toast, TRUE);
  self->search_toast_id = g_timeout_add (250, update_search_toast_cb, self);
  return G_SOURCE_REMOVE;
}

static void
searching_changed_cb (GmlWindow *self)
{
  if (self->session != NULL && gml_session_get_searching (self->session))
    {
      if (self->search_toast == NULL && self->search_toast_id == 0)
        self->search_toast_id = g_timeout_add (300, show_search_toast_cb, self);
      return;
    }
  g_clear_handle_id (&self->search_toast_id, g_source_remove);
  if (self->search_toast != NULL)
    {
      gml_window_dismiss_toast (self->search_toast);
      g_clear_object (&self->search_toast);
    }
}

/* What the learner just asked for, so in front of any other toast. */
static void
notice_cb (GmlWindow  *self,
           const char *text)
{
  gml_window_add_toast (self, gml_window_new_toast (text), TRUE);
}

static void
playing_changed_cb (GmlWindow *self)
{
  gboolean playing = gml_session_get_playing (self->session);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (Space)") : _("Play (Space)"));
  if (playing && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

/* Speed ------------------------------------------------------------------ */

static void
speed_changed_cb (GmlWindow *self)
{
  double speed = gml_session_get_speed (self->session);
  guint best = 0;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i].speed <= speed)
      best = i;
  self->updating_speed = TRUE;
  gtk_drop_down_set_selected (self->speed_dropdown, best);
  self->updating_speed = FALSE;
}

static void
speed_selected_cb (GmlWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->speed_dropdown);

  if (self->updating_speed || self->session == NULL || i >= G_N_ELEMENTS (speeds))
    return;
  gml_session_set_speed (self->session, speeds[i].speed);
}

/* The session ------------------------------------------------------------ */

static void
set_session (GmlWindow  *self,
             GmlSession *session)
{
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      gml_session_stop (self->session);
    }
  g_set_object (&self->session, session);
  searching_changed_cb (self);
  if (session == NULL)
    gml_lesson_panel_set_session (self->lesson_panel, NULL);

  gtk_widget_insert_action_group (GTK_WIDGET (self), "player",
                                  session != NULL ? gml_session_get_actions (session) : NULL);
  gml_canvas_set_session (self->canvas, session);
  gml_scrubber_set_session (self->scrubber, session);
  gml_inspector_set_session (self->inspector, session);
  gml_memory_list_set_session (self->memory_list, session);
  gml_gc_panel_set_session (self->gc_panel, session);
  gml_output_view_set_session (self->output_view, session);
  gml_code_gutter_set_session (GML_CODE_GUTTER (self->marks_gutter), session);
  gml_code_gutter_set_escape_marks (GML_CODE_GUTTER (self->escape_gutter), NULL);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::scene", G_CALLBACK (scene_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::n-steps", G_CALLBACK (update_position), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::status", G_CALLBACK (status_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::playing", G_CALLBACK (playing_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::speed", G_CALLBACK (speed_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::searching", G_CALLBACK (searching_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notice", G_CALLBACK (notice_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::zoom", G_CALLBACK (gml_window_session_zoom_changed), self,
                               G_CONNECT_SWAPPED);
      gml_window_presentation_watch (self, session);
      gml_window_scenario_watch (self, session);
      speed_changed_cb (self);
      gml_window_session_zoom_changed (self);
    }
  scene_changed_cb (self);
}

/**
 * gml_window_start_session:
 * @self: a #GmlWindow
 * @file: a scenario (.json) or a Go program (.go)
 * @restore_playhead: the step to open the run at (a reload), or
 *   %G_MAXUINT64 for where the program starts
 *
 * Replaces the run shown with a new one of @file: it loads and compiles
 * in the background, then simulates while the first steps can already
 * be seen; a scenario's lesson follows the run.
 */
void
gml_window_start_session (GmlWindow *self,
                          GFile     *file,
                          guint64    restore_playhead)
{
  g_autoptr (GmlSession) session = gml_session_new ();
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->code_buffer), &start, &end);
  gtk_text_buffer_remove_tag (GTK_TEXT_BUFFER (self->code_buffer), self->error_tag, &start, &end);
  set_session (self, session);
  gml_session_set_presentation (session, gtk_window_is_fullscreen (GTK_WINDOW (self)) &&
                                         !gtk_revealer_get_reveal_child (self->header_revealer));
  if (restore_playhead != G_MAXUINT64)
    gml_session_restore_playhead (session, restore_playhead);
  gml_session_load_file (session, file);
}

GmlSession *
gml_window_get_session (GmlWindow *self)
{
  g_return_val_if_fail (GML_IS_WINDOW (self), NULL);
  return self->session;
}

void
gml_window_player_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, diagnostic_activated_cb);
}

void
gml_window_player_init (GmlWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->code_buffer);

  self->current_tag = gtk_text_buffer_create_tag (buffer, "current-line", NULL);
  self->other_tag = gtk_text_buffer_create_tag (buffer, "other-goroutine-line", NULL);
  self->error_tag = gtk_text_buffer_create_tag (buffer, "error-line", NULL);
  gml_window_update_code_style (self);
  setup_gutters (self);
  gml_text_view_finish_scrolling_on_unmap (GTK_TEXT_VIEW (self->code_view));
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->code_view)), "notify::page-size",
                           G_CALLBACK (code_view_resized_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    gtk_string_list_append (self->speed_list, _(speeds[i].label));
  g_signal_connect_swapped (self->speed_dropdown, "notify::selected", G_CALLBACK (speed_selected_cb), self);
  update_page (self);
}

void
gml_window_player_dispose (GmlWindow *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      gml_session_stop (self->session);
    }
  g_clear_object (&self->session);
  g_clear_handle_id (&self->search_toast_id, g_source_remove);
  g_clear_object (&self->search_toast);
  g_clear_object (&self->marks_gutter);
  g_clear_object (&self->escape_gutter);
}
