/* gml-window.c: the main window.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows one scenario: a Go program's source and output on
 * the left, the memory canvas in the middle, the lesson, inspector,
 * memory list and GC panel on the right, the timeline and transport at
 * the bottom. This file owns opening files (Open dialog, drag and drop,
 * recent files, command line via GmlApplication, the course on the start
 * page), .json scenarios and plain .go programs alike, and remembering
 * the window's size;
 * gml-window-player.c shows the run, gml-window-scenario.c the lesson and
 * reloads, gml-window-presentation.c handles presentation mode, zoom and
 * the keyboard.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "gml-window-private.h"

#define RECENT_APP_NAME "gomemlab"
#define RECENT_MIME_TYPE "text/x-go"
#define SCENARIO_MIME_TYPE "application/json"
#define RECENT_MAX_ITEMS 10
#define TOUR_URI "resource://" RESOURCE_BASE "/scenarios/tour.go"

G_DEFINE_FINAL_TYPE (GmlWindow, gml_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILE,
  PROP_LOADING,
  PROP_VIEW,
  PROP_SHOW_SIDE_PANEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_settings_new() aborts when the schema is not installed, which is the
 * case for `build/src/gomemlab` run straight from the tree. Run without
 * remembering the window state then, instead of crashing. */
static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);

  if (schema == NULL)
    {
      g_message ("GSettings schema %s is not installed; the window size "
                 "will not be saved. Run uninstalled with "
                 "`meson devenv -C build gomemlab`.", SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* A toast: in the player, over its panes, so that it does not cover the
 * timeline and its buttons (libadwaita 1.2 puts toasts at the bottom);
 * over the whole window on the course page. */
/* libadwaita 1.2 frees a toast dismissed while its show animation still
 * runs (up to 500 ms) before that animation ends, then writes to it: a
 * toast is dismissed only once it has been up this long.  Nor are toasts
 * ever ADW_TOAST_PRIORITY_HIGH, whose postponed toast 1.2 can show
 * again before it has finished hiding, and abort. */
#define TOAST_MIN_US (600 * G_TIME_SPAN_MILLISECOND)

static GQuark
toast_added_quark (void)
{
  return g_quark_from_static_string ("gml-toast-added");
}

static gboolean
dismiss_later_cb (gpointer data)
{
  adw_toast_dismiss (data);
  return G_SOURCE_REMOVE;
}

/* Dismisses `toast` (one of gml_window_add_toast's) now, or as soon as
 * libadwaita can take it. */
void
gml_window_dismiss_toast (AdwToast *toast)
{
  gint64 *added = g_object_get_qdata (G_OBJECT (toast), toast_added_quark ());
  gint64 left = added != NULL ? *added + TOAST_MIN_US - g_get_monotonic_time () : 0;

  if (left <= 0)
    adw_toast_dismiss (toast);
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (left / 1000) + 1, dismiss_later_cb,
                        g_object_ref (toast), g_object_unref);
}

void
gml_window_add_toast (GmlWindow *self,
                      AdwToast  *toast,
                      gboolean   now)
{
  gboolean player = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "player") == 0;
  gint64 *added = g_new (gint64, 1);

  if (now && self->last_toast != NULL)
    gml_window_dismiss_toast (self->last_toast);
  if (self->last_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->last_toast), (gpointer *) &self->last_toast);
  self->last_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &self->last_toast);
  *added = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (toast), toast_added_quark (), added, g_free);
  adw_toast_overlay_add_toast (player ? self->player_toast_overlay : self->toast_overlay, toast);
}

/* A toast saying `text` (plain text). */
AdwToast *
gml_window_new_toast (const char *text)
{
  /* libadwaita 1.2 always parses toast titles as Pango markup. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

void
gml_window_show_toast (GmlWindow  *self,
                       const char *text)
{
  gml_window_add_toast (self, gml_window_new_toast (text), FALSE);
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

static void
show_open_error (GmlWindow  *self,
                 GFile      *file,
                 const char *reason)
{
  g_autofree char *name = file_display_name (file);
  g_autofree char *text = NULL;

  /* Translators: the first %s is a file name, the second the reason. */
  text = g_strdup_printf (_("Could not open “%s”: %s"), name, reason);
  gml_window_show_toast (self, text);
}

