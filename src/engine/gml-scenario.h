/* gml-scenario.h: scenario files — a Go program plus the teaching around it.
 *
 * A scenario is what a learner opens and an author writes: the program
 * (inline or a sibling .go file), the runtime settings it runs with,
 * chapters, narration cards and quizzes anchored to points of the run.
 * The format is documented for authors in docs/scenario-format.md; this
 * header is the data model the UI, the timeline and the quiz panels read.
 *
 * Loading is strict: every problem becomes a diagnostic with a file, line
 * and column (gml-diag.h), and a scenario with any error does not load.
 * Three kinds of checks run:
 *   1. the JSON itself (gml-json.h: syntax, duplicate keys, numbers);
 *   2. the format: keys, types, ranges, required keys, paths, sizes;
 *   3. against the compiled program: it compiles, anchored lines hold a
 *      statement, named functions, variables and types exist.
 * What only a run can tell (a line that never runs, an answer that is
 * undefined at its anchor) is checked by gml_scenario_check_dynamic()
 * through a GmlScenarioProbe; the engine's probe over a timeline
 * (gml_scenario_probe_new, gml-scenario-probe.c) also computes the
 * answers the quiz panel shows.  gml_scenario_check_run() does it all,
 * as `gomemlab-cli check` does.
 *
 * All strings in the model are owned by the scenario, UTF-8, NUL-free.
 * Positions (GmlPos) say where a value is written in the scenario file, so
 * later checks and an editor can point at it; they are GML_POS_NONE for a
 * scenario made from a plain .go file.
 */
#pragma once

#include <gio/gio.h>

#include "gml-diag.h"
#include "gml-image.h"
#include "gml-program.h"
#include "gml-timeline.h"
#include "gml-vm.h"

G_BEGIN_DECLS

/* The format version this engine reads and writes ("format": 1). */
#define GML_SCENARIO_FORMAT 1

/* Size limits: larger files are refused before they are read. */
#define GML_SCENARIO_MAX_JSON_SIZE     (1024 * 1024)
#define GML_SCENARIO_MAX_PROGRAM_SIZE  (256 * 1024)

/* ------------------------------------------------------------------ */
/* Anchors: points of the run                                          */

typedef enum
{
  GML_ANCHOR_LINE,   /* {"line": L, "hit": N}: the Nth time execution arrives at line L */
  GML_ANCHOR_GC,     /* {"gc": N, "phase": P}: GC cycle N enters phase P */
  GML_ANCHOR_EVENT,  /* {"event": "stack-grow", "nth": N}: the Nth event of a kind */
  GML_ANCHOR_STEP,   /* {"step": S}: after S steps */
  GML_ANCHOR_END,    /* {"end": true}: the end of the run */
} GmlAnchorKind;

/* Where the playhead stands for each kind (a *position* is a number of
 * steps done, 0 to the run's length, as gml_timeline_state_at() takes):
 *   LINE   just before the step that arrives at the line runs, like a
 *          breakpoint.  Execution "arrives" at line L when a step runs a
 *          statement on L and the previous step that ran a statement (GC
 *          work does not count) was on another line, or was in another
 *          goroutine or frame.  So a for-loop header is hit once per
 *          iteration, not once per condition and post statement.
 *          Lines are of the main program file.
 *   GC     just after the step during which cycle N (1-based, as gctrace
 *          numbers them) entered the phase.  Default phase: sweep
 *          termination, i.e. the cycle's start.
 *   EVENT  just after the step during which the Nth event of the kind
 *          happened (kinds from gml-event.def, fine ones included).
 *   STEP   after `step` steps (0 is before the first step).
 *   END    after the last step. */
typedef struct
{
  GmlAnchorKind kind;
  guint32       line;      /* LINE: 1-based program line */
  guint32       nth;       /* LINE: the hit; GC: the cycle; EVENT: the occurrence (all >= 1) */
  guint32       gc_phase;  /* GC: a GmlGcPhase (gml-gc-phase.def order) */
  guint32       event;     /* EVENT: a GmlEventKind */
  guint64       step;      /* STEP */
  GmlPos        pos;       /* of the anchor's main value ("line": >12<) */
} GmlAnchor;

/* "line 12", "line 12 (3rd time)", "the start of GC cycle 2", "the 1st
 * stack-grow event", "step 1234", "the end of the run". */
char        *gml_anchor_describe  (const GmlAnchor *anchor);

/* ------------------------------------------------------------------ */
/* Runtime settings                                                    */

