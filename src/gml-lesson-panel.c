/* gml-lesson-panel.c: the side panel's "Lesson" page.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a learner reads beside the run: the scenario's title and summary,
 * the chapter the playhead is in (a drop-down that also jumps), the
 * previous and next "moment" (a card or quiz anchor) with "n of N", the
 * narration cards of the latest anchor reached, a GmlQuizView for every
 * quiz reached since, the score, and whether playback pauses at
 * questions. Everything comes from the session's GmlLesson, which the
 * panel follows (GmlLesson::changed and ::quiz-changed); the panel keeps
 * no state of its own beyond the widgets.
 *
 * Keys work wherever the focus is (outside text entries), like the
 * window's playback keys: 1–9 choose an answer of the active quiz (the
 * last one shown that still takes an answer; 1 and 2 are yes and no),
 * Ctrl+Enter checks it, N and P go to the next and previous moment.
 *
 * Authors see what resolving the anchors found wrong (an anchor the run
 * never reaches) above the cards.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gml-lesson-panel.h"
#include "gml-markup.h"
#include "gml-quiz-view.h"

struct _GmlLessonPanel
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *scroller;
  GtkLabel      *title_label;
  GtkLabel      *summary_label;
  GtkLabel      *problems_label;
  GtkDropDown   *chapter_dropdown;
  GtkStringList *chapter_list;
  GtkWidget     *nav_box;
  GtkWidget     *previous_button;
  GtkLabel      *moment_label;
  GtkWidget     *next_button;
  GtkLabel      *waiting_label;
  GtkWidget     *cards_box;
  GtkWidget     *quizzes_box;
  GtkLabel      *score_label;
  GtkCheckButton *hold_button;

  /* Owned */
  GmlSession    *session;
  GmlLesson     *lesson;
  GPtrArray     *quiz_views;       /* GmlQuizView, as shown, referenced */
  gboolean       syncing;
};

G_DEFINE_FINAL_TYPE (GmlLessonPanel, gml_lesson_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HAS_CONTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  QUIZ_REACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
remove_children (GtkWidget *box)
{
  GtkRoot *root = gtk_widget_get_root (box);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *child;

  /* Focus must not vanish with the widget that has it (GTK 4.8 keeps a
   * stale focus widget then): hand it to the page. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, box))
    {
      GtkWidget *page = gtk_widget_get_ancestor (box, GML_TYPE_LESSON_PANEL);

      if (page == NULL || !gtk_widget_grab_focus (page))
        gtk_root_set_focus (root, NULL);
    }

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static GtkWidget *
wrapped_label (const char *markup,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Score ------------------------------------------------------------------- */

static void
update_score (GmlLessonPanel *self)
{
  guint first_try = 0, right = 0, total = 0;
  g_autofree char *text = NULL;

  gml_lesson_get_score (self->lesson, &first_try, &right, &total);
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), total > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->hold_button), total > 0);
  if (total == 0)
    return;
  /* Translators: the lesson's score: quizzes answered right, quizzes in
   * the scenario, and of the right ones those right the first time. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Score: %u of %u question right (%u at the first try)",
                                       "Score: %u of %u questions right (%u at the first try)", total),
                          right, total, first_try);
  gtk_label_set_text (self->score_label, text);
}

/* Cards, chapter, moment -------------------------------------------------- */

static void
update_cards (GmlLessonPanel *self)
{
  GmlScenario *sc = gml_lesson_get_scenario (self->lesson);
  const GArray *cards = gml_lesson_get_cards (self->lesson);

  remove_children (self->cards_box);
  for (guint i = 0; i < cards->len; i++)
    {
      GmlCard *card = g_ptr_array_index (sc->cards, g_array_index (cards, guint, i));
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      g_autofree char *body = gml_markup_to_pango (card->body);
      g_autofree char *plain = gml_markup_to_plain (card->body);
      GtkWidget *body_label = wrapped_label (body, "lesson-card-body");

      if (card->title != NULL)
        {
          g_autofree char *title = g_markup_escape_text (card->title, -1);

          gtk_box_append (GTK_BOX (box), wrapped_label (title, "lesson-card-title"));
        }
      gtk_label_set_selectable (GTK_LABEL (body_label), TRUE);
      gtk_box_append (GTK_BOX (box), body_label);
      gtk_widget_add_css_class (box, "card");
      gtk_widget_add_css_class (box, "lesson-card");
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      card->title != NULL ? card->title : plain, -1);
      gtk_box_append (GTK_BOX (self->cards_box), box);
    }
  gtk_widget_set_visible (self->cards_box, cards->len > 0);
}

