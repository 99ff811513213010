/* test-timeline.c: recording, replay determinism, navigation. */
#include "gml-image.h"
#include "gml-program.h"
#include "gml-timeline-private.h"

#include <string.h>

/* Records a whole run of the program `src`. */
static GmlTimeline *
record_source (const char              *name,
               const char              *src,
               gsize                    len,
               const GmlVmConfig       *vm_config,
               const GmlTimelineConfig *config)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program = gml_program_load (name, src, len, diags);
  GmlImage *image;
  GmlTimeline *tl;

  g_assert_nonnull (program);
  image = gml_image_build (program, diags);
  g_assert_nonnull (image);
  tl = gml_timeline_new (program, image, vm_config, config);
  gml_timeline_run (tl, G_MAXUINT64);
  return tl;
}

static GmlTimeline *
record_file (const char *name,
             guint       interval)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "programs", name, NULL);
  g_autofree char *src = NULL;
  GmlTimelineConfig config;
  gsize len;

  g_assert_true (g_file_get_contents (path, &src, &len, NULL));
  gml_timeline_config_init (&config);
  config.checkpoint_interval = interval;
  return record_source (name, src, len, NULL, &config);
}

/* A fresh VM run straight to `step` must be bit-for-bit the replayed one. */
static void
assert_same_as_fresh (GmlTimeline *tl,
                      GmlState    *state,
                      guint64      step)
{
  GmlVm *fresh = gml_vm_new (tl->image, &tl->vm_config);
  Replay *r;
  GmlVm *replay;
  guint8 a[1024], b[1024];

  gml_vm_run (fresh, step);
  r = gml_timeline_replay_at (tl, step);
  replay = r->vm;
  g_assert_cmpuint (gml_vm_steps (fresh), ==, step);
  g_assert_cmpint (memcmp (&fresh->rt, &replay->rt, sizeof (GmlRt)), ==, 0);
  for (guint64 p = GML_ARENA_BASE; p < fresh->rt.arena_end; p += sizeof a)
    {
      gml_mem_read (fresh->mem, p, a, sizeof a);
      gml_mem_read (replay->mem, p, b, sizeof b);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
    }
  gml_timeline_replay_release (tl, r);
  gml_vm_free (fresh);
  (void) state;
}

static void
test_timeline_replay_is_exact (void)
{
  g_autoptr (GmlTimeline) tl = record_file ("timeline_mix.go", 1000);
  guint64 n = gml_timeline_n_steps (tl);
  GRand *rand = g_rand_new_with_seed (7);
  int code;

  g_assert_cmpint (gml_timeline_end (tl, &code, NULL), ==, GML_TIMELINE_END_EXIT);
  g_assert_cmpint (code, ==, 0);
  g_assert_cmpuint (n, >, 10000);
  for (guint i = 0; i < 12; i++)
    {
      guint64 step = i == 0 ? n : (guint64) g_rand_int_range (rand, 1, (gint32) n);
      g_autoptr (GmlState) state = gml_timeline_state_at (tl, step);

      g_assert_cmpuint (gml_state_step (state), ==, step);
      assert_same_as_fresh (tl, state, step);
    }
  g_rand_free (rand);
}

/* Checkpoints come closer where the run reads many pages packed at
 * earlier checkpoints (here 2,000 goroutines woken from stacks written
 * long before), since a replay unpacks them too; elsewhere they are an
 * interval apart.  Replays from the closer ones are exact as well. */
static void
test_timeline_checkpoints_follow_cost (void)
{
  static const char src[] = "package main\n"
                            "\n"
                            "func worker(id int, out chan int) {\n"
                            "\tout <- id * 2\n"
                            "}\n"
                            "\n"
                            "func main() {\n"
                            "\tout := make(chan int)\n"
                            "\tfor i := 0; i < 2000; i++ {\n"
                            "\t\tgo worker(i, out)\n"
                            "\t}\n"
                            "\ts := 0\n"
                            "\tfor i := 0; i < 20000; i++ {\n"
                            "\t\ts += i\n"
                            "\t}\n"
                            "\tfor i := 0; i < 2000; i++ {\n"
                            "\t\ts += <-out\n"
                            "\t}\n"
                            "\tprintln(s)\n"
                            "}\n";
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program = gml_program_load ("wake.go", src, sizeof src - 1, diags);
  g_autoptr (GmlTimeline) tl = NULL;
  GmlTimelineConfig config;
  guint64 n, receive_loop, short_at = 0;
  guint shorter = 0;

  g_assert_nonnull (program);
  gml_timeline_config_init (&config);
  config.checkpoint_interval = 4096;
  tl = gml_timeline_new (program, gml_image_build (program, diags), NULL, &config);
  /* Pages packed at each checkpoint, not whenever the packer thread gets
   * to them: the same checkpoints every run. */
  gml_mem_set_packer (tl->sim->mem, FALSE);
  gml_timeline_run (tl, G_MAXUINT64);
  n = gml_timeline_n_steps (tl);
  receive_loop = gml_timeline_first_at_line (tl, 17);
  g_assert_cmpuint (receive_loop, >, 8 * 4096);

  for (guint i = 1; i < tl->checkpoints->len; i++)
    {
      guint64 at = gml_vm_checkpoint_step (tl->checkpoints->pdata[i]);
      guint64 gap = at - gml_vm_checkpoint_step (tl->checkpoints->pdata[i - 1]);

      g_assert_cmpuint (gap, <=, 4096);
      g_assert_cmpuint (gap % 2048, ==, 0);   /* a whole number of slices */
      if (at < receive_loop)
        g_assert_cmpuint (gap, ==, 4096);
      else if (gap < 4096)
        {
          shorter++;
          short_at = at - 1;
        }
    }
  g_assert_cmpuint (shorter, >=, 1);
  {
    g_autoptr (GmlState) state = gml_timeline_state_at (tl, short_at);

    assert_same_as_fresh (tl, state, short_at);
  }
  {
    g_autoptr (GmlState) state = gml_timeline_state_at (tl, n);

    assert_same_as_fresh (tl, state, n);
  }
}

