/* gml-scene-transition.h: what moves, appears and goes between two scenes.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between the previously shown step and the new one, the canvas animates:
 * items found in both move from their old place to the new one, new ones
 * fade in, and freed objects and returned frames fade out where they were.
 * A transition matches the items of the two scenes once; the painter then
 * draws any moment of it from a progress t in [0, 1], which is also how an
 * export renders animation frames without a clock.
 *
 * Both scenes must be laid out with the same metrics.
 */
#pragma once

#include "gml-scene.h"

G_BEGIN_DECLS

typedef struct
{
  GmlScene *from;
  GmlScene *to;
  GArray   *goroutine_from;  /* gint32 per goroutine of `to`: its index in `from`, or -1 */
  GArray   *frame_from;      /* gint32 per frame of `to` */
  GArray   *slot_from;       /* gint32 per slot of `to` */
  GArray   *object_from;     /* gint32 per object of `to` */
  GArray   *gone_objects;    /* guint32: objects of `from` missing from `to` */
  GArray   *gone_frames;     /* guint32: frames of `from` missing from `to` */
} GmlSceneTransition;

GmlSceneTransition *gml_scene_transition_new  (GmlScene           *from,
                                               GmlScene           *to);
void                gml_scene_transition_free (GmlSceneTransition *transition);

/* Where an item of `to` is at progress t. */
GmlSceneRect gml_scene_transition_object_rect (GmlSceneTransition *transition,
                                               guint32             object,
                                               double              t);
GmlSceneRect gml_scene_transition_slot_rect   (GmlSceneTransition *transition,
                                               guint32             slot,
                                               double              t);
GmlSceneRect gml_scene_transition_frame_rect  (GmlSceneTransition *transition,
                                               guint32             frame,
                                               double              t);
/* Whether an object of `to` is new (fades in). */
gboolean     gml_scene_transition_object_is_new (GmlSceneTransition *transition,
                                                 guint32             object);
gboolean     gml_scene_transition_frame_is_new  (GmlSceneTransition *transition,
                                                 guint32             frame);

GmlSceneRect gml_scene_rect_lerp (const GmlSceneRect *a,
                                  const GmlSceneRect *b,
                                  double              t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlSceneTransition, gml_scene_transition_free)

G_END_DECLS
