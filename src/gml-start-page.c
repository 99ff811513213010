/* gml-start-page.c: the course, progress and recent files.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window shows when no program is open, and whenever the
 * learner goes back to the course: the built-in course in the order of
 * its course.txt, in sections by topic (a run of scenarios on one topic
 * is a section, so the order is never broken), each scenario with its
 * level, length and the learner's progress; how far the learner is,
 * with one button to go on; Open and the programs opened recently.
 *
 * The course is read from the app's GResource (data/scenarios/ is
 * bundled), so the page is the same installed or run from the build
 * tree. The page only asks for files to be opened (GmlStartPage::open);
 * the window opens them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gml-markup.h"
#include "gml-quiz-view.h"
#include "gml-scenario.h"
#include "gml-start-page.h"

#define COURSE_URI "resource://" RESOURCE_BASE "/scenarios"
/* gml-window.c records the programs it opens under this name. */
#define RECENT_APP_NAME "gomemlab"
#define RECENT_MAX_ITEMS 5

/* One scenario of the course and its row. */
typedef struct
{
  char             *id;
  char             *title;
  char             *summary;      /* scenario markup */
  char             *topic;
  GmlScenarioLevel  level;
  guint             n_lines;
  guint             n_quizzes;
  GFile            *file;

  AdwActionRow     *row;          /* borrowed: the row holds these */
  GtkWidget        *number;
  GtkWidget        *status_icon;
  GtkLabel         *status_label;
  GtkLabel         *score_label;
} Item;

struct _GmlStartPage
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *scroller;
  GtkLabel      *intro;
  GtkLabel      *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel      *next_label;
  GtkButton     *continue_button;
  GtkWidget     *recent_box;
  GtkListBox    *recent_list;
  GtkWidget     *course_box;
  AdwStatusPage *course_error;

  /* Owned */
  GmlProgress   *progress;
  GPtrArray     *items;           /* Item*, in course order */
  GCancellable  *cancellable;     /* the course loading, or NULL */
  struct _LoadState *load_state;  /* the loading thread's, or NULL */
  gboolean       loaded;
};

G_DEFINE_FINAL_TYPE (GmlStartPage, gml_start_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_LOADED,
  N_PROPS
};

enum {
  OPEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
item_free (Item *item)
{
  g_free (item->id);
  g_free (item->title);
  g_free (item->summary);
  g_free (item->topic);
  g_clear_object (&item->file);
  g_free (item);
}

static const char *
topic_title (const char *topic)
{
  static const struct {
    const char *topic;
    const char *title;
  } topics[] = {
    { "basics", N_("Basics") },
    { "escape-analysis", N_("Escape Analysis") },
    { "data-structures", N_("Data Structures") },
    { "stacks", N_("Stacks") },
    { "goroutines", N_("Goroutines") },
    { "gc", N_("Garbage Collection") },
    { "tuning", N_("Tuning the Collector") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    if (g_strcmp0 (topic, topics[i].topic) == 0)
      return _(topics[i].title);
  return topic;
}

static const char *
level_title (GmlScenarioLevel level)
{
  switch (level)
    {
    case GML_LEVEL_BEGINNER:
      return _("Beginner");
    case GML_LEVEL_INTERMEDIATE:
      return _("Intermediate");
    case GML_LEVEL_ADVANCED:
      return _("Advanced");
    default:
      g_assert_not_reached ();
    }
}

/* "31 lines · 3 quizzes" */
static char *
item_length (const Item *item)
{
  g_autofree char *lines = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", item->n_lines),
                                            item->n_lines);
  g_autofree char *quizzes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u quiz", "%u quizzes",
                                                           item->n_quizzes),
                                              item->n_quizzes);

  return g_strconcat (lines, " · ", quizzes, NULL);
}

/* Progress ---------------------------------------------------------------- */

static gboolean
item_completed (GmlStartPage *self,
                const Item   *item)
{
  return gml_progress_get_completed (self->progress, item->id);
}

