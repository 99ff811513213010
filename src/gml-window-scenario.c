/* gml-window-scenario.c: the lesson page, the code shown, reloading.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file opens as a scenario (gml_session_load_file): a .json
 * scenario, or a plain .go program with default settings. Once it has
 * loaded, the code view shows the scenario's Go source; when it fails,
 * the file the first problem is in (the scenario, or its program).
 *
 * The side panel's "Lesson" page (GmlLessonPanel) is shown, and made the
 * visible page, when the scenario teaches something; it comes forward
 * again when the playhead reaches a quiz. In presentation mode the side
 * panel stays up for a lesson, with only that page, in larger type.
 *
 * The scenario file and its sibling .go program are watched
 * (GFileMonitor). When either changes, and the change has settled, the
 * window runs the scenario again and puts the playhead back where it was
 * (gml_session_restore_playhead), or at the new run's end when that is
 * shorter. A reload only reads: nothing is ever written to those files.
 * While an edit leaves the scenario broken, the error page shows why,
 * and the next good save goes back to the step the learner was at.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gml-window-private.h"

/* Editors write in bursts (truncate, write, rename): wait for quiet. */
#define RELOAD_DELAY_MS 300

/* The code view ----------------------------------------------------------- */

/* The buffer has implicit-trailing-newline set, as editors do, so the
 * view does not end in an empty, numbered line. */
void
gml_window_set_code (GmlWindow  *self,
                     const char *text,
                     gsize       length,
                     gboolean    json)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->code_buffer);
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkTextIter start;

  if (length > 0 && text[length - 1] == '\n')
    length--;
  gtk_source_buffer_set_language (self->code_buffer,
                                  gtk_source_language_manager_get_language (languages, json ? "json" : "go"));
  gtk_text_buffer_set_text (buffer, text, length);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

gboolean
gml_window_file_is_scenario (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return g_str_has_suffix (name, ".json");
}

/* The file a problem is in: the file opened, or its sibling program. */
static GFile *
problem_file (GmlWindow *self)
{
  const GmlDiagList *diags = gml_session_get_diagnostics (self->session);
  g_autofree char *opened = g_file_get_basename (self->file);
  g_autoptr (GFile) parent = g_file_get_parent (self->file);
  const GmlDiag *d;

  if (diags == NULL || gml_diag_list_len (diags) == 0)
    return g_object_ref (self->file);
  d = gml_diag_list_get (diags, 0);
  if (d->file == NULL || g_str_equal (d->file, opened) || parent == NULL || strchr (d->file, '/') != NULL)
    return g_object_ref (self->file);
  return g_file_get_child (parent, d->file);
}

/* A scenario that does not load: show the file its first problem is in,
 * so the diagnostics' lines point at the code view. */
void
gml_window_scenario_failed (GmlWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (self->file == NULL || self->session == NULL)
    return;
  file = problem_file (self);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, NULL) ||
      !g_utf8_validate_len (contents, length, NULL))
    {
      gml_window_set_code (self, "", 0, FALSE);
      return;
    }
  gml_window_set_code (self, contents, length, gml_window_file_is_scenario (file));
}

/* Watching for changes ------------------------------------------------------- */

static gboolean
reload_cb (gpointer data)
{
  GmlWindow *self = data;
  GmlSessionStatus status;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GFile) file = NULL;

  self->reload_source = 0;
  if (self->file == NULL)
    return G_SOURCE_REMOVE;
  /* Where the learner is; after a failed reload, where they were. */
  status = self->session != NULL ? gml_session_get_status (self->session) : GML_SESSION_EMPTY;
  if ((status == GML_SESSION_RUNNING || status == GML_SESSION_DONE) && gml_session_get_scene (self->session) != NULL)
    self->reload_playhead = gml_session_get_playhead (self->session);
  file = g_object_ref (self->file);
  gml_window_start_session (self, file, self->reload_playhead);

  name = g_file_get_basename (file);
  /* Translators: a toast when a scenario or program changed on disk. */
  text = g_strdup_printf (_("“%s” changed on disk and was reloaded"), name);
  gml_window_show_toast (self, text);
  return G_SOURCE_REMOVE;
}

static void
file_changed_cb (GmlWindow         *self,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 GFileMonitor      *monitor)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
      g_clear_handle_id (&self->reload_source, g_source_remove);
      self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
      break;
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      break;
    }
}

static gboolean
watched (GmlWindow *self,
         GFile     *file)
{
  for (guint i = 0; i < self->monitors->len; i++)
    if (g_file_equal (g_object_get_data (g_ptr_array_index (self->monitors, i), "file"), file))
      return TRUE;
  return FALSE;
}

