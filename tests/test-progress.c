/* test-progress.c: the learner's saved progress (suite 'ui', no display).
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Progress must survive a crash mid-write and never stop the app: a file
 * that is half-written, empty, not JSON or another format is set aside
 * (renamed to progress.json.corrupt-STAMP, contents kept) with a notice,
 * and the learner starts afresh; every write replaces the file whole
 * (g_file_set_contents_full), so a crashed write's temporary file never
 * becomes the progress.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "gml-progress.h"

static char *
progress_path (const char *folder)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), folder, NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "progress.json", NULL);
}

static void
write_file (const char *path,
            const char *text,
            gssize      length)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
}

/* The names in the progress file's folder, sorted. */
static GPtrArray *
folder_names (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static char *
find_aside (const char *path)
{
  g_autoptr (GPtrArray) names = folder_names (path);
  g_autofree char *dir = g_path_get_dirname (path);

  for (guint i = 0; i < names->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (names, i), "progress.json.corrupt-"))
      return g_build_filename (dir, g_ptr_array_index (names, i), NULL);
  return NULL;
}

/* The file parses, has format 1 and the scenario's quiz record. */
static void
assert_valid_file (const char *path,
                   const char *scenario,
                   const char *quiz,
                   gint64      attempts)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root, *q;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "format"), ==, GML_PROGRESS_FORMAT);
  q = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (
                                       json_object_get_object_member (root, "scenarios"), scenario), "quizzes"),
                                     quiz);
  g_assert_nonnull (q);
  g_assert_cmpint (json_object_get_int_member (q, "attempts"), ==, attempts);
}

static void
test_round_trip (void)
{
  g_autofree char *path = progress_path ("round-trip");
  g_autoptr (GmlProgress) progress = gml_progress_new (path);
  g_autoptr (GmlProgress) again = NULL;
  g_autoptr (JsonNode) answer = json_node_new (JSON_NODE_VALUE);
  GmlQuizRecord record = { 0 };
  guint first = 0;

  g_assert_null (gml_progress_take_notice (progress));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  json_node_set_int (answer, 42);
  gml_progress_record_attempt (progress, "tour", "size", FALSE, answer);
  gml_progress_record_attempt (progress, "tour", "size", TRUE, answer);
  gml_progress_record_attempt (progress, "tour", "first", TRUE, NULL);
  gml_progress_record_reveal (progress, "tour", "shown");
  gml_progress_set_completed (progress, "tour");
  assert_valid_file (path, "tour", "size", 2);

  /* Every change is on disk: a new reader sees it all. */
  again = gml_progress_new (path);
  g_assert_null (gml_progress_take_notice (again));
  g_assert_true (gml_progress_get_completed (again, "tour"));
  g_assert_false (gml_progress_get_completed (again, "other"));
  g_assert_true (gml_progress_get_quiz (again, "tour", "size", &record));
  g_assert_cmpuint (record.attempts, ==, 2);
  g_assert_true (record.correct);
  g_assert_false (record.first_try);
  g_assert_nonnull (record.answer);
  g_assert_cmpint (json_node_get_int (record.answer), ==, 42);
  g_assert_true (gml_progress_get_quiz (again, "tour", "shown", &record));
  g_assert_true (record.revealed);
  g_assert_cmpuint (gml_progress_count_right (again, "tour", &first), ==, 2);
  g_assert_cmpuint (first, ==, 1);
}

/* Each kind of unreadable file: set aside with its contents, a notice,
 * a fresh start that saves again. */