/* The first scenario not completed, or NULL when all are. */
static Item *
next_item (GmlStartPage *self)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (!item_completed (self, item))
        return item;
    }
  return NULL;
}

/* The row's status: completed (an icon and the word, never colour
 * alone), up next, and the quiz score once a quiz was answered right. */
static void
update_item (GmlStartPage *self,
             Item         *item,
             gboolean      is_next)
{
  gboolean completed = item_completed (self, item);
  guint first_try = 0;
  guint right = gml_progress_count_right (self->progress, item->id, &first_try);
  g_autofree char *length = item_length (item);
  g_autofree char *plain = gml_markup_to_plain (item->summary);
  g_autofree char *score = NULL;
  g_autofree char *score_text = NULL;
  g_autofree char *description = NULL;
  const char *status = NULL;

  if (completed)
    status = _("Completed");
  else if (is_next)
    status = _("Up next");
  gtk_label_set_label (item->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (item->status_icon, completed);
  gtk_widget_set_visible (GTK_WIDGET (item->status_label), status != NULL);
  if (completed)
    gtk_widget_add_css_class (GTK_WIDGET (item->status_label), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (item->status_label), "success");
  if (is_next)
    gtk_widget_add_css_class (GTK_WIDGET (item->status_label), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (item->status_label), "accent");
  if (completed)
    gtk_widget_add_css_class (item->number, "completed");
  else
    gtk_widget_remove_css_class (item->number, "completed");

  if (item->n_quizzes > 0 && (completed || right > 0))
    {
      /* Translators: quizzes answered right of the scenario's quizzes. */
      score = g_strdup_printf (_("Quizzes %u/%u"), right, item->n_quizzes);
      score_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u quiz answered right",
                                                 "%u of %u quizzes answered right", item->n_quizzes),
                                    right, item->n_quizzes);
    }
  gtk_label_set_label (item->score_label, score != NULL ? score : "");
  gtk_widget_set_visible (GTK_WIDGET (item->score_label), score != NULL);

  description = g_strjoin (". ", plain, level_title (item->level), length,
                           status != NULL ? status : _("Not started"),
                           score_text, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
update_progress (GmlStartPage *self)
{
  guint total = self->items->len;
  guint done = 0;
  Item *next = next_item (self);
  g_autofree char *progress = NULL;
  g_autofree char *next_text = NULL;
  const char *button;

  if (!self->loaded)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), FALSE);
      return;
    }
  for (guint i = 0; i < total; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      done += item_completed (self, item);
      update_item (self, item, item == next);
    }

  /* Translators: "5 of 18 scenarios completed". */
  progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u scenario completed",
                                           "%u of %u scenarios completed", total),
                              done, total);
  gtk_label_set_label (self->progress_label, progress);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);

  if (next == NULL)
    {
      button = _("_Review the Course");
      next_text = g_strdup (total > 0 ? _("You have completed every scenario. Well done!") : "");
    }
  else
    {
      guint n = 0;

      g_ptr_array_find (self->items, next, &n);
      button = done == 0 && n == 0 ? _("_Start the Tour") : _("_Continue");
      /* Translators: the number and title of the scenario to take next. */
      next_text = g_strdup_printf (_("Next: %u. %s"), n + 1, next->title);
    }
  gtk_button_set_label (self->continue_button, button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), total > 0);
  gtk_label_set_label (self->next_label, next_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->continue_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, next_text,
                                  -1);
}

static void
progress_changed_cb (GmlStartPage *self,
                     const char   *scenario,
                     GmlProgress  *progress)
{
  update_progress (self);
}

/* The course ---------------------------------------------------------------- */

static void
row_activated_cb (GmlStartPage *self,
                  AdwActionRow *row)
{
  GFile *file = g_object_get_data (G_OBJECT (row), "gml-file");

  g_signal_emit (self, signals[OPEN], 0, file);
}

static GtkWidget *
caption_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "caption");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
column (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  return box;
}

