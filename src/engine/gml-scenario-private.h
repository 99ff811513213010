/* gml-scenario-private.h: what the scenario files share.
 *
 *   gml-scenario.c          reading: files, paths, sizes, the format's keys
 *   gml-scenario-program.c  checks against the compiled program; names;
 *                           answers; the dynamic check
 *   gml-scenario-write.c    gml_scenario_to_json
 */
#pragma once

#include "gml-scenario.h"

G_BEGIN_DECLS

/* Defaults that the reader fills in and the writer leaves out. */
#define GML_SCENARIO_DEFAULT_TOPIC "basics"

/* The documented topics, NULL-terminated. */
extern const char * const gml_scenario_topics[];

/* Phase names as the format spells them ("sweep-termination"), by
 * GmlGcPhase; NULL past the last. */
const char *gml_scenario_phase_name (guint phase);

void        gml_chapter_free (gpointer chapter);
void        gml_card_free    (gpointer card);
void        gml_quiz_free    (gpointer quiz);

/* Checks names, lines and answer specs against sc->program (which must be
 * set) and reports problems at the positions recorded in the model. */
void        gml_scenario_check_program (GmlScenario *sc,
                                        GmlDiagList *diags);

/* The closest of `candidates` (NULL-terminated) to `word` that is close
 * enough to be a likely typo, or NULL. */
const char *gml_scenario_suggest (const char         *word,
                                  const char * const *candidates);

G_END_DECLS