/* Stopping anywhere and going on must not change the run: a replay that
 * stopped at a step where a GC cycle starts, say, continues exactly as
 * the recording did. */
static void
test_timeline_run_in_pieces (void)
{
  g_autoptr (GmlTimeline) tl = record_file ("timeline_gc_start.go", 4096);
  guint64 n = gml_timeline_n_steps (tl);
  GmlVm *straight = gml_vm_new (tl->image, &tl->vm_config);
  GmlVm *pieces = gml_vm_new (tl->image, &tl->vm_config);
  guint8 a[1024], b[1024];

  gml_vm_run (straight, n);
  for (guint64 step = 0; gml_vm_steps (pieces) < n;)
    {
      step = MIN (n, step + 1 + step % 7);
      gml_vm_run (pieces, step - gml_vm_steps (pieces));
      g_assert_cmpuint (gml_vm_steps (pieces), ==, step);
    }
  g_assert_cmpint (memcmp (&straight->rt, &pieces->rt, sizeof (GmlRt)), ==, 0);
  for (guint64 p = GML_ARENA_BASE; p < straight->rt.arena_end; p += sizeof a)
    {
      gml_mem_read (straight->mem, p, a, sizeof a);
      gml_mem_read (pieces->mem, p, b, sizeof b);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
    }
  /* And through the timeline: every GC start, reached after stopping just
   * before it, gives the state a fresh run gives. */
  for (guint64 gc = gml_timeline_find_gc_start (tl, 0, GML_NAV_FORWARD); gc != G_MAXUINT64 && gc < n;
       gc = gml_timeline_find_gc_start (tl, gc, GML_NAV_FORWARD))
    {
      g_autoptr (GmlState) before = gml_timeline_state_at (tl, gc > 1 ? gc - 1 : 1);
      g_autoptr (GmlState) at = NULL;

      g_clear_pointer (&before, gml_state_unref);
      at = gml_timeline_state_at (tl, MIN (n, gc + 50));
      assert_same_as_fresh (tl, at, MIN (n, gc + 50));
    }
  gml_vm_free (straight);
  gml_vm_free (pieces);
}

/* Every variable of every frame formats at every step, even a result
 * slot at function entry, and a non-nil interface holding a nil pointer
 * reads as one. */
static void
test_timeline_labels (void)
{
  g_autoptr (GmlTimeline) tl = record_file ("timeline_iface_result.go", 64);
  guint64 n = gml_timeline_n_steps (tl);
  gboolean typed_nil = FALSE;

  for (guint64 step = 1; step <= n; step++)
    {
      g_autoptr (GmlState) state = gml_timeline_state_at (tl, step);

      for (guint gi = 0; gi < gml_state_n_goroutines (state); gi++)
        {
          GmlStateGoroutine g;

          gml_state_goroutine (state, gi, &g);
          for (guint fi = 0; fi < g.n_frames; fi++)
            {
              GmlStateFrame f;

              gml_state_frame (state, gi, fi, &f);
              for (guint vi = 0; vi < f.n_vars; vi++)
                {
                  GmlStateVar v;
                  g_autofree char *label = NULL;

                  gml_state_var (state, gi, fi, vi, &v);
                  label = gml_state_format_value (state, v.type, v.addr, 200);
                  g_assert_nonnull (label);
                  if (g_strcmp0 (label, "(*E)(nil)") == 0)
                    typed_nil = TRUE;
                }
            }
        }
    }
  g_assert_true (typed_nil);
}

/* Compiling a program twice gives the same image: nothing may depend on
 * where objects happen to be in host memory (hash order). */
static void
test_timeline_image_is_deterministic (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden", "067_embedded_interface_field.go", NULL);
  g_autofree char *src = NULL;
  gsize len;
  GmlImage *images[2];
  GmlProgram *programs[2];

  g_assert_true (g_file_get_contents (path, &src, &len, NULL));
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      /* Some garbage between the two, so the second's objects land elsewhere. */
      g_autofree gpointer spacer = g_malloc (4096 * (k + 1));

      (void) spacer;

      programs[k] = gml_program_load ("p.go", src, len, diags);
      g_assert_nonnull (programs[k]);
      images[k] = gml_image_build (programs[k], diags);
      g_assert_nonnull (images[k]);
    }
  g_assert_cmpuint (images[0]->codes->len, ==, images[1]->codes->len);
  for (guint i = 0; i < images[0]->codes->len; i++)
    {
      const GmlCode *a = g_ptr_array_index (images[0]->codes, i);
      const GmlCode *b = g_ptr_array_index (images[1]->codes, i);

      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpuint (a->n_code, ==, b->n_code);
    }
  g_assert_cmpmem (images[0]->rodata->data, images[0]->rodata->len, images[1]->rodata->data, images[1]->rodata->len);
  for (guint k = 0; k < 2; k++)
    {
      gml_image_free (images[k]);
      gml_program_free (programs[k]);
    }
}

/* A scanned temporary is zeroed before it is in scope, unless its first
 * instruction writes it whole where nothing can look at the frame: before
 * an allocation the zero stays, before an address computation it goes. */
