/* test-lexer.c: Go's lexical grammar: tokens, positions, automatic
 * semicolons, literal forms and Go's error messages. */
#include "gml-lexer.h"

#include <string.h>

typedef struct
{
  GString *errors;  /* "L:C: message\n" for each error */
} Errors;

static void
error_cb (gpointer    user_data,
          GmlPos      pos,
          const char *message)
{
  Errors *e = user_data;

  g_string_append_printf (e->errors, "%u:%u: %s\n", pos.line, pos.col, message);
}

/* Scans src and renders the token stream compactly: names and literals as
 * written, operators by their spelling, semicolons as ";" (explicit),
 * ";nl" (newline) or ";eof", separated by spaces. */
static char *
lex_string (const char *src,
            char      **errors)
{
  GmlLexer lx;
  GmlToken tok;
  GString *out = g_string_new (NULL);
  Errors e = { g_string_new (NULL) };

  gml_lexer_init (&lx, src, strlen (src), error_cb, &e);
  for (;;)
    {
      gml_lexer_next (&lx, &tok);
      if (tok.kind == GML_TOKEN_EOF)
        break;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (tok.kind == GML_TOKEN_SEMICOLON)
        g_string_append (out, tok.text[0] == 's' ? ";" : tok.text[0] == 'n' ? ";nl" : ";eof");
      else
        g_string_append_len (out, tok.text, tok.len);
    }
  gml_lexer_clear (&lx);
  if (errors != NULL)
    *errors = g_string_free (e.errors, FALSE);
  else
    g_string_free (e.errors, TRUE);
  return g_string_free (out, FALSE);
}