static void
update_chapter (GmlLessonPanel *self)
{
  GmlScenario *sc = gml_lesson_get_scenario (self->lesson);
  int chapter = gml_lesson_get_chapter (self->lesson);

  gtk_widget_set_visible (GTK_WIDGET (self->chapter_dropdown), sc->chapters->len > 0);
  self->syncing = TRUE;
  /* Item 0 is the start of the run, before the first chapter. */
  gtk_drop_down_set_selected (self->chapter_dropdown, (guint) (chapter + 1));
  self->syncing = FALSE;
}

/* The position of the first moment, or GML_LESSON_NOWHERE. */
static guint64
first_moment (GmlLesson *lesson)
{
  GmlScenario *sc = gml_lesson_get_scenario (lesson);
  guint64 first = GML_LESSON_NOWHERE;

  for (guint i = 0; i < sc->cards->len; i++)
    first = MIN (first, gml_lesson_card_position (lesson, i));
  for (guint i = 0; i < sc->quizzes->len; i++)
    first = MIN (first, gml_lesson_quiz_position (lesson, i));
  return first;
}

static void
update_moment (GmlLessonPanel *self)
{
  guint n = 0;
  guint moment = gml_lesson_get_moment (self->lesson, &n);
  guint64 playhead = gml_session_get_playhead (self->session);
  gboolean resolved = gml_lesson_get_resolved (self->lesson);
  g_autofree char *text = NULL;

  /* Translators: the moments of a lesson (cards and quizzes) reached,
   * e.g. "3 of 7". */
  text = g_strdup_printf (_("%u of %u"), moment, n);
  gtk_label_set_text (self->moment_label, text);
  gtk_widget_set_visible (self->nav_box, resolved && n > 0);
  /* A moment behind the playhead; one ahead of it. */
  gtk_widget_set_sensitive (self->previous_button,
                            moment > 1 || (moment == 1 && first_moment (self->lesson) < playhead));
  gtk_widget_set_sensitive (self->next_button, moment < n);

  if (!resolved)
    gtk_label_set_text (self->waiting_label, _("The lesson begins once the run is recorded…"));
  else if (moment == 0 && n > 0)
    gtk_label_set_text (self->waiting_label, _("Play, step, or press Next to reach the first card."));
  else
    gtk_label_set_text (self->waiting_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label),
                          *gtk_label_get_text (self->waiting_label) != '\0');
}

/* Quizzes ------------------------------------------------------------------ */

/* Once laid out, scrolls the page so that the quiz reached shows. */
static gboolean
scroll_to_quiz_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  GmlLessonPanel *self = GML_LESSON_PANEL (widget);
  GtkWidget *view = data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  graphene_point_t top;

  /* Tick callbacks run before layout: wait for the new view's first. */
  if (gtk_widget_get_parent (view) == self->quizzes_box && gtk_widget_get_height (view) == 0)
    return G_SOURCE_CONTINUE;
  if (gtk_widget_get_parent (view) == self->quizzes_box &&
      gtk_widget_compute_point (view, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller)),
                                &GRAPHENE_POINT_INIT (0, 0), &top))
    {
      double bottom = top.y + gtk_widget_get_height (view);
      double page = gtk_adjustment_get_page_size (adj);
      double value = gtk_adjustment_get_value (adj);

      /* The whole quiz if it fits, else its top. */
      if (bottom > value + page)
        gtk_adjustment_set_value (adj, MIN (top.y - 6, bottom - page + 6));
      else if (top.y < value)
        gtk_adjustment_set_value (adj, top.y - 6);
    }
  return G_SOURCE_REMOVE;
}

static void
scroll_to_quiz (GmlLessonPanel *self,
                GtkWidget      *view)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_quiz_cb, g_object_ref (view), g_object_unref);
}

