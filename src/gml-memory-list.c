/* gml-memory-list.c: goroutines, frames, variables and heap objects as a list.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canvas is one picture; GTK 4.8 cannot expose its parts to assistive
 * technologies. This list carries the same content as text, in the
 * canvas's order (stacks outermost frame first, then the heap by size
 * class), and is navigable with the keyboard. Selecting a row selects the
 * item in the session, so the canvas and the inspector follow; selecting
 * on the canvas moves the list's selection.
 *
 * The list is rebuilt from the scene only while it is shown.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gml-memory-list.h"

#define MAX_OBJECT_ROWS 5000

/* One row ---------------------------------------------------------------- */

#define GML_TYPE_MEMORY_ITEM (gml_memory_item_get_type ())
G_DECLARE_FINAL_TYPE (GmlMemoryItem, gml_memory_item, GML, MEMORY_ITEM, GObject)

struct _GmlMemoryItem
{
  GObject           parent_instance;
  char             *title;
  char             *detail;
  guint             depth;
  GmlSelectionKind  kind;
  guint64           id;
  gboolean          changed;
};

G_DEFINE_FINAL_TYPE (GmlMemoryItem, gml_memory_item, G_TYPE_OBJECT)

static void
gml_memory_item_finalize (GObject *object)
{
  GmlMemoryItem *self = GML_MEMORY_ITEM (object);

  g_free (self->title);
  g_free (self->detail);
  G_OBJECT_CLASS (gml_memory_item_parent_class)->finalize (object);
}

static void
gml_memory_item_class_init (GmlMemoryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gml_memory_item_finalize;
}

static void
gml_memory_item_init (GmlMemoryItem *self)
{
}

static char *
item_text (GmlMemoryItem *item)
{
  if (item->detail == NULL || *item->detail == '\0')
    return g_strdup (item->title);
  return g_strdup_printf ("%s, %s%s", item->title, item->detail, item->changed ? _(", changed") : "");
}

/* The list --------------------------------------------------------------- */

struct _GmlMemoryList
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkListView        *list_view;

  /* Owned */
  GmlSession         *session;
  GListStore         *store;
  GtkSingleSelection *selection;
  GmlScene           *built;        /* the scene the rows show (not a reference) */
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (GmlMemoryList, gml_memory_list, GTK_TYPE_WIDGET)

static void
add (GPtrArray        *rows,
     guint             depth,
     GmlSelectionKind  kind,
     guint64           id,
     gboolean          changed,
     char             *title,
     char             *detail)
{
  GmlMemoryItem *item = g_object_new (GML_TYPE_MEMORY_ITEM, NULL);

  item->depth = depth;
  item->kind = kind;
  item->id = id;
  item->changed = changed;
  item->title = title;
  item->detail = detail;
  g_ptr_array_add (rows, item);
}

static const char *
status_text (GmlSceneGStatus status)
{
  switch (status)
    {
    case GML_SCENE_G_RUNNING:
      return _("running");
    case GML_SCENE_G_WAITING:
      return _("waiting");
    case GML_SCENE_G_RUNNABLE:
      return _("runnable");
    case GML_SCENE_G_DEAD:
    default:
      return _("finished");
    }
}

static void
add_globals (GPtrArray *rows,
             GmlScene  *scene)
{
  if (scene->globals->len == 0)
    return;
  add (rows, 0, GML_SELECTION_NONE, 0, FALSE, g_strdup (_("Globals")), g_strdup (_("GC roots")));
  for (guint i = 0; i < scene->globals->len; i++)
    {
      GmlSceneSlot *g = gml_scene_global (scene, i);

      add (rows, 1, GML_SELECTION_VARIABLE, g->addr, (g->flags & GML_SCENE_CHANGED) != 0,
           g_strdup_printf ("%s %s", g->name, g->type), g_strdup_printf ("= %s", g->value));
    }
}