static void
test_timeline_temporary_zeroing (void)
{
  static const char src[] =
    "package main\n"
    "type T struct{ v int; p *T }\n"
    "var g [4]*T\n"
    "func main() {\n"
    "\tfor i := 0; i < 3; i++ {\n"
    "\t\tn := &T{v: i}\n"
    "\t\tg[i%len(g)] = n\n"
    "\t}\n"
    "}\n";
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program = gml_program_load ("p.go", src, sizeof src - 1, diags);
  GmlImage *image;
  const GmlCode *main_code = NULL;
  guint news = 0, indexes = 0;

  g_assert_nonnull (program);
  image = gml_image_build (program, diags);
  g_assert_nonnull (image);
  for (guint i = 0; i < image->codes->len; i++)
    {
      const GmlCode *c = g_ptr_array_index (image->codes, i);

      if (c != NULL && g_strcmp0 (c->name, "main.main") == 0)
        main_code = c;
    }
  g_assert_nonnull (main_code);
  for (guint pc = 1; pc < main_code->n_code; pc++)
    {
      const GmlInsn *in = &main_code->code[pc], *prev = &main_code->code[pc - 1];
      gboolean zeroed = prev->op == GML_OP_ZERO && prev->a == in->a;

      if (in->op == GML_OP_NEW)
        {
          g_assert_true (zeroed);
          news++;
        }
      else if (in->op == GML_OP_INDEXPTR)
        {
          g_assert_false (zeroed);
          indexes++;
        }
    }
  g_assert_cmpuint (news, ==, 1);
  g_assert_cmpuint (indexes, ==, 1);
  /* The temporary is in scope from just after the instruction that
   * writes it. */
  for (guint i = 0; i < main_code->n_slots; i++)
    {
      const GmlSlot *s = &main_code->slots[i];

      if (s->var == NULL && s->scope_start > 0 && s->scope_start <= main_code->n_code
          && main_code->code[s->scope_start - 1].op == GML_OP_INDEXPTR)
        g_assert_cmpint (main_code->code[s->scope_start - 1].a, ==, s->offset);
    }
  gml_image_free (image);
  gml_program_free (program);
}

/* The events a VM emits, for the recording's to match. */
typedef struct
{
  GmlEventSink  sink;
  GArray       *events;
} Capture;

static void
capture_emit (GmlEventSink   *sink,
              const GmlEvent *e)
{
  g_array_append_val (((Capture *) sink)->events, *e);
}