typedef struct
{
  gint     gogc;          /* GOGC percent, -1 = off; default 100 */
  gint64   memory_limit;  /* GOMEMLIMIT bytes; G_MAXINT64 = off (default) */
  guint    gomaxprocs;    /* default 2 */
  guint64  stack_limit;   /* max goroutine stack bytes; default 1,000,000,000 */
  guint64  step_budget;   /* default 50,000,000 */
} GmlScenarioSettings;

void         gml_scenario_settings_init  (GmlScenarioSettings       *settings);
/* Copies the settings into a VM configuration (leaves the rest alone). */
void         gml_scenario_settings_apply (const GmlScenarioSettings *settings,
                                          GmlVmConfig               *config);

/* ------------------------------------------------------------------ */
/* Things on the canvas                                                */

/* A variable of the program: `name` declared in function `func` (Go's
 * short name as frames show it: "newUser", "(*T).Area", "main.func1"), or
 * the only variable of that name in the program (a global, or a local
 * of a single function) when `func` is NULL.  When a function declares
 * the name more than once (two `for i := ...` loops, a shadowing `x :=`
 * in an inner block), `line` says which: the line of its declaration
 * (where the declaring identifier is written); without it such a
 * reference is an error, never a silent choice. */
typedef struct
{
  char    *name;
  char    *func;          /* NULL: unique in the program */
  GmlPos   pos;           /* of the name's value */
  GmlPos   func_pos;
  guint32  line;          /* 0: any; else the line of the declaration */
  GmlPos   line_pos;
} GmlVarRef;

typedef enum
{
  GML_HIGHLIGHT_VAR,       /* a variable's slot (and the heap cell it moved to) */
  GML_HIGHLIGHT_TYPE,      /* every heap object of a type */
  GML_HIGHLIGHT_GOROUTINE, /* a goroutine's stack */
} GmlHighlightKind;

typedef struct
{
  GmlHighlightKind kind;
  GmlVarRef        var;        /* VAR */
  char            *type;       /* TYPE: "Point", "int" (a main-package or predeclared type) */
  guint64          goroutine;  /* GOROUTINE: goroutine id (1 = main) */
  GmlPos           pos;        /* of the highlight object */
} GmlHighlight;

/* ------------------------------------------------------------------ */
/* Chapters, narration cards                                           */

typedef struct
{
  char      *title;
  GmlAnchor  anchor;
  GmlPos     pos;
} GmlChapter;

typedef struct
{
  char         *title;          /* NULL when untitled */
  char         *body;           /* markup (gml-markup.h) */
  GmlAnchor     anchor;
  GArray       *highlights;     /* GmlHighlight */
  GmlPos        pos;
} GmlCard;

/* ------------------------------------------------------------------ */
/* Quizzes and computed answers                                        */

typedef enum
{
  GML_QUIZ_CHOICE,    /* multiple choice, an explanation per choice */
  GML_QUIZ_PREDICT,   /* a number or yes/no the engine computes at the anchor */
  GML_QUIZ_PICK,      /* click objects on the canvas; the simulation decides */
} GmlQuizKind;

typedef enum
{
#define X(name, json, result, params) GML_ANSWER_##name,
#include "gml-answer.def"
#undef X
  GML_N_ANSWER_KINDS
} GmlAnswerKind;

typedef enum
{
  GML_ANSWER_TYPE_NUMBER,
  GML_ANSWER_TYPE_YES_NO,
  GML_ANSWER_TYPE_OBJECTS,
} GmlAnswerType;

/* What the engine computes, at the anchor's position P:
 *   heap_objects      MemStats.HeapObjects at P (tiny blocks count once;
 *                     unreachable objects count until swept).
 *   heap_bytes        MemStats.HeapAlloc at P (size-class bytes).
 *   live_bytes_after_next_gc  the bytes the first GC cycle to finish
 *                     marking after P marks live (its heap_marked);
 *                     undefined if no cycle finishes marking.
 *   gc_cycles         completed cycles at P (MemStats.NumGC).
 *   goroutines        runtime.NumGoroutine() at P.
 *   len, cap          len()/cap() of the variable: a global, read from
 *                     the data segment; a local, read in the innermost
 *                     frame of its function in the goroutine that runs
 *                     the next statement; undefined when that goroutine
 *                     does not run the function or the variable is not
 *                     in scope there (its block has ended, or its
 *                     declaration has not run yet).
 *   stack_size        bytes of goroutine N's stack (hi - lo) at P;
 *                     undefined when it does not exist or has exited.
 *   escapes           whether the variable moved to the heap (what
 *                     `go build -gcflags='-m -l'` reports as "moved to
 *                     heap"): decided by the compiler, the same at every P.
 *   freed_by_next_gc  the objects allocated at P that the first GC cycle
 *                     to start after P frees (its sweep's frees, until it
 *                     goes idle or the next cycle finishes its sweep;
 *                     objects an earlier cycle frees after P do not
 *                     count); undefined if none starts.
 *   heap_objects_of_var  the heap objects reachable from the variable at P
 *                     (its own heap cell when it moved to the heap, then
 *                     every object its pointers lead to, through values
 *                     on stacks and in globals too:
 *                     gml_state_reachable_objects), found as for len.
 *   objects_of_type   the allocated objects at P whose type (element type
 *                     for arrays and slices' backing arrays) is `type`,
 *                     and the tiny blocks holding a value of that type.
 * Objects are GmlStateObject addresses (see gml_quiz_compute_answer). */