static AdwActionRow *
item_row (GmlStartPage *self,
          Item         *item,
          guint         number)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *title = g_markup_escape_text (item->title, -1);
  g_autofree char *summary = gml_markup_to_pango (item->summary);
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  g_autofree char *length = item_length (item);
  GtkWidget *meta = column ();
  GtkWidget *status = column ();
  GtkWidget *status_line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *level;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, summary);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row), "course-row");
  g_object_set_data_full (G_OBJECT (row), "gml-file", g_object_ref (item->file), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);

  item->number = gtk_label_new (number_text);
  gtk_widget_set_valign (item->number, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (item->number, "course-number");
  gtk_widget_add_css_class (item->number, "numeric");
  adw_action_row_add_prefix (row, item->number);

  level = caption_label (level_title (item->level), "course-level");
  gtk_widget_add_css_class (level, gml_scenario_level_name (item->level));
  gtk_widget_set_halign (level, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (meta), level);
  gtk_box_append (GTK_BOX (meta), caption_label (length, "dim-label"));
  adw_action_row_add_suffix (row, meta);

  gtk_widget_add_css_class (status, "course-status");
  gtk_widget_set_halign (status_line, GTK_ALIGN_END);
  item->status_icon = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_add_css_class (item->status_icon, "success");
  item->status_label = GTK_LABEL (caption_label (NULL, "course-status-label"));
  gtk_box_append (GTK_BOX (status_line), item->status_icon);
  gtk_box_append (GTK_BOX (status_line), GTK_WIDGET (item->status_label));
  gtk_box_append (GTK_BOX (status), status_line);
  item->score_label = GTK_LABEL (caption_label (NULL, "numeric"));
  gtk_widget_add_css_class (GTK_WIDGET (item->score_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (item->score_label), "course-score");
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (item->score_label));
  adw_action_row_add_suffix (row, status);

  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
  item->row = row;
  return row;
}

static Item *
item_new (const GmlScenario *sc,
          GFile             *file)
{
  Item *item = g_new0 (Item, 1);

  item->id = g_strdup (sc->id);
  item->title = g_strdup (sc->title);
  item->summary = g_strdup (sc->summary);
  item->topic = g_strdup (sc->topic);
  item->level = sc->level;
  item->n_lines = sc->n_lines;
  item->n_quizzes = sc->quizzes->len;
  item->file = g_object_ref (file);
  return item;
}

/* Sections: each run of scenarios on one topic, in course order. */
static void
add_rows (GmlStartPage *self)
{
  AdwPreferencesGroup *group = NULL;
  const char *topic = NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (group == NULL || g_strcmp0 (topic, item->topic) != 0)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, topic_title (item->topic));
          gtk_box_append (GTK_BOX (self->course_box), GTK_WIDGET (group));
          topic = item->topic;
        }
      adw_preferences_group_add (group, GTK_WIDGET (item_row (self, item, i + 1)));
    }
}

/* Loading the course compiles every program (some 200 ms): a thread
 * does it, and the rows appear when it is done. */
typedef struct
{
  GPtrArray *items;      /* Item* */
  char      *problems;   /* the diagnostics, or NULL */
} Course;

/* Whether the thread is still at work, shared by the thread and the page
 * (an atomic rc box): a page that goes away waits for its thread, which
 * stops at the next scenario once cancelled, so no thread is left
 * reading the resources while the process exits. */
typedef struct _LoadState
{
  GMutex    lock;
  GCond     cond;
  gboolean  done;
} LoadState;

static void
load_state_clear (gpointer data)
{
  LoadState *state = data;

  g_mutex_clear (&state->lock);
  g_cond_clear (&state->cond);
}

static void
load_state_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, load_state_clear);
}

static void
course_free (Course *course)
{
  g_clear_pointer (&course->items, g_ptr_array_unref);
  g_free (course->problems);
  g_free (course);
}