static void
add_stacks (GPtrArray *rows,
            GmlScene  *scene)
{
  for (guint i = 0; i < scene->goroutines->len; i++)
    {
      GmlSceneGoroutine *g = gml_scene_goroutine (scene, i);
      g_autofree char *cap = gml_scene_format_bytes (g->stack_hi - g->stack_lo);

      add (rows, 0, GML_SELECTION_GOROUTINE, g->goid, (g->flags & GML_SCENE_CHANGED) != 0,
           g_strdup_printf (_("Goroutine %" G_GUINT64_FORMAT " (%s)"), g->goid, g->entry),
           g_strdup_printf (_("%s%s%s, %s stack"), status_text (g->status), *g->wait_reason ? ": " : "",
                            g->wait_reason, cap));
      for (guint f = 0; f < g->n_scene_frames; f++)
        {
          GmlSceneFrame *frame = gml_scene_frame (scene, g->first_frame + f);

          if (frame->flags & GML_SCENE_ELIDED)
            {
              add (rows, 1, GML_SELECTION_NONE, 0, FALSE,
                   g_strdup_printf (_("%'" G_GUINT64_FORMAT " more frames of %s"), frame->n_elided, frame->func),
                   NULL);
              continue;
            }
          add (rows, 1, GML_SELECTION_FRAME, frame->fp, (frame->flags & (GML_SCENE_NEW | GML_SCENE_CHANGED)) != 0,
               g_strdup_printf (_("Frame %s"), frame->func), g_strdup_printf (_("line %u"), frame->line));
          for (guint s = 0; s < frame->n_slots; s++)
            {
              GmlSceneSlot *slot = gml_scene_slot (scene, frame->first_slot + s);

              add (rows, 2, GML_SELECTION_VARIABLE, slot->addr,
                   (slot->flags & (GML_SCENE_NEW | GML_SCENE_CHANGED)) != 0,
                   g_strdup_printf ("%s %s", slot->name, slot->type),
                   (slot->flags & GML_SCENE_MOVED) ? g_strdup (_("moved to the heap"))
                                                   : g_strdup_printf ("= %s", slot->value));
            }
        }
    }
}

static const char *
color_text (GmlSceneGcColor color)
{
  switch (color)
    {
    case GML_SCENE_GC_WHITE:
      return _("white");
    case GML_SCENE_GC_GREY:
      return _("grey");
    case GML_SCENE_GC_BLACK:
      return _("black");
    case GML_SCENE_GC_NONE:
    default:
      return "";
    }
}

static void
add_heap (GPtrArray *rows,
          GmlScene  *scene)
{
  guint n = scene->objects->len, shown = MIN (n, MAX_OBJECT_ROWS);

  add (rows, 0, GML_SELECTION_NONE, 0, FALSE,
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Heap: %u object", "Heap: %u objects", n), n), NULL);
  for (guint i = 0; i < shown; i++)
    {
      GmlSceneObject *o = gml_scene_object (scene, i);
      g_autofree char *size = gml_scene_format_bytes (o->size);
      const char *color = color_text (o->color);
      GString *detail = g_string_new (NULL);

      g_string_append_printf (detail, "%s, 0x%" G_GINT64_MODIFIER "x", size, o->addr);
      if (*color)
        /* Translators: the object's GC colour ("white", "grey", "black"). */
        g_string_append_printf (detail, _(", %s"), color);
      if (o->var_name != NULL)
        g_string_append_printf (detail, _(", variable %s moved to the heap"), o->var_name);
      add (rows, 1, GML_SELECTION_OBJECT, o->addr, (o->flags & (GML_SCENE_NEW | GML_SCENE_CHANGED)) != 0,
           g_strdup (*o->type ? o->type : _("tiny block")), g_string_free (detail, FALSE));
    }
  if (shown < n)
    add (rows, 1, GML_SELECTION_NONE, 0, FALSE, g_strdup_printf (_("%u more objects"), n - shown), NULL);
}

static void sync_selection (GmlMemoryList *self);

static void
rebuild (GmlMemoryList *self)
{
  GmlScene *scene = self->session != NULL ? gml_session_get_scene (self->session) : NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  self->built = scene;
  if (scene != NULL)
    {
      add (rows, 0, GML_SELECTION_NONE, 0, FALSE,
           g_strdup_printf (_("Step %'" G_GUINT64_FORMAT ", line %u"), scene->step, scene->line),
           g_strdup_printf (_("garbage collector: %s"), scene->gc.phase));
      add_globals (rows, scene);
      add_stacks (rows, scene);
      add_heap (rows, scene);
    }
  self->updating = TRUE;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       rows->pdata, rows->len);
  self->updating = FALSE;
  sync_selection (self);
}