typedef struct
{
  GmlAnswerKind  kind;
  GmlVarRef      var;        /* len, cap, escapes, heap_objects_of_var */
  guint64        goroutine;  /* stack_size */
  char          *type;       /* objects_of_type */
  GmlPos         pos;        /* of the spec's key ("cap": ...) */
} GmlAnswerSpec;

GmlAnswerType  gml_answer_kind_type (GmlAnswerKind kind);
const char    *gml_answer_kind_name (GmlAnswerKind kind);   /* "heap_bytes" */

typedef struct
{
  GmlAnswerType  type;
  gint64         number;     /* NUMBER */
  gboolean       yes;        /* YES_NO */
  GArray        *objects;    /* OBJECTS: guint64 object addresses, sorted, unique */
} GmlAnswer;

void           gml_answer_clear     (GmlAnswer *answer);

typedef struct
{
  char      *text;           /* markup */
  gboolean   correct;
  char      *explanation;    /* markup: shown after answering */
  GmlPos     pos;
} GmlChoice;

typedef struct
{
  char          *id;           /* unique in the scenario; keys saved progress */
  GmlQuizKind    kind;
  char          *question;     /* markup */
  GmlAnchor      anchor;
  gboolean       hold;         /* pause playback at the anchor until answered */
  char          *explanation;  /* markup; NULL when absent (choice only) */
  GArray        *choices;      /* CHOICE: GmlChoice; NULL otherwise */
  GmlAnswerSpec  answer;       /* PREDICT, PICK */
  gint64         tolerance;          /* PREDICT, numbers: accepted distance */
  double         tolerance_percent;  /* PREDICT, numbers: of the correct value */
  GmlPos         pos;
} GmlQuiz;

/* Several correct choices make a "select all that apply" question. */
guint          gml_quiz_n_correct_choices (const GmlQuiz *quiz);
/* `selected` has one entry per choice; right when it selects exactly the
 * correct ones. */
gboolean       gml_quiz_accepts_choices   (const GmlQuiz  *quiz,
                                           const gboolean *selected);
/* Within `tolerance` or `tolerance_percent` of the correct number. */
gboolean       gml_quiz_accepts_number    (const GmlQuiz  *quiz,
                                           gint64          correct,
                                           gint64          given);
/* Exactly the computed set of objects (any order, duplicates ignored). */
gboolean       gml_answer_accepts_objects (const GmlAnswer *correct,
                                           const guint64   *picked,
                                           guint            n_picked);

/* ------------------------------------------------------------------ */
/* The scenario                                                        */

typedef enum
{
  GML_LEVEL_BEGINNER,
  GML_LEVEL_INTERMEDIATE,
  GML_LEVEL_ADVANCED,
} GmlScenarioLevel;

const char  *gml_scenario_level_name (GmlScenarioLevel level);   /* "beginner" */

typedef struct _GmlScenario GmlScenario;

struct _GmlScenario
{
  guint                format;        /* GML_SCENARIO_FORMAT */
  char                *id;            /* from "id", else the file name without extension */
  char                *title;
  char                *summary;       /* markup; "" when absent */
  char                *topic;         /* one of the documented topics */
  GmlScenarioLevel     level;
  GStrv                tags;          /* never NULL */
  GmlScenarioSettings  settings;

  /* The program. */
  char                *program_path;  /* "file" as written; NULL when inline */
  GStrv                program_lines; /* "lines" when inline; NULL otherwise */
  char                *source;        /* the Go source text */
  gsize                source_len;
  guint                n_lines;       /* lines of the source */
  char                *program_filename; /* the name Go diagnostics use */
  GmlProgram          *program;       /* compiled: owned; see gml_scenario_steal_program */
  GmlImage            *image;