static gboolean
file_is_builtin (GFile *file)
{
  return g_file_has_uri_scheme (file, "resource");
}

/* The folder shown under the file name, with the home folder as "~". */
static char *
file_folder_for_display (GFile *file)
{
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autoptr (GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = NULL;

  if (parent == NULL)
    return NULL;
  if (g_file_equal (parent, home))
    return g_strdup ("~");
  relative = g_file_get_relative_path (home, parent);
  if (relative != NULL)
    return g_build_filename ("~", relative, NULL);

  return g_file_get_parse_name (parent);
}

static void
update_title (GmlWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;

  if (self->file == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Go Memory Lab"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Go Memory Lab"));
      return;
    }

  name = file_display_name (self->file);
  folder = file_is_builtin (self->file) ? g_strdup (_("Built-in Course"))
                                        : file_folder_for_display (self->file);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, folder);
  gtk_window_set_title (GTK_WINDOW (self), name);
}

static void
set_file (GmlWindow *self,
          GFile     *file)
{
  if (!g_set_object (&self->file, file))
    return;

  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

static void
set_loading (GmlWindow *self,
             gboolean   loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
add_to_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *name = g_file_get_basename (file);
  GtkRecentData data = {
    .mime_type = (char *) (g_str_has_suffix (name, ".json") ? SCENARIO_MIME_TYPE : RECENT_MIME_TYPE),
    .app_name = (char *) RECENT_APP_NAME,
    .app_exec = (char *) RECENT_APP_NAME " %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GmlWindow) self = user_data;
  GFile *file = G_FILE (object);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      /* A newer load replaced this one; it owns the loading state. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_open_error (self, file, error->message);
    }
  else if (!g_utf8_validate_len (contents, length, NULL))
    {
      show_open_error (self, file, _("The file is not UTF-8 text"));
    }
  else
    {
      /* The session loads it again as a scenario, in its thread, and
       * shows a scenario's program once loaded; a program shows now. */
      if (!gml_window_file_is_scenario (file))
        gml_window_set_code (self, contents, length, FALSE);
      set_file (self, file);
      if (!file_is_builtin (file))
        add_to_recent (file);
      gml_window_start_session (self, file, G_MAXUINT64);
    }

  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);
}

/* Recent files ----------------------------------------------------------- */

static int
compare_recent_by_modified (gconstpointer a,
                            gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/* Menu labels treat "_" as a mnemonic marker; file names must not. */
static char *
escape_mnemonics (const char *label)
{
  g_auto (GStrv) parts = g_strsplit (label, "_", -1);

  return g_strjoinv ("__", parts);
}

static GPtrArray *
list_recent_programs (void)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  GPtrArray *recent = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, RECENT_APP_NAME) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (recent, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  g_ptr_array_sort (recent, compare_recent_by_modified);
  if (recent->len > RECENT_MAX_ITEMS)
    g_ptr_array_set_size (recent, RECENT_MAX_ITEMS);

  return recent;
}

static void
update_recent_menu (GmlWindow *self)
{
  g_autoptr (GPtrArray) recent = list_recent_programs ();

  g_menu_remove_all (self->recent_menu);

  for (guint i = 0; i < recent->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (recent, i);
      g_autofree char *label = escape_mnemonics (gtk_recent_info_get_display_name (info));
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }

  /* Says why the submenu is empty. No action has this name, so the entry
   * shows as insensitive. */
  if (recent->len == 0)
    g_menu_append (self->recent_menu, _("No Recent Files"), "win.no-recent");
}

/* Actions and signal handlers ------------------------------------------- */

static void
recent_changed_cb (GmlWindow        *self,
                   GtkRecentManager *manager)
{
  update_recent_menu (self);
}

static void
chooser_response_cb (GmlWindow            *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        gml_window_open (self, file);
    }

  g_clear_object (&self->chooser);
}

static GtkFileFilter *
go_file_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Scenarios and Go Programs"));
  gtk_file_filter_add_mime_type (filter, RECENT_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "go");
  gtk_file_filter_add_suffix (filter, "json");

  return filter;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GmlWindow *self = GML_WINDOW (widget);
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) go = go_file_filter ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Open a Scenario or Go Program"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), go);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  gml_window_open (GML_WINDOW (widget), file);
}