static void
test_unreadable_set_aside (void)
{
  static const struct {
    const char *name;
    const char *text;
  } cases[] = {
    { "half-written", "{\n  \"format\": 1,\n  \"scenarios\": {\n    \"tour\": { \"quizzes\": { \"a\": { \"att" },
    { "empty", "" },
    { "not-json", "\x01\x02 binary garbage" },
    { "array", "[1, 2, 3]" },
    { "other-format", "{ \"format\": 99, \"scenarios\": {} }" },
    { "no-scenarios", "{ \"format\": 1 }" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = progress_path (cases[i].name);
      g_autoptr (GmlProgress) progress = NULL;
      g_autofree char *notice = NULL;
      g_autofree char *aside = NULL;
      g_autofree char *kept = NULL;
      g_autofree char *aside_name = NULL;

      g_test_message ("%s", cases[i].name);
      write_file (path, cases[i].text, -1);
      progress = gml_progress_new (path);

      notice = gml_progress_take_notice (progress);
      g_assert_nonnull (notice);
      aside = find_aside (path);
      g_assert_nonnull (aside);
      aside_name = g_path_get_basename (aside);
      g_assert_nonnull (strstr (notice, aside_name));
      /* Said once. */
      g_assert_null (gml_progress_take_notice (progress));
      g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
      g_assert_cmpstr (kept, ==, cases[i].text);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

      /* Afresh, and saving works again. */
      g_assert_false (gml_progress_get_quiz (progress, "tour", "a", &(GmlQuizRecord) { 0 }));
      gml_progress_record_attempt (progress, "tour", "a", TRUE, NULL);
      assert_valid_file (path, "tour", "a", 1);
      g_assert_null (gml_progress_take_notice (progress));
    }
}

/* A good file with entries of the wrong shape keeps the good ones. */
static void
test_bad_entries_dropped (void)
{
  g_autofree char *path = progress_path ("bad-entries");
  g_autoptr (GmlProgress) progress = NULL;
  GmlQuizRecord record = { 0 };

  write_file (path,
              "{ \"format\": 1, \"scenarios\": {"
              "  \"tour\": { \"completed\": \"yes\", \"quizzes\": {"
              "    \"good\": { \"attempts\": 1, \"correct\": true, \"first_try\": true },"
              "    \"bad\": 7 } },"
              "  \"other\": [] } }",
              -1);
  progress = gml_progress_new (path);
  g_assert_null (gml_progress_take_notice (progress));
  g_assert_null (find_aside (path));
  g_assert_false (gml_progress_get_completed (progress, "tour"));
  g_assert_true (gml_progress_get_quiz (progress, "tour", "good", &record));
  g_assert_true (record.correct);
  g_assert_false (gml_progress_get_quiz (progress, "tour", "bad", &record));
}

/* A crash in the middle of a write leaves g_file_set_contents' temporary
 * file next to the old progress, never in its place: the next start
 * reads the last whole file. Writes leave no temporary files behind. */
static void
test_crash_mid_write (void)
{
  g_autofree char *path = progress_path ("crash");
  g_autofree char *tmp = g_strconcat (path, ".X7Q2ZA", NULL);
  g_autoptr (GmlProgress) progress = gml_progress_new (path);
  g_autoptr (GmlProgress) after = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  GmlQuizRecord record = { 0 };

  for (guint i = 0; i < 5; i++)
    gml_progress_record_attempt (progress, "tour", "q", i == 4, NULL);
  names = folder_names (path);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "progress.json");
  assert_valid_file (path, "tour", "q", 5);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* The write that "crashed": half its text, in the temporary file. */
  write_file (tmp, before, strlen (before) / 2);

  after = gml_progress_new (path);
  g_assert_null (gml_progress_take_notice (after));
  g_assert_null (find_aside (path));
  g_assert_true (gml_progress_get_quiz (after, "tour", "q", &record));
  g_assert_cmpuint (record.attempts, ==, 5);
  g_assert_true (record.correct);
  g_assert_true (g_file_get_contents (path, &now, NULL, NULL));
  g_assert_cmpstr (now, ==, before);
  g_unlink (tmp);
}

/* A progress file that cannot be read at all (a folder in its place)
 * is not fatal either, and is never overwritten. */
static void
test_unreadable_path (void)
{
  g_autofree char *path = progress_path ("folder");
  g_autoptr (GmlProgress) progress = NULL;
  g_autofree char *notice = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  progress = gml_progress_new (path);
  notice = gml_progress_take_notice (progress);
  g_assert_nonnull (notice);
  gml_progress_record_attempt (progress, "tour", "q", TRUE, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_assert_true (gml_progress_get_quiz (progress, "tour", "q", &(GmlQuizRecord) { 0 }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/progress/round-trip", test_round_trip);
  g_test_add_func ("/progress/unreadable-set-aside", test_unreadable_set_aside);
  g_test_add_func ("/progress/bad-entries-dropped", test_bad_entries_dropped);
  g_test_add_func ("/progress/crash-mid-write", test_crash_mid_write);
  g_test_add_func ("/progress/unreadable-path", test_unreadable_path);

  return g_test_run ();
}