  GPtrArray           *chapters;      /* GmlChapter* */
  GPtrArray           *cards;         /* GmlCard*, the "narration" array */
  GPtrArray           *quizzes;       /* GmlQuiz* */

  /* Where it came from: watch both files to reload on change. */
  char                *filename;      /* display name of the scenario file */
  GFile               *file;          /* NULL when loaded from data */
  GFile               *program_file;  /* the .go file; NULL when inline */
  gboolean             plain_go;      /* opened from a .go file, default settings */
};

/* Loads a scenario (.json) or a plain Go program (.go, with defaults).
 * `display_name` names the file in diagnostics (NULL: the file's parse
 * name); the program file's name is derived from it.  Returns NULL and
 * fills `diags` (sorted by file and position) when anything is wrong. */
GmlScenario *gml_scenario_load_file  (GFile        *file,
                                      const char   *display_name,
                                      GmlDiagList  *diags);
/* The same for a path; diagnostics name the path as given. */
GmlScenario *gml_scenario_load_path  (const char   *path,
                                      GmlDiagList  *diags);
/* From memory (tests, the fuzzer).  `folder` is where a "file" program is
 * looked up; NULL refuses one. */
GmlScenario *gml_scenario_load_data  (const char   *data,
                                      gsize         len,
                                      const char   *display_name,
                                      GFile        *folder,
                                      GmlDiagList  *diags);
void         gml_scenario_free       (GmlScenario  *scenario);

/* Hands the compiled program to its next owner (gml_timeline_new takes
 * both); the scenario keeps everything else.  Call once. */
void         gml_scenario_steal_program (GmlScenario  *scenario,
                                         GmlProgram  **program,
                                         GmlImage    **image);

/* The scenario as JSON, in the documented key order, omitting values that
 * equal their defaults; loads back to an equal scenario.  A plain .go
 * scenario is written with {"file": "<name>.go"}. */
char        *gml_scenario_to_json    (const GmlScenario *scenario,
                                      gsize             *length);

/* ------------------------------------------------------------------ */
/* Resolving names against a program                                   */

/* The function a GmlVarRef names (NULL for a global), and the first
 * matching variable in it; FALSE when the program has no such variable
 * (or several functions declare it and `func` is NULL).  Works with any
 * compiled copy of the scenario's program, e.g. the timeline's. */
gboolean     gml_scenario_resolve_var (GmlProgram      *program,
                                       const GmlVarRef *ref,
                                       GmlFunc        **func,
                                       GmlObject      **var);
/* A main-package or predeclared type by name, or NULL. */
GmlType     *gml_scenario_resolve_type (GmlProgram     *program,
                                        const char     *name);

/* Answers that do not depend on the run (escapes); FALSE for the others,
 * or when the program was not escape-analysed. */
gboolean     gml_scenario_static_answer (GmlProgram          *program,
                                         const GmlAnswerSpec *spec,
                                         GmlAnswer           *answer);

/* ------------------------------------------------------------------ */
/* Checks that need a run                                              */

typedef struct _GmlScenarioProbe GmlScenarioProbe;

/* What gml_scenario_check_dynamic() needs from a recorded run; the
 * timeline implements it (see the anchor and answer definitions above).
 * Both callbacks are called from the caller's thread, after the run has
 * ended. */
struct _GmlScenarioProbe
{
  /* The position where `anchor` is reached, or FALSE when the run never
   * reaches it (a line that never runs, a cycle that never starts). */
  gboolean (*resolve) (GmlScenarioProbe    *probe,
                       const GmlAnchor     *anchor,
                       guint64             *position);
  /* The answer at `position`, or FALSE with a short reason ("s is not in
   * scope") when it is undefined there.  May be NULL: answers are then
   * not checked. */
  gboolean (*compute) (GmlScenarioProbe    *probe,
                       const GmlAnswerSpec *spec,
                       guint64              position,
                       GmlAnswer           *answer,
                       char               **reason);
  guint64   n_steps;      /* length of the run */
  gboolean  ended;        /* the program ended (FALSE: a budget ran out) */
  gpointer  user_data;
};

/* Reports anchors the run never reaches and answers that are undefined
 * at their anchor, at the anchor's or the spec's position.  TRUE when
 * nothing was wrong. */
gboolean     gml_scenario_check_dynamic (const GmlScenario *scenario,
                                         GmlScenarioProbe  *probe,
                                         GmlDiagList       *diags);

/* ------------------------------------------------------------------ */
/* The engine's probe: anchors and answers over a recorded run          */