static void
test_timeline_output_and_events (void)
{
  g_autoptr (GmlTimeline) tl = record_file ("timeline_mix.go", 4096);
  guint64 n = gml_timeline_n_steps (tl);
  g_autoptr (GBytes) out = gml_timeline_output (tl, n, NULL);
  g_autoptr (GBytes) none = gml_timeline_output (tl, 1, NULL);
  guint64 gc = gml_timeline_find_gc_start (tl, 0, GML_NAV_FORWARD);
  GmlEvent e;

  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                   "total 59970 depth 300\nkept 19999\n", 33);
  g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
  g_assert_cmpuint (gml_timeline_n_events (tl), >, 20000);
  /* The batch reader gives what one-by-one reads give. */
  {
    GmlEvent batch[700];
    guint got = gml_timeline_events (tl, 100, G_N_ELEMENTS (batch), batch);

    g_assert_cmpuint (got, ==, G_N_ELEMENTS (batch));
    for (guint i = 0; i < got; i++)
      {
        GmlEvent one;

        g_assert_true (gml_timeline_event (tl, 100 + i, &one));
        g_assert_cmpuint (one.kind, ==, batch[i].kind);
        g_assert_cmpuint (one.step, ==, batch[i].step);
        g_assert_cmpuint (one.goid, ==, batch[i].goid);
        g_assert_cmpuint (one.a, ==, batch[i].a);
        g_assert_cmpuint (one.b, ==, batch[i].b);
        g_assert_cmpuint (one.c, ==, batch[i].c);
        g_assert_cmpuint (one.d, ==, batch[i].d);
      }
    g_assert_cmpuint (gml_timeline_events (tl, gml_timeline_n_events (tl) - 3, 10, batch), ==, 3);
  }
  g_assert_true (gml_timeline_event (tl, 0, &e));
  /* The recording gives back every event a fresh run emits, whatever
   * its packing left out as the same as before (but where the output
   * went, which only the recording knows). */
  {
    Capture cap = { { capture_emit, FALSE, NULL }, g_array_new (FALSE, FALSE, sizeof (GmlEvent)) };
    GmlVm *fresh = gml_vm_new (tl->image, &tl->vm_config);
    guint n_events = gml_timeline_n_events (tl);
    GmlEvent *all = g_new (GmlEvent, n_events);

    gml_vm_set_sink (fresh, &cap.sink);
    gml_vm_run (fresh, G_MAXUINT64);
    g_assert_cmpuint (cap.events->len, ==, n_events);
    g_assert_cmpuint (gml_timeline_events (tl, 0, n_events, all), ==, n_events);
    for (guint i = 0; i < n_events; i++)
      {
        const GmlEvent *want = &g_array_index (cap.events, GmlEvent, i);

        g_assert_cmpuint (all[i].step, ==, want->step);
        g_assert_cmpuint (all[i].kind, ==, want->kind);
        g_assert_cmpuint (all[i].goid, ==, want->goid);
        g_assert_cmpuint (all[i].a, ==, want->a);
        if (want->kind != GML_EVENT_OUTPUT)
          g_assert_cmpuint (all[i].b, ==, want->b);
        g_assert_cmpuint (all[i].c, ==, want->c);
        g_assert_cmpuint (all[i].d, ==, want->d);
      }
    g_free (all);
    g_array_unref (cap.events);
    gml_vm_free (fresh);
  }
  /* The output at every step is what the writes before it wrote. */
  {
    static const char src[] =
      "package main\n"
      "\n"
      "import \"fmt\"\n"
      "\n"
      "func main() {\n"
      "\ts := 0\n"
      "\tfor i := 0; i < 60; i++ {\n"
      "\t\tfor j := 0; j < 200; j++ {\n"
      "\t\t\ts += j\n"
      "\t\t}\n"
      "\t\tif i%3 == 0 {\n"
      "\t\t\tfmt.Println(i, s)\n"
      "\t\t}\n"
      "\t}\n"
      "}\n";
    g_autoptr (GmlTimeline) pt = record_source ("print.go", src, sizeof src - 1, NULL, NULL);
    guint64 pn = gml_timeline_n_steps (pt);
    guint n_events = gml_timeline_n_events (pt);
    GmlEvent *all = g_new (GmlEvent, n_events);
    gsize want = 0, writes = 0;
    guint i = 0;

    g_assert_cmpuint (gml_timeline_events (pt, 0, n_events, all), ==, n_events);
    for (guint64 step = 0; step <= pn; step++)
      {
        g_autoptr (GBytes) got = NULL;

        for (; i < n_events && all[i].step <= step; i++)
          if (all[i].kind == GML_EVENT_OUTPUT)
            {
              want += all[i].c;
              writes++;
            }
        got = gml_timeline_output (pt, step, NULL);
        g_assert_cmpuint (g_bytes_get_size (got), ==, want);
      }
    g_assert_cmpuint (writes, >=, 20);
    g_free (all);
  }
  /* Searches through the events (a block at a time) find what a walk
   * through all of them finds, from random steps, both ways. */
  {
    static const GmlEventKind kinds[] = {
      GML_EVENT_GC_PHASE, GML_EVENT_ALLOC, GML_EVENT_OUTPUT, GML_EVENT_G_CREATE, GML_EVENT_FINALIZER,
    };
    guint n_events = gml_timeline_n_events (tl);
    GmlEvent *all = g_new (GmlEvent, n_events);
    GRand *rand = g_rand_new_with_seed (5);

    g_assert_cmpuint (gml_timeline_events (tl, 0, n_events, all), ==, n_events);
    for (guint t = 0; t < 60; t++)
      {
        GmlEventKind kind = kinds[t % G_N_ELEMENTS (kinds)];
        guint64 from = t < 5 ? 0 : t < 10 ? n : (guint64) g_rand_int_range (rand, 0, (gint32) n);
        guint64 fwd = G_MAXUINT64, back = G_MAXUINT64, alloc = G_MAXUINT64;
        guint32 stmt = gml_timeline_stmt (tl, all[g_rand_int_range (rand, 0, (gint32) n_events)].step);
        guint index = 0;

        while (index < n_events && all[index].step < from + 1)
          index++;
        g_assert_cmpuint (gml_timeline_event_index (tl, from + 1), ==, index);
        for (guint i = index; i < n_events && fwd == G_MAXUINT64; i++)
          if (all[i].kind == kind && all[i].step > from)
            fwd = all[i].step;
        for (guint i = index; i > 0 && back == G_MAXUINT64; i--)
          if (all[i - 1].kind == kind && all[i - 1].step < from)
            back = all[i - 1].step;
        for (guint i = index; i < n_events && alloc == G_MAXUINT64; i++)
          if ((all[i].kind == GML_EVENT_ALLOC || all[i].kind == GML_EVENT_TINY_ALLOC)
              && gml_timeline_stmt (tl, all[i].step) == stmt)
            alloc = all[i].step;
        g_assert_cmpuint (gml_timeline_find_event (tl, from, kind, GML_NAV_FORWARD), ==, fwd);
        g_assert_cmpuint (gml_timeline_find_event (tl, from, kind, GML_NAV_BACKWARD), ==, back);
        g_assert_cmpuint (gml_timeline_find_alloc (tl, from, stmt), ==, alloc);
        g_assert_true (kind != GML_EVENT_FINALIZER || (fwd == G_MAXUINT64 && back == G_MAXUINT64));
      }
    /* Every event, from the steps next to it (the first and the last of
     * a block too). */
    for (guint i = 0; i < n_events; i++)
      {
        if (all[i].step > 0)   /* (start-up's events are at step 0) */
          g_assert_cmpuint (gml_timeline_find_event (tl, all[i].step - 1, all[i].kind, GML_NAV_FORWARD), ==, all[i].step);
        g_assert_cmpuint (gml_timeline_find_event (tl, all[i].step + 1, all[i].kind, GML_NAV_BACKWARD), ==, all[i].step);
      }
    g_rand_free (rand);
    g_free (all);
  }
  g_assert_cmpuint (gc, !=, G_MAXUINT64);
  {
    g_autoptr (GmlState) s = gml_timeline_state_at (tl, gc);
    GmlStateGc info;

    gml_state_gc (s, &info);
    g_assert_cmpstr (info.phase, ==, "sweep termination");
  }
}

static void
test_timeline_navigation (void)
{
  g_autoptr (GmlTimeline) tl = record_file ("timeline_mix.go", 4096);
  guint64 p = gml_timeline_first_at_line (tl, 39);   /* fmt.Println("total"...) */
  guint64 over, again;

  g_assert_cmpuint (p, !=, G_MAXUINT64);
  g_assert_cmpuint (gml_timeline_line (tl, p + 1), ==, 39);
  /* Stepping over the line's calls lands on the next line of main. */
  over = gml_timeline_step_over (tl, p);
  g_assert_cmpuint (over, !=, G_MAXUINT64);
  g_assert_cmpuint (gml_timeline_line (tl, over + 1), ==, 40);
  again = gml_timeline_find_line (tl, p, 39, GML_NAV_FORWARD);
  g_assert_cmpuint (again, ==, G_MAXUINT64);
}

