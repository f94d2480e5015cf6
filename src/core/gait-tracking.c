/* gait-tracking.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gait-error.h"
#include "gait-tracking-private.h"

/*
 * Reading DeepLabCut CSV files.
 *
 * The header rows ("scorer", "individuals", "bodyparts", "coords"; the
 * blog's variant has only the last two) are read with a small, allocating
 * tokenizer. They give a column table: for every field of a data row, the
 * array it goes to (or none: index columns and other individuals). The data
 * rows are then parsed in one pass over the buffer with no allocation at
 * all: each cell is converted in place by parse_token() and stored at
 * dest[frame]. The number of rows is counted beforehand (memchr for '\n'),
 * so the storage is allocated once.
 *
 * The buffer is never assumed to be NUL-terminated: every read is checked
 * against the end pointer.
 */

/* The coords labels of the channels, in DeepLabCut's files. */
const char * const _gait_tracking_channel_names[GAIT_N_CHANNELS] = { "x", "y", "likelihood" };

/* Quoted text in messages is cut after this many bytes. */
#define QUOTE_MAX 40

struct _GaitTracking
{
  GObject   parent_instance;

  char     *path;
  char     *scorer;
  char     *individual;
  char    **individuals;
  char    **names;

  /* GAIT_N_CHANNELS * n_landmarks arrays of stride doubles each */
  double   *storage;
  gsize     stride;

  guint     n_frames;
  guint     n_landmarks;
  guint     has_likelihood : 1;
};

G_DEFINE_FINAL_TYPE (GaitTracking, gait_tracking, G_TYPE_OBJECT)

static void
gait_tracking_finalize (GObject *object)
{
  GaitTracking *self = (GaitTracking *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->scorer, g_free);
  g_clear_pointer (&self->individual, g_free);
  g_clear_pointer (&self->individuals, g_strfreev);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->storage, g_free);

  G_OBJECT_CLASS (gait_tracking_parent_class)->finalize (object);
}

static void
gait_tracking_class_init (GaitTrackingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gait_tracking_finalize;
}

static void
gait_tracking_init (GaitTracking *self)
{
  self->has_likelihood = TRUE;
}

static inline double *
channel (GaitTracking *self,
         guint         landmark,
         GaitChannel   ch)
{
  return self->storage + ((gsize)landmark * GAIT_N_CHANNELS + ch) * self->stride;
}

/* Allocates zeroed storage for n_landmarks × stride; FALSE if too large. */
static gboolean
allocate_storage (GaitTracking *self,
                  guint         n_landmarks,
                  gsize         stride)
{
  gsize n_arrays = (gsize)n_landmarks * GAIT_N_CHANNELS;

  stride = MAX (stride, 1);
  if (n_arrays != 0 && stride > G_MAXSIZE / sizeof (double) / n_arrays)
    return FALSE;

  self->storage = g_try_malloc0_n (MAX (n_arrays, 1) * stride, sizeof (double));
  if (self->storage == NULL)
    return FALSE;

  self->stride = stride;
  self->n_landmarks = n_landmarks;

  return TRUE;
}

/**
 * gait_tracking_new:
 * @n_frames: number of frames
 * @n_landmarks: number of landmarks
 * @names: (nullable) (array length=n_landmarks): landmark names, or %NULL
 *   for "landmark1", "landmark2", …
 *
 * Creates a tracking with all positions 0 and all likelihoods 1, for
 * generators and tests. Fill it with the mutable getters.
 *
 * Returns: (transfer full): a new #GaitTracking
 */
GaitTracking *
gait_tracking_new (guint               n_frames,
                   guint               n_landmarks,
                   const char * const *names)
{
  g_autoptr(GaitTracking) self = NULL;

  self = g_object_new (GAIT_TYPE_TRACKING, NULL);

  if (!allocate_storage (self, n_landmarks, n_frames))
    g_error ("%s: cannot allocate %u frames × %u landmarks",
             G_STRFUNC, n_frames, n_landmarks);

  self->n_frames = n_frames;
  self->names = g_new0 (char *, (gsize)n_landmarks + 1);
  self->individuals = g_new0 (char *, 1);
  self->has_likelihood = TRUE;

  for (guint i = 0; i < n_landmarks; i++)
    {
      double *lk = channel (self, i, GAIT_CHANNEL_LIKELIHOOD);

      if (names != NULL && names[i] != NULL)
        self->names[i] = g_strdup (names[i]);
      else
        self->names[i] = g_strdup_printf ("landmark%u", i + 1);

      for (guint f = 0; f < n_frames; f++)
        lk[f] = 1.0;
    }

  return g_steal_pointer (&self);
}

GaitTracking *
_gait_tracking_new_for_reader (guint               n_frames,
                               guint               n_landmarks,
                               const char * const *names,
                               const char * const *individuals,
                               const char         *individual,
                               const char         *scorer,
                               gboolean            has_likelihood)
{
  g_autoptr(GaitTracking) self = NULL;

  g_assert (names != NULL && g_strv_length ((char **)names) == n_landmarks);

  self = g_object_new (GAIT_TYPE_TRACKING, NULL);
  if (!allocate_storage (self, n_landmarks, n_frames))
    return NULL;

  self->n_frames = n_frames;
  self->names = g_strdupv ((char **)names);
  self->individuals = individuals != NULL ? g_strdupv ((char **)individuals)
                                          : g_new0 (char *, 1);
  self->individual = g_strdup (individual);
  self->scorer = g_strdup (scorer);
  self->has_likelihood = !!has_likelihood;

  return g_steal_pointer (&self);
}

/* Numbers ------------------------------------------------------------------ */

typedef enum
{
  CELL_NUMBER,
  CELL_MISSING,
  CELL_BAD,
  CELL_RANGE,
} CellStatus;

