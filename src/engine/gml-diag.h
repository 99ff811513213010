/* gml-diag.h: errors are data.
 *
 * Every problem the engine finds in a user's input (a Go program, a scenario
 * file) becomes a GmlDiag with a file, line and column; the engine never
 * prints, exits or aborts because of it.  Hosts (CLI, UI, tests) decide how
 * to show them.  Positions follow Go: lines and columns start at 1, columns
 * count bytes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint32 line;    /* 1-based; 0 = unknown */
  guint32 col;     /* 1-based byte column; 0 = unknown */
} GmlPos;

#define GML_POS_NONE ((GmlPos) { 0, 0 })

static inline gboolean
gml_pos_is_valid (GmlPos p)
{
  return p.line != 0;
}

static inline int
gml_pos_compare (GmlPos a,
                 GmlPos b)
{
  if (a.line != b.line)
    return a.line < b.line ? -1 : 1;
  if (a.col != b.col)
    return a.col < b.col ? -1 : 1;
  return 0;
}

typedef enum
{
  GML_DIAG_ERROR,
  GML_DIAG_WARNING,
  GML_DIAG_NOTE,
} GmlDiagSeverity;

typedef struct
{
  GmlDiagSeverity  severity;
  char            *file;     /* owned; the path as the user gave it */
  GmlPos           pos;
  char            *message;  /* owned; no trailing newline */
} GmlDiag;

/* A list of diagnostics in the order they were reported. */
typedef struct _GmlDiagList GmlDiagList;

GmlDiagList    *gml_diag_list_new      (void);
void            gml_diag_list_free     (GmlDiagList     *list);
void            gml_diag_list_add      (GmlDiagList     *list,
                                        GmlDiagSeverity  severity,
                                        const char      *file,
                                        GmlPos           pos,
                                        const char      *format,
                                        ...) G_GNUC_PRINTF (5, 6);
void            gml_diag_list_addv     (GmlDiagList     *list,
                                        GmlDiagSeverity  severity,
                                        const char      *file,
                                        GmlPos           pos,
                                        const char      *format,
                                        va_list          args) G_GNUC_PRINTF (5, 0);
guint           gml_diag_list_len      (const GmlDiagList *list);
const GmlDiag  *gml_diag_list_get      (const GmlDiagList *list,
                                        guint            i);
guint           gml_diag_list_n_errors (const GmlDiagList *list);
/* Stable sort by file, then position (Go reports errors sorted by position). */
void            gml_diag_list_sort     (GmlDiagList     *list);
/* Keep only the first n entries. */
void            gml_diag_list_truncate (GmlDiagList     *list,
                                        guint            n);

/* "FILE:LINE:COL: message" (or "FILE: message" without a position). */
char           *gml_diag_format        (const GmlDiag   *diag);
/* Every diagnostic, one per line, each ending in '\n'. */
char           *gml_diag_list_format   (const GmlDiagList *list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlDiagList, gml_diag_list_free)

/* GError domain for engine errors at the GLib boundary. */
#define GML_ERROR (gml_error_quark ())
GQuark gml_error_quark (void);

typedef enum
{
  GML_ERROR_LOAD,        /* program or scenario does not load; see diagnostics */
  GML_ERROR_IO,
  GML_ERROR_BUDGET,      /* a step, memory or time budget was exhausted */
  GML_ERROR_CANCELLED,
} GmlErrorCode;

G_END_DECLS
