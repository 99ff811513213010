/* test-main-window.c: the main window showing a run (suite 'ui').
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens programs, steps, scrubs, zooms, plays, inspects, presents, and
 * asserts on the session, the panels and the canvas's render nodes (never
 * on pixels). Runs under Xvfb with GTK_A11Y=test, GSK_RENDERER=cairo and
 * GSETTINGS_BACKEND=memory (tests/meson.build); skips without a display.
 */
#include "config.h"

#include <gtksourceview/gtksource.h>
#include <locale.h>
#include <string.h>

#include "gml-canvas.h"
#include "gml-gc-panel.h"
#include "gml-gc.h"
#include "gml-inspector.h"
#include "gml-memory-list.h"
#include "gml-output-view.h"
#include "gml-scrubber.h"
#include "gml-test-ui.h"
#include "gml-window.h"

/* Helpers ----------------------------------------------------------------- */

static gpointer
child (GmlWindow  *window,
       const char *name)
{
  return gml_test_template_child (window, GML_TYPE_WINDOW, name);
}

static void
wait_until_done (GmlWindow *window)
{
  GmlSession *session;

  while (gml_window_get_loading (window) || gml_window_get_session (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  session = gml_window_get_session (window);
  while (gml_session_get_status (session) == GML_SESSION_LOADING ||
         gml_session_get_status (session) == GML_SESSION_RUNNING ||
         (gml_session_get_status (session) == GML_SESSION_DONE && gml_session_get_scene (session) == NULL))
    g_main_context_iteration (NULL, TRUE);
}

static GmlWindow *
open_window (GFile *file)
{
  GmlWindow *window = gml_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  if (file != NULL)
    gml_window_open (window, file);
  else
    gml_window_open_tour (window);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_done (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static GFile *
write_program (const char *name,
               const char *text)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
activate (GmlWindow  *window,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

/* The line of the code view the current-line tag covers, or 0. */
static guint
highlighted_line (GmlWindow *window)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (child (window, "code_buffer"));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "current-line");
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    if (gtk_text_iter_has_tag (&iter, tag))
      return gtk_text_iter_get_line (&iter) + 1;
  while (gtk_text_iter_forward_line (&iter));
  return 0;
}

typedef struct
{
  guint text, color, cairo, texture, total;
} Nodes;

static void
count_nodes (GskRenderNode *node,
             Nodes         *n)
{
  n->total++;
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      n->text++;
      break;
    case GSK_COLOR_NODE:
      n->color++;
      break;
    case GSK_CAIRO_NODE:
      n->cairo++;
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_nodes (gsk_container_node_get_child (node, i), n);
      break;
    case GSK_TRANSFORM_NODE:
      count_nodes (gsk_transform_node_get_child (node), n);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      count_nodes (gsk_rounded_clip_node_get_child (node), n);
      break;
    case GSK_CLIP_NODE:
      count_nodes (gsk_clip_node_get_child (node), n);
      break;
    case GSK_OPACITY_NODE:
      count_nodes (gsk_opacity_node_get_child (node), n);
      break;
    default:
      break;
    }
}

/* The render node the canvas draws now (its snapshot vfunc, so nothing
 * depends on when the frame clock last ran). */
static GskRenderNode *
canvas_node (GmlCanvas *canvas)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gtk_test_widget_wait_for_draw (GTK_WIDGET (canvas));
  GTK_WIDGET_GET_CLASS (canvas)->snapshot (GTK_WIDGET (canvas), snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static Nodes
canvas_nodes (GmlCanvas *canvas)
{
  g_autoptr (GskRenderNode) node = canvas_node (canvas);
  Nodes n = { 0 };

  if (node != NULL)
    count_nodes (node, &n);
  return n;
}

static void
wait_for_animation (GmlCanvas *canvas)
{
  while (gml_canvas_is_animating (canvas))
    g_main_context_iteration (NULL, TRUE);
}

/* Tests ------------------------------------------------------------------ */

/* The tour opens where main starts, with the line, page and description. */
static void
test_opens_at_program_start (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);
  GmlScene *scene = gml_session_get_scene (session);
  GtkStack *stack = child (window, "canvas_stack");

  g_assert_cmpint (gml_session_get_status (session), ==, GML_SESSION_DONE);
  g_assert_cmpuint (gml_session_get_playhead (session), >, 0);
  g_assert_cmpuint (scene->line, ==, 22);
  g_assert_cmpuint (highlighted_line (window), ==, 22);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "canvas");
  g_assert_cmpuint (scene->goroutines->len, >=, 1);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (window, "canvas")),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, scene->description);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A run opens with its current line in view, however far down main is. */
