/* gml-varint.h: LEB128 varints and zigzag, as the event log and the
 * memory packer store numbers.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes `v` at `buf`, 7 bits a byte, low first; returns the bytes
 * written (at most 10). */
static inline guint
gml_varint_put (guint8  *buf,
                guint64  v)
{
  guint n = 0;

  /* Most numbers are small: one byte. */
  if (G_LIKELY (v < 0x80))
    {
      buf[0] = (guint8) v;
      return 1;
    }
  do
    {
      guint8 b = v & 0x7f;

      v >>= 7;
      buf[n++] = b | (v != 0 ? 0x80 : 0);
    }
  while (v != 0);
  return n;
}

/* Reads a varint at *p and moves *p past it. */
static inline guint64
gml_varint_get (const guint8 **p)
{
  guint64 v = 0;
  guint shift = 0;

  if (G_LIKELY (**p < 0x80))
    return *(*p)++;
  for (;;)
    {
      guint8 b = *(*p)++;

      v |= (guint64) (b & 0x7f) << shift;
      if (!(b & 0x80))
        return v;
      shift += 7;
    }
}

/* Small magnitudes, either sign, to small numbers: 0, -1, 1, -2, … */
static inline guint64
gml_zigzag (gint64 v)
{
  return ((guint64) v << 1) ^ (guint64) (v >> 63);
}

static inline gint64
gml_unzigzag (guint64 v)
{
  return (gint64) (v >> 1) ^ -(gint64) (v & 1);
}

G_END_DECLS