static void
test_timeline_state_contents (void)
{
  g_autoptr (GmlTimeline) tl = record_file ("timeline_mix.go", 4096);
  guint64 p = gml_timeline_first_at_line (tl, 24);   /* inside depth() */
  g_autoptr (GmlState) s = NULL;
  GmlStateGoroutine g;
  GmlStateFrame f;
  GmlStateVar v;

  g_assert_cmpuint (p, !=, G_MAXUINT64);
  s = gml_timeline_state_at (tl, p);
  g_assert_cmpuint (gml_state_n_goroutines (s), >=, 1);
  gml_state_goroutine (s, 0, &g);
  g_assert_true (g.current);
  gml_state_frame (s, 0, 0, &f);
  g_assert_cmpstr (f.name, ==, "main.depth");
  g_assert_cmpuint (f.line, ==, 24);
  gml_state_var (s, 0, 0, 0, &v);
  g_assert_cmpstr (v.name, ==, "n");
  {
    g_autofree char *val = gml_state_format_value (s, v.type, v.addr, 0);

    g_assert_cmpstr (val, ==, "300");
  }
  g_assert_cmpuint (gml_state_n_objects (s), >, 20000);
}

/* Budgets end a recording with a message, keeping what was recorded. */
static void
test_timeline_budgets (void)
{
  /* A live set that keeps growing: the recording outgrows 3 MiB. */
  static const char grow[] =
    "package main\n"
    "\n"
    "type node struct {\n"
    "\tnext *node\n"
    "\tval  [6]int\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tvar head *node\n"
    "\tfor i := 0; i < 10000000; i++ {\n"
    "\t\thead = &node{next: head}\n"
    "\t\thead.val[i%6] = i\n"
    "\t}\n"
    "\tprintln(head.val[0])\n"
    "}\n";
  static const char spin[] =
    "package main\n"
    "\n"
    "func main() {\n"
    "\tn := 0\n"
    "\tfor {\n"
    "\t\tn++\n"
    "\t}\n"
    "}\n";
  GmlTimelineConfig config;
  GmlVmConfig vm_config;

  gml_timeline_config_init (&config);
  config.max_memory = 3 << 20;
  {
    g_autoptr (GmlTimeline) tl = record_source ("grow.go", grow, sizeof grow - 1, NULL, &config);
    g_autofree char *message = NULL;
    guint64 steps = gml_timeline_n_steps (tl);

    g_assert_cmpint (gml_timeline_end (tl, NULL, &message), ==, GML_TIMELINE_END_MEMORY_BUDGET);
    g_assert_nonnull (strstr (message, "memory budget of 3 MiB"));
    g_assert_cmpuint (steps, >, 10000);
    g_assert_cmpuint (steps, <, 10000000);
    /* Within one checkpoint interval of the budget, and still seekable. */
    g_assert_cmpuint (gml_timeline_memory (tl), >, config.max_memory);
    g_assert_cmpuint (gml_timeline_memory (tl), <, config.max_memory + (1 << 20));
    {
      g_autoptr (GmlState) s = gml_timeline_state_at (tl, steps);

      g_assert_cmpuint (gml_state_n_goroutines (s), ==, 1);
    }
  }

  gml_timeline_config_init (&config);
  gml_vm_config_init (&vm_config);
  vm_config.max_steps = 100000;
  {
    g_autoptr (GmlTimeline) tl = record_source ("spin.go", spin, sizeof spin - 1, &vm_config, &config);
    g_autofree char *message = NULL;

    g_assert_cmpint (gml_timeline_end (tl, NULL, &message), ==, GML_TIMELINE_END_STEP_BUDGET);
    g_assert_cmpuint (gml_timeline_n_steps (tl), ==, 100000);
    g_assert_nonnull (strstr (message, "100000 steps"));
    /* The line it was looping on (the for statement, as for the CLI). */
    g_assert_nonnull (strstr (message, "executing line 5 "));
  }
}

/* Step over and out by the definition, one step at a time: the first
 * later step that the goroutine running step from+1 runs no deeper than
 * it started (`out`: shallower), else the step it ends at (its G_EXIT
 * event), else the end of the run. */
static guint64
step_by_steps (GmlTimeline *tl,
               guint64      from,
               gboolean     out)
{
  g_autoptr (GHashTable) depths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint64 n = gml_timeline_n_steps (tl), result = n, goid, d0, g = 0;
  Replay *r;

  if (from >= n)
    return G_MAXUINT64;
  r = gml_timeline_replay_at (tl, from);
  gml_timeline_replay_distances (r->vm, depths);
  gml_vm_run (r->vm, 1);
  goid = r->vm->rt.last_step_goid;
  d0 = GPOINTER_TO_SIZE (g_hash_table_lookup (depths, &goid));
  {
    GmlEvent e;

    for (guint i = gml_timeline_event_index (tl, from + 1); gml_timeline_event (tl, i, &e); i++)
      if (e.kind == GML_EVENT_G_EXIT && e.a == goid)
        {
          n = result = e.step;
          break;
        }
  }
  for (guint64 s = from + 2; s <= n; s++)
    {
      guint64 d = gml_timeline_replay_distance (r->vm, goid, &g);

      gml_vm_run (r->vm, 1);
      if (r->vm->rt.last_step_goid == goid && (out ? d < d0 : d <= d0))
        {
          result = s - 1;
          break;
        }
    }
  r->step = gml_vm_steps (r->vm);
  gml_timeline_replay_release (tl, r);
  return result;
}

/* Step over and out stop where stepping one step at a time does: in a
 * recursion 2,000 deep, whose stack is copied as it grows, while another
 * goroutine takes turns. */