static void
test_current_line_in_view (void)
{
  g_autoptr (GString) text = g_string_new ("package main\n\n");
  g_autoptr (GFile) file = NULL;
  GmlWindow *window;
  GtkTextView *view;
  GdkRectangle visible, location;
  GtkTextIter iter;

  for (guint i = 0; i < 80; i++)
    g_string_append_printf (text, "// Line %u of a long comment before main.\n", i + 3);
  g_string_append (text, "func main() {\n\tx := 1\n\tprintln(x)\n}\n");
  file = write_program ("far.go", text->str);
  window = open_window (file);
  view = child (window, "code_view");
  g_assert_cmpuint (gml_session_get_scene (gml_window_get_session (window))->line, ==, 83);
  /* Line heights are validated in idles, and the view scrolls in an
   * animation: frame by frame, until it stops. */
  gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (view), &iter, 82);
  for (guint frames = 0; frames < 120; frames++)
    {
      GdkRectangle before;

      gtk_text_view_get_visible_rect (view, &before);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (view));
      while (g_main_context_iteration (NULL, FALSE))
        ;
      gtk_text_view_get_visible_rect (view, &visible);
      if (frames > 10 && visible.y == before.y)
        break;
    }
  gtk_text_view_get_iter_location (view, &iter, &location);
  g_assert_cmpint (visible.height, >, 0);
  g_assert_cmpint (location.y, >=, visible.y);
  g_assert_cmpint (location.y + location.height, <=, visible.y + visible.height);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_step_forward_and_back (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);
  guint64 start = gml_session_get_playhead (session);
  GtkLabel *position = child (window, "position_label");

  activate (window, "player.step-forward");
  g_assert_cmpuint (gml_session_get_playhead (session), ==, start + 1);
  g_assert_cmpuint (gml_session_get_scene (session)->step, ==, start + 1);
  g_assert_cmpuint (highlighted_line (window), ==, gml_session_get_scene (session)->line);
  g_assert_nonnull (strstr (gtk_label_get_text (position), "Step"));
  activate (window, "player.step-back");
  g_assert_cmpuint (gml_session_get_playhead (session), ==, start);

  /* The previous scene is what changes are marked against. */
  g_assert_nonnull (gml_session_get_previous_scene (session));
  g_assert_cmpuint (gml_session_get_previous_scene (session)->step, ==, start + 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Clicking the timeline jumps; the slider says where it is. */
static void
test_scrub (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);
  GmlScrubber *scrubber = child (window, "scrubber");
  guint64 n = gml_session_get_n_steps (session);
  guint64 target = n / 2;
  g_autofree char *text = NULL;

  g_assert_cmpuint (gml_scrubber_step_at (scrubber, gml_scrubber_x_of_step (scrubber, target)), ==, target);
  gml_session_set_playhead (session, gml_scrubber_step_at (scrubber, gml_scrubber_x_of_step (scrubber, target)));
  g_assert_cmpuint (gml_session_get_scene (session)->step, ==, target);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (scrubber), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) target);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (scrubber), GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) n);
  text = gml_scrubber_describe_step (scrubber, target);
  g_assert_true (g_str_has_prefix (text, "Step "));

  gml_session_set_playhead (session, gml_scrubber_step_at (scrubber, 0));
  g_assert_cmpuint (gml_session_get_playhead (session), ==, 0);
  gml_session_set_playhead (session, gml_scrubber_step_at (scrubber, 1e6));
  g_assert_cmpuint (gml_session_get_playhead (session), ==, n);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Next GC, step into marking: colours, the GC panel, the chip, the
 * inspector on a coloured object. */
