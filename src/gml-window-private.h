/* gml-window-private.h: what the main window's files share.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gml-window.c               files: open, recent, drop, saved size
 *   gml-window-player.c        the session: code view, panels, transport
 *   gml-window-presentation.c  presentation mode, zoom, view, shortcuts
 *   gml-window-scenario.c      the lesson page, the code shown, reloading
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "gml-canvas.h"
#include "gml-code-gutter.h"
#include "gml-gc-panel.h"
#include "gml-inspector.h"
#include "gml-lesson-panel.h"
#include "gml-memory-list.h"
#include "gml-output-view.h"
#include "gml-scrubber.h"
#include "gml-start-page.h"
#include "gml-session.h"
#include "gml-window.h"

G_BEGIN_DECLS

struct _GmlWindow
{
  AdwApplicationWindow     parent_instance;

  /* Template widgets */
  AdwToastOverlay         *toast_overlay;
  AdwToastOverlay         *player_toast_overlay;  /* over the panes, not the timeline */
  AdwWindowTitle          *window_title;
  GtkRevealer             *header_revealer;
  GtkPaned                *outer_paned;
  GtkPaned                *code_paned;
  GtkPaned                *inner_paned;
  GtkSourceView           *code_view;
  GtkSourceBuffer         *code_buffer;
  GtkWidget               *output_box;
  GmlOutputView           *output_view;
  GtkStack                *canvas_stack;
  AdwStatusPage           *error_page;
  GtkListBox              *diagnostics_list;
  GmlCanvas               *canvas;
  GtkWidget               *legend;
  GtkLabel                *gc_chip;
  GtkWidget               *canvas_toolbar;
  GtkWidget               *view_controls;
  GtkWidget               *zoom_controls;
  GtkButton               *zoom_button;
  GtkRevealer             *presentation_hint;
  GtkWidget               *side_panel;
  AdwViewStack            *side_stack;
  GmlInspector            *inspector;
  GmlMemoryList           *memory_list;
  GmlGcPanel              *gc_panel;
  GmlLessonPanel          *lesson_panel;
  GtkWidget               *side_switcher;
  GmlScrubber             *scrubber;
  GtkLabel                *position_label;
  GtkButton               *play_button;
  GtkDropDown             *speed_dropdown;
  GtkStringList           *speed_list;
  GtkWidget               *blank;
  GMenu                   *recent_menu;
  GtkStack                *main_stack;        /* the course or the player */
  GmlStartPage            *start_page;
  GtkWidget               *present_button;
  GtkWidget               *side_panel_button;

  /* Owned */
  GSettings               *settings;          /* NULL when the schema is missing */
  GFile                   *file;              /* the program shown, or NULL */
  GCancellable            *load_cancellable;  /* the load in flight, or NULL */
  GtkFileChooserNative    *chooser;           /* the Open dialog while shown */
  GmlSession              *session;           /* the run shown, or NULL */
  GtkTextTag              *current_tag;       /* the line that runs next */
  GtkTextTag              *other_tag;         /* lines other goroutines are at */
  GtkTextTag              *error_tag;         /* lines with compile errors */
  GtkSourceGutterRenderer *marks_gutter;
  GtkSourceGutterRenderer *escape_gutter;
  guint                    tick_id;           /* playback on the frame clock */
  AdwToast                *search_toast;      /* while a step over/out replays */
  guint                    search_toast_id;   /* shows it once it takes a while, then updates it */
  AdwToast                *last_toast;        /* weak: the last one added */
  guint                    inhibit_cookie;    /* presentation keeps the screen on */
  guint                    hint_source;
  GPtrArray               *monitors;          /* GFileMonitor: the scenario and its program */
  GFile                   *monitored;         /* the file they were set up for */
  guint                    reload_source;     /* a change waits to settle */
  guint64                  reload_playhead;   /* where reloads resume, or G_MAXUINT64 */
  guint                    loading : 1;
  guint                    updating_speed : 1;
  guint                    show_side_panel : 1;
};

/* gml-window-player.c */
void gml_window_player_class_init    (GtkWidgetClass *widget_class);
void gml_window_player_init          (GmlWindow  *self);
void gml_window_player_dispose       (GmlWindow  *self);
void gml_window_start_session        (GmlWindow  *self,
                                      GFile      *file,
                                      guint64     restore_playhead);
void gml_window_update_code_style    (GmlWindow  *self);

/* gml-window-scenario.c */
void gml_window_scenario_class_init  (GtkWidgetClass *widget_class);
void gml_window_scenario_init        (GmlWindow  *self);
void gml_window_scenario_dispose     (GmlWindow  *self);
void gml_window_scenario_watch       (GmlWindow  *self,
                                      GmlSession *session);
void gml_window_scenario_failed      (GmlWindow  *self);
gboolean gml_window_file_is_scenario (GFile      *file);
void gml_window_set_code             (GmlWindow  *self,
                                      const char *text,
                                      gsize       length,
                                      gboolean    json);
void gml_window_update_side_panel    (GmlWindow  *self);

/* gml-window-presentation.c */
void gml_window_presentation_class_init (GtkWidgetClass *widget_class);
void gml_window_presentation_init    (GmlWindow  *self);
void gml_window_presentation_dispose (GmlWindow  *self);
void gml_window_presentation_watch   (GmlWindow  *self,
                                      GmlSession *session);
void gml_window_session_zoom_changed (GmlWindow  *self);
const char *gml_window_get_view      (GmlWindow  *self);
void gml_window_set_view             (GmlWindow  *self,
                                      const char *view);
gboolean gml_window_get_show_side_panel (GmlWindow *self);
void gml_window_set_show_side_panel  (GmlWindow  *self,
                                      gboolean    show);

/* gml-window.c */
void gml_window_show_toast           (GmlWindow  *self,
                                      const char *text);
AdwToast *gml_window_new_toast       (const char *text);
/* Takes `toast`, for the player's overlay or the window's; `now`: in
 * place of the toast shown before, not after it. */
void gml_window_add_toast            (GmlWindow  *self,
                                      AdwToast   *toast,
                                      gboolean    now);
void gml_window_dismiss_toast        (AdwToast   *toast);

G_END_DECLS