static void
watch_file (GmlWindow *self,
            GFile     *file)
{
  g_autoptr (GError) error = NULL;
  GFileMonitor *monitor;

  if (file == NULL || !g_file_is_native (file) || watched (self, file))
    return;
  monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (monitor == NULL)
    {
      g_debug ("Not watching %s: %s", g_file_peek_path (file), error->message);
      return;
    }
  g_object_set_data_full (G_OBJECT (monitor), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (monitor, "changed", G_CALLBACK (file_changed_cb), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->monitors, monitor);
}

static void
clear_monitors (GmlWindow *self)
{
  for (guint i = 0; i < self->monitors->len; i++)
    g_file_monitor_cancel (g_ptr_array_index (self->monitors, i));
  g_ptr_array_set_size (self->monitors, 0);
  g_clear_object (&self->monitored);
  g_clear_handle_id (&self->reload_source, g_source_remove);
}

/* The lesson ----------------------------------------------------------------- */

static void
show_lesson_page (GmlWindow *self)
{
  if (gml_lesson_panel_has_content (self->lesson_panel))
    adw_view_stack_set_visible_child_name (self->side_stack, "lesson");
}

void
gml_window_update_side_panel (GmlWindow *self)
{
  gboolean lesson = gml_lesson_panel_has_content (self->lesson_panel);
  gboolean presenting = self->session != NULL && gml_session_get_presentation (self->session);
  AdwViewStackPage *page = adw_view_stack_get_page (self->side_stack, GTK_WIDGET (self->lesson_panel));

  adw_view_stack_page_set_visible (page, lesson);
  if (!lesson && g_strcmp0 (adw_view_stack_get_visible_child_name (self->side_stack), "lesson") == 0)
    adw_view_stack_set_visible_child_name (self->side_stack, "inspector");
  gtk_widget_set_visible (self->side_switcher, !presenting);
  /* Larger type in presentation needs a wider page. */
  gtk_widget_set_size_request (self->side_panel, presenting ? 440 : 290, -1);
  gtk_widget_set_visible (self->side_panel, presenting ? lesson : self->show_side_panel);
  if (presenting)
    show_lesson_page (self);
}

static void
has_content_cb (GmlWindow *self)
{
  gml_window_update_side_panel (self);
  show_lesson_page (self);
}

static void
session_lesson_cb (GmlWindow  *self,
                   GParamSpec *pspec,
                   GmlSession *session)
{
  GmlLesson *lesson = gml_session_get_lesson (session);
  GmlScenario *sc = lesson != NULL ? gml_lesson_get_scenario (lesson) : NULL;
  g_autofree char *notice = gml_progress_take_notice (gml_progress_get_default ());

  if (sc == NULL || session != self->session)
    return;
  gml_window_set_code (self, sc->source, sc->source_len, FALSE);
  watch_file (self, sc->program_file);
  if (notice != NULL)
    gml_window_show_toast (self, notice);
}

/* Called by set_session for each new session: the file is watched from
 * now on, and its code shown once loaded. */
void
gml_window_scenario_watch (GmlWindow  *self,
                           GmlSession *session)
{
  g_signal_connect_object (session, "notify::lesson", G_CALLBACK (session_lesson_cb), self, G_CONNECT_SWAPPED);
  gml_lesson_panel_set_session (self->lesson_panel, session);
  if (self->file != NULL && (self->monitored == NULL || !g_file_equal (self->monitored, self->file)))
    {
      clear_monitors (self);
      self->reload_playhead = G_MAXUINT64;
      self->monitored = g_object_ref (self->file);
      watch_file (self, self->file);
    }
}

/* Set-up ------------------------------------------------------------------ */

void
gml_window_scenario_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (GML_TYPE_LESSON_PANEL);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, lesson_panel);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, side_switcher);
}

void
gml_window_scenario_init (GmlWindow *self)
{
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->reload_playhead = G_MAXUINT64;
  g_signal_connect_object (self->lesson_panel, "notify::has-content", G_CALLBACK (has_content_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lesson_panel, "quiz-reached", G_CALLBACK (show_lesson_page), self,
                           G_CONNECT_SWAPPED);
  gml_window_update_side_panel (self);
}

void
gml_window_scenario_dispose (GmlWindow *self)
{
  if (self->monitors != NULL)
    clear_monitors (self);
  g_clear_pointer (&self->monitors, g_ptr_array_unref);
  if (self->lesson_panel != NULL)
    gml_lesson_panel_set_session (self->lesson_panel, NULL);
}