static void
test_follow_a_gc_cycle (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);
  GmlScene *scene;
  g_autofree char *panel = NULL;
  g_autofree char *inspector = NULL;
  guint coloured = 0;

  activate (window, "player.next-gc");
  g_assert_cmpuint (gml_session_get_scene (session)->gc.phase_id, ==, GML_GC_SWEEP_TERM);
  while (gml_session_get_scene (session)->gc.phase_id != GML_GC_MARK)
    activate (window, "player.step-forward");
  activate (window, "player.step-forward");
  scene = gml_session_get_scene (session);
  g_assert_true (scene->marking);
  for (guint i = 0; i < scene->objects->len; i++)
    coloured += gml_scene_object (scene, i)->color != GML_SCENE_GC_NONE;
  g_assert_cmpuint (coloured, ==, scene->objects->len);

  panel = gml_gc_panel_dump (child (window, "gc_panel"));
  g_assert_nonnull (strstr (panel, "Cycle 1: mark"));
  g_assert_nonnull (strstr (panel, "GOGC: 100"));
  g_assert_true (gtk_widget_get_visible (child (window, "gc_chip")));

  gml_session_select (session, GML_SELECTION_OBJECT, gml_scene_object (scene, 0)->addr);
  inspector = gml_inspector_dump (child (window, "inspector"));
  g_assert_nonnull (strstr (inspector, "Heap object"));
  g_assert_nonnull (strstr (inspector, "Address: 0x"));
  g_assert_nonnull (strstr (inspector, "Size class: "));
  g_assert_nonnull (strstr (inspector, "GC colour: "));
  g_assert_nonnull (strstr (inspector, "Allocated: "));
  g_assert_cmpint (gml_canvas_get_selected (child (window, "canvas"), NULL), ==, GML_SCENE_ITEM_OBJECT);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The objects the runtime allocates for itself say what they are: here
 * the g of a goroutine and the sudog it waits on a channel with. */
