/* test-ui-files.c: validates GtkBuilder .ui files (suite 'data').
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-ui-files FILE.ui...
 *
 * `gtk4-builder-tool validate` cannot check our files: it links GTK only,
 * so templates whose parent is an Adw type fail with "Failed to lookup
 * template parent type AdwApplicationWindow", and any GtkSourceView or Adw
 * child is an unknown type (it also crashes without a display). This
 * program does what it does, with libadwaita and GtkSourceView loaded:
 * a template's class is replaced by an empty subclass of its parent type
 * of the same name, so no app code runs, and signal handlers resolve to a
 * no-op. GtkBuilder then reports unknown types, properties, signals, child
 * types and bad values as errors, which fail the test.
 *
 * This program must not link the app: the template class name has to be
 * free for the stand-in type.
 */
#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>

#include "gml-canvas.h"
#include "gml-gc-panel.h"
#include "gml-inspector.h"
#include "gml-lesson-panel.h"
#include "gml-memory-list.h"
#include "gml-output-view.h"
#include "gml-quiz-view.h"
#include "gml-scrubber.h"
#include "gml-start-page.h"
#include "gml-window.h"

/* A scope that accepts every handler name. */
#define CHECK_TYPE_SCOPE (check_scope_get_type ())
G_DECLARE_FINAL_TYPE (CheckScope, check_scope, CHECK, SCOPE, GtkBuilderCScope)

struct _CheckScope
{
  GtkBuilderCScope parent_instance;
};

static void check_scope_iface_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CheckScope, check_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      check_scope_iface_init))

static GtkBuilderScopeInterface *check_scope_parent_iface;

static void
noop (void)
{
}

static GClosure *
check_scope_create_closure (GtkBuilderScope        *scope,
                            GtkBuilder             *builder,
                            const char             *function_name,
                            GtkBuilderClosureFlags  flags,
                            GObject                *object,
                            GError                **error)
{
  return g_cclosure_new (G_CALLBACK (noop), NULL, NULL);
}

static void
check_scope_iface_init (GtkBuilderScopeInterface *iface)
{
  check_scope_parent_iface = g_type_interface_peek_parent (iface);
  iface->get_type_from_name = check_scope_parent_iface->get_type_from_name;
  iface->get_type_from_function = check_scope_parent_iface->get_type_from_function;
  iface->create_closure = check_scope_create_closure;
}

static void
check_scope_class_init (CheckScopeClass *klass)
{
}

static void
check_scope_init (CheckScope *self)
{
}

/* Reads <template class="C" parent="P"> from the file, if it has one. */
static gboolean
find_template (const char  *contents,
               char       **class_name,
               char       **parent_name)
{
  g_autoptr (GRegex) regex =
    g_regex_new ("<template\\s+class=\"([A-Za-z0-9_]+)\"\\s+parent=\"([A-Za-z0-9_]+)\"",
                 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  if (!g_regex_match (regex, contents, 0, &match))
    return FALSE;

  *class_name = g_match_info_fetch (match, 1);
  *parent_name = g_match_info_fetch (match, 2);
  return TRUE;
}

static GType
stand_in_type (const char *class_name,
               const char *parent_name)
{
  GType parent = g_type_from_name (parent_name);
  GTypeQuery query;

  g_assert_cmpuint (g_type_from_name (class_name), ==, G_TYPE_INVALID);
  g_assert_true (g_type_is_a (parent, GTK_TYPE_WIDGET));
  g_type_query (parent, &query);

  return g_type_register_static_simple (parent, class_name,
                                        query.class_size, NULL,
                                        query.instance_size, NULL, 0);
}

static void
destroy_toplevels (GtkBuilder *builder)
{
  g_autoptr (GSList) objects = gtk_builder_get_objects (builder);

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_WINDOW (l->data))
      gtk_window_destroy (l->data);
}

/* A class the app defines (its widgets appear in other templates) is
 * built for real: its template is the resource compiled from this file,
 * and gtk_widget_init_template() reports any error as a critical. */
static void
validate_app_template (GType type)
{
  GObject *instance = g_object_ref_sink (g_object_new (type, NULL));

  if (GTK_IS_WINDOW (instance))
    gtk_window_destroy (GTK_WINDOW (instance));
  g_object_unref (instance);
}

static void
validate_template (GtkBuilder *builder,
                   const char *contents,
                   const char *class_name,
                   const char *parent_name,
                   GError    **error)
{
  GType type;
  GObject *instance;

  if (g_type_from_name (class_name) != G_TYPE_INVALID)
    {
      validate_app_template (g_type_from_name (class_name));
      return;
    }
  type = stand_in_type (class_name, parent_name);
  instance = g_object_ref_sink (g_object_new (type, NULL));

  gtk_builder_extend_with_template (builder, instance, type, contents, -1, error);

  if (GTK_IS_WINDOW (instance))
    gtk_window_destroy (GTK_WINDOW (instance));
  g_object_unref (instance);
}

static void
test_ui_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr (GtkBuilder) builder = gtk_builder_new ();
  g_autoptr (GtkBuilderScope) scope = g_object_new (CHECK_TYPE_SCOPE, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *class_name = NULL;
  g_autofree char *parent_name = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  gtk_builder_set_scope (builder, scope);
  if (find_template (contents, &class_name, &parent_name))
    validate_template (builder, contents, class_name, parent_name, &error);
  else
    gtk_builder_add_from_string (builder, contents, -1, &error);

  g_assert_no_error (error);
  destroy_toplevels (builder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  adw_init ();
  gtk_source_init ();
  /* The app's own widgets, which its templates use by name. */
  g_type_ensure (GML_TYPE_CANVAS);
  g_type_ensure (GML_TYPE_GC_PANEL);
  g_type_ensure (GML_TYPE_INSPECTOR);
  g_type_ensure (GML_TYPE_LESSON_PANEL);
  g_type_ensure (GML_TYPE_MEMORY_LIST);
  g_type_ensure (GML_TYPE_OUTPUT_VIEW);
  g_type_ensure (GML_TYPE_QUIZ_VIEW);
  g_type_ensure (GML_TYPE_SCRUBBER);
  g_type_ensure (GML_TYPE_START_PAGE);
  g_type_ensure (GML_TYPE_WINDOW);

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *basename = g_path_get_basename (argv[i]);
      g_autofree char *test_path = g_strconcat ("/data/ui-files/", basename, NULL);

      g_test_add_data_func (test_path, argv[i], test_ui_file);
    }

  return g_test_run ();
}