static const double pow10_table[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#define TWO_POW_53 9007199254740992.0

/* The exact fast paths need double operations rounded to double (not to
 * x87 extended precision, as on i386 without SSE2). */
#if FLT_EVAL_METHOD == 0
# define EXACT_DOUBLE_ARITHMETIC 1
#else
# define EXACT_DOUBLE_ARITHMETIC 0
#endif

/* x87 extended precision: a 64-bit significand holds every 19-digit
 * mantissa and 10^k exactly up to k = 27 (5^27 < 2^64). */
#if (defined (__x86_64__) || defined (__i386__)) && LDBL_MANT_DIG == 64
# define HAVE_X87_LONG_DOUBLE 1
static const long double pow10_table_ld[] = {
  1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L,
  1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
  1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};
#endif

static gboolean
strtod_token (const char *start,
              const char *end,
              double     *value)
{
  char stack_buf[128];
  g_autofree char *heap_buf = NULL;
  gsize len = end - start;
  char *buf;
  char *endptr = NULL;

  if (len < sizeof stack_buf)
    {
      memcpy (stack_buf, start, len);
      stack_buf[len] = '\0';
      buf = stack_buf;
    }
  else
    {
      buf = heap_buf = g_strndup (start, len);
    }

  *value = g_ascii_strtod (buf, &endptr);

  return endptr == buf + len && isfinite (*value);
}

/*
 * Parses [spaces] (number | "nan" | nothing) [spaces] starting at @p and
 * stores where it stopped in @endp; the caller decides whether that is a
 * proper end of cell. Numbers are [+-]digits[.digits][(e|E)[+-]digits]
 * (digits on at least one side of the point). The result is correctly
 * rounded: exact arithmetic where it can be, g_ascii_strtod() otherwise.
 */
static inline CellStatus
parse_token (const char  *p,
             const char  *end,
             const char **endp,
             double      *value)
{
  const char *start;
  const char *after_sign;
  guint64 m = 0;
  gint64 exp10 = 0;
  guint n_digits = 0;
  gboolean any_digit = FALSE;
  gboolean truncated = FALSE;
  gboolean negative = FALSE;
  double v;

  while (p < end && *p == ' ')
    p++;

  start = p;

  if (p < end && (*p == '-' || *p == '+'))
    {
      negative = *p == '-';
      p++;
    }
  after_sign = p;

  while (p < end && (guint)(*p - '0') < 10)
    {
      guint d = *p - '0';

      any_digit = TRUE;
      if (n_digits < 19)
        {
          m = m * 10 + d;
          if (m != 0)
            n_digits++;
        }
      else
        {
          exp10++;
          truncated |= d != 0;
        }
      p++;
    }

  if (p < end && *p == '.')
    {
      p++;
      while (p < end && (guint)(*p - '0') < 10)
        {
          guint d = *p - '0';

          any_digit = TRUE;
          if (n_digits < 19)
            {
              m = m * 10 + d;
              if (m != 0)
                n_digits++;
              exp10--;
            }
          else
            {
              truncated |= d != 0;
            }
          p++;
        }
    }

  if (G_UNLIKELY (!any_digit))
    {
      /* Not a number: empty or "nan" in any case (with an optional sign). */
      if (p == after_sign && end - p >= 3 &&
          (p[0] | 0x20) == 'n' && (p[1] | 0x20) == 'a' && (p[2] | 0x20) == 'n')
        p += 3;
      else if (p != start)
        {
          *endp = p;
          return CELL_BAD;
        }

      while (p < end && *p == ' ')
        p++;
      *endp = p;
      *value = NAN;

      return CELL_MISSING;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean exp_negative = FALSE;
      gint64 e = 0;

      p++;
      if (p < end && (*p == '-' || *p == '+'))
        {
          exp_negative = *p == '-';
          p++;
        }
      if (p >= end || (guint)(*p - '0') >= 10)
        {
          *endp = p;
          return CELL_BAD;
        }
      while (p < end && (guint)(*p - '0') < 10)
        {
          if (e < 1000000)
            e = e * 10 + (*p - '0');
          p++;
        }
      exp10 += exp_negative ? -e : e;
    }

  if (m == 0)
    v = 0.0;
  else if (EXACT_DOUBLE_ARITHMETIC &&
           !truncated && m <= (guint64)TWO_POW_53 && exp10 >= -22 && exp10 <= 22)
    {
      /* Both operands exact: one correctly rounded operation. */
      if (exp10 >= 0)
        v = (double)m * pow10_table[exp10];
      else
        v = (double)m / pow10_table[-exp10];
    }
  else
    {
      gboolean exact = FALSE;

#ifdef HAVE_X87_LONG_DOUBLE
      if (!truncated && exp10 >= -27 && exp10 <= 27)
        {
          /* Exact operands, rounded once to 64 bits; rounding that to 53
           * bits is correct unless it landed exactly on a halfway point,
           * which the 11 dropped bits show (10000000000b). */
          long double r;
          guint64 significand;

          if (exp10 >= 0)
            r = (long double)m * pow10_table_ld[exp10];
          else
            r = (long double)m / pow10_table_ld[-exp10];

          memcpy (&significand, &r, sizeof significand);
          if ((significand & 0x7ff) != 0x400)
            {
              v = (double)r;
              exact = TRUE;
            }
        }
#endif

      if (!exact)
        {
          /* g_ascii_strtod() applies the sign itself. */
          if (!strtod_token (start, p, &v))
            {
              *endp = p;
              return CELL_RANGE;
            }
          negative = FALSE;
        }
    }

  *value = negative ? -v : v;

  while (p < end && *p == ' ')
    p++;
  *endp = p;

  return CELL_NUMBER;
}

/**
 * _gait_tracking_parse_double:
 * @str: text, not necessarily NUL-terminated
 * @length: its length
 * @value: (out): the number; NAN for a missing value
 *
 * Parses one cell the way the CSV reader does.
 *
 * Returns: %TRUE if @str is a number or a missing value (empty, "nan")
 */
gboolean
_gait_tracking_parse_double (const char *str,
                             gsize       length,
                             double     *value)
{
  const char *endp = NULL;
  double v = NAN;
  CellStatus status;

  g_return_val_if_fail (str != NULL || length == 0, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (length == 0)
    {
      *value = NAN;
      return TRUE;
    }

  status = parse_token (str, str + length, &endp, &v);
  if ((status != CELL_NUMBER && status != CELL_MISSING) || endp != str + length)
    return FALSE;

  *value = v;

  return TRUE;
}

/* Writes the decimal n × 10^-k in fixed-point notation. */
static char *
write_fixed (char    *out,
             guint64  n,
             guint    k)
{
  char digits[24];
  guint n_digits = 0;

  /* Drop trailing zeros of the fraction. */
  while (k > 0 && n % 10 == 0)
    {
      n /= 10;
      k--;
    }

  do
    {
      digits[n_digits++] = '0' + n % 10;
      n /= 10;
    }
  while (n != 0);

  if (n_digits <= k)
    {
      *out++ = '0';
      *out++ = '.';
      for (guint i = n_digits; i < k; i++)
        *out++ = '0';
    }
  else
    {
      while (n_digits > k)
        *out++ = digits[--n_digits];
      if (k > 0)
        *out++ = '.';
    }

  while (n_digits > 0)
    *out++ = digits[--n_digits];

  return out;
}

/**
 * _gait_tracking_format_double:
 * @value: a number
 * @buf: at least %GAIT_TRACKING_DOUBLE_BUF bytes
 *
 * Writes @value (not NUL-terminated) so that parsing it gives back the same
 * double: the fixed-point text with the fewest decimals (at most 22, or 27
 * with x87 long doubles) whose digits fit in 53 bits (64 bits with x87),
 * "%.17g" for what does not fit. Writes nothing for NAN and infinities (a
 * missing value).
 *
 * Returns: the number of bytes written
 */
gsize
_gait_tracking_format_double (double  value,
                              char   *buf)
{
  char *out = buf;
  double a;
  guint k = 0;

  if (!isfinite (value))
    return 0;

  if (signbit (value))
    *out++ = '-';

  a = fabs (value);

  if (a == 0.0)
    {
      *out++ = '0';
      return out - buf;
    }

  if (a < 1e-22 || a >= TWO_POW_53)
    goto fallback;

  /* n / 10^k is exact arithmetic on exact operands while n < 2^53. */
  for (; EXACT_DOUBLE_ARITHMETIC && k < G_N_ELEMENTS (pow10_table); k++)
    {
      double s = a * pow10_table[k];
      guint64 n;

      if (s >= TWO_POW_53)
        break;

      n = (guint64)(s + 0.5);
      if (n != 0 && (k == 0 ? (double)n : (double)n / pow10_table[k]) == a)
        return write_fixed (out, n, k) - buf;
    }

#ifdef HAVE_X87_LONG_DOUBLE
  /* The same with 64-bit digits, checked as parse_token() reads them:
   * float32 values (DeepLabCut's output) need 16 to 17 digits. */
  for (; k < G_N_ELEMENTS (pow10_table_ld); k++)
    {
      long double s = (long double)a * pow10_table_ld[k];
      long double r;
      guint64 significand;
      guint64 n;

      if (s >= 18446744073709551615.0L)
        break;

      n = (guint64)(s + 0.5L);
      r = (long double)n / pow10_table_ld[k];
      memcpy (&significand, &r, sizeof significand);
      if (n != 0 && (significand & 0x7ff) != 0x400 && (double)r == a)
        return write_fixed (out, n, k) - buf;
    }
#endif

fallback:
  g_ascii_formatd (buf, GAIT_TRACKING_DOUBLE_BUF, "%.17g", value);

  return strlen (buf);
}

/* Reading ------------------------------------------------------------------ */

typedef enum
{
  ROW_SCORER,
  ROW_INDIVIDUALS,
  ROW_BODYPARTS,
  ROW_COORDS,
  N_HEADER_ROWS
} HeaderRow;

static const char * const header_row_names[N_HEADER_ROWS] = {
  "scorer", "individuals", "bodyparts", "coords",
};

typedef struct
{
  double *dest;       /* NULL: not read */
  double  missing;
} Column;

typedef struct
{
  const char *name;
  const char *end;
  char        sep;
  guint       line;
  const char *mapped;     /* start of a read-only file mapping, or NULL */
  const char *released;   /* mapped pages before this are given back */
} Parser;

#define RELEASE_CHUNK (8 << 20)

/* A file mapping's pages count as the process's memory until unmapped:
 * give back what has been parsed, so that a large file never sits in
 * memory beside its parsed values. The mapping is private and read-only;
 * a page touched again is read from the file again. */
static void
release_parsed (Parser     *parser,
                const char *p)
{
  gsize page = sysconf (_SC_PAGESIZE);
  gsize upto;

  if (parser->mapped == NULL || p - parser->released < RELEASE_CHUNK)
    return;

  upto = ((gsize)(p - parser->mapped) / page) * page;
  if (upto > (gsize)(parser->released - parser->mapped))
    {
      madvise ((void *)parser->released, upto - (parser->released - parser->mapped), MADV_DONTNEED);
      parser->released = parser->mapped + upto;
    }
}

/**
 * _gait_tracking_quote:
 * @text: untrusted text
 * @length: its length in bytes, or -1 if it is NUL-terminated
 * @max: the bytes of quoted text after which it is cut
 *
 * Quotes text for a message: valid UTF-8 is kept, control characters and
 * invalid bytes become \xNN, text past @max bytes is cut with "…".
 *
 * Returns: (transfer full): the quoted text
 */
char *
_gait_tracking_quote (const char *text,
                      gssize      length,
                      gsize       max)
{
  const char *end = text + (length < 0 ? strlen (text) : (gsize)length);
  const char *p = text;
  GString *str = g_string_new ("\"");

  while (p < end)
    {
      guchar c = *p;

      if (str->len - 1 >= max)
        {
          g_string_append (str, "…");
          break;
        }

      if (c == '"' || c == '\\')
        {
          g_string_append_c (str, '\\');
          g_string_append_c (str, c);
          p++;
        }
      else if (c >= 0x20 && c < 0x7f)
        {
          g_string_append_c (str, c);
          p++;
        }
      else if (c >= 0x80)
        {
          gunichar uc = g_utf8_get_char_validated (p, end - p);

          if (uc != (gunichar)-1 && uc != (gunichar)-2)
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (str, p, next - p);
              p = next;
            }
          else
            {
              g_string_append_printf (str, "\\x%02X", c);
              p++;
            }
        }
      else
        {
          g_string_append_printf (str, "\\x%02X", c);
          p++;
        }
    }

  g_string_append_c (str, '"');

  return g_string_free (str, FALSE);
}

/* "name:line: message", or "name: message" for line 0. */
G_GNUC_PRINTF (5, 0)
static void
set_error_valist (GError     **error,
                  int          code,
                  const char  *name,
                  guint        line,
                  const char  *format,
                  va_list      args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  if (line > 0)
    g_set_error (error, GAIT_ERROR, code, "%s:%u: %s", name, line, message);
  else
    g_set_error (error, GAIT_ERROR, code, "%s: %s", name, message);
}

G_GNUC_PRINTF (5, 6)
static void
set_error (GError     **error,
           int          code,
           Parser      *parser,
           guint        line,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  set_error_valist (error, code, parser->name, line, format, args);
  va_end (args);
}

static inline gboolean
is_cell_end (const Parser *parser,
             const char   *p)
{
  return p == parser->end ||
         *p == parser->sep ||
         *p == '\n' ||
         (*p == '\r' && (p + 1 == parser->end || p[1] == '\n'));
}

/* Skips a quoted field starting at the opening quote; NULL if unterminated. */
static const char *
skip_quoted (Parser     *parser,
             const char *p)
{
  const char *end = parser->end;

  for (p++; p < end; p++)
    {
      if (*p == '"')
        {
          if (p + 1 < end && p[1] == '"')
            p++;
          else
            return p + 1;
        }
      else if (*p == '\n')
        parser->line++;
    }

  return NULL;
}

/* Moves to the end of the field at @p (a separator, a line end or the end of
 * the buffer). NULL if a quote is never closed. */
static const char *
skip_field (Parser     *parser,
            const char *p)
{
  const char *end = parser->end;

  if (p < end && *p == '"')
    {
      p = skip_quoted (parser, p);
      if (p == NULL)
        return NULL;
    }

  while (!is_cell_end (parser, p))
    p++;

  return p;
}

/* Counts the fields of the record at @p, for messages. */
static guint
count_fields (Parser     *parser,
              const char *p)
{
  Parser copy = *parser;
  guint n = 1;

  for (;;)
    {
      p = skip_field (&copy, p);
      if (p == NULL || p == parser->end || *p != parser->sep)
        return n;
      p++;
      n++;
    }
}

/* Reads one header record into @cells (unquoted, allocated). */
static gboolean
read_record (Parser      *parser,
             const char **pp,
             GPtrArray   *cells,
             GError     **error)
{
  const char *end = parser->end;
  const char *p = *pp;
  GString *cell = g_string_new (NULL);

  for (;;)
    {
      g_string_truncate (cell, 0);

      if (p < end && *p == '"')
        {
          guint start_line = parser->line;

          for (p++;; p++)
            {
              if (p >= end)
                {
                  set_error (error, GAIT_ERROR_PARSE, parser, start_line,
                             "unterminated quoted field");
                  g_string_free (cell, TRUE);
                  return FALSE;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    p++;
                  else
                    {
                      p++;
                      break;
                    }
                }
              else if (*p == '\n')
                parser->line++;

              g_string_append_c (cell, *p);
            }
        }

      while (p < end && *p != parser->sep && *p != '\n')
        g_string_append_c (cell, *p++);

      if (p < end && *p == parser->sep)
        {
          g_ptr_array_add (cells, g_strndup (cell->str, cell->len));
          p++;
          continue;
        }

      if (cell->len > 0 && cell->str[cell->len - 1] == '\r')
        g_string_truncate (cell, cell->len - 1);
      g_ptr_array_add (cells, g_strndup (cell->str, cell->len));

      if (p < end)
        {
          p++;
          parser->line++;
        }
      break;
    }

  g_string_free (cell, TRUE);
  *pp = p;

  return TRUE;
}

/* Cell content without surrounding spaces; borrowed from @cell. */
static const char *
strip_cell (const char *cell,
            gsize      *len)
{
  gsize n = strlen (cell);

  while (n > 0 && g_ascii_isspace (*cell))
    {
      cell++;
      n--;
    }
  while (n > 0 && g_ascii_isspace (cell[n - 1]))
    n--;

  *len = n;

  return cell;
}

static int
header_row_kind (const char *cell)
{
  gsize len;
  const char *s = strip_cell (cell, &len);

  for (guint i = 0; i < N_HEADER_ROWS; i++)
    {
      if (strlen (header_row_names[i]) == len &&
          g_ascii_strncasecmp (s, header_row_names[i], len) == 0)
        return i;
    }

  return -1;
}

/**
 * _gait_tracking_channel_kind:
 * @text: a coordinate label
 *
 * Returns: the #GaitChannel that @text names ("x", " Y ", "likelihood"…:
 *   case and surrounding spaces do not matter), or -1
 */
int
_gait_tracking_channel_kind (const char *text)
{
  gsize len;
  const char *s = strip_cell (text, &len);

  for (guint i = 0; i < GAIT_N_CHANNELS; i++)
    {
      if (strlen (_gait_tracking_channel_names[i]) == len &&
          g_ascii_strncasecmp (s, _gait_tracking_channel_names[i], len) == 0)
        return i;
    }

  return -1;
}

static inline gboolean
is_blank_line (const Parser *parser,
               const char   *p)
{
  return *p == '\n' || (*p == '\r' && (p + 1 == parser->end || p[1] == '\n'));
}

static const char *
skip_blank_lines (Parser     *parser,
                  const char *p)
{
  while (p < parser->end && is_blank_line (parser, p))
    {
      if (*p == '\r')
        p++;
      if (p < parser->end)
        {
          p++;
          parser->line++;
        }
    }

  return p;
}

/* The separator is the most frequent of ',', ';' and tab in the first line
 * (outside quotes); ',' on a tie. 0 if there is none. */
static char
detect_separator (const char *p,
                  const char *end)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0, };
  gboolean in_quotes = FALSE;
  guint best = 0;

  for (; p < end && (in_quotes || *p != '\n'); p++)
    {
      if (*p == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes)
        {
          for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
            if (*p == candidates[i])
              counts[i]++;
        }
    }

  for (guint i = 1; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > counts[best])
      best = i;

  return counts[best] > 0 ? candidates[best] : 0;
}

