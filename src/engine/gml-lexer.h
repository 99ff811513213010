/* gml-lexer.h: Go's lexical grammar.
 *
 * The lexer turns source bytes into tokens the way Go's
 * cmd/compile/internal/syntax scanner does:
 *   - automatic semicolons: after a name, a literal, one of the keywords
 *     break continue fallthrough return, or one of ++ -- ) ] }, a newline
 *     or the end of the file becomes a SEMICOLON token whose text is
 *     "newline" or "EOF" (an explicit ';' has the text "semicolon").  A
 *     general comment that spans lines counts as a newline;
 *   - positions are 1-based lines and 1-based *byte* columns;
 *   - malformed input (bad literals, NUL bytes, invalid UTF-8, a stray
 *     BOM) is reported through the error callback with Go's wording, and
 *     scanning continues, so the parser always sees a token stream.
 *
 * Comments are skipped, except that line comments starting with "//go:" or
 * "//gml:" are collected as *directives* until the parser takes them (it
 * attaches them to the next function declaration).
 *
 * The lexer keeps no global state and never allocates per token: token
 * texts point into the source buffer, which must outlive the lexer.
 */
#pragma once

#include <glib.h>

#include "gml-ast.h"

G_BEGIN_DECLS

typedef struct
{
  GmlTokenKind  kind;
  GmlPos        pos;      /* first byte of the token */
  const char   *text;     /* the token as written (points into the source);
                           * for SEMICOLON: "semicolon", "newline" or "EOF" */
  gsize         len;      /* length of text */
  gboolean      bad;      /* a literal with a lexical error (already reported) */
} GmlToken;

/* Called for every lexical error; message has no "syntax error: " prefix. */
typedef void (*GmlLexerErrorFunc) (gpointer     user_data,
                                   GmlPos       pos,
                                   const char  *message);

typedef struct
{
  /*< private >*/
  const guint8      *src;       /* borrowed */
  gsize              len;
  gsize              r;         /* offset just past ch */
  gint32             ch;        /* current character, -1 at EOF */
  guint              chw;       /* width of ch in bytes */
  guint32            line;      /* 0-based line of ch */
  guint32            col;       /* 0-based byte column of ch */
  gsize              start;     /* offset of the current token */
  guint32            tok_line;  /* 0-based position of the current token */
  guint32            tok_col;
  gboolean           nlsemi;    /* a newline or EOF now becomes ';' */
  GmlLexerErrorFunc  error_func;
  gpointer           error_data;
  GString           *directives; /* owned; NULL when none are pending */
} GmlLexer;

void     gml_lexer_init              (GmlLexer          *lexer,
                                      const char        *source,
                                      gsize              len,
                                      GmlLexerErrorFunc  error_func,
                                      gpointer           error_data);
void     gml_lexer_clear             (GmlLexer          *lexer);

/* Scans the next token into *token. After EOF it keeps returning EOF. */
void     gml_lexer_next              (GmlLexer          *lexer,
                                      GmlToken          *token);

/* The directive comment lines seen since the last take/clear, joined by
 * '\n' (without the trailing newline), or NULL.  Free with g_free(). */
char    *gml_lexer_take_directives   (GmlLexer          *lexer);
void     gml_lexer_clear_directives  (GmlLexer          *lexer);

/* Binary operator precedence (5 = * / % << >> & &^, 4 = + - | ^,
 * 3 = comparisons, 2 = &&, 1 = ||), 0 for other tokens. */
int      gml_token_precedence        (GmlTokenKind       kind);

gboolean gml_token_is_keyword        (GmlTokenKind       kind);

/* For op-assign tokens (+= ...) the binary operator (+ ...), else EOF. */
GmlTokenKind gml_token_assign_op     (GmlTokenKind       kind);

G_END_DECLS