static void
test_timeline_step_over_out (void)
{
  static const char src[] =
    "package main\n"
    "\n"
    "var sink int\n"
    "\n"
    "func walk(n int) int {\n"
    "\tif n == 0 {\n"
    "\t\treturn 0\n"
    "\t}\n"
    "\tx := walk(n - 1)\n"
    "\tsink += x\n"
    "\treturn x + 1\n"
    "}\n"
    "\n"
    "func spin() {\n"
    "\tfor i := 0; i < 20000; i++ {\n"
    "\t\tsink += i\n"
    "\t}\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tgo spin()\n"
    "\tfor r := 0; r < 3; r++ {\n"
    "\t\twalk(2000)\n"
    "\t}\n"
    "\tprintln(sink)\n"
    "}\n";
  g_autoptr (GmlTimeline) tl = record_source ("walk.go", src, sizeof src - 1, NULL, NULL);
  guint64 n = gml_timeline_n_steps (tl), call = gml_timeline_first_at_line (tl, 23);
  GRand *rand = g_rand_new_with_seed (3);

  g_assert_cmpint (gml_timeline_end (tl, NULL, NULL), ==, GML_TIMELINE_END_EXIT);
  /* Over the whole recursion, to the loop's next statement. */
  g_assert_cmpuint (call, !=, G_MAXUINT64);
  g_assert_cmpuint (gml_timeline_line (tl, gml_timeline_step_over (tl, call) + 1), ==, 22);
  for (guint t = 0; t < 30; t++)
    {
      guint64 from = t == 0 ? call : (guint64) g_rand_int_range (rand, 0, (gint32) n);

      g_assert_cmpuint (gml_timeline_step_over (tl, from), ==, step_by_steps (tl, from, FALSE));
      g_assert_cmpuint (gml_timeline_step_out (tl, from), ==, step_by_steps (tl, from, TRUE));
    }
  g_rand_free (rand);

  /* Over a new goroutine's first step (its function literal's entry),
   * whose frame was set up before it ran: to its next statement. */
  {
    static const char go_src[] =
      "package main\n"
      "\n"
      "func work(n int) int {\n"
      "\ts := 0\n"
      "\tfor i := 0; i < n; i++ {\n"
      "\t\ts += i\n"
      "\t}\n"
      "\treturn s\n"
      "}\n"
      "\n"
      "func main() {\n"
      "\tdone := make(chan int)\n"
      "\tgo func() {\n"
      "\t\tx := work(10)\n"
      "\t\tdone <- x\n"
      "\t}()\n"
      "\tprintln(<-done)\n"
      "\tprintln(work(100))\n"
      "}\n";
    g_autoptr (GmlTimeline) gt = record_source ("go.go", go_src, sizeof go_src - 1, NULL, NULL);
    guint64 first = G_MAXUINT64, over;

    /* The goroutine's first step is at line 13 after main's go statement
     * (also at line 13). */
    for (guint64 s = gml_timeline_first_at_line (gt, 13) + 2; s <= gml_timeline_n_steps (gt); s++)
      if (gml_timeline_line (gt, s) == 13)
        {
          first = s - 1;
          break;
        }
    g_assert_cmpuint (first, !=, G_MAXUINT64);
    over = gml_timeline_step_over (gt, first);
    g_assert_cmpuint (over, !=, G_MAXUINT64);
    g_assert_cmpuint (gml_timeline_line (gt, over + 1), ==, 14);
    over = gml_timeline_step_over (gt, over);
    g_assert_cmpuint (gml_timeline_line (gt, over + 1), ==, 15);
    /* Over its last statement: to where it ends, not the end of the run. */
    {
      guint64 end = gml_timeline_step_over (gt, over);
      GmlEvent e;
      gboolean exited = FALSE;

      g_assert_cmpuint (end, <, gml_timeline_n_steps (gt));
      for (guint i = gml_timeline_event_index (gt, end); gml_timeline_event (gt, i, &e) && e.step == end; i++)
        exited |= e.kind == GML_EVENT_G_EXIT;
      g_assert_true (exited);
      g_assert_cmpuint (gml_timeline_step_out (gt, over), ==, end);
    }
  }

  /* Over a call that never returns (the program panics inside it): to
   * the end of the run, as a debugger's step over runs to the exit. */
  {
    static const char boom_src[] =
      "package main\n"
      "\n"
      "func boom(n int) int {\n"
      "\tif n == 0 {\n"
      "\t\tpanic(\"boom\")\n"
      "\t}\n"
      "\treturn boom(n-1) + 1\n"
      "}\n"
      "\n"
      "func main() {\n"
      "\tprintln(boom(5))\n"
      "}\n";
    g_autoptr (GmlTimeline) bt = record_source ("boom.go", boom_src, sizeof boom_src - 1, NULL, NULL);
    guint64 bn = gml_timeline_n_steps (bt), at = gml_timeline_first_at_line (bt, 11);

    g_assert_cmpuint (at, !=, G_MAXUINT64);
    g_assert_cmpuint (gml_timeline_step_over (bt, at), ==, bn);
    g_assert_cmpuint (gml_timeline_step_out (bt, gml_timeline_first_at_line (bt, 7)), ==, bn);
    g_assert_cmpuint (gml_timeline_step_over (bt, bn), ==, G_MAXUINT64);
  }
}

/* A search run in slices, a few steps at a time, ends where the whole
 * search does; on a recording still going it waits at the last step
 * recorded, then goes on once there are more. */