static gboolean
same_quizzes (GmlLessonPanel *self,
              const GArray   *quizzes)
{
  if (quizzes->len != self->quiz_views->len)
    return FALSE;
  for (guint i = 0; i < quizzes->len; i++)
    if (gml_quiz_view_get_quiz (g_ptr_array_index (self->quiz_views, i)) != g_array_index (quizzes, guint, i))
      return FALSE;
  return TRUE;
}

static gboolean
was_shown (GPtrArray *views,
           guint      quiz)
{
  for (guint i = 0; i < views->len; i++)
    if (gml_quiz_view_get_quiz (g_ptr_array_index (views, i)) == quiz)
      return TRUE;
  return FALSE;
}

static void
update_quizzes (GmlLessonPanel *self)
{
  const GArray *quizzes = gml_lesson_get_quizzes (self->lesson);
  g_autoptr (GPtrArray) old = NULL;
  guint64 playhead = gml_session_get_playhead (self->session);
  GtkWidget *reached = NULL;

  if (same_quizzes (self, quizzes))
    return;
  old = g_steal_pointer (&self->quiz_views);
  self->quiz_views = g_ptr_array_new_with_free_func (g_object_unref);
  remove_children (self->quizzes_box);
  for (guint i = 0; i < quizzes->len; i++)
    {
      guint q = g_array_index (quizzes, guint, i);
      GtkWidget *view = gml_quiz_view_new (self->session, q);

      gtk_box_append (GTK_BOX (self->quizzes_box), view);
      g_ptr_array_add (self->quiz_views, g_object_ref (view));
      if (!was_shown (old, q) && gml_lesson_quiz_position (self->lesson, q) == playhead)
        reached = view;
    }
  gtk_widget_set_visible (self->quizzes_box, quizzes->len > 0);
  if (reached != NULL)
    {
      scroll_to_quiz (self, reached);
      g_signal_emit (self, signals[QUIZ_REACHED], 0);
    }
}

static void
lesson_changed_cb (GmlLessonPanel *self)
{
  update_chapter (self);
  update_moment (self);
  update_cards (self);
  update_quizzes (self);
  update_score (self);
}

static void
quiz_changed_cb (GmlLessonPanel *self)
{
  update_score (self);
}

static void
resolved_cb (GmlLessonPanel *self)
{
  const char *problems = gml_lesson_get_problems (self->lesson);

  gtk_label_set_text (self->problems_label, problems != NULL ? problems : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), problems != NULL);
  lesson_changed_cb (self);
}

/* Playback that stops at a quiz hands the keyboard to it. */
static void
playing_changed_cb (GmlLessonPanel *self)
{
  GtkWidget *active;

  if (self->lesson == NULL || gml_session_get_playing (self->session))
    return;
  active = gml_lesson_panel_get_active_quiz (self);
  if (active != NULL &&
      gml_lesson_quiz_position (self->lesson, gml_quiz_view_get_quiz (GML_QUIZ_VIEW (active))) ==
      gml_session_get_playhead (self->session) &&
      gtk_widget_get_mapped (active))
    gml_quiz_view_focus_input (GML_QUIZ_VIEW (active));
}

/* The lesson ------------------------------------------------------------- */

static void
clear_lesson (GmlLessonPanel *self)
{
  if (self->lesson != NULL)
    g_signal_handlers_disconnect_by_data (self->lesson, self);
  g_clear_object (&self->lesson);
  remove_children (self->cards_box);
  remove_children (self->quizzes_box);
  g_ptr_array_set_size (self->quiz_views, 0);
}