static void
load_course_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr (GFile) folder = g_file_new_for_uri (COURSE_URI);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GPtrArray) entries = gml_course_load_file (folder, diags);
  Course *course = g_new0 (Course, 1);

  course->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  for (guint i = 0; entries != NULL && i < entries->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      const GmlCourseEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *name = g_strconcat (e->name, ".json", NULL);
      g_autoptr (GmlScenario) sc = gml_scenario_load_file (e->file, name, diags);

      if (sc != NULL)
        g_ptr_array_add (course->items, item_new (sc, e->file));
    }
  if (gml_diag_list_n_errors (diags) > 0)
    course->problems = gml_diag_list_format (diags);
  g_task_return_pointer (task, course, (GDestroyNotify) course_free);
  {
    LoadState *state = task_data;

    g_mutex_lock (&state->lock);
    state->done = TRUE;
    g_cond_signal (&state->cond);
    g_mutex_unlock (&state->lock);
  }
}

static void
load_course_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GmlStartPage *self;
  Course *course = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *intro = NULL;

  /* NULL when the page went away first. */
  if (course == NULL)
    return;
  self = GML_START_PAGE (user_data);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->load_state, load_state_unref);
  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&course->items));
  add_rows (self);

  /* Only a broken build gets here: tests load every built-in scenario. */
  if (course->problems != NULL)
    {
      g_warning ("The built-in course has problems:\n%s", course->problems);
      adw_status_page_set_description (self->course_error, course->problems);
      gtk_widget_set_visible (GTK_WIDGET (self->course_error), TRUE);
    }
  course_free (course);

  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "A course of %u short Go program. Watch it run on a simulated "
                                        "Go runtime: stacks, the heap, escape analysis and the garbage collector.",
                                        "A course of %u short Go programs. Watch each one run on a simulated "
                                        "Go runtime: stacks, the heap, escape analysis and the garbage collector.",
                                        self->items->len),
                           self->items->len);
  gtk_label_set_label (self->intro, intro);
  self->loaded = TRUE;
  update_progress (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
load_course (GmlStartPage *self)
{
  g_autoptr (GTask) task = NULL;

  self->cancellable = g_cancellable_new ();
  self->load_state = g_atomic_rc_box_new0 (LoadState);
  g_mutex_init (&self->load_state->lock);
  g_cond_init (&self->load_state->cond);
  /* No source object: the task must not keep the page alive, so that
   * its dispose (which cancels and waits for the thread) runs when the
   * window goes. A cancelled task gives the callback NULL. */
  task = g_task_new (NULL, self->cancellable, load_course_cb, self);
  g_task_set_source_tag (task, load_course);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self->load_state), load_state_unref);
  /* The page is gone when the task ends cancelled: say so with NULL. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_course_thread);
}

/* Recent files ------------------------------------------------------------ */

static int
compare_recent_by_modified (gconstpointer a,
                            gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/* The folder shown under the file name, with the home folder as "~". */
static char *
folder_for_display (GFile *file)
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
recent_activated_cb (GmlStartPage *self,
                     AdwActionRow *row)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_object_get_data (G_OBJECT (row), "gml-uri"));

  g_signal_emit (self, signals[OPEN], 0, file);
}

static GtkWidget *
recent_row (GmlStartPage  *self,
            GtkRecentInfo *info)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autoptr (GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
  g_autofree char *title = g_markup_escape_text (gtk_recent_info_get_display_name (info), -1);
  g_autofree char *folder = folder_for_display (file);
  g_autofree char *subtitle = folder != NULL ? g_markup_escape_text (folder, -1) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_icon_name (row, "text-x-generic-symbolic");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "gml-uri", g_strdup (gtk_recent_info_get_uri (info)), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (recent_activated_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (row);
}

/* The programs the app opened (the window records them), newest first. */
static void
update_recent (GmlStartPage *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr (GPtrArray) recent = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GtkWidget *child;

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, RECENT_APP_NAME) && gtk_recent_info_exists (info))
        g_ptr_array_add (recent, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (recent, compare_recent_by_modified);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  for (guint i = 0; i < MIN (recent->len, RECENT_MAX_ITEMS); i++)
    gtk_list_box_append (self->recent_list, recent_row (self, g_ptr_array_index (recent, i)));
  gtk_widget_set_visible (self->recent_box, recent->len > 0);
}

