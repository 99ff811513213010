/* gml-event.c: names of event kinds. */
#include "gml-event.h"

static const struct
{
  const char *name;
  gboolean    coarse;
  const char *fields[4];
} kinds[] = {
#define X(name, json, coarse, a, b, c, d) { json, coarse, { a, b, c, d } },
#include "gml-event.def"
#undef X
};

const char *
gml_event_kind_name (GmlEventKind kind)
{
  g_return_val_if_fail (kind < GML_N_EVENT_KINDS, "?");
  return kinds[kind].name;
}

const char *
gml_event_field_name (GmlEventKind kind,
                      guint        field)
{
  g_return_val_if_fail (kind < GML_N_EVENT_KINDS && field < 4, "");
  return kinds[kind].fields[field];
}