static char *
column_label (GPtrArray * const *rows,
              guint              column)
{
  GString *str = g_string_new (NULL);

  for (guint r = ROW_INDIVIDUALS; r <= ROW_COORDS; r++)
    {
      const char *cell;

      if (rows[r] == NULL || column >= rows[r]->len)
        continue;
      cell = g_ptr_array_index (rows[r], column);
      if (str->len > 0)
        g_string_append_c (str, ' ');
      g_string_append (str, cell);
    }

  return g_string_free (str, FALSE);
}

static void
set_cell_error (GError    **error,
                Parser     *parser,
                GPtrArray * const *rows,
                guint       column,
                const char *cell,
                CellStatus  status)
{
  g_autofree char *label = column_label (rows, column);
  g_autofree char *text = NULL;
  Parser copy = *parser;
  const char *cell_end = skip_field (&copy, cell);

  if (cell_end == NULL)
    cell_end = parser->end;
  text = _gait_tracking_quote (cell, cell_end - cell, QUOTE_MAX);

  g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
               "%s:%u, column %u (%s): %s %s",
               parser->name, parser->line, column + 1, label, text,
               status == CELL_RANGE ? "is out of range" : "is not a number");
}

static gboolean
parse_rows (Parser            *parser,
            const char        *p,
            const Column      *columns,
            guint              n_fields,
            GPtrArray * const *rows,
            gsize              capacity,
            gsize             *n_rows,
            GError           **error)
{
  const char *end = parser->end;
  const char sep = parser->sep;
  gsize frame = 0;

  while (p < end)
    {
      const char *row = p;
      guint row_line = parser->line;

      release_parsed (parser, p);

      if (is_blank_line (parser, p))
        {
          p = skip_blank_lines (parser, p);
          continue;
        }

      g_assert (frame < capacity);

      for (guint f = 0; f < n_fields; f++)
        {
          const Column *column = &columns[f];

          if (column->dest == NULL)
            {
              const char *next = skip_field (parser, p);

              if (next == NULL)
                {
                  set_error (error, GAIT_ERROR_PARSE, parser, row_line,
                             "unterminated quoted field in column %u", f + 1);
                  return FALSE;
                }
              p = next;
            }
          else
            {
              const char *cell = p;
              const char *next = NULL;
              double value = 0.0;
              CellStatus status;

              if (G_UNLIKELY (p < end && *p == '"'))
                {
                  /* Slow path: a quoted number. */
                  g_autofree char *text = NULL;
                  const char *close = skip_quoted (parser, p);

                  if (close == NULL)
                    {
                      set_error (error, GAIT_ERROR_PARSE, parser, row_line,
                                 "unterminated quoted field in column %u", f + 1);
                      return FALSE;
                    }

                  text = g_strndup (p + 1, close - p - 2);
                  next = close;
                  while (next < end && *next == ' ')
                    next++;
                  if (!_gait_tracking_parse_double (text, close - p - 2, &value))
                    status = CELL_BAD;
                  else
                    status = isnan (value) ? CELL_MISSING : CELL_NUMBER;
                }
              else
                {
                  status = parse_token (p, end, &next, &value);
                }

              if (G_UNLIKELY (status != CELL_NUMBER))
                {
                  if (status == CELL_MISSING)
                    value = column->missing;
                  else
                    {
                      set_cell_error (error, parser, rows, f, cell, status);
                      return FALSE;
                    }
                }

              if (G_UNLIKELY (!is_cell_end (parser, next)))
                {
                  set_cell_error (error, parser, rows, f, cell, CELL_BAD);
                  return FALSE;
                }

              column->dest[frame] = value;
              p = next;
            }

          if (f + 1 < n_fields)
            {
              if (G_LIKELY (p < end && *p == sep))
                p++;
              else
                {
                  set_error (error, GAIT_ERROR_PARSE, parser, row_line,
                             "expected %u fields, found %u", n_fields, f + 1);
                  return FALSE;
                }
            }
        }

      if (p < end)
        {
          if (*p == sep)
            {
              Parser copy = *parser;

              copy.line = row_line;
              set_error (error, GAIT_ERROR_PARSE, parser, row_line,
                         "expected %u fields, found %u",
                         n_fields, count_fields (&copy, row));
              return FALSE;
            }
          if (*p == '\r')
            p++;
          if (p < end)
            {
              g_assert (*p == '\n');
              p++;
              parser->line++;
            }
        }

      frame++;
    }

  *n_rows = frame;

  return TRUE;
}

