/* gml-scene-synthetic.h: made-up scenes for benchmarks and tests.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gml-scene.h"

G_BEGIN_DECLS

/* A linked scene (not laid out) with `n_goroutines` stacks and
 * `n_objects` heap objects during a mark phase. */
GmlScene *gml_scene_new_synthetic (guint   n_goroutines,
                                   guint   n_objects,
                                   guint32 seed);

G_END_DECLS
