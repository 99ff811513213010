/* gml-course.c: the order of a folder of scenarios (course.txt).
 *
 * The format is documented in docs/scenario-format.md ("The course"):
 * one scenario NAME (of NAME.json) a line, in the order a learner takes
 * them; "exclude NAME" for a scenario of the folder that is deliberately
 * not part of the course; blank lines and lines starting with # are
 * ignored.  Every listed or excluded name must have its NAME.json, and
 * every NAME.json of the folder must be listed or excluded.
 *
 * The folder is a GFile, so the app can read the course it bundles in
 * its GResource (gml_course_load_file); gml_course_load is the same for
 * a path, with the path as given in messages and entries.
 */
#include "gml-scenario-private.h"

#include <string.h>

#define COURSE_FILE "course.txt"
#define EXCLUDE_WORD "exclude"

static void
course_entry_free (gpointer data)
{
  GmlCourseEntry *e = data;

  g_free (e->name);
  g_free (e->path);
  g_clear_object (&e->file);
  g_free (e);
}

static gboolean
is_name (const char *s,
         gsize       len)
{
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '-' && s[i] != '_')
      return FALSE;
  return TRUE;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

typedef struct
{
  const char  *file;      /* course.txt's path, for messages */
  GFile       *folder;
  GmlDiagList *diags;
  GHashTable  *seen;      /* name -> GUINT_TO_POINTER (line it was first named on) */
} Reader;

/* One name on line `line` at column `col`: TRUE when it is well formed,
 * has a scenario and was not named before. */