typedef struct
{
  GPtrArray *rows[N_HEADER_ROWS];
  guint      lines[N_HEADER_ROWS];
} Header;

static void
header_clear (Header *header)
{
  for (guint i = 0; i < N_HEADER_ROWS; i++)
    g_clear_pointer (&header->rows[i], g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Header, header_clear)

/**
 * _gait_tracking_join:
 * @strings: (element-type utf8): strings, perhaps ending with %NULL
 *
 * Returns: (transfer full): "a, b, c": the strings up to the end or a %NULL
 */
char *
_gait_tracking_join (GPtrArray *strings)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < strings->len && g_ptr_array_index (strings, i) != NULL; i++)
    {
      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, g_ptr_array_index (strings, i));
    }

  return g_string_free (str, FALSE);
}

/* Column labels ------------------------------------------------------------ */

/**
 * _gait_tracking_select_individual:
 * @file: the file, for messages
 * @individuals: (element-type utf8): the file's individuals; none for a
 *   single animal
 * @individual: (nullable): the one wanted, or %NULL for the first
 * @place: where a file would name individuals ("individuals row"), for
 *   messages
 * @index: (out): where @individual is in @individuals (0 if it is empty)
 * @error: return location for a #GError
 *
 * Returns: %FALSE with @error set if @individual is not in the file
 */