/* The first dropped file opens here, any others in windows of their own. */
static gboolean
drop_cb (GmlWindow     *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr (GSList) files = gdk_file_list_get_files (g_value_get_boxed (value));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr (GPtrArray) others = g_ptr_array_new ();

  if (files == NULL)
    return FALSE;

  gml_window_open (self, files->data);
  for (GSList *l = files->next; l != NULL; l = l->next)
    g_ptr_array_add (others, l->data);
  if (app != NULL && others->len > 0 &&
      (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN))
    g_application_open (G_APPLICATION (app), (GFile **) others->pdata, others->len, "");

  return TRUE;
}

static void
style_dark_changed_cb (GmlWindow       *self,
                       GParamSpec      *pspec,
                       AdwStyleManager *style_manager)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style_manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->code_buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
  gml_window_update_code_style (self);
}

/* The course ------------------------------------------------------------- */

/* The start page (GmlStartPage) shows while no program is open, and
 * whenever the learner asks for the course (the Course button, Alt+Home,
 * the main menu: the stateful win.show-course action); opening a
 * program shows the player. Playback pauses while the course is up. */
static void
show_course (GmlWindow *self,
             gboolean   show)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-course");

  show = show || self->file == NULL;
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (show));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->file != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.present", !show);
  gtk_widget_set_visible (self->present_button, !show);
  gtk_widget_set_visible (self->side_panel_button, !show);
  gtk_stack_set_visible_child_name (self->main_stack, show ? "course" : "player");

  if (!show)
    {
      update_title (self);
      return;
    }
  if (self->session != NULL)
    gml_session_set_playing (self->session, FALSE);
  adw_window_title_set_title (self->window_title, _("Go Memory Lab"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Go Memory Lab"));
  gtk_widget_grab_focus (GTK_WIDGET (self->start_page));
}

static void
show_course_change_state_cb (GSimpleAction *action,
                             GVariant      *value,
                             gpointer       user_data)
{
  show_course (GML_WINDOW (user_data), g_variant_get_boolean (value));
}

/* A program has loaded: show it. */
static void
file_notify_cb (GmlWindow  *self,
                GParamSpec *pspec)
{
  show_course (self, FALSE);
}

/* The program already shown is not loaded again. */
static void
start_page_open_cb (GmlWindow    *self,
                    GFile        *file,
                    GmlStartPage *page)
{
  if (self->file != NULL && g_file_equal (file, self->file))
    show_course (self, FALSE);
  else
    gml_window_open (self, file);
}

static void
setup_course (GmlWindow *self)
{
  static const GActionEntry actions[] = {
    { "show-course", NULL, NULL, "true", show_course_change_state_cb },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_signal_connect (self, "notify::file", G_CALLBACK (file_notify_cb), NULL);
  show_course (self, TRUE);
}

/* GObject --------------------------------------------------------------- */

static void
gml_window_dispose (GObject *object)
{
  GmlWindow *self = GML_WINDOW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  gml_window_presentation_dispose (self);
  gml_window_scenario_dispose (self);
  gml_window_player_dispose (self);
  if (self->last_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->last_toast), (gpointer *) &self->last_toast);
  self->last_toast = NULL;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  g_clear_object (&self->file);

  gtk_widget_dispose_template (GTK_WIDGET (self), GML_TYPE_WINDOW);

  G_OBJECT_CLASS (gml_window_parent_class)->dispose (object);
}

static void
gml_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GmlWindow *self = GML_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_VIEW:
      g_value_set_string (value, gml_window_get_view (self));
      break;

    case PROP_SHOW_SIDE_PANEL:
      g_value_set_boolean (value, gml_window_get_show_side_panel (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GmlWindow *self = GML_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      gml_window_set_view (self, g_value_get_string (value));
      break;

    case PROP_SHOW_SIDE_PANEL:
      gml_window_set_show_side_panel (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_window_class_init (GmlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_window_dispose;
  object_class->get_property = gml_window_get_property;
  object_class->set_property = gml_window_set_property;

  /**
   * GmlWindow:file:
   *
   * The Go program shown, or %NULL before the first one has loaded.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GmlWindow:loading:
   *
   * Whether a file is being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GmlWindow:view:
   *
   * What the canvas shows: "objects" (stacks, heap objects, pointers) or
   * "arena" (pages and spans). The win.view action sets it.
   */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "objects",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * GmlWindow:show-side-panel:
   *
   * Whether the inspector, list and GC panel are shown (outside
   * presentation mode). The win.show-side-panel action toggles it.
   */
  properties[PROP_SHOW_SIDE_PANEL] =
    g_param_spec_boolean ("show-side-panel", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template uses these types by name. */
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);
  g_type_ensure (GML_TYPE_CANVAS);
  g_type_ensure (GML_TYPE_GC_PANEL);
  g_type_ensure (GML_TYPE_INSPECTOR);
  g_type_ensure (GML_TYPE_MEMORY_LIST);
  g_type_ensure (GML_TYPE_OUTPUT_VIEW);
  g_type_ensure (GML_TYPE_SCRUBBER);
  g_type_ensure (GML_TYPE_START_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gml-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, player_toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, header_revealer);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, code_paned);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, code_view);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, code_buffer);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, output_box);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, output_view);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, canvas_stack);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, diagnostics_list);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, legend);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, gc_chip);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, canvas_toolbar);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, view_controls);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, zoom_controls);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, presentation_hint);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, memory_list);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, gc_panel);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, scrubber);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, speed_list);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, blank);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, present_button);
  gtk_widget_class_bind_template_child (widget_class, GmlWindow, side_panel_button);
  gtk_widget_class_bind_template_callback (widget_class, start_page_open_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gml_window_player_class_init (widget_class);
  gml_window_presentation_class_init (widget_class);
  gml_window_scenario_class_init (widget_class);
}

