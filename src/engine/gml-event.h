/* gml-event.h: what the VM reports while it runs.
 *
 * Every state change the UI may want to show is an event, emitted through
 * one sink; the timeline records the coarse ones and regenerates the fine
 * ones by replaying.  The UI never talks to the VM directly.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
#define X(name, json, coarse, a, b, c, d) GML_EVENT_##name,
#include "gml-event.def"
#undef X
  GML_N_EVENT_KINDS
} GmlEventKind;

typedef struct
{
  guint64  step;     /* the step during which it happened */
  guint16  kind;     /* GmlEventKind */
  guint16  pad;
  guint32  goid;     /* goroutine that caused it (0 for the runtime/GC) */
  guint64  a, b, c, d;
} GmlEvent;

const char *gml_event_kind_name   (GmlEventKind kind);

/* Whether the timeline records the kind; folded at every emit of a
 * constant kind. */
static inline gboolean
gml_event_kind_coarse (GmlEventKind kind)
{
  switch (kind)
    {
#define X(name, json, coarse, a, b, c, d) case GML_EVENT_##name: return coarse;
#include "gml-event.def"
#undef X
    default:
      return FALSE;
    }
}

/* Field names of a, b, c, d for JSON ("" when unused). */
const char *gml_event_field_name  (GmlEventKind kind,
                                   guint        field);

typedef struct _GmlEventSink GmlEventSink;

struct _GmlEventSink
{
  /* Called for coarse events, and for fine ones when `fine` is set. */
  void     (*emit) (GmlEventSink *sink, const GmlEvent *event);
  gboolean  fine;
  gpointer  user_data;
};

G_END_DECLS