static void
session_lesson_cb (GmlLessonPanel *self)
{
  GmlLesson *lesson = self->session != NULL ? gml_session_get_lesson (self->session) : NULL;
  GmlScenario *sc;
  g_autofree char *summary = NULL;
  gboolean had = gml_lesson_panel_has_content (self);

  if (lesson == self->lesson)
    return;
  clear_lesson (self);
  if (lesson != NULL)
    {
      self->lesson = g_object_ref (lesson);
      sc = gml_lesson_get_scenario (lesson);
      gtk_label_set_text (self->title_label, sc->title != NULL ? sc->title : "");
      summary = gml_markup_to_pango (sc->summary);
      gtk_label_set_markup (self->summary_label, summary);
      gtk_widget_set_visible (GTK_WIDGET (self->summary_label), sc->summary != NULL && *sc->summary != '\0');
      self->syncing = TRUE;
      gtk_string_list_splice (self->chapter_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->chapter_list)),
                              NULL);
      /* Translators: the first item of the chapter drop-down: the
       * program's start, before its first chapter. */
      gtk_string_list_append (self->chapter_list, _("Start"));
      for (guint i = 0; i < sc->chapters->len; i++)
        {
          GmlChapter *chapter = g_ptr_array_index (sc->chapters, i);
          /* Translators: a chapter in the drop-down: its number and title. */
          g_autofree char *item = g_strdup_printf (_("Chapter %u: %s"), i + 1, chapter->title);

          gtk_string_list_append (self->chapter_list, item);
        }
      self->syncing = FALSE;
      /* The learner's choice holds for every scenario opened here. */
      gml_lesson_set_hold (lesson, gtk_check_button_get_active (self->hold_button));
      g_signal_connect_object (lesson, "changed", G_CALLBACK (lesson_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (lesson, "quiz-changed", G_CALLBACK (quiz_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (lesson, "notify::resolved", G_CALLBACK (resolved_cb), self, G_CONNECT_SWAPPED);
      resolved_cb (self);
    }
  if (had != gml_lesson_panel_has_content (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CONTENT]);
}

/* Input ----------------------------------------------------------------- */

static void
previous_clicked_cb (GmlLessonPanel *self)
{
  if (self->lesson != NULL)
    gml_lesson_go_previous (self->lesson);
}

static void
next_clicked_cb (GmlLessonPanel *self)
{
  if (self->lesson != NULL)
    gml_lesson_go_next (self->lesson);
}

static void
hold_toggled_cb (GmlLessonPanel *self)
{
  if (self->lesson != NULL)
    gml_lesson_set_hold (self->lesson, gtk_check_button_get_active (self->hold_button));
}

static void
chapter_selected_cb (GmlLessonPanel *self)
{
  guint item = gtk_drop_down_get_selected (self->chapter_dropdown);

  if (self->syncing || self->lesson == NULL || item == GTK_INVALID_LIST_POSITION)
    return;
  if ((int) item - 1 == gml_lesson_get_chapter (self->lesson))
    return;
  if (item == 0)
    gml_lesson_go_to_start (self->lesson);
  else
    gml_lesson_go_to_chapter (self->lesson, item - 1);
}

static gboolean
focus_in_entry (GmlLessonPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_EDITABLE (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_POPOVER (w))
      return TRUE;
  return FALSE;
}

typedef enum
{
  KEY_CHOOSE,
  KEY_CHECK,
  KEY_NEXT,
  KEY_PREVIOUS,
} KeyKind;

static gboolean
key_cb (GtkWidget *widget,
        GVariant  *args,
        gpointer   user_data)
{
  GmlLessonPanel *self = GML_LESSON_PANEL (widget);
  guint code = GPOINTER_TO_UINT (user_data);
  KeyKind kind = code >> 8;
  GtkWidget *active;

  if (self->lesson == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;
  if (kind != KEY_CHECK && focus_in_entry (self))
    return FALSE;
  switch (kind)
    {
    case KEY_NEXT:
      return gml_lesson_go_next (self->lesson);
    case KEY_PREVIOUS:
      return gml_lesson_go_previous (self->lesson);
    case KEY_CHECK:
      active = gml_lesson_panel_get_active_quiz (self);
      return active != NULL && gml_quiz_view_check (GML_QUIZ_VIEW (active));
    case KEY_CHOOSE:
    default:
      active = gml_lesson_panel_get_active_quiz (self);
      return active != NULL && gml_quiz_view_choose (GML_QUIZ_VIEW (active), code & 0xff);
    }
}

static void
add_key (GtkShortcutController *controller,
         const char            *trigger,
         KeyKind                kind,
         guint                  n)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_callback_action_new (key_cb,
                                                                                   GUINT_TO_POINTER (kind << 8 | n),
                                                                                   NULL)));
}