static void
test_lexer_tokens (void)
{
  static const struct { const char *src; GmlTokenKind kinds[8]; } cases[] = {
    { "x := y", { GML_TOKEN_IDENT, GML_TOKEN_DEFINE, GML_TOKEN_IDENT, GML_TOKEN_SEMICOLON, GML_TOKEN_EOF } },
    { "a &^= b", { GML_TOKEN_IDENT, GML_TOKEN_AND_NOT_ASSIGN, GML_TOKEN_IDENT, GML_TOKEN_SEMICOLON, GML_TOKEN_EOF } },
    { "<-ch", { GML_TOKEN_ARROW, GML_TOKEN_IDENT, GML_TOKEN_SEMICOLON, GML_TOKEN_EOF } },
    { "f(xs...)", { GML_TOKEN_IDENT, GML_TOKEN_LPAREN, GML_TOKEN_IDENT, GML_TOKEN_ELLIPSIS, GML_TOKEN_RPAREN, GML_TOKEN_SEMICOLON, GML_TOKEN_EOF } },
    { "a<<=b>>=c", { GML_TOKEN_IDENT, GML_TOKEN_SHL_ASSIGN, GML_TOKEN_IDENT, GML_TOKEN_SHR_ASSIGN, GML_TOKEN_IDENT, GML_TOKEN_SEMICOLON, GML_TOKEN_EOF } },
    { "func chan map", { GML_TOKEN_FUNC, GML_TOKEN_CHAN, GML_TOKEN_MAP, GML_TOKEN_EOF } },
    { "&& || ! != ~", { GML_TOKEN_LAND, GML_TOKEN_LOR, GML_TOKEN_NOT, GML_TOKEN_NEQ, GML_TOKEN_TILDE, GML_TOKEN_EOF } },
    { "x.y", { GML_TOKEN_IDENT, GML_TOKEN_PERIOD, GML_TOKEN_IDENT, GML_TOKEN_SEMICOLON, GML_TOKEN_EOF } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GmlLexer lx;
      GmlToken tok;

      gml_lexer_init (&lx, cases[i].src, strlen (cases[i].src), NULL, NULL);
      for (guint j = 0;; j++)
        {
          gml_lexer_next (&lx, &tok);
          g_assert_cmpstr (gml_token_string (tok.kind), ==, gml_token_string (cases[i].kinds[j]));
          if (tok.kind == GML_TOKEN_EOF)
            break;
        }
      /* EOF is sticky */
      gml_lexer_next (&lx, &tok);
      g_assert_cmpint (tok.kind, ==, GML_TOKEN_EOF);
      gml_lexer_clear (&lx);
    }
}

static void
test_lexer_keywords (void)
{
  static const char *keywords[] = {
    "break", "case", "chan", "const", "continue", "default", "defer", "else",
    "fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
    "map", "package", "range", "return", "select", "struct", "switch", "type", "var",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      GmlLexer lx;
      GmlToken tok;

      gml_lexer_init (&lx, keywords[i], strlen (keywords[i]), NULL, NULL);
      gml_lexer_next (&lx, &tok);
      g_assert_true (gml_token_is_keyword (tok.kind));
      g_assert_cmpstr (gml_token_string (tok.kind), ==, keywords[i]);
      gml_lexer_clear (&lx);
    }
}

static void
test_lexer_positions (void)
{
  /* Columns count bytes: a tab is one column, "é" is two. */
  const char *src = "package main\n\n\tx := \"é\" + y\n// c\n  /* \n */ z";
  static const struct { guint line, col; GmlTokenKind kind; } want[] = {
    { 1, 1, GML_TOKEN_PACKAGE }, { 1, 9, GML_TOKEN_IDENT }, { 1, 13, GML_TOKEN_SEMICOLON },
    { 3, 2, GML_TOKEN_IDENT }, { 3, 4, GML_TOKEN_DEFINE }, { 3, 7, GML_TOKEN_STRING },
    { 3, 12, GML_TOKEN_ADD }, { 3, 14, GML_TOKEN_IDENT }, { 3, 15, GML_TOKEN_SEMICOLON },
    { 6, 5, GML_TOKEN_IDENT }, { 6, 6, GML_TOKEN_SEMICOLON }, { 6, 6, GML_TOKEN_EOF },
  };
  GmlLexer lx;
  GmlToken tok;

  gml_lexer_init (&lx, src, strlen (src), NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      gml_lexer_next (&lx, &tok);
      g_assert_cmpstr (gml_token_string (tok.kind), ==, gml_token_string (want[i].kind));
      g_assert_cmpuint (tok.pos.line, ==, want[i].line);
      g_assert_cmpuint (tok.pos.col, ==, want[i].col);
    }
  gml_lexer_clear (&lx);
}

static void
test_lexer_semicolons (void)
{
  static const struct { const char *src, *want; } cases[] = {
    { "x\n", "x ;nl" },
    { "x", "x ;eof" },
    { "42\n'a'\n\"s\"\n`r`\n1.5\n2i\n", "42 ;nl 'a' ;nl \"s\" ;nl `r` ;nl 1.5 ;nl 2i ;nl" },
    { "break\ncontinue\nfallthrough\nreturn\n", "break ;nl continue ;nl fallthrough ;nl return ;nl" },
    { "i++\ni--\n", "i ++ ;nl i -- ;nl" },
    { "f()\na[0]\n{}\n", "f ( ) ;nl a [ 0 ] ;nl { } ;nl" },
    /* no semicolon after operators, keywords other than the four, '(' ... */
    { "x +\ny", "x + y ;eof" },
    { "func\nchan\nif\n", "func chan if" },
    { "f(\n)", "f ( ) ;eof" },
    { "x,\ny", "x , y ;eof" },
    /* explicit semicolons */
    { "a; b", "a ; b ;eof" },
    /* comments: a line comment ends in a newline; a general comment with
     * a newline acts as one, without a newline it is just space */
    { "x // c\ny", "x ;nl y ;eof" },
    { "x /* c */ y", "x y ;eof" },
    { "x /* c\n */ y", "x ;nl y ;eof" },
    { "x /* c */\ny", "x ;nl y ;eof" },
    { "+ /* c\n */ y", "+ y ;eof" },
    { "x // c", "x ;eof" },
    { "return /* \n */", "return ;nl" },
    { "\n\n\n", "" },
    { "a\r\nb\r\n", "a ;nl b ;nl" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = lex_string (cases[i].src, NULL);

      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

static void
test_lexer_literals (void)
{
  static const struct { const char *src; GmlTokenKind kind; } cases[] = {
    { "42", GML_TOKEN_INT }, { "4_2", GML_TOKEN_INT }, { "0600", GML_TOKEN_INT },
    { "0_600", GML_TOKEN_INT }, { "0o600", GML_TOKEN_INT }, { "0O600", GML_TOKEN_INT },
    { "0xBadFace", GML_TOKEN_INT }, { "0xBad_Face", GML_TOKEN_INT },
    { "0x_67_7a_2f_cc_40_c6", GML_TOKEN_INT }, { "0b1011", GML_TOKEN_INT },
    { "0B_1", GML_TOKEN_INT }, { "0", GML_TOKEN_INT },
    { "170141183460469231731687303715884105727", GML_TOKEN_INT },
    { "0.", GML_TOKEN_FLOAT }, { "72.40", GML_TOKEN_FLOAT }, { "072.40", GML_TOKEN_FLOAT },
    { "2.71828", GML_TOKEN_FLOAT }, { "1.e+0", GML_TOKEN_FLOAT }, { "6.67428e-11", GML_TOKEN_FLOAT },
    { "1E6", GML_TOKEN_FLOAT }, { ".25", GML_TOKEN_FLOAT }, { ".12345E+5", GML_TOKEN_FLOAT },
    { "1_5.", GML_TOKEN_FLOAT }, { "0.15e+0_2", GML_TOKEN_FLOAT }, { "089.5", GML_TOKEN_FLOAT },
    { "0x1p-2", GML_TOKEN_FLOAT }, { "0x2.p10", GML_TOKEN_FLOAT }, { "0x1.Fp+0", GML_TOKEN_FLOAT },
    { "0X.8p-0", GML_TOKEN_FLOAT }, { "0X_1FFFP-16", GML_TOKEN_FLOAT },
    { "0i", GML_TOKEN_IMAG }, { "0123i", GML_TOKEN_IMAG }, { "0o123i", GML_TOKEN_IMAG },
    { "2.71828i", GML_TOKEN_IMAG }, { "1E6i", GML_TOKEN_IMAG }, { "0x1p-2i", GML_TOKEN_IMAG },
    { "'a'", GML_TOKEN_CHAR }, { "'ä'", GML_TOKEN_CHAR }, { "'本'", GML_TOKEN_CHAR },
    { "'\\t'", GML_TOKEN_CHAR }, { "'\\000'", GML_TOKEN_CHAR }, { "'\\377'", GML_TOKEN_CHAR },
    { "'\\x07'", GML_TOKEN_CHAR }, { "'\\u12e4'", GML_TOKEN_CHAR }, { "'\\U00101234'", GML_TOKEN_CHAR },
    { "'\\''", GML_TOKEN_CHAR }, { "'\"'", GML_TOKEN_CHAR },
    { "\"\"", GML_TOKEN_STRING }, { "\"\\\"\"", GML_TOKEN_STRING }, { "\"'\"", GML_TOKEN_STRING },
    { "\"\\a\\b\\f\\n\\r\\t\\v\\\\\"", GML_TOKEN_STRING }, { "\"日本語\"", GML_TOKEN_STRING },
    { "\"\\xff\\u00FF\\U0010FFFF\"", GML_TOKEN_STRING },
    { "`raw`", GML_TOKEN_STRING }, { "`a\nb\\n`", GML_TOKEN_STRING }, { "``", GML_TOKEN_STRING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *src = cases[i].src;
      Errors e = { g_string_new (NULL) };
      GmlLexer lx;
      GmlToken tok;

      gml_lexer_init (&lx, src, strlen (src), error_cb, &e);
      gml_lexer_next (&lx, &tok);
      g_assert_cmpstr (e.errors->str, ==, "");
      g_assert_false (tok.bad);
      g_assert_cmpint (tok.kind, ==, cases[i].kind);
      g_assert_cmpuint (tok.len, ==, strlen (src));
      g_assert_cmpint (memcmp (tok.text, src, tok.len), ==, 0);
      gml_lexer_next (&lx, &tok);
      g_assert_cmpint (tok.kind, ==, GML_TOKEN_SEMICOLON);
      gml_lexer_clear (&lx);
      g_string_free (e.errors, TRUE);
    }
}

static void
test_lexer_errors (void)
{
  /* Messages and positions are the Go 1.19 compiler's. */
  static const struct { const char *src, *want; } cases[] = {
    { "0x", "1:3: hexadecimal literal has no digits\n" },
    { "0b", "1:3: binary literal has no digits\n" },
    { "0o", "1:3: octal literal has no digits\n" },
    { "0b102", "1:5: invalid digit '2' in binary literal\n" },
    { "0o78", "1:4: invalid digit '8' in octal literal\n" },
    { "0129", "1:4: invalid digit '9' in octal literal\n" },
    { "1__0", "1:3: '_' must separate successive digits\n" },
    { "10_", "1:3: '_' must separate successive digits\n" },
    { "0x_", "1:4: hexadecimal literal has no digits\n" },
    { "0_x1", "1:2: '_' must separate successive digits\n" },
    { "1e+", "1:4: exponent has no digits\n" },
    { "0x1.8", "1:6: hexadecimal mantissa requires a 'p' exponent\n" },
    { "1p4", "1:2: 'p' exponent requires hexadecimal mantissa\n" },
    { "0x1e3p", "1:7: exponent has no digits\n" },
    { "0b1e3", "1:4: 'e' exponent requires decimal mantissa\n" },
    { "0b1.0", "1:4: invalid radix point in binary literal\n" },
    { "0o1.0", "1:4: invalid radix point in octal literal\n" },
    { "'ab'", "1:1: more than one character in rune literal\n" },
    { "''", "1:2: empty rune literal or unescaped '\n" },
    { "'a", "1:1: rune literal not terminated\n" },
    { "'a\n'", "1:3: newline in rune literal\n2:1: rune literal not terminated\n" },
    { "\"abc", "1:1: string not terminated\n" },
    { "\"abc\n\"", "1:5: newline in string\n2:1: string not terminated\n" },
    { "`abc", "1:1: string not terminated\n" },
    { "\"\\q\"", "1:3: unknown escape\n" },
    { "'\\q'", "1:3: unknown escape\n" },
    { "\"\\'\"", "1:3: unknown escape\n" },
    { "'\\\"'", "1:3: unknown escape\n" },
    { "\"\\xZZ\"", "1:4: invalid character 'Z' in hexadecimal escape\n" },
    { "\"\\08\"", "1:4: invalid character '8' in octal escape\n" },
    { "\"\\u12\"", "1:6: invalid character '\"' in hexadecimal escape\n" },
    { "\"\\400\"", "1:6: octal escape value 256 > 255\n" },
    { "\"\\uD800\"", "1:8: escape is invalid Unicode code point U+D800\n" },
    { "\"\\U00110000\"", "1:12: escape is invalid Unicode code point U+110000\n" },
    { "/* x", "1:1: comment not terminated\n" },
    { "@", "1:1: invalid character U+0040 '@'\n" },
    { "a $ b", "1:3: invalid character U+0024 '$'\n" },
    { "\x01", "1:1: invalid character U+0001\n" },
    { "x\xc2\xb7y", "1:2: invalid character U+00B7 '\xc2\xb7' in identifier\n" },
    { "\xe2\x86\x92", "1:1: invalid character U+2192 '\xe2\x86\x92' in identifier\n" },
    { "\xd9\xa1x", "1:1: identifier cannot begin with digit U+0661 '\xd9\xa1'\n" },
    { "x\xff", "1:2: invalid UTF-8 encoding\n" },
    { "\xed\xa0\x80", "1:1: invalid UTF-8 encoding\n1:2: invalid UTF-8 encoding\n1:3: invalid UTF-8 encoding\n" },
    { "x \xef\xbb\xbf", "1:3: invalid BOM in the middle of the file\n" },
    { "\"\xc3\"", "1:2: invalid UTF-8 encoding\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *errors = NULL;
      g_autofree char *toks = lex_string (cases[i].src, &errors);

      if (g_strcmp0 (errors, cases[i].want) != 0)
        g_test_message ("input %u: \"%s\"", i, cases[i].src);
      g_assert_cmpstr (errors, ==, cases[i].want);
    }
}

static void
test_lexer_nul (void)
{
  /* Go reports a NUL byte and skips it, but it stays part of the token
   * text (here one name "a\0b") and counts as a column. */
  const char src[] = "a\0b c";
  Errors e = { g_string_new (NULL) };
  GmlLexer lx;
  GmlToken tok;

  gml_lexer_init (&lx, src, sizeof src - 1, error_cb, &e);
  gml_lexer_next (&lx, &tok);
  g_assert_cmpint (tok.kind, ==, GML_TOKEN_IDENT);
  g_assert_cmpuint (tok.len, ==, 3);
  gml_lexer_next (&lx, &tok);
  g_assert_cmpint (tok.kind, ==, GML_TOKEN_IDENT);
  g_assert_cmpuint (tok.pos.col, ==, 5);
  g_assert_cmpstr (e.errors->str, ==, "1:2: invalid NUL character\n");
  gml_lexer_clear (&lx);
  g_string_free (e.errors, TRUE);
}

static void
test_lexer_bom (void)
{
  /* A leading BOM is skipped silently but, as in Go, still counts as
   * bytes of the first line. */
  const char *src = "\xef\xbb\xbfpackage p";
  Errors e = { g_string_new (NULL) };
  GmlLexer lx;
  GmlToken tok;

  gml_lexer_init (&lx, src, strlen (src), error_cb, &e);
  gml_lexer_next (&lx, &tok);
  g_assert_cmpint (tok.kind, ==, GML_TOKEN_PACKAGE);
  g_assert_cmpuint (tok.pos.line, ==, 1);
  g_assert_cmpuint (tok.pos.col, ==, 4);
  g_assert_cmpstr (e.errors->str, ==, "");
  gml_lexer_clear (&lx);
  g_string_free (e.errors, TRUE);
}

static void
test_lexer_directives (void)
{
  const char *src =
    "//go:build ignore\n"
    "package p\n"
    "// plain comment\n"
    "//go:noinline\n"
    "//gml:escape leaks=0\r\n"
    "func f()\n"
    "/*go:not a directive*/ // go:nor this\n"
    "func g()\n";
  GmlLexer lx;
  GmlToken tok;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  gml_lexer_init (&lx, src, strlen (src), NULL, NULL);
  gml_lexer_next (&lx, &tok); /* package */
  first = gml_lexer_take_directives (&lx);
  g_assert_cmpstr (first, ==, "//go:build ignore");
  do
    gml_lexer_next (&lx, &tok);
  while (tok.kind != GML_TOKEN_FUNC);
  second = gml_lexer_take_directives (&lx);
  g_assert_cmpstr (second, ==, "//go:noinline\n//gml:escape leaks=0");
  do
    gml_lexer_next (&lx, &tok);
  while (tok.kind != GML_TOKEN_FUNC);
  third = gml_lexer_take_directives (&lx);
  g_assert_null (third);

  /* clear drops pending directives */
  gml_lexer_init (&lx, "//go:x\nfunc", 11, NULL, NULL);
  gml_lexer_next (&lx, &tok);
  gml_lexer_clear_directives (&lx);
  g_assert_null (gml_lexer_take_directives (&lx));
  gml_lexer_clear (&lx);
}

static void
test_lexer_precedence (void)
{
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_MUL), ==, 5);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_AND_NOT), ==, 5);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_SHR), ==, 5);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_OR), ==, 4);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_XOR), ==, 4);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_GEQ), ==, 3);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_LAND), ==, 2);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_LOR), ==, 1);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_ARROW), ==, 0);
  g_assert_cmpint (gml_token_precedence (GML_TOKEN_ASSIGN), ==, 0);
  g_assert_cmpint (gml_token_assign_op (GML_TOKEN_AND_NOT_ASSIGN), ==, GML_TOKEN_AND_NOT);
  g_assert_cmpint (gml_token_assign_op (GML_TOKEN_SHL_ASSIGN), ==, GML_TOKEN_SHL);
  g_assert_cmpint (gml_token_assign_op (GML_TOKEN_DEFINE), ==, GML_TOKEN_EOF);
}