static void
test_timeline_depth_search (void)
{
  static const char src[] =
    "package main\n"
    "\n"
    "func down(n int) int {\n"
    "\tif n == 0 {\n"
    "\t\treturn 0\n"
    "\t}\n"
    "\treturn down(n-1) + 1\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\ts := 0\n"
    "\tfor i := 0; i < 3; i++ {\n"
    "\t\ts += down(3000)\n"
    "\t}\n"
    "\tprintln(s)\n"
    "}\n";
  g_autoptr (GmlTimeline) tl = record_source ("down.go", src, sizeof src - 1, NULL, NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program = gml_program_load ("down.go", src, sizeof src - 1, diags);
  g_autoptr (GmlTimeline) partial = gml_timeline_new (program, gml_image_build (program, diags), NULL, NULL);
  guint64 call = gml_timeline_first_at_line (tl, 13), want = gml_timeline_step_over (tl, call);
  guint64 last_pos = call, result;
  guint slices = 0, waits = 0;
  gboolean returned = FALSE;
  GmlDepthSearchStatus status;

  g_assert_cmpuint (gml_timeline_line (tl, want + 1), ==, 12);
  {
    g_autoptr (GmlDepthSearch) s = gml_depth_search_new (tl, call, FALSE);

    while ((status = gml_depth_search_run (s, 500)) == GML_DEPTH_SEARCH_MORE)
      {
        g_assert_cmpuint (gml_depth_search_get_position (s), ==, last_pos + 500 + (slices == 0));
        last_pos = gml_depth_search_get_position (s);
        slices++;
      }
    g_assert_cmpint (status, ==, GML_DEPTH_SEARCH_DONE);
    g_assert_cmpuint (slices, >, 10);
    g_assert_cmpuint (gml_depth_search_get_result (s, &returned), ==, want);
    g_assert_true (returned);
  }

  /* The same on a recording made 2,000 steps at a time. */
  gml_timeline_run (partial, call + 10);
  {
    g_autoptr (GmlDepthSearch) s = gml_depth_search_new (partial, call, FALSE);

    while ((status = gml_depth_search_run (s, 700)) != GML_DEPTH_SEARCH_DONE)
      if (status == GML_DEPTH_SEARCH_WAITING)
        {
          g_assert_cmpuint (gml_depth_search_get_position (s), ==, gml_timeline_n_steps (partial));
          gml_timeline_run (partial, 2000);
          waits++;
        }
    g_assert_cmpuint (waits, >, 2);
    g_assert_cmpuint (gml_depth_search_get_result (s, &returned), ==, want);
    g_assert_true (returned);
  }

  /* Out of main: no statement runs after it returns, so to the end of
   * the run, and not "returned". */
  {
    g_autoptr (GmlDepthSearch) s = gml_depth_search_new (tl, call, TRUE);

    while (gml_depth_search_run (s, 1000) != GML_DEPTH_SEARCH_DONE)
      ;
    result = gml_depth_search_get_result (s, &returned);
    g_assert_cmpuint (result, ==, gml_timeline_n_steps (tl));
    g_assert_cmpuint (result, ==, gml_timeline_step_out (tl, call));
    g_assert_false (returned);
  }
  /* Freed half way: its replay goes back to the pool, usable. */
  {
    GmlDepthSearch *s = gml_depth_search_new (tl, call, FALSE);

    g_assert_cmpint (gml_depth_search_run (s, 100), ==, GML_DEPTH_SEARCH_MORE);
    gml_depth_search_free (s);
    g_assert_cmpuint (gml_timeline_step_over (tl, call), ==, want);
  }
}

/* The step log gives back every step's statement, as a fresh run logs
 * them: through full chunks coded with 16 bits a step (a function of 300
 * statements), 8 (of 100), 4, 2 and 1 (loops of ten, three, one and no
 * statements in their bodies), and the chunk still filling; and searching it for a line finds what every step
 * says. */
static void
test_timeline_step_log (void)
{
  g_autoptr (GString) src = g_string_new ("package main\n\nfunc many(x int) int {\n");
  g_autoptr (GmlTimeline) tl = NULL;
  GmlStepLog log = { NULL, 0, 0 };
  GmlVm *fresh;
  guint64 n;

  for (guint i = 0; i < 300; i++)                          /* lines 4-303 */
    g_string_append_printf (src, "\tx += %u\n", i);
  g_string_append (src, "\treturn x\n}\n\nfunc some(x int) int {\n");
  for (guint i = 0; i < 100; i++)                          /* lines 308-407 */
    g_string_append_printf (src, "\tx += %u\n", i);
  g_string_append (src,
                   "\treturn x\n"                            /* 408 */
                   "}\n"
                   "\n"
                   "func main() {\n"                          /* 411 */
                   "\ts := 0\n"
                   "\tfor i := 0; i < 400; i++ {\n"          /* 413 */
                   "\t\ts = many(s)\n"
                   "\t}\n"
                   "\tfor i := 0; i < 1400; i++ {\n"         /* 416 */
                   "\t\ts = some(s)\n"
                   "\t}\n"
                   "\tfor i := 0; i < 140000; i++ {\n"       /* 419 */
                   "\t}\n"
                   "\tfor i := 0; i < 140000; i++ {\n"       /* 421 */
                   "\t\ts += i\n"
                   "\t}\n"
                   "\tfor i := 0; i < 50000; i++ {\n"        /* 424 */
                   "\t\ts += i\n"
                   "\t\ts -= 1\n"
                   "\t\ts ^= 3\n"
                   "\t}\n"
                   "\tfor i := 0; i < 14000; i++ {\n");      /* 429 */
  for (guint i = 0; i < 10; i++)                           /* lines 430-439 */
    g_string_append_printf (src, "\t\ts += %u\n", i);
  g_string_append (src,
                   "\t}\n"
                   "\tprintln(s)\n"                          /* 441 */
                   "}\n");
  tl = record_source ("many.go", src->str, src->len, NULL, NULL);
  n = gml_timeline_n_steps (tl);
  g_assert_cmpint (gml_timeline_end (tl, NULL, NULL), ==, GML_TIMELINE_END_EXIT);
  g_assert_cmpuint (n, >, 15 * 65536);
  /* Under 16 bits a step for a twelfth of the run and 8 for another
   * seventh, 1 to 4 for most of the rest: well under a byte a step. */
  g_assert_cmpuint (tl->steplog_bytes, <, n * 3 / 4);

  fresh = gml_vm_new (tl->image, &tl->vm_config);
  gml_vm_set_step_log (fresh, &log);
  gml_vm_run (fresh, G_MAXUINT64);
  g_assert_cmpuint (log.len, ==, n);
  for (guint64 step = 1; step <= n; step++)
    if (gml_timeline_stmt (tl, step) != log.data[step - 1])
      g_error ("step %" G_GUINT64_FORMAT ": statement %u, a fresh run says %u",
               step, gml_timeline_stmt (tl, step), log.data[step - 1]);

  /* Searches for a line, which skip the chunks that never run it, find
   * what a walk through the fresh run's steps finds: lines of the
   * functions, the loops', println's (once, at the end) and the package
   * clause's (never). */
  {
    static const guint lines[] = { 4, 150, 304, 350, 408, 413, 419, 422, 426, 435, 441, 1 };
    GRand *rand = g_rand_new_with_seed (11);

    for (guint t = 0; t < 48; t++)
      {
        guint line = lines[t % G_N_ELEMENTS (lines)];
        guint64 from = t < G_N_ELEMENTS (lines) ? 0 : (guint64) g_rand_int_range (rand, 0, (gint32) n);
        guint64 fwd = G_MAXUINT64, back = G_MAXUINT64, first = G_MAXUINT64;

#define LINE_OF(step) (tl->line_of_stmt[log.data[(step) - 1]])
        for (guint64 step = from + 2; step <= n && fwd == G_MAXUINT64; step++)
          if (LINE_OF (step) == line)
            fwd = step - 1;
        for (guint64 step = from; step >= 1 && back == G_MAXUINT64; step--)
          if (LINE_OF (step) == line)
            back = step - 1;
        for (guint64 step = 1; step <= n && first == G_MAXUINT64; step++)
          if (LINE_OF (step) == line)
            first = step - 1;
#undef LINE_OF
        g_assert_cmpuint (gml_timeline_find_line (tl, from, line, GML_NAV_FORWARD), ==, fwd);
        g_assert_cmpuint (gml_timeline_find_line (tl, from, line, GML_NAV_BACKWARD), ==, back);
        g_assert_cmpuint (gml_timeline_first_at_line (tl, line), ==, first);
        g_assert_true ((first == G_MAXUINT64) == (line == 1));
      }
    g_assert_cmpuint (gml_timeline_find_line (tl, n, 422, GML_NAV_FORWARD), ==, G_MAXUINT64);
    g_assert_cmpuint (gml_timeline_find_line (tl, n + 5, 422, GML_NAV_BACKWARD), ==, G_MAXUINT64);
    g_rand_free (rand);
  }
  gml_vm_free (fresh);
  g_free (log.data);

  /* A loop with an empty body, stopped by the step budget: its full
   * chunks take a bit a step (two or four in the first, which starts the
   * program). */
  {
    static const char spin[] = "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n";
    GmlVmConfig vm_config;
    g_autoptr (GmlTimeline) st = NULL;

    gml_vm_config_init (&vm_config);
    vm_config.max_steps = 3 * 65536 + 100;
    st = record_source ("spin.go", spin, sizeof spin - 1, &vm_config, NULL);
    g_assert_cmpuint (gml_timeline_n_steps (st), ==, vm_config.max_steps);
    /* Three full chunks, and the one filling (2 bytes a step). */
    g_assert_cmpuint (st->steplog_bytes, <, 65536 * 2 + 3 * 65536 / 4 + 1024);
    for (guint64 step = 1000; step <= vm_config.max_steps; step += 997)
      g_assert_cmpuint (gml_timeline_line (st, step), ==, 4);
    g_assert_cmpuint (gml_timeline_first_at_line (st, 4), <, 1000);
    g_assert_cmpuint (gml_timeline_find_line (st, 70000, 4, GML_NAV_FORWARD), ==, 70001);
    g_assert_cmpuint (gml_timeline_find_line (st, 70000, 4, GML_NAV_BACKWARD), ==, 69999);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/timeline/replay-is-exact", test_timeline_replay_is_exact);
  g_test_add_func ("/engine/timeline/run-in-pieces", test_timeline_run_in_pieces);
  g_test_add_func ("/engine/timeline/checkpoints-follow-cost", test_timeline_checkpoints_follow_cost);
  g_test_add_func ("/engine/timeline/labels", test_timeline_labels);
  g_test_add_func ("/engine/timeline/image-is-deterministic", test_timeline_image_is_deterministic);
  g_test_add_func ("/engine/timeline/temporary-zeroing", test_timeline_temporary_zeroing);
  g_test_add_func ("/engine/timeline/output-and-events", test_timeline_output_and_events);
  g_test_add_func ("/engine/timeline/navigation", test_timeline_navigation);
  g_test_add_func ("/engine/timeline/state-contents", test_timeline_state_contents);
  g_test_add_func ("/engine/timeline/budgets", test_timeline_budgets);
  g_test_add_func ("/engine/timeline/step-log", test_timeline_step_log);
  g_test_add_func ("/engine/timeline/step-over-out", test_timeline_step_over_out);
  g_test_add_func ("/engine/timeline/depth-search", test_timeline_depth_search);
  return g_test_run ();
}
