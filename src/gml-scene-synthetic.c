/* gml-scene-synthetic.c: made-up scenes of any size, for the canvas
 * benchmark and the layout tests.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shape follows what real programs give: a few frames per goroutine
 * with a handful of locals, some of them pointers to objects anywhere in
 * the heap (the roots); objects in small size classes, the list nodes
 * linked to their neighbours; a cycle in its mark phase, so all three GC
 * colours appear. The same seed gives the same scene.
 */
#include "config.h"

#include "gml-scene-synthetic.h"

static const struct {
  guint       sizeclass;
  guint32     elemsize;
  const char *type;
  guint       n_fields;
} classes[] = {
  { 2, 16, "main.Node", 2 },
  { 3, 24, "[]int", 3 },
  { 4, 32, "main.Point3", 3 },
  { 5, 48, "main.User", 4 },
  { 7, 64, "[8]int", 6 },
  { 10, 112, "main.Buffer", 5 },
};

static const char *funcs[] = { "main", "run", "worker", "process", "build", "fib" };

static guint64
heap_addr (guint span,
           guint slot,
           guint32 elemsize)
{
  return G_GUINT64_CONSTANT (0xc000100000) + (guint64) span * 8192 + (guint64) slot * elemsize;
}

static void
add_goroutine (GmlScene *scene,
               GRand    *rand,
               guint     index,
               GArray   *heap)
{
  guint64 hi = G_GUINT64_CONSTANT (0xc000080000) - (guint64) index * 8192;
  guint n_frames = g_rand_int_range (rand, 2, 6);
  GmlSceneGoroutine g = {
    .goid = index + 1,
    .entry = index == 0 ? "main.main" : "main.worker",
    .status = index == 0 ? GML_SCENE_G_RUNNING : GML_SCENE_G_WAITING,
    .wait_reason = index == 0 ? "" : "chan receive",
    .stack_lo = hi - 8192,
    .stack_hi = hi,
    .sp = hi - 200 * n_frames,
    .n_frames = n_frames,
    .flags = index == 0 ? GML_SCENE_CURRENT : 0,
  };

  gml_scene_add_goroutine (scene, &g);
  for (guint f = 0; f < n_frames; f++)
    {
      guint64 fp = hi - 200 * (f + 1);
      GmlSceneFrame frame = {
        .func = funcs[f % G_N_ELEMENTS (funcs)],
        .line = 10 + f * 3,
        .fp = fp,
        .sp = fp - 184,
      };
      guint n_slots = g_rand_int_range (rand, 1, 5);

      gml_scene_add_frame (scene, &frame);
      for (guint s = 0; s < n_slots; s++)
        {
          gboolean ptr = heap->len > 0 && g_rand_boolean (rand);
          g_autofree char *name = g_strdup_printf ("v%u", s);
          g_autofree char *value = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 1000));
          GmlSceneSlot slot = {
            .name = name,
            .type = ptr ? "*main.Node" : "int",
            .value = ptr ? "0xc000100000" : value,
            .addr = fp - 8 * (s + 1),
            .size = 8,
            .flags = ptr ? GML_SCENE_POINTER : 0,
          };

          if (ptr)
            slot.target = g_array_index (heap, guint64, g_rand_int_range (rand, 0, heap->len));
          gml_scene_add_slot (scene, &slot);
        }
    }
}

static GmlSceneGcColor
random_color (GRand *rand)
{
  return GML_SCENE_GC_WHITE + g_rand_int_range (rand, 0, 3);
}

static void
add_object (GmlScene *scene,
            GRand    *rand,
            guint     c,
            guint64   addr,
            guint64   next,
            gboolean  detailed)
{
  GmlSceneObject object = {
    .addr = addr,
    .size = classes[c].elemsize,
    .type = classes[c].type,
    .count = 1,
    .sizeclass = classes[c].sizeclass,
    .color = random_color (rand),
    .flags = detailed ? GML_SCENE_DETAILED : 0,
  };

  gml_scene_add_object (scene, &object);
  if (!detailed)
    return;
  for (guint f = 0; f < classes[c].n_fields; f++)
    {
      gboolean ptr = c == 0 && f == 1;
      g_autofree char *name = g_strdup_printf ("f%u", f);
      g_autofree char *value = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 100000));
      GmlSceneSlot field = {
        .name = name,
        .type = ptr ? "*main.Node" : "int",
        .value = ptr ? "0xc000100010" : value,
        .addr = addr + 8 * f,
        .size = 8,
        .flags = ptr ? GML_SCENE_POINTER : 0,
      };

      if (ptr)
        field.target = next;
      gml_scene_add_field (scene, &field);
    }
}

/* Returns the objects' addresses. */
static GArray *
add_heap (GmlScene *scene,
          GRand    *rand,
          guint     n_objects)
{
  GArray *addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint added = 0;

  for (guint span = 0; added < n_objects; span++)
    {
      guint c = span % G_N_ELEMENTS (classes);
      guint32 nelems = 8192 / classes[c].elemsize;
      guint32 used = MIN (n_objects - added, nelems * 3 / 4);
      GmlSceneSpan s = {
        .base = heap_addr (span, 0, 1),
        .npages = 1,
        .sizeclass = classes[c].sizeclass,
        .elemsize = classes[c].elemsize,
        .nelems = nelems,
        .allocated = used,
      };

      gml_scene_add_span (scene, &s);
      for (guint32 i = 0; i < used; i++, added++)
        {
          guint64 addr = heap_addr (span, i * 4 / 3, classes[c].elemsize);
          guint64 next = i + 1 < used && g_rand_int_range (rand, 0, 4) > 0
                         ? heap_addr (span, (i + 1) * 4 / 3, classes[c].elemsize) : 0;

          add_object (scene, rand, c, addr, next, added < GML_SCENE_MAX_DETAILED);
          g_array_append_val (addrs, addr);
        }
    }
  return addrs;
}

GmlScene *
gml_scene_new_synthetic (guint   n_goroutines,
                         guint   n_objects,
                         guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GmlScene *scene = gml_scene_new (1000);

  scene->line = 12;
  scene->marking = TRUE;
  scene->gc.phase = "mark";
  scene->gc.phase_id = 2;
  scene->gc.cycle = 3;
  scene->gc.numgc = 2;
  scene->gc.heap_live = (guint64) n_objects * 40;
  scene->gc.heap_goal = MAX ((guint64) 4 << 20, scene->gc.heap_live * 2);
  scene->gc.gogc = 100;
  scene->gc.memory_limit = G_MAXINT64;

  g_autoptr (GArray) heap = add_heap (scene, rand, n_objects);

  for (guint i = 0; i < n_goroutines; i++)
    add_goroutine (scene, rand, i, heap);
  gml_scene_link (scene);

  return scene;
}