static void
bind_settings (GmlWindow *self)
{
  self->settings = settings_new_if_installed ();
  if (self->settings == NULL)
    return;

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "code-pane-width", self->outer_paned, "position",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-side-panel", self, "show-side-panel", G_SETTINGS_BIND_DEFAULT);
}

static void
setup_code_view (GmlWindow *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  gtk_source_buffer_set_language (self->code_buffer,
                                  gtk_source_language_manager_get_language (languages, "go"));
  g_signal_connect_object (style_manager, "notify::dark",
                           G_CALLBACK (style_dark_changed_cb), self, G_CONNECT_SWAPPED);
  style_dark_changed_cb (self, NULL, style_manager);
}

static void
gml_window_init (GmlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->show_side_panel = TRUE;

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  gml_window_player_init (self);
  setup_code_view (self);
  gml_window_presentation_init (self);
  gml_window_scenario_init (self);
  bind_settings (self);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (recent_changed_cb), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  setup_course (self);
}

/* Public API ------------------------------------------------------------ */

GmlWindow *
gml_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (GML_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * gml_window_open:
 * @self: a #GmlWindow
 * @file: the scenario (.json) or Go program (.go) to show
 *
 * Reads @file and shows it, replacing the current program. Errors are
 * shown in a toast and leave the current program in place.
 */
void
gml_window_open (GmlWindow *self,
                 GFile     *file)
{
  g_return_if_fail (GML_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  g_file_load_contents_async (file, self->load_cancellable, load_cb, g_object_ref (self));
}

/**
 * gml_window_open_tour:
 * @self: a #GmlWindow
 *
 * Shows the built-in tour's program (`tour.go`) as a plain program,
 * without its lesson: what tests of the window itself want. `gomemlab
 * --tour` opens the tour with its lesson (`tour.json`).
 */
void
gml_window_open_tour (GmlWindow *self)
{
  g_autoptr (GFile) tour = g_file_new_for_uri (TOUR_URI);

  g_return_if_fail (GML_IS_WINDOW (self));

  gml_window_open (self, tour);
}

GFile *
gml_window_get_file (GmlWindow *self)
{
  g_return_val_if_fail (GML_IS_WINDOW (self), NULL);

  return self->file;
}

gboolean
gml_window_get_loading (GmlWindow *self)
{
  g_return_val_if_fail (GML_IS_WINDOW (self), FALSE);

  return self->loading;
}