/* Actions and signal handlers ------------------------------------------- */

static void
continue_clicked_cb (GmlStartPage *self)
{
  GFile *file = gml_start_page_get_next (self);

  if (file != NULL)
    g_signal_emit (self, signals[OPEN], 0, file);
}

/* GObject ----------------------------------------------------------------- */

static gboolean
gml_start_page_grab_focus (GtkWidget *widget)
{
  GmlStartPage *self = GML_START_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
}

static void
gml_start_page_dispose (GObject *object)
{
  GmlStartPage *self = GML_START_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->load_state != NULL)
    {
      LoadState *state = self->load_state;

      g_mutex_lock (&state->lock);
      while (!state->done)
        g_cond_wait (&state->cond, &state->lock);
      g_mutex_unlock (&state->lock);
      g_clear_pointer (&self->load_state, load_state_unref);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), GML_TYPE_START_PAGE);
  g_clear_object (&self->progress);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (gml_start_page_parent_class)->dispose (object);
}

static void
gml_start_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GmlStartPage *self = GML_START_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_object (value, self->progress);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_start_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GmlStartPage *self = GML_START_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      gml_start_page_set_progress (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_start_page_class_init (GmlStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_start_page_dispose;
  object_class->get_property = gml_start_page_get_property;
  object_class->set_property = gml_start_page_set_property;
  widget_class->grab_focus = gml_start_page_grab_focus;

  /**
   * GmlStartPage:progress:
   *
   * The learner's progress the page shows; the default progress unless
   * set.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL,
                         GML_TYPE_PROGRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GmlStartPage:loaded:
   *
   * Whether the course has been read (in a thread, after the page is
   * made) and its rows are shown.
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GmlStartPage::open:
   * @self: the page
   * @file: the scenario or program to open
   *
   * The learner chose a scenario, "Continue" or a recent program.
   */
  signals[OPEN] =
    g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gml-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, intro);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, recent_box);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, course_box);
  gtk_widget_class_bind_template_child (widget_class, GmlStartPage, course_error);
  gtk_widget_class_bind_template_callback (widget_class, continue_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "startpage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gml_start_page_init (GmlStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Course"),
                                  -1);

  load_course (self);
  gml_start_page_set_progress (self, NULL);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);
}

/* Public API ------------------------------------------------------------ */

GtkWidget *
gml_start_page_new (void)
{
  return g_object_new (GML_TYPE_START_PAGE, NULL);
}

GmlProgress *
gml_start_page_get_progress (GmlStartPage *self)
{
  g_return_val_if_fail (GML_IS_START_PAGE (self), NULL);

  return self->progress;
}

/**
 * gml_start_page_set_progress:
 * @self: a #GmlStartPage
 * @progress: (nullable): the learner's progress; %NULL for the default
 *
 * The page follows @progress as it changes.
 */
void
gml_start_page_set_progress (GmlStartPage *self,
                             GmlProgress  *progress)
{
  g_return_if_fail (GML_IS_START_PAGE (self));
  g_return_if_fail (progress == NULL || GML_IS_PROGRESS (progress));

  if (progress == NULL)
    progress = gml_progress_get_default ();
  if (self->progress == progress)
    return;

  if (self->progress != NULL)
    g_signal_handlers_disconnect_by_data (self->progress, self);
  g_set_object (&self->progress, progress);
  g_signal_connect_object (progress, "changed", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  update_progress (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

gboolean
gml_start_page_get_loaded (GmlStartPage *self)
{
  g_return_val_if_fail (GML_IS_START_PAGE (self), FALSE);

  return self->loaded;
}

GFile *
gml_start_page_get_next (GmlStartPage *self)
{
  Item *item;

  g_return_val_if_fail (GML_IS_START_PAGE (self), NULL);

  if (self->items->len == 0)
    return NULL;
  item = next_item (self);
  if (item == NULL)
    item = g_ptr_array_index (self->items, 0);
  return item->file;
}
