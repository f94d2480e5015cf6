/* fuzz-common.h: shared by the libFuzzer harnesses
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A g_return_if_fail() or g_warning() reached from a parser is a bug as
 * much as a crash: abort(), which libFuzzer catches and keeps the input
 * for (a fatal GLib log would raise SIGTRAP, which it does not catch).
 * g_assert() stays on in these builds (no G_DISABLE_ASSERT). */
static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG))
    return G_LOG_WRITER_HANDLED;

  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();

  return G_LOG_WRITER_HANDLED;
}

static inline void
fuzz_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* A failed parse must explain itself: a message, in UTF-8 (the window
 * shows it), nothing else. */
static inline void
fuzz_check_error (gboolean      ok,
                  const GError *error)
{
  if (ok)
    g_assert (error == NULL);
  else
    {
      g_assert (error != NULL && error->message != NULL && error->message[0] != '\0');
      g_assert (g_utf8_validate (error->message, -1, NULL));
    }
}