/* A probe over a timeline that has finished recording (its end is not
 * GML_TIMELINE_END_NONE): resolve() and compute() exactly as defined
 * above, from the step log, the events and the states of the run —
 * never from anything the scenario file says.  It keeps a reference to
 * the timeline and builds its indexes lazily (the goroutine switches,
 * the arrivals at each line asked about, the occurrences of each event
 * kind asked about), so keep one probe per timeline.  Owner thread only:
 * it reads states and fine events (gml-timeline.h). */
GmlScenarioProbe *gml_scenario_probe_new     (GmlTimeline         *tl);
void              gml_scenario_probe_free    (GmlScenarioProbe    *probe);
/* probe->resolve and probe->compute, for readability. */
gboolean          gml_scenario_probe_resolve (GmlScenarioProbe    *probe,
                                              const GmlAnchor     *anchor,
                                              guint64             *position);
gboolean          gml_scenario_probe_compute (GmlScenarioProbe    *probe,
                                              const GmlAnswerSpec *spec,
                                              guint64              position,
                                              GmlAnswer           *answer,
                                              char               **reason);

/* The goroutine (its goid) that runs the next statement after
 * `position`, 0 when no statement follows: the goroutine the answers of
 * `len`, `cap` and `heap_objects_of_var` read a local in.  (It is known
 * even where a goroutine has just blocked and the state names no current
 * goroutine yet.) */
guint64           gml_scenario_probe_next_goroutine (GmlScenarioProbe *probe,
                                                     guint64           position);

/* The quiz panel's call: the correct answer of a `predict` or `pick`
 * quiz at `position` (normally where its anchor resolves) on a finished
 * timeline of the scenario's program.  FALSE with a reason when it is
 * undefined there, or for a `choice` quiz.  Free it with
 * gml_answer_clear().  (It makes a temporary probe; with a probe at hand
 * call gml_scenario_probe_compute (probe, &quiz->answer, ...).)
 *
 * Pick answers are sets of heap objects at `position`: each is the
 * `addr` of a GmlStateObject of gml_timeline_state_at (tl, position)
 * (the start of its slot; a tiny block's address for values in tiny
 * blocks), the same address the canvas keys its objects by
 * (GmlSceneObject.addr, gml_scene_find_object).  To check a learner,
 * collect the addr of every object they picked on the canvas of that
 * position and call gml_answer_accepts_objects(). */
gboolean          gml_quiz_compute_answer    (GmlTimeline         *tl,
                                              const GmlQuiz       *quiz,
                                              guint64              position,
                                              GmlAnswer           *answer,
                                              char               **reason);

/* A new timeline, not started, of the scenario's program run with its
 * settings (GOGC, GOMEMLIMIT, GOMAXPROCS, stack limit, step budget).
 * The program is compiled again from sc->source, so the scenario keeps
 * its own.  NULL (with `diags`) when it does not compile. */
GmlTimeline      *gml_scenario_new_timeline  (const GmlScenario   *sc,
                                              GmlDiagList         *diags);
/* Records the scenario's run synchronously (gml_scenario_new_timeline,
 * gml_timeline_run) and runs gml_scenario_check_dynamic() over it with
 * the engine's probe: what `gomemlab-cli check` does after loading.
 * TRUE when nothing was wrong. */
gboolean          gml_scenario_check_run     (const GmlScenario   *sc,
                                              GmlDiagList         *diags);

/* ------------------------------------------------------------------ */
/* The course: the order of a folder of scenarios                      */

/* FOLDER/course.txt lists the folder's scenarios in the order a learner
 * takes them (docs/scenario-format.md, "The course"). */
typedef struct
{
  char    *name;   /* "tour": the scenario is NAME.json; its id unless it sets "id" */
  char    *path;   /* FOLDER/NAME.json, FOLDER as the caller named it */
  GFile   *file;   /* FOLDER/NAME.json */
  GmlPos   pos;    /* of the name in course.txt */
} GmlCourseEntry;

/* The course in order: a GPtrArray of GmlCourseEntry* (it frees them).
 * NULL, with every problem in `diags` (FILE:LINE:COL of course.txt),
 * when course.txt is missing or malformed, names a scenario twice or one
 * whose NAME.json does not exist, or when a NAME.json of the folder is
 * neither listed nor excluded.  Scenarios are not loaded. */
GPtrArray        *gml_course_load            (const char          *folder,
                                              GmlDiagList         *diags);
/* The same for a GFile folder (a GResource one too); messages and paths
 * use its parse name. */
GPtrArray        *gml_course_load_file       (GFile               *folder,
                                              GmlDiagList         *diags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlScenario, gml_scenario_free)

G_END_DECLS