static void
test_runtime_objects_explained (void)
{
  g_autoptr (GFile) file = write_program ("wait.go",
                                          "package main\n"
                                          "\n"
                                          "func main() {\n"
                                          "\tch := make(chan int)\n"
                                          "\tgo func() { ch <- 1 }()\n"
                                          "\tfor i := 0; i < 100; i++ {\n"
                                          "\t}\n"
                                          "\tprintln(<-ch)\n"
                                          "}\n");
  GmlWindow *window = open_window (file);
  GmlSession *session = gml_window_get_session (window);
  const char *types[] = { "runtime.sudog", "runtime.g" };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      GmlScene *scene = NULL;
      guint64 addr = 0;
      g_autofree char *dump = NULL;

      /* The sender waits while main loops. */
      gml_session_set_playhead (session, gml_timeline_first_at_line (gml_session_get_timeline (session), 8));
      scene = gml_session_get_scene (session);
      for (guint i = 0; i < scene->objects->len && addr == 0; i++)
        if (g_strcmp0 (gml_scene_object (scene, i)->type, types[t]) == 0)
          addr = gml_scene_object (scene, i)->addr;
      g_assert_cmpuint (addr, !=, 0);
      gml_session_select (session, GML_SELECTION_OBJECT, addr);
      dump = gml_inspector_dump (child (window, "inspector"));
      g_assert_nonnull (strstr (dump, types[t]));
      g_assert_nonnull (strstr (dump, t == 0 ? "waiting on a channel" : "descriptor"));
      g_assert_nonnull (strstr (dump, "Only the runtime points to it"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Selecting a variable in the list selects it everywhere. */
static void
test_list_and_selection (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);
  GmlMemoryList *list = child (window, "memory_list");
  GListModel *model;
  GtkSelectionModel *selection;
  gboolean found_goroutine = FALSE;
  guint variable = G_MAXUINT;

  /* Into newPoint, where p has moved to the heap. */
  gml_session_set_playhead (session, gml_timeline_first_at_line (gml_session_get_timeline (session), 19));
  model = gml_memory_list_get_model (list);
  selection = GTK_SELECTION_MODEL (model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *text = gml_memory_list_row_text (list, i);

      found_goroutine |= g_str_has_prefix (text, "Goroutine 1");
      if (g_str_has_prefix (text, "p ") && strstr (text, "moved to the heap") != NULL)
        variable = i;
    }
  g_assert_true (found_goroutine);
  g_assert_cmpuint (variable, !=, G_MAXUINT);

  gtk_selection_model_select_item (selection, variable, TRUE);
  g_assert_cmpint (gml_session_get_selection_kind (session), ==, GML_SELECTION_VARIABLE);
  g_assert_cmpint (gml_canvas_get_selected (child (window, "canvas"), NULL), ==, GML_SCENE_ITEM_SLOT);
  {
    g_autofree char *dump = gml_inspector_dump (child (window, "inspector"));

    g_assert_nonnull (strstr (dump, "Moved to the heap"));
    g_assert_nonnull (strstr (dump, "→ Point"));
  }

  /* And back: selecting on the session moves the list. */
  gml_session_select (session, GML_SELECTION_GOROUTINE, 1);
  g_assert_true (gtk_selection_model_is_selected (selection, 1));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_zoom (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);
  GmlCanvas *canvas = child (window, "canvas");
  GmlScene *scene = gml_session_get_scene (session);

  activate (window, "win.zoom-in");
  g_assert_cmpfloat_with_epsilon (gml_session_get_zoom (session), 1.25, 1e-9);
  g_assert_cmpstr (gtk_button_get_label (child (window, "zoom_button")), ==, "125%");
  activate (window, "win.zoom-out");
  g_assert_cmpfloat_with_epsilon (gml_session_get_zoom (session), 1.0, 1e-9);
  activate (window, "win.zoom-in");
  activate (window, "win.zoom-reset");
  g_assert_cmpfloat_with_epsilon (gml_session_get_zoom (session), 1.0, 1e-9);
  activate (window, "win.zoom-fit");
  g_assert_cmpfloat (scene->width * gml_session_get_zoom (session), <=, gtk_widget_get_width (GTK_WIDGET (canvas)));
  g_assert_cmpfloat (scene->height * gml_session_get_zoom (session), <=, gtk_widget_get_height (GTK_WIDGET (canvas)));

  /* Zooming around a point keeps it in place. */
  {
    double x, y, x2, y2;
    guint32 index = 0;

    activate (window, "win.zoom-reset");
    gtk_test_widget_wait_for_draw (GTK_WIDGET (canvas));
    g_assert_true (gml_canvas_item_point (canvas, GML_SCENE_ITEM_FRAME, index, &x, &y));
    gml_canvas_zoom_at (canvas, 1.5, x, y);
    g_assert_true (gml_canvas_item_point (canvas, GML_SCENE_ITEM_FRAME, index, &x2, &y2));
    g_assert_cmpfloat (fabs (x2 - x), <, 1.5);
    g_assert_cmpfloat (fabs (y2 - y), <, 1.5);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_canvas_render_nodes (void)
{
  GmlWindow *window = open_window (NULL);
  GmlCanvas *canvas = child (window, "canvas");
  GmlSession *session = gml_window_get_session (window);
  Nodes objects, arena;

  /* Inside newPoint: labels, and one cairo node for the pointer (and the
   * heap objects' images, under the cairo renderer of these tests). */
  gml_session_set_playhead (session, gml_timeline_first_at_line (gml_session_get_timeline (session), 19));
  wait_for_animation (canvas);
  objects = canvas_nodes (canvas);
  g_assert_cmpuint (objects.text, >, 10);
  g_assert_cmpuint (objects.cairo, ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "arena"));
  g_assert_cmpint (gml_canvas_get_mode (canvas), ==, GML_PAINTER_ARENA);
  arena = canvas_nodes (canvas);
  g_assert_cmpuint (arena.text, >, 0);
  g_assert_cmpuint (arena.cairo, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "objects"));
  g_assert_cmpint (gml_canvas_get_mode (canvas), ==, GML_PAINTER_OBJECTS);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A step animates from the previous scene, on the frame clock. */
static void
test_step_animates (void)
{
  GmlWindow *window = open_window (NULL);
  GmlCanvas *canvas = child (window, "canvas");
  gboolean animations = FALSE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (canvas)), "gtk-enable-animations", &animations, NULL);
  activate (window, "player.step-forward");
  if (animations)
    g_assert_true (gml_canvas_is_animating (canvas));
  wait_for_animation (canvas);
  g_assert_false (gml_canvas_is_animating (canvas));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_presentation (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);
  GmlCanvas *canvas = child (window, "canvas");
  double line_height = gml_painter_get_metrics (gml_canvas_get_painter (canvas))->line_height;
  guint64 playhead;

  activate (window, "win.present");
  g_assert_true (gml_session_get_presentation (session));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  g_assert_false (gtk_revealer_get_reveal_child (child (window, "header_revealer")));
  g_assert_false (gtk_widget_get_visible (child (window, "side_panel")));
  g_assert_false (gtk_widget_get_visible (child (window, "output_box")));
  g_assert_cmpfloat (gml_painter_get_metrics (gml_canvas_get_painter (canvas))->line_height, >, line_height * 1.3);

  /* Clickers step; b blanks and unblanks. */
  playhead = gml_session_get_playhead (session);
  activate (window, "player.step-forward");
  g_assert_cmpuint (gml_session_get_playhead (session), ==, playhead + 1);
  activate (window, "win.blank");
  g_assert_true (gtk_widget_get_visible (child (window, "blank")));
  activate (window, "win.blank");
  g_assert_false (gtk_widget_get_visible (child (window, "blank")));

  activate (window, "win.blank");
  activate (window, "win.leave-presentation");
  g_assert_false (gml_session_get_presentation (session));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  g_assert_true (gtk_revealer_get_reveal_child (child (window, "header_revealer")));
  g_assert_true (gtk_widget_get_visible (child (window, "side_panel")));
  g_assert_true (gtk_widget_get_visible (child (window, "output_box")));
  g_assert_false (gtk_widget_get_visible (child (window, "blank")));
  g_assert_cmpfloat (gml_painter_get_metrics (gml_canvas_get_painter (canvas))->line_height, ==, line_height);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Playing runs on the frame clock to the end; the output follows. */
static void
test_play_to_the_end (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);
  g_autofree char *output = NULL;

  gml_session_set_speed (session, 1000);
  activate (window, "player.play");
  g_assert_true (gml_session_get_playing (session));
  while (gml_session_get_playing (session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, gml_session_get_n_steps (session));
  output = gml_output_view_get_text (child (window, "output_view"));
  g_assert_cmpstr (output, ==, "3 7\n");

  /* Back to the start: the output is cut back too. */
  activate (window, "player.start");
  g_clear_pointer (&output, g_free);
  output = gml_output_view_get_text (child (window, "output_view"));
  g_assert_cmpstr (output, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_breakpoint_and_continue (void)
{
  GmlWindow *window = open_window (NULL);
  GmlSession *session = gml_window_get_session (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "player.toggle-breakpoint", "u", 26));
  g_assert_true (gml_session_has_breakpoint (session, 26));
  activate (window, "player.continue");
  g_assert_cmpuint (gml_session_get_scene (session)->line, ==, 26);

  /* Playing stops there too. */
  activate (window, "player.start");
  gml_session_set_speed (session, 1000);
  activate (window, "player.play");
  while (gml_session_get_playing (session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gml_session_get_scene (session)->line, ==, 26);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "player.run-to-line", "u", 27));
  g_assert_cmpuint (gml_session_get_scene (session)->line, ==, 27);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
save_notice (GmlSession  *session,
             const char  *text,
             char       **out)
{
  g_free (*out);
  *out = g_strdup (text);
}

static gboolean
action_enabled (GmlWindow  *window,
                const char *name)
{
  GActionGroup *group = gml_session_get_actions (gml_window_get_session (window));

  return g_action_group_get_action_enabled (group, name);
}

/* Step over a call that runs for a million steps and never returns: the
 * playhead moves at the end of a replay that runs in slices, while the
 * window stays live; moving the playhead or Stop abandons it. */
static void
test_step_over_long_call (void)
{
  g_autoptr (GFile) file = write_program ("spin.go",
                                          "package main\n"
                                          "\n"
                                          "func spin(n int) int {\n"
                                          "\ts := 0\n"
                                          "\tfor i := 0; i < n; i++ {\n"
                                          "\t\ts += i\n"
                                          "\t}\n"
                                          "\tpanic(\"spun\")\n"
                                          "}\n"
                                          "\n"
                                          "func main() {\n"
                                          "\tprintln(spin(5000000))\n"
                                          "}\n");
  GmlWindow *window = open_window (file);
  GmlSession *session = gml_window_get_session (window);
  GmlTimeline *tl = gml_session_get_timeline (session);
  guint64 call = gml_timeline_first_at_line (tl, 12), n = gml_session_get_n_steps (session);
  g_autofree char *notice = NULL;
  guint iterations = 0;
  double last_fraction = 0;

  g_signal_connect (session, "notice", G_CALLBACK (save_notice), &notice);
  g_assert_cmpuint (n, >, 10000000);

  /* A statement without calls: at once. */
  gml_session_set_playhead (session, gml_timeline_first_at_line (tl, 4));
  activate (window, "player.step-over");
  g_assert_false (gml_session_get_searching (session));
  g_assert_cmpuint (gml_session_get_scene (session)->line, ==, 5);

  gml_session_set_playhead (session, call);
  activate (window, "player.step-over");
  g_assert_true (gml_session_get_searching (session));
  g_assert_cmpuint (gml_session_get_playhead (session), ==, call);
  g_assert_false (action_enabled (window, "step-over"));
  g_assert_true (action_enabled (window, "stop-searching"));
  while (gml_session_get_searching (session))
    {
      double fraction = gml_session_get_search_fraction (session);

      g_assert_cmpfloat (fraction, >=, last_fraction);
      g_assert_cmpfloat (fraction, <=, 1);
      last_fraction = fraction;
      g_main_context_iteration (NULL, TRUE);
      iterations++;
    }
  g_assert_cmpfloat (last_fraction, >, 0);
  g_assert_cmpfloat (gml_session_get_search_fraction (session), ==, 0);
  /* Many main loop iterations: the window went on drawing meanwhile. */
  g_assert_cmpuint (iterations, >, 3);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, n);
  g_assert_cmpstr (notice, ==, "The call never returns: the run ends inside it");
  g_assert_false (action_enabled (window, "step-over"));   /* at the end */

  /* Another move abandons it. */
  gml_session_set_playhead (session, call);
  activate (window, "player.step-over");
  g_assert_true (gml_session_get_searching (session));
  activate (window, "player.step-forward");
  g_assert_false (gml_session_get_searching (session));
  g_assert_false (action_enabled (window, "stop-searching"));
  g_assert_cmpuint (gml_session_get_playhead (session), ==, call + 1);

  /* So does Stop, and the playhead stays. */
  gml_session_set_playhead (session, call);
  activate (window, "player.step-out");
  g_assert_true (gml_session_get_searching (session));
  activate (window, "player.stop-searching");
  g_assert_false (gml_session_get_searching (session));
  g_assert_cmpuint (gml_session_get_playhead (session), ==, call);
  g_assert_true (action_enabled (window, "step-over"));
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (gml_session_get_playhead (session), ==, call);

  g_signal_handlers_disconnect_by_data (session, &notice);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_compile_error (void)
{
  g_autoptr (GFile) file = write_program ("broken.go", "package main\n\nfunc main() {\n\tx := 1\n}\n");
  GmlWindow *window = open_window (file);
  GmlSession *session = gml_window_get_session (window);
  GtkListBox *list = child (window, "diagnostics_list");
  GtkListBoxRow *row;

  g_assert_cmpint (gml_session_get_status (session), ==, GML_SESSION_FAILED);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "canvas_stack")), ==, "error");
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "x declared but not used");
  /* Clicking it shows its line. */
  g_signal_emit_by_name (list, "row-activated", row);
  {
    GtkTextBuffer *buffer = GTK_TEXT_BUFFER (child (window, "code_buffer"));
    GtkTextIter cursor;

    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 3);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_dark_canvas (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GmlWindow *window = open_window (NULL);
  GmlCanvas *canvas = child (window, "canvas");
  g_autoptr (GskRenderNode) node = NULL;
  GskRenderNode *first;
  const GdkRGBA *bg;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  node = canvas_node (canvas);
  /* The first node the painter appends is the background. */
  first = node;
  while (gsk_render_node_get_node_type (first) == GSK_CONTAINER_NODE)
    first = gsk_container_node_get_child (first, 0);
  g_assert_cmpint (gsk_render_node_get_node_type (first), ==, GSK_COLOR_NODE);
  bg = gsk_color_node_get_color (first);
  g_assert_cmpfloat (bg->red + bg->green + bg->blue, <, 0.6);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!gml_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/main-window/opens-at-program-start", test_opens_at_program_start);
  g_test_add_func ("/ui/main-window/current-line-in-view", test_current_line_in_view);
  g_test_add_func ("/ui/main-window/step-forward-and-back", test_step_forward_and_back);
  g_test_add_func ("/ui/main-window/scrub", test_scrub);
  g_test_add_func ("/ui/main-window/follow-a-gc-cycle", test_follow_a_gc_cycle);
  g_test_add_func ("/ui/main-window/runtime-objects-explained", test_runtime_objects_explained);
  g_test_add_func ("/ui/main-window/list-and-selection", test_list_and_selection);
  g_test_add_func ("/ui/main-window/zoom", test_zoom);
  g_test_add_func ("/ui/main-window/canvas-render-nodes", test_canvas_render_nodes);
  g_test_add_func ("/ui/main-window/step-animates", test_step_animates);
  g_test_add_func ("/ui/main-window/presentation", test_presentation);
  g_test_add_func ("/ui/main-window/play-to-the-end", test_play_to_the_end);
  g_test_add_func ("/ui/main-window/breakpoint-and-continue", test_breakpoint_and_continue);
  g_test_add_func ("/ui/main-window/step-over-long-call", test_step_over_long_call);
  g_test_add_func ("/ui/main-window/compile-error", test_compile_error);
  g_test_add_func ("/ui/main-window/dark-canvas", test_dark_canvas);

  return g_test_run ();
}