gboolean
_gait_tracking_select_individual (const char  *file,
                                  GPtrArray   *individuals,
                                  const char  *individual,
                                  const char  *place,
                                  guint       *index,
                                  GError     **error)
{
  *index = 0;

  if (individual == NULL)
    return TRUE;

  if (individuals->len == 0)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_UNKNOWN_LANDMARK,
                   "%s: no individual \"%s\": the file has a single animal and no %s",
                   file, individual, place);
      return FALSE;
    }

  if (!g_ptr_array_find_with_equal_func (individuals, individual, g_str_equal, index))
    {
      g_autofree char *list = _gait_tracking_join (individuals);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_UNKNOWN_LANDMARK,
                   "%s: no individual \"%s\"; the file has: %s", file, individual, list);
      return FALSE;
    }

  return TRUE;
}

G_GNUC_PRINTF (5, 6)
static void
set_labels_error (GError                 **error,
                  int                      code,
                  const GaitColumnLabels  *labels,
                  guint                    line,
                  const char              *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  set_error_valist (error, code, labels->file, line, format, args);
  va_end (args);
}

/* "column 3", and the column's labels if the file gives them. */
static char *
column_name (const GaitColumnLabels *labels,
             guint                   column)
{
  g_autofree char *text = NULL;

  if (labels->describe != NULL)
    text = labels->describe (labels->describe_data, column);

  if (text == NULL)
    return g_strdup_printf ("column %u", column + 1);

  return g_strdup_printf ("column %u %s", column + 1, text);
}

/**
 * _gait_tracking_map_columns:
 * @labels: the columns' labels
 * @individual: (nullable): the individual to read, or %NULL for the first
 * @map: (out caller-allocates): the individuals and the landmarks of the
 *   one selected, with their columns; to clear with
 *   _gait_column_map_clear(), also on failure
 * @error: return location for a #GError
 *
 * Reads DeepLabCut's column labels, from @labels->first on: the
 * individuals in order of appearance, then the columns of the selected
 * one: landmarks in order of appearance, each with an x and a y column
 * and perhaps a likelihood column. The other individuals' columns are not
 * looked at. Names (borrowed from @labels) must be valid UTF-8.
 *
 * Returns: %FALSE with @error set if the labels do not make landmarks
 */
gboolean
_gait_tracking_map_columns (const GaitColumnLabels  *labels,
                            const char              *individual,
                            GaitColumnMap           *map,
                            GError                 **error)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  guint index;

  map->individuals = g_ptr_array_new ();
  map->selected = NULL;
  map->landmarks = g_ptr_array_new_with_free_func (g_free);
  map->has_likelihood = TRUE;

  /* Individuals, in order of appearance; select one. */
  for (guint j = labels->first; labels->individuals != NULL && j < labels->n_columns; j++)
    {
      const char *name = labels->individuals[j];

      if (*name == '\0')
        {
          g_autofree char *column = column_name (labels, j);

          set_labels_error (error, GAIT_ERROR_PARSE, labels, labels->individuals_line,
                            "%s has no individual name", column);
          return FALSE;
        }
      if (!g_utf8_validate (name, -1, NULL))
        {
          set_labels_error (error, GAIT_ERROR_PARSE, labels, labels->individuals_line,
                            "column %u: the individual name is not valid UTF-8", j + 1);
          return FALSE;
        }
      if (!g_ptr_array_find_with_equal_func (map->individuals, name, g_str_equal, NULL))
        g_ptr_array_add (map->individuals, (gpointer)name);
    }

  if (!_gait_tracking_select_individual (labels->file, map->individuals, individual,
                                         labels->individuals_place, &index, error))
    return FALSE;
  if (map->individuals->len > 0)
    map->selected = g_ptr_array_index (map->individuals, index);

  /* Landmarks of the selected individual. */
  for (guint j = labels->first; j < labels->n_columns; j++)
    {
      const char *bodypart = labels->bodyparts[j];
      const char *coord = labels->coords[j];
      GaitLandmarkColumns *lc;
      int ch;

      if (map->selected != NULL && !g_str_equal (labels->individuals[j], map->selected))
        continue;

      ch = _gait_tracking_channel_kind (coord);
      if (ch < 0)
        {
          g_autofree char *column = column_name (labels, j);
          g_autofree char *text = _gait_tracking_quote (coord, -1, QUOTE_MAX);

          set_labels_error (error, GAIT_ERROR_PARSE, labels, labels->coords_line,
                            "%s: unknown coordinate %s (expected x, y or likelihood)",
                            column, text);
          return FALSE;
        }

      if (*bodypart == '\0')
        {
          g_autofree char *column = column_name (labels, j);

          set_labels_error (error, GAIT_ERROR_PARSE, labels, labels->bodyparts_line,
                            "%s has no bodypart name", column);
          return FALSE;
        }
      if (!g_utf8_validate (bodypart, -1, NULL))
        {
          set_labels_error (error, GAIT_ERROR_PARSE, labels, labels->bodyparts_line,
                            "column %u: the bodypart name is not valid UTF-8", j + 1);
          return FALSE;
        }

      lc = g_hash_table_lookup (by_name, bodypart);
      if (lc == NULL)
        {
          lc = g_new (GaitLandmarkColumns, 1);
          lc->name = bodypart;
          for (guint c = 0; c < GAIT_N_CHANNELS; c++)
            lc->columns[c] = -1;
          g_ptr_array_add (map->landmarks, lc);
          g_hash_table_insert (by_name, (gpointer)bodypart, lc);
        }

      if (lc->columns[ch] >= 0)
        {
          set_labels_error (error, GAIT_ERROR_PARSE, labels, labels->coords_line,
                            "column %u: landmark \"%s\" has a second %s column (first: column %d)",
                            j + 1, bodypart, _gait_tracking_channel_names[ch],
                            lc->columns[ch] + 1);
          return FALSE;
        }
      lc->columns[ch] = j;
    }

  for (guint i = 0; i < map->landmarks->len; i++)
    {
      GaitLandmarkColumns *lc = g_ptr_array_index (map->landmarks, i);

      for (guint c = GAIT_CHANNEL_X; c <= GAIT_CHANNEL_Y; c++)
        {
          if (lc->columns[c] < 0)
            {
              set_labels_error (error, GAIT_ERROR_PARSE, labels, labels->coords_line,
                                "landmark \"%s\" has no %s column",
                                lc->name, _gait_tracking_channel_names[c]);
              return FALSE;
            }
        }

      if (lc->columns[GAIT_CHANNEL_LIKELIHOOD] < 0)
        map->has_likelihood = FALSE;
    }

  return TRUE;
}