static void
add_keys (GmlLessonPanel *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  /* Handled by the window wherever the focus is (key_cb decides). */
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_event_controller_set_name (controller, "gml-lesson-keys");
  for (guint n = 1; n <= 9; n++)
    {
      g_autofree char *key = g_strdup_printf ("%u", n);
      g_autofree char *kp = g_strdup_printf ("KP_%u", n);

      add_key (shortcuts, key, KEY_CHOOSE, n);
      add_key (shortcuts, kp, KEY_CHOOSE, n);
    }
  add_key (shortcuts, "<Control>Return", KEY_CHECK, 0);
  add_key (shortcuts, "<Control>KP_Enter", KEY_CHECK, 0);
  add_key (shortcuts, "n", KEY_NEXT, 0);
  add_key (shortcuts, "p", KEY_PREVIOUS, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* GObject ------------------------------------------------------------------- */

static void
gml_lesson_panel_dispose (GObject *object)
{
  GmlLessonPanel *self = GML_LESSON_PANEL (object);

  gml_lesson_panel_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GML_TYPE_LESSON_PANEL);
  /* The template's root child (GTK 4.8 leaves it to us). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gml_lesson_panel_parent_class)->dispose (object);
}

static void
gml_lesson_panel_finalize (GObject *object)
{
  GmlLessonPanel *self = GML_LESSON_PANEL (object);

  g_ptr_array_unref (self->quiz_views);

  G_OBJECT_CLASS (gml_lesson_panel_parent_class)->finalize (object);
}

static void
gml_lesson_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GmlLessonPanel *self = GML_LESSON_PANEL (object);

  switch (prop_id)
    {
    case PROP_HAS_CONTENT:
      g_value_set_boolean (value, gml_lesson_panel_has_content (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_lesson_panel_class_init (GmlLessonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_lesson_panel_dispose;
  object_class->finalize = gml_lesson_panel_finalize;
  object_class->get_property = gml_lesson_panel_get_property;

  /**
   * GmlLessonPanel:has-content:
   *
   * Whether the session's scenario has cards, quizzes or chapters.
   */
  properties[PROP_HAS_CONTENT] =
    g_param_spec_boolean ("has-content", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GmlLessonPanel::quiz-reached:
   *
   * The playhead reached a quiz's anchor and the panel now shows it.
   */
  signals[QUIZ_REACHED] =
    g_signal_new ("quiz-reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gml-lesson-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, problems_label);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, chapter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, chapter_list);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, nav_box);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, previous_button);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, moment_label);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, next_button);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, cards_box);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, quizzes_box);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, score_label);
  gtk_widget_class_bind_template_child (widget_class, GmlLessonPanel, hold_button);
  gtk_widget_class_bind_template_callback (widget_class, previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, hold_toggled_cb);
}

static void
gml_lesson_panel_init (GmlLessonPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->quiz_views = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (self->chapter_dropdown, "notify::selected", G_CALLBACK (chapter_selected_cb), self);
  add_keys (self);
}

/* Public ---------------------------------------------------------------------- */

/**
 * gml_lesson_panel_set_session:
 * @self: a #GmlLessonPanel
 * @session: (nullable): the run shown; its lesson, once loaded, fills the panel
 */
void
gml_lesson_panel_set_session (GmlLessonPanel *self,
                              GmlSession     *session)
{
  g_return_if_fail (GML_IS_LESSON_PANEL (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::lesson", G_CALLBACK (session_lesson_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::playing", G_CALLBACK (playing_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  session_lesson_cb (self);
}

gboolean
gml_lesson_panel_has_content (GmlLessonPanel *self)
{
  g_return_val_if_fail (GML_IS_LESSON_PANEL (self), FALSE);
  return self->lesson != NULL && gml_lesson_has_content (self->lesson);
}

GPtrArray *
gml_lesson_panel_get_quiz_views (GmlLessonPanel *self)
{
  g_return_val_if_fail (GML_IS_LESSON_PANEL (self), NULL);
  return self->quiz_views;
}

GtkWidget *
gml_lesson_panel_get_active_quiz (GmlLessonPanel *self)
{
  g_return_val_if_fail (GML_IS_LESSON_PANEL (self), NULL);

  for (guint i = self->quiz_views->len; i > 0; i--)
    {
      GmlQuizView *view = g_ptr_array_index (self->quiz_views, i - 1);
      GmlQuizState state = gml_lesson_quiz_state (self->lesson, gml_quiz_view_get_quiz (view));

      if (state == GML_QUIZ_OPEN || state == GML_QUIZ_WRONG)
        return GTK_WIDGET (view);
    }
  return NULL;
}