static gboolean
take_name (Reader     *r,
           const char *name,
           guint       line,
           guint       col)
{
  GmlPos pos = { line, col };
  g_autofree char *json = g_strconcat (name, ".json", NULL);
  g_autoptr (GFile) child = NULL;
  guint first;

  if (!is_name (name, strlen (name)))
    {
      gml_diag_list_add (r->diags, GML_DIAG_ERROR, r->file, pos,
                         "\"%s\" is not a scenario name (letters, digits, - and _; "
                         "the NAME of NAME.json)", name);
      return FALSE;
    }
  if ((first = GPOINTER_TO_UINT (g_hash_table_lookup (r->seen, name))) != 0)
    {
      gml_diag_list_add (r->diags, GML_DIAG_ERROR, r->file, pos,
                         "\"%s\" is named twice (first on line %u)", name, first);
      return FALSE;
    }
  g_hash_table_insert (r->seen, g_strdup (name), GUINT_TO_POINTER (line));
  child = g_file_get_child (r->folder, json);
  if (g_file_query_file_type (child, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_REGULAR)
    {
      gml_diag_list_add (r->diags, GML_DIAG_ERROR, r->file, pos,
                         "there is no scenario \"%s\": %s does not exist in the folder", name, json);
      return FALSE;
    }
  return TRUE;
}

/* Reads course.txt of `folder`; `folder_name` is how messages and the
 * entries' paths name the folder. */
static GPtrArray *
course_load (GFile       *folder,
             const char  *folder_name,
             GmlDiagList *diags)
{
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GFile) course_file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) course = NULL;
  g_autoptr (GHashTable) seen = NULL;
  g_autoptr (GPtrArray) stray = NULL;
  g_autoptr (GFileEnumerator) dir = NULL;
  g_auto (GStrv) lines = NULL;
  guint before;
  GFileInfo *info;
  Reader r;

  before = gml_diag_list_n_errors (diags);
  file = g_build_filename (folder_name, COURSE_FILE, NULL);
  course_file = g_file_get_child (folder, COURSE_FILE);
  if (!g_file_load_contents (course_file, NULL, &text, NULL, NULL, &error))
    {
      gml_diag_list_add (diags, GML_DIAG_ERROR, file, GML_POS_NONE, "cannot read the course: %s", error->message);
      return NULL;
    }
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  course = g_ptr_array_new_with_free_func (course_entry_free);
  r = (Reader) { file, folder, diags, seen };
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      guint n = i + 1;
      gsize len;
      char *start, *space;

      if (!g_utf8_validate (line, -1, NULL))
        {
          gml_diag_list_add (diags, GML_DIAG_ERROR, file, (GmlPos) { n, 1 }, "the line is not valid UTF-8");
          continue;
        }
      g_strchomp (line);
      start = line;
      while (*start == ' ' || *start == '\t')
        start++;
      if (*start == '\0' || *start == '#')
        continue;
      len = strlen (start);
      space = strpbrk (start, " \t");
      if (space == NULL && strcmp (start, EXCLUDE_WORD) == 0)
        {
          gml_diag_list_add (diags, GML_DIAG_ERROR, file, (GmlPos) { n, (guint) (start - line) + 1 },
                             "\"" EXCLUDE_WORD "\" needs the NAME of the scenario to leave out");
          continue;
        }
      if (space == NULL)
        {
          if (take_name (&r, start, n, (guint) (start - line) + 1))
            {
              GmlCourseEntry *e = g_new0 (GmlCourseEntry, 1);
              g_autofree char *json = g_strconcat (start, ".json", NULL);

              e->name = g_strdup (start);
              e->path = g_build_filename (folder_name, json, NULL);
              e->file = g_file_get_child (folder, json);
              e->pos = (GmlPos) { n, (guint) (start - line) + 1 };
              g_ptr_array_add (course, e);
            }
          continue;
        }
      {
        char *word2 = space;

        while (*word2 == ' ' || *word2 == '\t')
          word2++;
        if ((gsize) (space - start) == strlen (EXCLUDE_WORD) && strncmp (start, EXCLUDE_WORD, space - start) == 0
            && strpbrk (word2, " \t") == NULL)
          {
            take_name (&r, word2, n, (guint) (word2 - line) + 1);
            continue;
          }
      }
      gml_diag_list_add (diags, GML_DIAG_ERROR, file, (GmlPos) { n, (guint) (start - line) + 1 },
                         "a line names one scenario (NAME, or \"exclude NAME\"), not \"%.*s\"",
                         (int) MIN (len, 80), start);
    }
  /* Every scenario of the folder is in the course or excluded. */
  dir = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (dir == NULL)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, GML_POS_NONE, "cannot list the folder: %s", error->message);
  stray = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (info = g_file_enumerator_next_file (dir, NULL, NULL)) != NULL)
    {
      const char *entry = g_file_info_get_name (info);

      if (g_str_has_suffix (entry, ".json"))
        {
          g_autofree char *stem = g_strndup (entry, strlen (entry) - 5);

          if (!g_hash_table_contains (seen, stem))
            g_ptr_array_add (stray, g_steal_pointer (&stem));
        }
      g_object_unref (info);
    }
  g_ptr_array_sort (stray, compare_strings);
  for (guint i = 0; i < stray->len; i++)
    {
      const char *stem = g_ptr_array_index (stray, i);

      gml_diag_list_add (diags, GML_DIAG_ERROR, file, GML_POS_NONE,
                         "%s.json is not in the course: add a line \"%s\" where it belongs, "
                         "or \"" EXCLUDE_WORD " %s\"", stem, stem, stem);
    }
  if (course->len == 0 && gml_diag_list_n_errors (diags) == before)
    gml_diag_list_add (diags, GML_DIAG_ERROR, file, GML_POS_NONE, "the course lists no scenario");
  if (gml_diag_list_n_errors (diags) != before)
    return NULL;
  return g_steal_pointer (&course);
}

GPtrArray *
gml_course_load (const char  *folder,
                 GmlDiagList *diags)
{
  g_autoptr (GFile) dir = NULL;

  g_return_val_if_fail (folder != NULL && diags != NULL, NULL);
  dir = g_file_new_for_path (folder);
  return course_load (dir, folder, diags);
}

GPtrArray *
gml_course_load_file (GFile       *folder,
                      GmlDiagList *diags)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (folder) && diags != NULL, NULL);
  name = g_file_get_parse_name (folder);
  return course_load (folder, name, diags);
}