static void
scene_changed_cb (GmlMemoryList *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
}

/* Selection both ways ---------------------------------------------------- */

static void
sync_selection (GmlMemoryList *self)
{
  GmlSelectionKind kind = self->session != NULL ? gml_session_get_selection_kind (self->session)
                                                : GML_SELECTION_NONE;
  guint64 id = self->session != NULL ? gml_session_get_selection_id (self->session) : 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; kind != GML_SELECTION_NONE && i < n; i++)
    {
      g_autoptr (GmlMemoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (item->kind == kind && item->id == id)
        {
          position = i;
          break;
        }
    }
  self->updating = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->updating = FALSE;
}

static void
selected_cb (GmlMemoryList *self)
{
  GmlMemoryItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (self->updating || self->session == NULL || item == NULL)
    return;
  gml_session_select (self->session, item->kind, item->id);
}

/* Rows ------------------------------------------------------------------- */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (detail, TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item)
{
  GmlMemoryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_last_child (box);
  g_autofree char *text = item_text (item);

  gtk_label_set_text (GTK_LABEL (title), item->title);
  gtk_label_set_text (GTK_LABEL (detail), item->detail != NULL ? item->detail : "");
  gtk_widget_set_margin_start (box, 4 + 16 * item->depth);
  gtk_list_item_set_selectable (list_item, item->kind != GML_SELECTION_NONE);
  if (item->depth == 0)
    gtk_widget_add_css_class (title, "heading");
  else
    gtk_widget_remove_css_class (title, "heading");
  if (item->changed)
    gtk_widget_add_css_class (box, "changed");
  else
    gtk_widget_remove_css_class (box, "changed");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* Public ----------------------------------------------------------------- */

void
gml_memory_list_set_session (GmlMemoryList *self,
                             GmlSession    *session)
{
  g_return_if_fail (GML_IS_MEMORY_LIST (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::scene", G_CALLBACK (scene_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::selection-id", G_CALLBACK (sync_selection), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::selection-kind", G_CALLBACK (sync_selection), self,
                               G_CONNECT_SWAPPED);
    }
  rebuild (self);
}

GListModel *
gml_memory_list_get_model (GmlMemoryList *self)
{
  g_return_val_if_fail (GML_IS_MEMORY_LIST (self), NULL);

  if (self->session != NULL && self->built != gml_session_get_scene (self->session))
    rebuild (self);
  return G_LIST_MODEL (self->selection);
}

char *
gml_memory_list_row_text (GmlMemoryList *self,
                          guint          i)
{
  g_autoptr (GmlMemoryItem) item = NULL;

  g_return_val_if_fail (GML_IS_MEMORY_LIST (self), NULL);

  item = g_list_model_get_item (gml_memory_list_get_model (self), i);
  return item != NULL ? item_text (item) : NULL;
}

/* GObject ---------------------------------------------------------------- */

static void
gml_memory_list_map (GtkWidget *widget)
{
  GmlMemoryList *self = GML_MEMORY_LIST (widget);

  GTK_WIDGET_CLASS (gml_memory_list_parent_class)->map (widget);
  if (self->session != NULL && self->built != gml_session_get_scene (self->session))
    rebuild (self);
}

static void
gml_memory_list_dispose (GObject *object)
{
  GmlMemoryList *self = GML_MEMORY_LIST (object);

  gml_memory_list_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GML_TYPE_MEMORY_LIST);
  /* The template's root child (GTK 4.8 leaves it to us). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (gml_memory_list_parent_class)->dispose (object);
}

static void
gml_memory_list_class_init (GmlMemoryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_memory_list_dispose;
  widget_class->map = gml_memory_list_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gml-memory-list.ui");
  gtk_widget_class_bind_template_child (widget_class, GmlMemoryList, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gml_memory_list_init (GmlMemoryList *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (GML_TYPE_MEMORY_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->store));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selected_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (factory);
}

GtkWidget *
gml_memory_list_new (void)
{
  return g_object_new (GML_TYPE_MEMORY_LIST, NULL);
}