static void
test_lexer_garbage (void)
{
  /* Any bytes: the lexer terminates and positions never go backwards. */
  GRand *rand = g_rand_new_with_seed (42);

  for (guint n = 0; n < 2000; n++)
    {
      guint len = g_rand_int_range (rand, 0, 64);
      g_autofree guint8 *buf = g_malloc (len + 1);
      GmlPos last = { 1, 1 };
      GmlLexer lx;
      GmlToken tok;

      for (guint i = 0; i < len; i++)
        buf[i] = (guint8) g_rand_int_range (rand, 0, 256);
      gml_lexer_init (&lx, (const char *) buf, len, NULL, NULL);
      for (guint steps = 0;; steps++)
        {
          g_assert_cmpuint (steps, <=, len + 2);
          gml_lexer_next (&lx, &tok);
          g_assert_cmpint (gml_pos_compare (tok.pos, last), >=, 0);
          last = tok.pos;
          if (tok.kind == GML_TOKEN_EOF)
            break;
        }
      gml_lexer_clear (&lx);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/lexer/tokens", test_lexer_tokens);
  g_test_add_func ("/engine/lexer/keywords", test_lexer_keywords);
  g_test_add_func ("/engine/lexer/positions", test_lexer_positions);
  g_test_add_func ("/engine/lexer/semicolons", test_lexer_semicolons);
  g_test_add_func ("/engine/lexer/literals", test_lexer_literals);
  g_test_add_func ("/engine/lexer/errors", test_lexer_errors);
  g_test_add_func ("/engine/lexer/nul", test_lexer_nul);
  g_test_add_func ("/engine/lexer/bom", test_lexer_bom);
  g_test_add_func ("/engine/lexer/directives", test_lexer_directives);
  g_test_add_func ("/engine/lexer/precedence", test_lexer_precedence);
  g_test_add_func ("/engine/lexer/garbage", test_lexer_garbage);

  return g_test_run ();
}