void
_gait_column_map_clear (GaitColumnMap *map)
{
  g_clear_pointer (&map->individuals, g_ptr_array_unref);
  g_clear_pointer (&map->landmarks, g_ptr_array_unref);
}

/**
 * _gait_tracking_fill_likelihood:
 * @self: a tracking read with @map
 * @map: its columns
 *
 * Sets the likelihood of the landmarks without a likelihood column: 1 where
 * x and y are present, else 0.
 */
void
_gait_tracking_fill_likelihood (GaitTracking        *self,
                                const GaitColumnMap *map)
{
  for (guint i = 0; i < map->landmarks->len; i++)
    {
      GaitLandmarkColumns *lc = g_ptr_array_index (map->landmarks, i);
      const double *x = channel (self, i, GAIT_CHANNEL_X);
      const double *y = channel (self, i, GAIT_CHANNEL_Y);
      double *lk = channel (self, i, GAIT_CHANNEL_LIKELIHOOD);

      if (lc->columns[GAIT_CHANNEL_LIKELIHOOD] >= 0)
        continue;

      for (guint f = 0; f < self->n_frames; f++)
        lk[f] = isnan (x[f]) || isnan (y[f]) ? 0.0 : 1.0;
    }
}

static GaitTracking *
parse_csv (const char  *data,
           gsize        length,
           gboolean     mapped,
           const char  *display_name,
           const char  *individual,
           GError     **error)
{
  g_autoptr(GaitTracking) self = NULL;
  g_autofree Column *columns = NULL;
  g_auto(Header) header = { { NULL, }, { 0, } };
  g_auto(GaitColumnMap) map = { NULL, NULL, NULL, FALSE };
  GPtrArray **rows = header.rows;
  guint *row_lines = header.lines;
  GaitColumnLabels labels;
  GPtrArray *landmarks;
  const char *end = data + length;
  const char *p = data;
  const char *body;
  Parser parser;
  GPtrArray *coords;
  GPtrArray *bodyparts;
  guint coords_line;
  guint n_fields;
  guint n_index;
  gsize capacity;
  gsize n_rows = 0;
  int last = -1;

  parser.name = display_name;
  parser.end = end;
  parser.sep = ',';
  parser.line = 1;
  parser.mapped = mapped ? data : NULL;
  parser.released = data;

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  p = skip_blank_lines (&parser, p);
  if (p == end)
    {
      set_error (error, GAIT_ERROR_EMPTY, &parser, 0, "the file is empty");
      return NULL;
    }

  parser.sep = detect_separator (p, end);
  if (parser.sep == 0)
    {
      const char *eol = memchr (p, '\n', end - p);
      g_autofree char *text = _gait_tracking_quote (p, (eol ? eol : end) - p, QUOTE_MAX);

      set_error (error, GAIT_ERROR_PARSE, &parser, parser.line,
                 "not a DeepLabCut CSV file: no field separator (',' or ';') in %s",
                 text);
      return NULL;
    }

  /* Header rows, in order: [scorer] [individuals] bodyparts coords. */
  for (;;)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      guint line;
      int kind;

      p = skip_blank_lines (&parser, p);
      if (p == end)
        {
          set_error (error, GAIT_ERROR_PARSE, &parser, parser.line,
                     "unexpected end of file in the header: no \"coords\" row");
          return NULL;
        }

      line = parser.line;
      if (!read_record (&parser, &p, cells, error))
        {
          return NULL;
        }

      kind = header_row_kind (g_ptr_array_index (cells, 0));
      if (kind < 0 || kind <= last)
        {
          g_autofree char *text = _gait_tracking_quote (g_ptr_array_index (cells, 0), -1,
                                                        QUOTE_MAX);

          if (last < 0)
            set_error (error, GAIT_ERROR_PARSE, &parser, line,
                       "not a DeepLabCut CSV file: expected a header row "
                       "starting with \"scorer\" or \"bodyparts\", found %s",
                       text);
          else if (kind < 0)
            set_error (error, GAIT_ERROR_PARSE, &parser, line,
                       "missing header row \"%s\" (found %s)",
                       last < ROW_BODYPARTS ? "bodyparts" : "coords", text);
          else
            set_error (error, GAIT_ERROR_PARSE, &parser, line,
                       "header row \"%s\" is repeated or out of order",
                       header_row_names[kind]);
          return NULL;
        }

      rows[kind] = g_steal_pointer (&cells);
      row_lines[kind] = line;
      last = kind;

      if (kind == ROW_COORDS)
        break;
    }

  coords = rows[ROW_COORDS];
  bodyparts = rows[ROW_BODYPARTS];
  coords_line = row_lines[ROW_COORDS];

  if (bodyparts == NULL)
    {
      set_error (error, GAIT_ERROR_PARSE, &parser, coords_line,
                 "missing header row \"bodyparts\" before \"coords\"");
      return NULL;
    }

  n_fields = coords->len;
  for (guint r = 0; r < N_HEADER_ROWS; r++)
    {
      if (rows[r] != NULL && rows[r]->len != n_fields)
        {
          set_error (error, GAIT_ERROR_PARSE, &parser, row_lines[r],
                     "the %s row has %u fields but the coords row (line %u) has %u",
                     header_row_names[r], rows[r]->len, coords_line, n_fields);
          return NULL;
        }
    }

  /* Index columns: the first, and the empty header cells after it. */
  n_index = 1;
  while (n_index < n_fields && *(char *)g_ptr_array_index (coords, n_index) == '\0')
    n_index++;

  if (n_index == n_fields)
    {
      set_error (error, GAIT_ERROR_PARSE, &parser, coords_line,
                 "the coords row names no x/y columns");
      return NULL;
    }

  labels = (GaitColumnLabels) {
    .file = parser.name,
    .first = n_index,
    .n_columns = n_fields,
    .individuals = rows[ROW_INDIVIDUALS] != NULL ?
                   (const char * const *)rows[ROW_INDIVIDUALS]->pdata : NULL,
    .bodyparts = (const char * const *)bodyparts->pdata,
    .coords = (const char * const *)coords->pdata,
    .individuals_line = row_lines[ROW_INDIVIDUALS],
    .bodyparts_line = row_lines[ROW_BODYPARTS],
    .coords_line = coords_line,
    .individuals_place = "individuals row",
  };
  if (!_gait_tracking_map_columns (&labels, individual, &map, error))
    return NULL;
  landmarks = map.landmarks;

  /* Storage: one array per channel, sized by the line count. */
  body = p;
  capacity = 1;
  for (const char *q = body; q < end; q++)
    {
      q = memchr (q, '\n', end - q);
      if (q == NULL)
        break;
      capacity++;
    }

  /* ...and by the bytes: a row takes at least n_fields bytes (its
   * separators and a line end), so blank lines and quoted line breaks
   * cannot make a wide header ask for far more than the file holds
   * (storage is then at most 12 bytes per byte of input, plus a row).
   * parse_rows() still finds room for every row it starts. */
  capacity = MIN (capacity, (gsize)(end - body) / n_fields + 1);

  if (capacity > G_MAXUINT)
    {
      set_error (error, GAIT_ERROR_PARSE, &parser, 0, "too many rows");
      return NULL;
    }

  self = g_object_new (GAIT_TYPE_TRACKING, NULL);
  if (!allocate_storage (self, landmarks->len, capacity))
    {
      set_error (error, GAIT_ERROR_FAILED, &parser, 0,
                 "not enough memory for %" G_GSIZE_FORMAT " rows of %u landmarks",
                 capacity, landmarks->len);
      return NULL;
    }

  columns = g_new0 (Column, n_fields);
  self->has_likelihood = map.has_likelihood;
  for (guint i = 0; i < landmarks->len; i++)
    {
      GaitLandmarkColumns *lc = g_ptr_array_index (landmarks, i);

      for (guint c = 0; c < GAIT_N_CHANNELS; c++)
        {
          if (lc->columns[c] < 0)
            continue;
          columns[lc->columns[c]].dest = channel (self, i, c);
          columns[lc->columns[c]].missing = c == GAIT_CHANNEL_LIKELIHOOD ? 0.0 : NAN;
        }
    }

  if (!parse_rows (&parser, body, columns, n_fields, rows, capacity, &n_rows, error))
    {
      return NULL;
    }

  if (n_rows == 0)
    {
      set_error (error, GAIT_ERROR_EMPTY, &parser, coords_line,
                 "no data rows after the header");
      return NULL;
    }

  self->n_frames = n_rows;
  _gait_tracking_fill_likelihood (self, &map);

  self->names = g_new0 (char *, (gsize)landmarks->len + 1);
  for (guint i = 0; i < landmarks->len; i++)
    self->names[i] = g_strdup (((GaitLandmarkColumns *)g_ptr_array_index (landmarks, i))->name);

  self->individuals = g_new0 (char *, (gsize)map.individuals->len + 1);
  for (guint i = 0; i < map.individuals->len; i++)
    self->individuals[i] = g_strdup (g_ptr_array_index (map.individuals, i));
  self->individual = g_strdup (map.selected);

  if (rows[ROW_SCORER] != NULL && landmarks->len > 0)
    {
      GaitLandmarkColumns *lc = g_ptr_array_index (landmarks, 0);
      const char *scorer = g_ptr_array_index (rows[ROW_SCORER], lc->columns[GAIT_CHANNEL_X]);

      if (*scorer != '\0' && g_utf8_validate (scorer, -1, NULL))
        self->scorer = g_strdup (scorer);
    }

  return g_steal_pointer (&self);
}

