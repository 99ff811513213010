/* gml-scene-state.h: a scene from the engine's state at one step.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gml-scene.h"
#include "gml-state.h"

G_BEGIN_DECLS

typedef struct _GmlImage GmlImage;

/* A linked scene (not laid out, not diffed) of everything in `state`.
 * Frames of functions outside `program`'s main package are marked
 * GML_SCENE_LIBRARY (every frame is, without a program); the main
 * package's globals are read from `image`'s data segment (none without
 * a program and an image). */
GmlScene *gml_scene_new_from_state (GmlState       *state,
                                    GmlProgram     *program,
                                    const GmlImage *image);

G_END_DECLS