/**
 * gait_tracking_new_from_data:
 * @data: (array length=length): CSV text, not necessarily NUL-terminated
 * @length: its length in bytes
 * @display_name: (nullable): the name errors use, e.g. the file name
 * @individual: (nullable): the individual to read from a multi-animal file,
 *   or %NULL for the first
 * @error: return location for a #GError
 *
 * Parses DeepLabCut CSV text; see gait_tracking_new_from_file().
 *
 * Returns: (transfer full): a new #GaitTracking, or %NULL with @error set
 */
GaitTracking *
gait_tracking_new_from_data (const char  *data,
                             gsize        length,
                             const char  *display_name,
                             const char  *individual,
                             GError     **error)
{
  GaitTracking *self;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = parse_csv (data, length, FALSE,
                    display_name != NULL ? display_name : "(data)",
                    individual, error);
  if (self != NULL)
    self->path = g_strdup (display_name);

  return self;
}

/**
 * gait_tracking_new_from_file:
 * @path: a CSV file written by DeepLabCut (single- or multi-animal, analysed
 *   video or labelled frames) or in the same layout with ';' separators; or
 *   an HDF5 file (by its signature or a .h5/.hdf5 name): DeepLabCut's
 *   pandas HDFStore (table or fixed format) or SLEAP's analysis export
 * @individual: (nullable): the individual to read from a multi-animal file,
 *   or %NULL for the first
 * @error: return location for a #GError
 *
 * Loads tracking data. The separator and the header rows are detected;
 * every data row is one frame, in file order. Empty cells and "nan" are
 * missing values. Errors are in the %GAIT_ERROR domain (or %G_FILE_ERROR if
 * the file cannot be read) and name the file and line.
 *
 * Returns: (transfer full): a new #GaitTracking, or %NULL with @error set
 */
GaitTracking *
gait_tracking_new_from_file (const char  *path,
                             const char  *individual,
                             GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *display_name = NULL;
  GaitTracking *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;

  display_name = g_filename_display_name (path);
  if (_gait_tracking_is_hdf5 (path, g_mapped_file_get_contents (mapped),
                              g_mapped_file_get_length (mapped)))
    self = _gait_tracking_new_from_hdf5_isolated (path, display_name, individual, error);
  else
    self = parse_csv (g_mapped_file_get_contents (mapped),
                      g_mapped_file_get_length (mapped), TRUE,
                      display_name, individual, error);
  if (self != NULL)
    self->path = g_strdup (path);

  return self;
}

/* Writing ------------------------------------------------------------------ */

static void
append_csv_field (GString    *str,
                  const char *text)
{
  gsize len = strlen (text);
  gboolean needs_quotes;

  /* ';' and tabs too: the reader takes the most frequent of ',', ';' and
   * tab outside quotes in the first line as the separator. */
  needs_quotes = strpbrk (text, ",;\t\"\r\n") != NULL ||
                 (len > 0 && (text[0] == ' ' || text[len - 1] == ' '));
  if (!needs_quotes)
    {
      g_string_append (str, text);
      return;
    }

  g_string_append_c (str, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (str, '"');
      g_string_append_c (str, *p);
    }
  g_string_append_c (str, '"');
}

static inline void
append_number (GString *str,
               double   value)
{
  char buf[GAIT_TRACKING_DOUBLE_BUF];
  gsize len = _gait_tracking_format_double (value, buf);

  g_string_append_len (str, buf, len);
}

/**
 * gait_tracking_save_csv:
 * @self: a #GaitTracking
 * @path: where to write
 * @error: return location for a #GError
 *
 * Writes a single-animal DeepLabCut CSV (rows "scorer", "bodyparts" and
 * "coords", frame index 0…n-1). Numbers are written so that loading the
 * file gives back the same doubles; missing values are empty cells. The
 * file is replaced atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
gait_tracking_save_csv (GaitTracking  *self,
                        const char    *path,
                        GError       **error)
{
  g_autoptr(GString) str = NULL;
  const char *scorer;
  gsize estimate;

  g_return_val_if_fail (GAIT_IS_TRACKING (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scorer = self->scorer != NULL ? self->scorer : "gaitline";
  estimate = 1024 + ((gsize)self->n_frames + 3) * (8 + (gsize)self->n_landmarks * GAIT_N_CHANNELS * 12);
  str = g_string_sized_new (estimate);

  g_string_append (str, "scorer");
  for (guint i = 0; i < self->n_landmarks * GAIT_N_CHANNELS; i++)
    {
      g_string_append_c (str, ',');
      append_csv_field (str, scorer);
    }
  g_string_append (str, "\nbodyparts");
  for (guint i = 0; i < self->n_landmarks; i++)
    {
      for (guint c = 0; c < GAIT_N_CHANNELS; c++)
        {
          g_string_append_c (str, ',');
          append_csv_field (str, self->names[i]);
        }
    }
  g_string_append (str, "\ncoords");
  for (guint i = 0; i < self->n_landmarks; i++)
    g_string_append (str, ",x,y,likelihood");
  g_string_append_c (str, '\n');

  for (guint f = 0; f < self->n_frames; f++)
    {
      char index[24];

      g_string_append_len (str, index, write_fixed (index, f, 0) - index);
      for (guint i = 0; i < self->n_landmarks; i++)
        {
          for (guint c = 0; c < GAIT_N_CHANNELS; c++)
            {
              g_string_append_c (str, ',');
              append_number (str, channel (self, i, c)[f]);
            }
        }
      g_string_append_c (str, '\n');
    }

  return g_file_set_contents_full (path, str->str, str->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
}

/* Accessors ---------------------------------------------------------------- */

guint
gait_tracking_get_n_frames (GaitTracking *self)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), 0);

  return self->n_frames;
}

guint
gait_tracking_get_n_landmarks (GaitTracking *self)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), 0);

  return self->n_landmarks;
}

const char *
gait_tracking_get_landmark_name (GaitTracking *self,
                                 guint         landmark)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);
  g_return_val_if_fail (landmark < self->n_landmarks, NULL);

  return self->names[landmark];
}

/**
 * gait_tracking_find_landmark:
 * @self: a #GaitTracking
 * @name: a landmark name
 *
 * Finds a landmark by exact name, or else ignoring case.
 *
 * Returns: its index, or -1
 */
int
gait_tracking_find_landmark (GaitTracking *self,
                             const char   *name)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (GAIT_IS_TRACKING (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->n_landmarks; i++)
    if (g_str_equal (self->names[i], name))
      return i;

  folded = g_utf8_casefold (name, -1);
  for (guint i = 0; i < self->n_landmarks; i++)
    {
      g_autofree char *other = g_utf8_casefold (self->names[i], -1);

      if (g_str_equal (other, folded))
        return i;
    }

  return -1;
}

/**
 * gait_tracking_dup_landmark_list:
 * @self: a #GaitTracking
 *
 * Returns: (transfer full): the landmark names as "A, B, C", for messages
 */
char *
gait_tracking_dup_landmark_list (GaitTracking *self)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);

  return g_strjoinv (", ", self->names);
}

/**
 * gait_tracking_get_x:
 * @self: a #GaitTracking
 * @landmark: a landmark index
 *
 * Returns: (transfer none) (array): the x coordinates (NAN where missing), one per frame
 */
const double *
gait_tracking_get_x (GaitTracking *self,
                     guint         landmark)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);
  g_return_val_if_fail (landmark < self->n_landmarks, NULL);

  return channel (self, landmark, GAIT_CHANNEL_X);
}

/**
 * gait_tracking_get_y:
 * @self: a #GaitTracking
 * @landmark: a landmark index
 *
 * Returns: (transfer none) (array): the y coordinates (NAN where missing), one per frame
 */
const double *
gait_tracking_get_y (GaitTracking *self,
                     guint         landmark)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);
  g_return_val_if_fail (landmark < self->n_landmarks, NULL);

  return channel (self, landmark, GAIT_CHANNEL_Y);
}

/**
 * gait_tracking_get_likelihood:
 * @self: a #GaitTracking
 * @landmark: a landmark index
 *
 * Returns: (transfer none) (array): the likelihoods (0…1; 0 where missing), one per frame
 */
const double *
gait_tracking_get_likelihood (GaitTracking *self,
                              guint         landmark)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);
  g_return_val_if_fail (landmark < self->n_landmarks, NULL);

  return channel (self, landmark, GAIT_CHANNEL_LIKELIHOOD);
}

/**
 * gait_tracking_get_x_mutable:
 * @self: a #GaitTracking
 * @landmark: a landmark index
 *
 * Like gait_tracking_get_x(), writable: for generators and tests.
 *
 * Returns: (transfer none) (array): the x coordinates (NAN where missing), one per frame
 */
double *
gait_tracking_get_x_mutable (GaitTracking *self,
                             guint         landmark)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);
  g_return_val_if_fail (landmark < self->n_landmarks, NULL);

  return channel (self, landmark, GAIT_CHANNEL_X);
}

/**
 * gait_tracking_get_y_mutable:
 * @self: a #GaitTracking
 * @landmark: a landmark index
 *
 * Like gait_tracking_get_y(), writable: for generators and tests.
 *
 * Returns: (transfer none) (array): the y coordinates (NAN where missing), one per frame
 */
double *
gait_tracking_get_y_mutable (GaitTracking *self,
                             guint         landmark)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);
  g_return_val_if_fail (landmark < self->n_landmarks, NULL);

  return channel (self, landmark, GAIT_CHANNEL_Y);
}

/**
 * gait_tracking_get_likelihood_mutable:
 * @self: a #GaitTracking
 * @landmark: a landmark index
 *
 * Like gait_tracking_get_likelihood(), writable: for generators and tests.
 *
 * Returns: (transfer none) (array): the likelihoods (0…1; 0 where missing), one per frame
 */
double *
gait_tracking_get_likelihood_mutable (GaitTracking *self,
                                      guint         landmark)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);
  g_return_val_if_fail (landmark < self->n_landmarks, NULL);

  return channel (self, landmark, GAIT_CHANNEL_LIKELIHOOD);
}

/**
 * gait_tracking_has_likelihood:
 * @self: a #GaitTracking
 *
 * Returns: %FALSE if the file had no likelihood columns (labelled data:
 *   likelihood is then 1 where x and y are known, 0 elsewhere)
 */
gboolean
gait_tracking_has_likelihood (GaitTracking *self)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), FALSE);

  return self->has_likelihood;
}

/**
 * gait_tracking_get_scorer:
 * @self: a #GaitTracking
 *
 * Returns: (nullable): the scorer (model or labeller) named by the file
 */
const char *
gait_tracking_get_scorer (GaitTracking *self)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);

  return self->scorer;
}

/**
 * gait_tracking_get_individual:
 * @self: a #GaitTracking
 *
 * Returns: (nullable): the individual that was read, %NULL for a
 *   single-animal file
 */
const char *
gait_tracking_get_individual (GaitTracking *self)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);

  return self->individual;
}

/**
 * gait_tracking_get_individuals:
 * @self: a #GaitTracking
 *
 * Returns: (transfer none) (array zero-terminated=1): every individual of a
 *   multi-animal file in file order; empty for a single-animal file
 */
const char * const *
gait_tracking_get_individuals (GaitTracking *self)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);

  return (const char * const *)self->individuals;
}

/**
 * gait_tracking_get_path:
 * @self: a #GaitTracking
 *
 * Returns: (nullable): the path or display name it was loaded from
 */
const char *
gait_tracking_get_path (GaitTracking *self)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (self), NULL);

  return self->path;
}
