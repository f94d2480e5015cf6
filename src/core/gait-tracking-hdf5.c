/* gait-tracking-hdf5.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <hdf5.h>

#include "gait-error.h"
#include "gait-tracking-private.h"

/*
 * Reading tracking data from HDF5 files, with libhdf5.
 *
 * DeepLabCut writes its .h5 files with pandas' HDFStore (PyTables):
 *
 * - "table" format (DeepLabCut's own, key "df_with_missing"): a group with
 *   the dataset "table", whose compound rows hold "index" and one array
 *   field per value block ("values_block_0", …: the columns of one dtype).
 *   The column labels exist only as pickles (protocol 0, text) in
 *   attributes: the frame's columns in order in the group's
 *   "non_index_axes" = [(1, [(scorer, bodypart, coord), …])], each block's
 *   columns in the table's "values_block_N_kind", the level names in the
 *   group's "info" = {1: {"names": [...]}}. A small unpickler reads them:
 *   it builds lists, tuples, dicts, strings and numbers and nothing else
 *   (no code is run, an object of any class is an opaque node).
 *
 * - "fixed" format (older and third-party files, other keys): a group with
 *   "axis0" describing the columns (for a MultiIndex: axis0_level<i>, the
 *   distinct labels of level i, with a "name" attribute, and axis0_label<i>,
 *   the codes), "axis1" the rows, and per block block<b>_items (its
 *   columns, described the same way) and block<b>_values ([rows, columns],
 *   or [columns, rows] without the "transposed" attribute).
 *
 * The column levels are scorer, [individuals,] bodyparts, coords, found
 * by their names or else by their number; from there the CSV reader's
 * mapping to landmarks is used (_gait_tracking_map_columns()).
 *
 * SLEAP's analysis export (h5py) has datasets node_names, track_names,
 * tracks, point_scores and instance_scores. By default they are transposed
 * for MATLAB: tracks is [tracks, 2, nodes, frames], point_scores [tracks,
 * nodes, frames], instance_scores [tracks, frames]; without transposing,
 * the reverse. The layout is told by comparing the dimensions with the
 * node and track names. One track is read (the individual).
 *
 * libhdf5 keeps global state and, unless built thread-safe, must not be
 * entered from two threads: every call is made under one lock.
 */

/* Values are read a few MiB at a time, not a whole file at once. */
#define READ_CHUNK_BYTES ((gsize)4 << 20)

/* Longer strings (an attribute, a name) and lists (of names, of column
 * codes) are taken as damage. */
#define MAX_STRING_BYTES ((gsize)16 << 20)
#define MAX_LIST_ITEMS ((gsize)1 << 22)

#define HDF5_SIGNATURE "\211HDF\r\n\032\n"

/* Quoted names and labels in messages are cut after this many bytes. */
#define QUOTE_MAX 59

/* libhdf5 ----------------------------------------------------------------- */

static GMutex hdf5_lock;

typedef struct
{
  H5E_auto2_t  func;
  void        *data;
} Hdf5Quiet;

/* Takes the lock and keeps libhdf5 from printing its errors on stderr:
 * they become GErrors. The setting belongs to the calling thread in a
 * thread-safe build of libhdf5 (Debian's), so it is made on each entry and
 * undone on the way out rather than once. */
static void
hdf5_enter (Hdf5Quiet *quiet)
{
  g_mutex_lock (&hdf5_lock);

  if (H5Eget_auto2 (H5E_DEFAULT, &quiet->func, &quiet->data) < 0)
    {
      quiet->func = NULL;
      quiet->data = NULL;
    }
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

static void
hdf5_leave (Hdf5Quiet *quiet)
{
  H5Eclear2 (H5E_DEFAULT);
  H5Eset_auto2 (H5E_DEFAULT, quiet->func, quiet->data);

  g_mutex_unlock (&hdf5_lock);
}

typedef hid_t Hid;

static void
hid_close (hid_t id)
{
  if (id < 0)
    return;

  switch (H5Iget_type (id))
    {
    case H5I_FILE:
      H5Fclose (id);
      break;
    case H5I_GROUP:
      H5Gclose (id);
      break;
    case H5I_DATASET:
      H5Dclose (id);
      break;
    case H5I_DATASPACE:
      H5Sclose (id);
      break;
    case H5I_DATATYPE:
      H5Tclose (id);
      break;
    case H5I_ATTR:
      H5Aclose (id);
      break;
    case H5I_GENPROP_LST:
      H5Pclose (id);
      break;
    default:
      break;
    }
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (Hid, hid_close, H5I_INVALID_HID)

static herr_t
first_message_cb (unsigned            n,
                  const H5E_error2_t *err,
                  void               *data)
{
  char **message = data;

  if (*message == NULL && err->desc != NULL && *err->desc != '\0')
    *message = g_strdup (err->desc);

  return 0;
}

/* The innermost message of libhdf5's error stack (the cause), or NULL. */
static char *
hdf5_message (void)
{
  char *message = NULL;

  H5Ewalk2 (H5E_DEFAULT, H5E_WALK_UPWARD, first_message_cb, &message);
  H5Eclear2 (H5E_DEFAULT);

  if (message != NULL && !g_utf8_validate (message, -1, NULL))
    g_clear_pointer (&message, g_free);

  return message;
}

/* Reading context and errors ---------------------------------------------- */

typedef struct
{
  const char *name;         /* the file, for messages */
  const char *individual;   /* nullable: the first */
} Reader;

G_GNUC_PRINTF (4, 5)
static void
set_error (GError       **error,
           int            code,
           const Reader  *r,
           const char    *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GAIT_ERROR, code, "%s: %s", r->name, message);
}

/* After a failed libhdf5 call: the message with libhdf5's reason. */
G_GNUC_PRINTF (3, 4)
static void
set_hdf5_error (GError       **error,
                const Reader  *r,
                const char    *format,
                ...)
{
  g_autofree char *cause = hdf5_message ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (cause != NULL)
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE, "%s: %s (HDF5: %s)",
                 r->name, message, cause);
  else
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE, "%s: %s", r->name, message);
}

static char *
join_names (GPtrArray  *names,
            guint       max)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < names->len && i < max; i++)
    {
      g_autofree char *quoted = _gait_tracking_quote (g_ptr_array_index (names, i), -1,
                                                      QUOTE_MAX);

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, quoted);
    }
  if (names->len > max)
    g_string_append_printf (str, " and %u more", names->len - max);

  return g_string_free (str, FALSE);
}

/* Small readers ------------------------------------------------------------ */

static gboolean
link_exists (hid_t       loc,
             const char *name)
{
  return H5Lexists (loc, name, H5P_DEFAULT) > 0;
}

/* The kind of object at @name: H5I_GROUP, H5I_DATASET… or H5I_BADID. */
static H5I_type_t
object_type (hid_t       loc,
             const char *name)
{
  g_auto(Hid) obj = H5I_INVALID_HID;

  if (!link_exists (loc, name))
    return H5I_BADID;

  obj = H5Oopen (loc, name, H5P_DEFAULT);
  if (obj < 0)
    return H5I_BADID;

  return H5Iget_type (obj);
}

/* Bytes of a fixed-length string without its padding. */
static gsize
fixed_string_length (const char *buf,
                     gsize       size,
                     H5T_str_t   pad)
{
  gsize len = 0;

  while (len < size && buf[len] != '\0')
    len++;

  if (pad == H5T_STR_SPACEPAD)
    while (len > 0 && buf[len - 1] == ' ')
      len--;

  return len;
}

/* Opens the attribute @name of @obj, and its type, if it holds one value
 * (a scalar or one element); FALSE if it is absent or holds more. @attr and
 * @type are the caller's to close, also on failure. */
static gboolean
open_scalar_attribute (hid_t       obj,
                       const char *name,
                       hid_t      *attr,
                       hid_t      *type)
{
  g_auto(Hid) space = H5I_INVALID_HID;

  return H5Aexists (obj, name) > 0 &&
         (*attr = H5Aopen (obj, name, H5P_DEFAULT)) >= 0 &&
         (*type = H5Aget_type (*attr)) >= 0 &&
         (space = H5Aget_space (*attr)) >= 0 &&
         H5Sget_simple_extent_npoints (space) == 1;
}

/* The value of a string attribute of @obj (scalar or one element), with
 * its length (pickles may hold any byte but NUL); NULL if there is none. */
static char *
read_string_attribute (hid_t       obj,
                       const char *name,
                       gsize      *length)
{
  g_auto(Hid) attr = H5I_INVALID_HID;
  g_auto(Hid) type = H5I_INVALID_HID;
  g_autofree char *buf = NULL;
  gsize size;
  gsize len;

  if (!open_scalar_attribute (obj, name, &attr, &type) ||
      H5Tget_class (type) != H5T_STRING)
    return NULL;

  if (H5Tis_variable_str (type) > 0)
    {
      g_auto(Hid) memtype = H5Tcopy (H5T_C_S1);
      char *value = NULL;
      char *result;

      if (memtype < 0 ||
          H5Tset_size (memtype, H5T_VARIABLE) < 0 ||
          H5Tset_cset (memtype, H5Tget_cset (type)) < 0 ||
          H5Aread (attr, memtype, &value) < 0)
        return NULL;

      if (value == NULL)
        return NULL;

      len = strnlen (value, MAX_STRING_BYTES);
      result = len < MAX_STRING_BYTES ? g_strndup (value, len) : NULL;
      H5free_memory (value);
      if (length != NULL)
        *length = len;

      return result;
    }

  size = H5Tget_size (type);
  if (size == 0 || size > MAX_STRING_BYTES)
    return NULL;

  buf = g_try_malloc0 (size + 1);
  if (buf == NULL || H5Aread (attr, type, buf) < 0)
    return NULL;

  len = fixed_string_length (buf, size, H5Tget_strpad (type));
  buf[len] = '\0';
  if (length != NULL)
    *length = len;

  return g_steal_pointer (&buf);
}

/* An integer attribute of @obj (scalar or one element). */
static gboolean
read_int_attribute (hid_t       obj,
                    const char *name,
                    gint64     *value)
{
  g_auto(Hid) attr = H5I_INVALID_HID;
  g_auto(Hid) type = H5I_INVALID_HID;
  long long v;

  if (!open_scalar_attribute (obj, name, &attr, &type) ||
      H5Tget_class (type) != H5T_INTEGER ||
      H5Aread (attr, H5T_NATIVE_LLONG, &v) < 0)
    return FALSE;

  *value = v;

  return TRUE;
}

/* A boolean attribute of @obj (numpy's bool is an 8-bit bitfield, Python's
 * an integer); FALSE if absent. */
static gboolean
read_flag_attribute (hid_t       obj,
                     const char *name)
{
  g_auto(Hid) attr = H5I_INVALID_HID;
  g_auto(Hid) type = H5I_INVALID_HID;
  guint8 bytes[8] = { 0, };
  H5T_class_t klass;
  gsize size;

  if (!open_scalar_attribute (obj, name, &attr, &type))
    return FALSE;

  klass = H5Tget_class (type);
  size = H5Tget_size (type);
  if ((klass != H5T_BITFIELD && klass != H5T_INTEGER && klass != H5T_ENUM) ||
      size == 0 || size > sizeof bytes ||
      H5Aread (attr, type, bytes) < 0)
    return FALSE;

  for (gsize i = 0; i < size; i++)
    if (bytes[i] != 0)
      return TRUE;

  return FALSE;
}

/* The dimensions of a dataset; its rank, or -1 (also past @max_rank). */
static int
dataset_dims (hid_t    dset,
              hsize_t *dims,
              int      max_rank)
{
  g_auto(Hid) space = H5Dget_space (dset);
  int rank;

  if (space < 0)
    return -1;

  if (H5Sget_simple_extent_type (space) == H5S_SCALAR)
    return 0;

  rank = H5Sget_simple_extent_ndims (space);
  if (rank < 0 || rank > max_rank)
    return -1;

  if (H5Sget_simple_extent_dims (space, dims, NULL) < 0)
    return -1;

  return rank;
}

static char *
dims_string (const hsize_t *dims,
             int            rank)
{
  GString *str = g_string_new ("[");

  for (int i = 0; i < rank; i++)
    g_string_append_printf (str, "%s%llu", i > 0 ? ", " : "",
                            (unsigned long long)dims[i]);
  g_string_append_c (str, ']');

  return g_string_free (str, FALSE);
}

/* A 1-D dataset of strings (fixed or variable length) or integers, as
 * UTF-8 strings; @what names it in errors. */
static GPtrArray *
read_string_list (const Reader  *r,
                  hid_t          dset,
                  const char    *what,
                  GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_auto(Hid) type = H5I_INVALID_HID;
  g_auto(Hid) space = H5I_INVALID_HID;
  hsize_t dims[1];
  H5T_class_t klass;
  gsize n;
  int rank;

  rank = dataset_dims (dset, dims, 1);
  if (rank != 1)
    {
      set_error (error, GAIT_ERROR_PARSE, r, "%s is not a list (one dimension)", what);
      return NULL;
    }

  n = dims[0];
  if (n == 0)
    return g_steal_pointer (&list);
  if (n > MAX_LIST_ITEMS)
    {
      set_error (error, GAIT_ERROR_PARSE, r, "%s has %" G_GSIZE_FORMAT " items: too many",
                 what, n);
      return NULL;
    }

  if ((type = H5Dget_type (dset)) < 0 || (space = H5Dget_space (dset)) < 0)
    {
      set_hdf5_error (error, r, "cannot read %s", what);
      return NULL;
    }

  klass = H5Tget_class (type);
  if (klass == H5T_STRING && H5Tis_variable_str (type) > 0)
    {
      g_auto(Hid) memtype = H5Tcopy (H5T_C_S1);
      g_autofree char **strings = g_try_new0 (char *, n);
      herr_t status;

      if (strings == NULL ||
          memtype < 0 ||
          H5Tset_size (memtype, H5T_VARIABLE) < 0 ||
          H5Tset_cset (memtype, H5Tget_cset (type)) < 0 ||
          H5Dread (dset, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings) < 0)
        {
          set_hdf5_error (error, r, "cannot read %s", what);
          return NULL;
        }

      for (gsize i = 0; i < n; i++)
        g_ptr_array_add (list, g_strdup (strings[i] != NULL ? strings[i] : ""));

#if H5_VERSION_GE (1, 12, 0)
      status = H5Treclaim (memtype, space, H5P_DEFAULT, strings);
#else
      status = H5Dvlen_reclaim (memtype, space, H5P_DEFAULT, strings);
#endif
      (void)status;
    }
  else if (klass == H5T_STRING)
    {
      gsize size = H5Tget_size (type);
      H5T_str_t pad = H5Tget_strpad (type);
      g_autofree char *buf = NULL;

      if (size == 0 || size > MAX_STRING_BYTES || n * size > MAX_STRING_BYTES * 16 ||
          (buf = g_try_malloc (n * size)) == NULL)
        {
          set_error (error, GAIT_ERROR_PARSE, r, "%s: %" G_GSIZE_FORMAT
                     " strings of %" G_GSIZE_FORMAT " bytes are too large",
                     what, n, size);
          return NULL;
        }

      if (H5Dread (dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        {
          set_hdf5_error (error, r, "cannot read %s", what);
          return NULL;
        }

      for (gsize i = 0; i < n; i++)
        {
          const char *s = buf + i * size;

          g_ptr_array_add (list, g_strndup (s, fixed_string_length (s, size, pad)));
        }
    }
  else if (klass == H5T_INTEGER)
    {
      g_autofree long long *values = g_try_new (long long, n);

      if (values == NULL ||
          H5Dread (dset, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0)
        {
          set_hdf5_error (error, r, "cannot read %s", what);
          return NULL;
        }

      for (gsize i = 0; i < n; i++)
        g_ptr_array_add (list, g_strdup_printf ("%lld", values[i]));
    }
  else
    {
      set_error (error, GAIT_ERROR_PARSE, r, "%s holds neither strings nor integers", what);
      return NULL;
    }

  for (guint i = 0; i < list->len; i++)
    {
      if (!g_utf8_validate (g_ptr_array_index (list, i), -1, NULL))
        {
          set_error (error, GAIT_ERROR_PARSE, r, "%s: item %u is not valid UTF-8", what, i);
          return NULL;
        }
    }

  return g_steal_pointer (&list);
}

/* A 1-D dataset of integers. */
static GArray *
read_int_list (const Reader  *r,
               hid_t          dset,
               const char    *what,
               GError       **error)
{
  g_autoptr(GArray) values = NULL;
  g_auto(Hid) type = H5I_INVALID_HID;
  hsize_t dims[1];

  if (dataset_dims (dset, dims, 1) != 1 ||
      (type = H5Dget_type (dset)) < 0 ||
      H5Tget_class (type) != H5T_INTEGER)
    {
      set_error (error, GAIT_ERROR_PARSE, r, "%s is not a list of integers", what);
      return NULL;
    }

  if (dims[0] > MAX_LIST_ITEMS)
    {
      set_error (error, GAIT_ERROR_PARSE, r, "%s has %llu items: too many", what,
                 (unsigned long long)dims[0]);
      return NULL;
    }

  values = g_array_sized_new (FALSE, TRUE, sizeof (long long), dims[0]);
  g_array_set_size (values, dims[0]);
  if (dims[0] > 0 &&
      H5Dread (dset, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, values->data) < 0)
    {
      set_hdf5_error (error, r, "cannot read %s", what);
      return NULL;
    }

  return g_steal_pointer (&values);
}

/* Why a dataset cannot be read when libhdf5 lacks one of its filters. */
static char *
missing_filter (hid_t dset)
{
  g_auto(Hid) dcpl = H5Dget_create_plist (dset);
  int n;

  if (dcpl < 0 || (n = H5Pget_nfilters (dcpl)) <= 0)
    return NULL;

  for (int i = 0; i < n; i++)
    {
      char name[64] = "";
      unsigned int flags;
      size_t n_values = 0;
      H5Z_filter_t id;

      id = H5Pget_filter2 (dcpl, i, &flags, &n_values, NULL, sizeof name, name, NULL);
      if (id < 0)
        continue;
      name[sizeof name - 1] = '\0';

      if (H5Zfilter_avail (id) <= 0)
        {
          const char *package = NULL;

          /* PyTables' and h5py's own filters, as Debian packages them. */
          if (id == 32001)
            {
              g_strlcpy (name, "blosc", sizeof name);
              package = "hdf5-filter-plugin-blosc-serial";
            }
          else if (id == 32000)
            {
              g_strlcpy (name, "lzf", sizeof name);
              package = "hdf5-plugin-lzf";
            }
          if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
            g_strlcpy (name, "an unknown filter", sizeof name);

          return g_strdup_printf ("it is compressed with %s (HDF5 filter %d), which "
                                  "this HDF5 library does not have: install its "
                                  "HDF5 plugin%s%s%s or rewrite the file with zlib "
                                  "compression or none",
                                  name, (int)id,
                                  package != NULL ? " (Debian: " : "",
                                  package != NULL ? package : "",
                                  package != NULL ? ")" : "");
        }
    }

  return NULL;
}

/* Reads a hyperslab of a dataset (start, count) as doubles into @buf. */
static gboolean
read_slab (const Reader   *r,
           hid_t           dset,
           hid_t           memtype,
           const hsize_t  *start,
           const hsize_t  *count,
           gsize           n_values,
           void           *buf,
           const char     *what,
           GError        **error)
{
  g_auto(Hid) filespace = H5Dget_space (dset);
  g_auto(Hid) memspace = H5I_INVALID_HID;
  hsize_t n = n_values;

  if (filespace < 0 ||
      H5Sselect_hyperslab (filespace, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
      (memspace = H5Screate_simple (1, &n, NULL)) < 0)
    {
      set_hdf5_error (error, r, "cannot read %s", what);
      return FALSE;
    }

  if (H5Dread (dset, memtype, memspace, filespace, H5P_DEFAULT, buf) < 0)
    {
      g_autofree char *cause = hdf5_message ();
      g_autofree char *filter = missing_filter (dset);

      if (filter != NULL)
        set_error (error, GAIT_ERROR_PARSE, r, "cannot read %s: %s", what, filter);
      else if (cause != NULL)
        set_error (error, GAIT_ERROR_PARSE, r, "cannot read %s (HDF5: %s)", what, cause);
      else
        set_error (error, GAIT_ERROR_PARSE, r, "cannot read %s", what);
      return FALSE;
    }

  return TRUE;
}

/* Numbers can be read as doubles: integers and floating point. */
static gboolean
is_number_type (hid_t type)
{
  H5T_class_t klass = H5Tget_class (type);

  return klass == H5T_FLOAT || klass == H5T_INTEGER;
}

/* Pickles ------------------------------------------------------------------ */

typedef enum
{
  PICKLE_MARK,
  PICKLE_NONE,
  PICKLE_INT,
  PICKLE_FLOAT,
  PICKLE_STRING,
  PICKLE_LIST,
  PICKLE_TUPLE,
  PICKLE_DICT,
  PICKLE_OBJECT,
} PickleKind;

typedef struct
{
  PickleKind  kind;
  gint64      integer;
  double      number;
  char       *string;     /* UTF-8 */
  GPtrArray  *items;      /* list, tuple; dict: key, value, key, value… */
} Pickle;

static void
pickle_free (gpointer data)
{
  Pickle *p = data;

  g_free (p->string);
  if (p->items != NULL)
    g_ptr_array_unref (p->items);
  g_free (p);
}

typedef struct
{
  GPtrArray  *nodes;      /* owns every node */
  GPtrArray  *stack;
  GHashTable *memo;
} Unpickler;

static Pickle *
pickle_new (Unpickler  *u,
            PickleKind  kind)
{
  Pickle *p = g_new0 (Pickle, 1);

  p->kind = kind;
  if (kind == PICKLE_LIST || kind == PICKLE_TUPLE || kind == PICKLE_DICT)
    p->items = g_ptr_array_new ();
  g_ptr_array_add (u->nodes, p);

  return p;
}

static Pickle *
pop (Unpickler *u)
{
  Pickle *p;

  if (u->stack->len == 0)
    return NULL;

  p = g_ptr_array_steal_index (u->stack, u->stack->len - 1);

  return p->kind == PICKLE_MARK ? NULL : p;
}

static Pickle *
top (Unpickler *u)
{
  Pickle *p;

  if (u->stack->len == 0)
    return NULL;

  p = g_ptr_array_index (u->stack, u->stack->len - 1);

  return p->kind == PICKLE_MARK ? NULL : p;
}

/* Moves the items above the topmost mark into @into (may be NULL: drop
 * them) and removes the mark. */
static gboolean
pop_to_mark (Unpickler *u,
             GPtrArray *into)
{
  guint mark = u->stack->len;

  while (mark > 0 && ((Pickle *)g_ptr_array_index (u->stack, mark - 1))->kind != PICKLE_MARK)
    mark--;
  if (mark == 0)
    return FALSE;

  for (guint i = mark; i < u->stack->len; i++)
    if (into != NULL)
      g_ptr_array_add (into, g_ptr_array_index (u->stack, i));

  g_ptr_array_set_size (u->stack, mark - 1);

  return TRUE;
}

static gboolean
hex_value (const char *p,
           guint       n,
           gunichar   *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return FALSE;
      *value = *value * 16 + d;
    }

  return TRUE;
}

/* Python's raw-unicode-escape, as pickle protocol 0 writes str: bytes are
 * Latin-1 code points, \uXXXX and \UXXXXXXXX escapes (the only escapes) the
 * others; a backslash and a newline are themselves escaped. */
static char *
decode_raw_unicode (const char *s,
                    gsize       len)
{
  GString *out = g_string_sized_new (len);
  gsize i = 0;

  while (i < len)
    {
      guchar c = s[i];
      gunichar value;

      if (c == '\\' && i + 1 < len && (s[i + 1] == 'u' || s[i + 1] == 'U'))
        {
          guint n = s[i + 1] == 'u' ? 4 : 8;

          if (i + 2 + n > len || !hex_value (s + i + 2, n, &value))
            goto fail;
          i += 2 + n;

          /* A surrogate pair, as Python 2's narrow builds wrote. */
          if (value >= 0xD800 && value < 0xDC00)
            {
              gunichar low;

              if (i + 6 > len || s[i] != '\\' || s[i + 1] != 'u' ||
                  !hex_value (s + i + 2, 4, &low) || low < 0xDC00 || low > 0xDFFF)
                goto fail;
              i += 6;
              value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00);
            }

          if (!g_unichar_validate (value) || value == 0)
            goto fail;
          g_string_append_unichar (out, value);
        }
      else
        {
          g_string_append_unichar (out, c);
          i++;
        }
    }

  return g_string_free (out, FALSE);

fail:
  g_string_free (out, TRUE);
  return NULL;
}

/* Python 2's str in protocol 0: repr() of the bytes, quoted. Bytes that are
 * not UTF-8 are taken as Latin-1. */
static char *
decode_python_string (const char *s,
                      gsize       len)
{
  g_autoptr(GString) out = NULL;
  char quote_char;
  gsize i;

  if (len < 2 || (s[0] != '\'' && s[0] != '"') || s[len - 1] != s[0])
    return NULL;

  quote_char = s[0];
  out = g_string_sized_new (len);
  for (i = 1; i < len - 1; i++)
    {
      char c = s[i];

      if (c == quote_char)
        return NULL;

      if (c != '\\')
        {
          g_string_append_c (out, c);
          continue;
        }

      if (++i >= len - 1)
        return NULL;

      switch (s[i])
        {
        case '\\':
        case '\'':
        case '"':
          g_string_append_c (out, s[i]);
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'x':
          {
            gunichar value;

            if (i + 2 >= len - 1 || !hex_value (s + i + 1, 2, &value))
              return NULL;
            g_string_append_c (out, (char)value);
            i += 2;
          }
          break;
        default:
          if (s[i] >= '0' && s[i] <= '7')
            {
              guint value = 0;
              guint n = 0;

              while (n < 3 && i < len - 1 && s[i] >= '0' && s[i] <= '7')
                {
                  value = value * 8 + (s[i] - '0');
                  i++;
                  n++;
                }
              i--;
              g_string_append_c (out, (char)(value & 0xff));
            }
          else
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, s[i]);
            }
          break;
        }
    }

  if (memchr (out->str, '\0', out->len) != NULL)
    return NULL;

  if (g_utf8_validate (out->str, out->len, NULL))
    return g_strndup (out->str, out->len);

  return g_convert (out->str, out->len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

static gboolean
parse_pickle_int (const char *s,
                  gsize       len,
                  gint64     *value)
{
  g_autofree char *text = g_strndup (s, len);

  if (len > 0 && text[len - 1] == 'L')
    text[len - 1] = '\0';

  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, value, NULL);
}

/* Reads a protocol-0 pickle; the nodes belong to @nodes. NULL if it is not
 * one (or uses what this reader does not know). */
static Pickle *
unpickle (const char *data,
          gsize       length,
          GPtrArray  *nodes)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GHashTable) memo = g_hash_table_new (NULL, NULL);
  const char *end = data + length;
  const char *p = data;
  Unpickler u = { nodes, stack, memo };

  while (p < end)
    {
      char op = *p++;
      const char *line = p;
      const char *eol = NULL;
      gsize line_len = 0;
      Pickle *node = NULL;
      Pickle *value;
      Pickle *key;
      Pickle *container;
      gint64 n;

      /* Opcodes with an argument line. */
      if (op != '\0' && strchr ("ILFSVpgci", op) != NULL)
        {
          eol = memchr (p, '\n', end - p);
          if (eol == NULL)
            return NULL;
          line_len = eol - p;
          p = eol + 1;
        }

      switch (op)
        {
        case '(':
          node = pickle_new (&u, PICKLE_MARK);
          g_ptr_array_add (stack, node);
          break;

        case '.':
          if (stack->len != 1)
            return NULL;
          return top (&u);

        case 'N':
          g_ptr_array_add (stack, pickle_new (&u, PICKLE_NONE));
          break;

        case 'I':
        case 'L':
          node = pickle_new (&u, PICKLE_INT);
          if (op == 'I' && line_len == 2 && line[0] == '0' && (line[1] == '0' || line[1] == '1'))
            node->integer = line[1] == '1';
          else if (!parse_pickle_int (line, line_len, &node->integer))
            return NULL;
          g_ptr_array_add (stack, node);
          break;

        case 'F':
          {
            g_autofree char *text = g_strndup (line, line_len);
            char *text_end;

            node = pickle_new (&u, PICKLE_FLOAT);
            node->number = g_ascii_strtod (text, &text_end);
            if (text_end == text)
              return NULL;
            g_ptr_array_add (stack, node);
          }
          break;

        case 'V':
        case 'S':
          node = pickle_new (&u, PICKLE_STRING);
          node->string = op == 'V' ? decode_raw_unicode (line, line_len)
                                   : decode_python_string (line, line_len);
          if (node->string == NULL)
            return NULL;
          g_ptr_array_add (stack, node);
          break;

        case ']':
        case ')':
        case '}':
          g_ptr_array_add (stack, pickle_new (&u, op == ']' ? PICKLE_LIST :
                                                  op == ')' ? PICKLE_TUPLE : PICKLE_DICT));
          break;

        case 'l':
        case 't':
        case 'd':
          node = pickle_new (&u, op == 'l' ? PICKLE_LIST :
                                 op == 't' ? PICKLE_TUPLE : PICKLE_DICT);
          if (!pop_to_mark (&u, node->items) || (op == 'd' && node->items->len % 2 != 0))
            return NULL;
          g_ptr_array_add (stack, node);
          break;

        case 'a':
          value = pop (&u);
          container = top (&u);
          if (value == NULL || container == NULL || container->kind != PICKLE_LIST)
            return NULL;
          g_ptr_array_add (container->items, value);
          break;

        case 'e':
          {
            g_autoptr(GPtrArray) items = g_ptr_array_new ();

            if (!pop_to_mark (&u, items))
              return NULL;
            container = top (&u);
            if (container == NULL || container->kind != PICKLE_LIST)
              return NULL;
            g_ptr_array_extend (container->items, items, NULL, NULL);
          }
          break;

        case 's':
          value = pop (&u);
          key = pop (&u);
          container = top (&u);
          if (value == NULL || key == NULL || container == NULL ||
              container->kind != PICKLE_DICT)
            return NULL;
          g_ptr_array_add (container->items, key);
          g_ptr_array_add (container->items, value);
          break;

        case 'u':
          {
            g_autoptr(GPtrArray) items = g_ptr_array_new ();

            if (!pop_to_mark (&u, items) || items->len % 2 != 0)
              return NULL;
            container = top (&u);
            if (container == NULL || container->kind != PICKLE_DICT)
              return NULL;
            g_ptr_array_extend (container->items, items, NULL, NULL);
          }
          break;

        case 'p':
          if (!parse_pickle_int (line, line_len, &n) || n < 0 || n > G_MAXINT ||
              (node = top (&u)) == NULL)
            return NULL;
          g_hash_table_insert (memo, GINT_TO_POINTER ((int)n), node);
          break;

        case 'g':
          if (!parse_pickle_int (line, line_len, &n) || n < 0 || n > G_MAXINT ||
              (node = g_hash_table_lookup (memo, GINT_TO_POINTER ((int)n))) == NULL)
            return NULL;
          g_ptr_array_add (stack, node);
          break;

        case '0':
          if (pop (&u) == NULL)
            return NULL;
          break;

        case '1':
          if (!pop_to_mark (&u, NULL))
            return NULL;
          break;

        case '2':
          if ((node = top (&u)) == NULL)
            return NULL;
          g_ptr_array_add (stack, node);
          break;

        case 'c':
          /* GLOBAL: module and name lines. The object is not made. */
          eol = memchr (p, '\n', end - p);
          if (eol == NULL)
            return NULL;
          p = eol + 1;
          g_ptr_array_add (stack, pickle_new (&u, PICKLE_OBJECT));
          break;

        case 'i':
          eol = memchr (p, '\n', end - p);
          if (eol == NULL || !pop_to_mark (&u, NULL))
            return NULL;
          p = eol + 1;
          g_ptr_array_add (stack, pickle_new (&u, PICKLE_OBJECT));
          break;

        case 'o':
          if (!pop_to_mark (&u, NULL))
            return NULL;
          g_ptr_array_add (stack, pickle_new (&u, PICKLE_OBJECT));
          break;

        case 'R':
          if (pop (&u) == NULL || pop (&u) == NULL)
            return NULL;
          g_ptr_array_add (stack, pickle_new (&u, PICKLE_OBJECT));
          break;

        case 'b':
          if (pop (&u) == NULL || top (&u) == NULL)
            return NULL;
          break;

        default:
          return NULL;
        }
    }

  return NULL;
}

/* Unpickles an attribute; NULL if absent or not a pickle. */
static Pickle *
read_pickle_attribute (hid_t       obj,
                       const char *name,
                       GPtrArray  *nodes)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  text = read_string_attribute (obj, name, &length);
  if (text == NULL)
    return NULL;

  return unpickle (text, length, nodes);
}

static Pickle *
dict_lookup (Pickle     *dict,
             const char *str_key,
             gint64      int_key)
{
  if (dict == NULL || dict->kind != PICKLE_DICT)
    return NULL;

  for (guint i = 0; i + 1 < dict->items->len; i += 2)
    {
      Pickle *key = g_ptr_array_index (dict->items, i);

      if (str_key != NULL && key->kind == PICKLE_STRING && g_str_equal (key->string, str_key))
        return g_ptr_array_index (dict->items, i + 1);
      if (str_key == NULL && key->kind == PICKLE_INT && key->integer == int_key)
        return g_ptr_array_index (dict->items, i + 1);
    }

  return NULL;
}

static gboolean
is_sequence (Pickle *p)
{
  return p != NULL && (p->kind == PICKLE_LIST || p->kind == PICKLE_TUPLE);
}

/* A level value of a column label as text; NULL if it is not a string or
 * number. */
static char *
pickle_text (Pickle *p)
{
  switch (p->kind)
    {
    case PICKLE_STRING:
      return g_strdup (p->string);
    case PICKLE_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, p->integer);
    case PICKLE_NONE:
      return g_strdup ("");
    case PICKLE_FLOAT:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buf, sizeof buf, p->number));
      }
    default:
      return NULL;
    }
}

/* Column labels (tuples of level values, or plain values) as a GPtrArray
 * of string vectors, all @n_levels long. */
static GPtrArray *
pickle_labels (Pickle *list,
               guint  *n_levels)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  if (!is_sequence (list))
    return NULL;

  for (guint i = 0; i < list->items->len; i++)
    {
      Pickle *item = g_ptr_array_index (list->items, i);
      g_auto(GStrv) label = NULL;
      guint n = item->kind == PICKLE_TUPLE ? item->items->len : 1;

      if (i == 0)
        *n_levels = n;
      else if (n != *n_levels)
        return NULL;

      label = g_new0 (char *, n + 1);
      for (guint l = 0; l < n; l++)
        {
          Pickle *value = item->kind == PICKLE_TUPLE ? g_ptr_array_index (item->items, l) : item;

          if ((label[l] = pickle_text (value)) == NULL)
            return NULL;
        }
      g_ptr_array_add (labels, g_steal_pointer (&label));
    }

  if (labels->len == 0)
    *n_levels = 0;

  return g_steal_pointer (&labels);
}

/* DeepLabCut: pandas frames ------------------------------------------------ */

typedef struct
{
  guint       n_levels;
  GPtrArray  *level_names;    /* n_levels names, NULL where unnamed */
  GPtrArray  *labels;         /* of GStrv (n_levels values): the columns */
} Columns;

static void
columns_clear (Columns *c)
{
  g_clear_pointer (&c->level_names, g_ptr_array_unref);
  g_clear_pointer (&c->labels, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Columns, columns_clear)

typedef struct
{
  char       *name;           /* a field of the table, or a dataset */
  hid_t       dataset;
  GPtrArray  *labels;         /* of GStrv: the block's columns */
  guint       n_items;
  gboolean    items_first;    /* fixed format: [columns, rows] */
  gboolean    table;          /* a field of a table */
} Block;

static void
block_free (gpointer data)
{
  Block *b = data;

  g_free (b->name);
  hid_close (b->dataset);
  if (b->labels != NULL)
    g_ptr_array_unref (b->labels);
  g_free (b);
}

static char *
label_key (char **label)
{
  GString *key = g_string_new (NULL);

  for (guint l = 0; label[l] != NULL; l++)
    g_string_append_printf (key, "%" G_GSIZE_FORMAT ":%s;", strlen (label[l]), label[l]);

  return g_string_free (key, FALSE);
}

static char *
label_string (char **label)
{
  g_autofree char *joined = g_strjoinv (", ", label);
  g_autofree char *quoted = _gait_tracking_quote (joined, -1, QUOTE_MAX);

  return g_strdup_printf ("(%s)", quoted);
}

/* GaitColumnLabels.describe */
static char *
describe_column (gpointer data,
                 guint    column)
{
  const Columns *c = data;

  return label_string (g_ptr_array_index (c->labels, column));
}

typedef struct
{
  int scorer;
  int individuals;
  int bodyparts;
  int coords;
} Roles;

/* Which level is which: by name, or else by number. */
static gboolean
find_roles (const Columns *c,
            Roles         *roles)
{
  static const char * const names[] = { "scorer", "individuals", "bodyparts", "coords" };
  int found[G_N_ELEMENTS (names)] = { -1, -1, -1, -1 };
  gboolean all_named = TRUE;

  for (guint l = 0; l < c->n_levels; l++)
    {
      const char *name = g_ptr_array_index (c->level_names, l);
      gboolean known = FALSE;

      for (guint k = 0; name != NULL && k < G_N_ELEMENTS (names); k++)
        {
          if (g_ascii_strcasecmp (name, names[k]) == 0 && found[k] < 0)
            {
              found[k] = l;
              known = TRUE;
            }
        }
      if (!known)
        all_named = FALSE;
    }

  if (all_named && found[2] >= 0 && found[3] >= 0)
    {
      roles->scorer = found[0];
      roles->individuals = found[1];
      roles->bodyparts = found[2];
      roles->coords = found[3];
      return TRUE;
    }

  switch (c->n_levels)
    {
    case 2:
      *roles = (Roles) { -1, -1, 0, 1 };
      return TRUE;
    case 3:
      *roles = (Roles) { 0, -1, 1, 2 };
      return TRUE;
    case 4:
      *roles = (Roles) { 0, 1, 2, 3 };
      return TRUE;
    default:
      return FALSE;
    }
}

/* The landmark's first column, where the frame names it first. */
static int
first_column (const GaitLandmarkColumns *lm)
{
  int first = -1;

  for (guint k = 0; k < GAIT_N_CHANNELS; k++)
    if (lm->columns[k] >= 0 && (first < 0 || lm->columns[k] < first))
      first = lm->columns[k];

  return first;
}

/* Builds the tracking from the frame's columns and the value blocks. */
static GaitTracking *
build_from_frame (const Reader  *r,
                  const char    *key,
                  Columns       *c,
                  GPtrArray     *blocks,
                  hsize_t        n_rows,
                  GError       **error)
{
  g_autoptr(GaitTracking) self = NULL;
  g_autoptr(GHashTable) by_label = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GaitColumnMap) map = { NULL, NULL, NULL, FALSE };
  g_autofree const char **individuals = NULL;
  g_autofree const char **bodyparts = NULL;
  g_autofree const char **coords = NULL;
  g_autofree int *dest = NULL;          /* per column: landmark * 3 + channel, or -1 */
  g_autofree gboolean *covered = NULL;
  g_autofree char **names = NULL;
  g_autofree double *buf = NULL;
  const char *scorer = NULL;
  guint n_columns = c->labels->len;
  GaitColumnLabels labels;
  Roles roles;

  if (!find_roles (c, &roles))
    {
      g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *list = NULL;

      for (guint j = 0; j < n_columns && j < 6; j++)
        g_ptr_array_add (shown, g_strjoinv (", ", g_ptr_array_index (c->labels, j)));
      list = join_names (shown, 5);

      set_error (error, GAIT_ERROR_PARSE, r,
                 "not a DeepLabCut file: the columns of \"%s\" have %u level%s (%s); "
                 "expected scorer, [individuals,] bodyparts and coords",
                 key, c->n_levels, c->n_levels == 1 ? "" : "s", list);
      return NULL;
    }

  if (n_rows == 0)
    {
      set_error (error, GAIT_ERROR_EMPTY, r, "\"%s\" has no frames", key);
      return NULL;
    }
  if (n_rows > G_MAXUINT)
    {
      set_error (error, GAIT_ERROR_PARSE, r, "\"%s\" has too many frames", key);
      return NULL;
    }

  /* Each column once (the blocks find theirs by its labels), and its
   * individual, bodypart and coordinate. */
  individuals = g_new (const char *, MAX (n_columns, 1));
  bodyparts = g_new (const char *, MAX (n_columns, 1));
  coords = g_new (const char *, MAX (n_columns, 1));
  for (guint j = 0; j < n_columns; j++)
    {
      char **label = g_ptr_array_index (c->labels, j);

      if (!g_hash_table_insert (by_label, label_key (label), GUINT_TO_POINTER (j + 1)))
        {
          g_autofree char *text = label_string (label);

          set_error (error, GAIT_ERROR_PARSE, r, "column %u %s appears twice", j + 1, text);
          return NULL;
        }

      individuals[j] = roles.individuals >= 0 ? label[roles.individuals] : NULL;
      bodyparts[j] = label[roles.bodyparts];
      coords[j] = label[roles.coords];
    }

  labels = (GaitColumnLabels) {
    .file = r->name,
    .first = 0,
    .n_columns = n_columns,
    .individuals = roles.individuals >= 0 ? individuals : NULL,
    .bodyparts = bodyparts,
    .coords = coords,
    .individuals_place = "individuals level",
    .describe = describe_column,
    .describe_data = c,
  };
  if (!_gait_tracking_map_columns (&labels, r->individual, &map, error))
    return NULL;
  g_ptr_array_add (map.individuals, NULL);

  if (map.landmarks->len == 0)
    {
      set_error (error, GAIT_ERROR_PARSE, r, "\"%s\" has no x/y columns", key);
      return NULL;
    }

  dest = g_new (int, MAX (n_columns, 1));
  for (guint j = 0; j < n_columns; j++)
    dest[j] = -1;

  names = g_new0 (char *, map.landmarks->len + 1);
  for (guint i = 0; i < map.landmarks->len; i++)
    {
      GaitLandmarkColumns *lm = g_ptr_array_index (map.landmarks, i);

      for (guint k = 0; k < GAIT_N_CHANNELS; k++)
        if (lm->columns[k] >= 0)
          dest[lm->columns[k]] = i * GAIT_N_CHANNELS + k;

      if (scorer == NULL && roles.scorer >= 0)
        {
          char **label = g_ptr_array_index (c->labels, first_column (lm));

          if (*label[roles.scorer] != '\0')
            scorer = label[roles.scorer];
        }
      names[i] = (char *)lm->name;
    }

  self = _gait_tracking_new_for_reader (n_rows, map.landmarks->len,
                                        (const char * const *)names,
                                        (const char * const *)map.individuals->pdata,
                                        map.selected, scorer, map.has_likelihood);
  if (self == NULL)
    {
      set_error (error, GAIT_ERROR_FAILED, r,
                 "not enough memory for %llu frames of %u landmarks",
                 (unsigned long long)n_rows, map.landmarks->len);
      return NULL;
    }

  /* Values, block by block, a few MiB of rows at a time. */
  covered = g_new0 (gboolean, MAX (n_columns, 1));
  for (guint b = 0; b < blocks->len; b++)
    {
      Block *block = g_ptr_array_index (blocks, b);
      g_autofree double **targets = g_new0 (double *, MAX (block->n_items, 1));
      g_autofree char *what = NULL;
      g_auto(Hid) memtype = H5I_INVALID_HID;
      gboolean wanted = FALSE;
      hsize_t chunk;

      for (guint i = 0; i < block->n_items; i++)
        {
          char **label = g_ptr_array_index (block->labels, i);
          g_autofree char *lkey = label_key (label);
          guint j = GPOINTER_TO_UINT (g_hash_table_lookup (by_label, lkey));
          int d;

          if (j == 0)
            {
              g_autofree char *text = label_string (label);

              set_error (error, GAIT_ERROR_PARSE, r,
                         "the values \"%s\" of \"%s\" name a column %s that the frame does not have",
                         block->name, key, text);
              return NULL;
            }
          j--;
          covered[j] = TRUE;

          d = dest[j];
          if (d < 0)
            continue;

          switch (d % GAIT_N_CHANNELS)
            {
            case GAIT_CHANNEL_X:
              targets[i] = gait_tracking_get_x_mutable (self, d / GAIT_N_CHANNELS);
              break;
            case GAIT_CHANNEL_Y:
              targets[i] = gait_tracking_get_y_mutable (self, d / GAIT_N_CHANNELS);
              break;
            default:
              targets[i] = gait_tracking_get_likelihood_mutable (self, d / GAIT_N_CHANNELS);
              break;
            }
          wanted = TRUE;
        }

      if (!wanted)
        continue;

      what = g_strdup_printf ("the values \"%s\" of \"%s\"", block->name, key);
      chunk = MAX (READ_CHUNK_BYTES / sizeof (double) / MAX (block->n_items, 1), 1);
      chunk = MIN (chunk, n_rows);
      g_clear_pointer (&buf, g_free);
      buf = g_try_new (double, chunk * block->n_items);
      if (buf == NULL)
        {
          set_error (error, GAIT_ERROR_FAILED, r, "not enough memory to read %s", what);
          return NULL;
        }

      /* A table's rows are read as the block's field alone: an array of
       * n_items doubles. */
      if (block->table)
        {
          g_auto(Hid) array = H5I_INVALID_HID;
          hsize_t n_items = block->n_items;

          if ((memtype = H5Tcreate (H5T_COMPOUND, block->n_items * sizeof (double))) < 0 ||
              (array = H5Tarray_create2 (H5T_NATIVE_DOUBLE, 1, &n_items)) < 0 ||
              H5Tinsert (memtype, block->name, 0, array) < 0)
            {
              set_hdf5_error (error, r, "cannot read %s", what);
              return NULL;
            }
        }

      for (hsize_t row0 = 0; row0 < n_rows; row0 += chunk)
        {
          hsize_t n = MIN (chunk, n_rows - row0);
          gboolean ok;

          if (block->table)
            {
              hsize_t start[1] = { row0 };
              hsize_t count[1] = { n };

              ok = read_slab (r, block->dataset, memtype, start, count, n, buf, what, error);
            }
          else if (block->items_first)
            {
              hsize_t start[2] = { 0, row0 };
              hsize_t count[2] = { block->n_items, n };

              ok = read_slab (r, block->dataset, H5T_NATIVE_DOUBLE, start, count,
                              n * block->n_items, buf, what, error);
            }
          else
            {
              hsize_t start[2] = { row0, 0 };
              hsize_t count[2] = { n, block->n_items };

              ok = read_slab (r, block->dataset, H5T_NATIVE_DOUBLE, start, count,
                              n * block->n_items, buf, what, error);
            }

          if (!ok)
            return NULL;

          for (guint i = 0; i < block->n_items; i++)
            {
              double *target = targets[i];
              gsize step = block->items_first ? 1 : block->n_items;
              const double *src = block->items_first ? buf + (gsize)i * n : buf + i;

              if (target == NULL)
                continue;

              target += row0;
              for (hsize_t f = 0; f < n; f++)
                target[f] = src[f * step];
            }
        }
    }

  for (guint j = 0; j < n_columns; j++)
    {
      if (dest[j] >= 0 && !covered[j])
        {
          g_autofree char *text = label_string (g_ptr_array_index (c->labels, j));

          set_error (error, GAIT_ERROR_PARSE, r, "column %u %s of \"%s\" has no values",
                     j + 1, text, key);
          return NULL;
        }
    }

  /* Missing likelihood is 0, as in CSV files; without a likelihood column
   * it is 1 where x and y are known. */
  for (guint i = 0; i < map.landmarks->len; i++)
    {
      GaitLandmarkColumns *lm = g_ptr_array_index (map.landmarks, i);
      double *lk = gait_tracking_get_likelihood_mutable (self, i);

      if (lm->columns[GAIT_CHANNEL_LIKELIHOOD] < 0)
        continue;

      for (hsize_t f = 0; f < n_rows; f++)
        if (isnan (lk[f]))
          lk[f] = 0.0;
    }
  _gait_tracking_fill_likelihood (self, &map);

  return g_steal_pointer (&self);
}

/* pandas "table" format. */
static GaitTracking *
read_pandas_table (const Reader  *r,
                   hid_t          group,
                   const char    *key,
                   GError       **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (pickle_free);
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (block_free);
  g_autoptr(GPtrArray) block_names = g_ptr_array_new_with_free_func (g_free);
  g_auto(Columns) c = { 0, NULL, NULL };
  g_auto(Hid) table = H5I_INVALID_HID;
  g_auto(Hid) ftype = H5I_INVALID_HID;
  Pickle *axes;
  Pickle *info;
  Pickle *values_cols;
  Pickle *labels = NULL;
  hsize_t dims[1];

  /* The frame's columns: non_index_axes = [(1, [label, …])]. */
  axes = read_pickle_attribute (group, "non_index_axes", nodes);
  for (guint i = 0; is_sequence (axes) && i < axes->items->len; i++)
    {
      Pickle *axis = g_ptr_array_index (axes->items, i);

      if (is_sequence (axis) && axis->items->len == 2 &&
          ((Pickle *)g_ptr_array_index (axis->items, 0))->kind == PICKLE_INT &&
          ((Pickle *)g_ptr_array_index (axis->items, 0))->integer == 1)
        labels = g_ptr_array_index (axis->items, 1);
    }

  if (labels == NULL || (c.labels = pickle_labels (labels, &c.n_levels)) == NULL)
    {
      set_error (error, GAIT_ERROR_PARSE, r,
                 "not a DeepLabCut file: the pandas table \"%s\" has no readable "
                 "column labels (attribute non_index_axes)", key);
      return NULL;
    }

  /* Level names: info = {1: {"names": [...]}, …}. */
  c.level_names = g_ptr_array_new_with_free_func (g_free);
  info = dict_lookup (read_pickle_attribute (group, "info", nodes), NULL, 1);
  info = dict_lookup (info, "names", 0);
  for (guint l = 0; l < c.n_levels; l++)
    {
      Pickle *name = NULL;

      if (is_sequence (info) && info->items->len == c.n_levels)
        name = g_ptr_array_index (info->items, l);
      g_ptr_array_add (c.level_names,
                       name != NULL && name->kind == PICKLE_STRING ? g_strdup (name->string) : NULL);
    }

  if (!link_exists (group, "table") ||
      (table = H5Dopen2 (group, "table", H5P_DEFAULT)) < 0 ||
      (ftype = H5Dget_type (table)) < 0 ||
      H5Tget_class (ftype) != H5T_COMPOUND ||
      dataset_dims (table, dims, 1) != 1)
    {
      set_error (error, GAIT_ERROR_PARSE, r,
                 "not a pandas table: \"%s\" has no dataset \"table\" of rows", key);
      return NULL;
    }

  /* The value blocks: values_cols = ["values_block_0", …], or the fields. */
  values_cols = read_pickle_attribute (group, "values_cols", nodes);
  for (guint i = 0; is_sequence (values_cols) && i < values_cols->items->len; i++)
    {
      Pickle *name = g_ptr_array_index (values_cols->items, i);

      if (name->kind == PICKLE_STRING)
        g_ptr_array_add (block_names, g_strdup (name->string));
    }
  if (block_names->len == 0)
    {
      int n_members = H5Tget_nmembers (ftype);

      for (int i = 0; i < n_members; i++)
        {
          char *name = H5Tget_member_name (ftype, i);

          if (name != NULL && g_str_has_prefix (name, "values_block_"))
            g_ptr_array_add (block_names, g_strdup (name));
          H5free_memory (name);
        }
    }

  for (guint b = 0; b < block_names->len; b++)
    {
      const char *name = g_ptr_array_index (block_names, b);
      g_autofree char *kind_name = g_strconcat (name, "_kind", NULL);
      g_auto(Hid) mtype = H5I_INVALID_HID;
      g_auto(Hid) base = H5I_INVALID_HID;
      Block *block;
      Pickle *kind;
      int index;
      guint n_levels = 0;
      guint n_items;

      index = H5Tget_member_index (ftype, name);
      if (index < 0 || (mtype = H5Tget_member_type (ftype, index)) < 0)
        {
          set_error (error, GAIT_ERROR_PARSE, r,
                     "the table \"%s\" has no field \"%s\"", key, name);
          return NULL;
        }

      if (H5Tget_class (mtype) == H5T_ARRAY)
        {
          hsize_t adims[1];

          if (H5Tget_array_ndims (mtype) != 1 ||
              H5Tget_array_dims2 (mtype, adims) < 0 ||
              adims[0] > G_MAXUINT ||
              (base = H5Tget_super (mtype)) < 0)
            {
              set_error (error, GAIT_ERROR_PARSE, r,
                         "the field \"%s\" of the table \"%s\" is not a row of values",
                         name, key);
              return NULL;
            }
          n_items = adims[0];
        }
      else
        {
          base = H5Tcopy (mtype);
          n_items = 1;
        }

      if (base < 0 || !is_number_type (base))
        {
          set_error (error, GAIT_ERROR_PARSE, r,
                     "the field \"%s\" of the table \"%s\" does not hold numbers",
                     name, key);
          return NULL;
        }

      block = g_new0 (Block, 1);
      block->name = g_strdup (name);
      block->dataset = H5I_INVALID_HID;
      block->table = TRUE;
      block->n_items = n_items;
      g_ptr_array_add (blocks, block);

      kind = read_pickle_attribute (table, kind_name, nodes);
      if (kind != NULL)
        block->labels = pickle_labels (kind, &n_levels);
      else if (block_names->len == 1)
        {
          block->labels = g_ptr_array_ref (c.labels);
          n_levels = c.n_levels;
        }

      if (block->labels == NULL ||
          (block->labels->len > 0 && n_levels != c.n_levels) ||
          block->labels->len != n_items)
        {
          set_error (error, GAIT_ERROR_PARSE, r,
                     "the field \"%s\" of the table \"%s\" has %u values per row "
                     "but %s column labels", name, key, n_items,
                     block->labels == NULL ? "no readable" : "other");
          return NULL;
        }

      /* The table, open once: a reference for each of its blocks. */
      if (H5Iinc_ref (table) < 0)
        {
          set_hdf5_error (error, r, "cannot open the table \"%s\"", key);
          return NULL;
        }
      block->dataset = table;
    }

  return build_from_frame (r, key, &c, blocks, dims[0], error);
}

/* pandas "fixed" format: an index (columns) described by @prefix. */
static gboolean
read_fixed_index (const Reader  *r,
                  hid_t          group,
                  const char    *key,
                  const char    *prefix,
                  Columns       *c,
                  GError       **error)
{
  g_autofree char *variety_name = g_strconcat (prefix, "_variety", NULL);
  g_autofree char *variety = read_string_attribute (group, variety_name, NULL);
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  gint64 n_levels = 1;
  guint n_columns = 0;

  c->level_names = g_ptr_array_new_with_free_func (g_free);
  c->labels = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  if (variety != NULL && g_str_equal (variety, "multi"))
    {
      g_autofree char *nlevels_name = g_strconcat (prefix, "_nlevels", NULL);

      if (!read_int_attribute (group, nlevels_name, &n_levels) || n_levels < 1 || n_levels > 64)
        {
          set_error (error, GAIT_ERROR_PARSE, r,
                     "not a pandas frame: \"%s\" lacks the attribute %s", key, nlevels_name);
          return FALSE;
        }
    }
  else if (variety == NULL || !g_str_equal (variety, "regular"))
    {
      set_error (error, GAIT_ERROR_PARSE, r,
                 "not a pandas frame: \"%s\" has no column index %s", key, prefix);
      return FALSE;
    }

  for (gint64 l = 0; l < n_levels; l++)
    {
      g_autofree char *level_name = NULL;
      g_autofree char *label_name = NULL;
      g_autofree char *what = NULL;
      g_auto(Hid) level = H5I_INVALID_HID;
      g_autoptr(GPtrArray) values = NULL;
      g_autoptr(GArray) level_codes = NULL;
      char *name;

      if (g_str_equal (variety, "multi"))
        {
          level_name = g_strdup_printf ("%s_level%" G_GINT64_FORMAT, prefix, l);
          label_name = g_strdup_printf ("%s_label%" G_GINT64_FORMAT, prefix, l);
        }
      else
        level_name = g_strdup (prefix);

      what = g_strdup_printf ("\"%s/%s\"", key, level_name);
      if (object_type (group, level_name) != H5I_DATASET ||
          (level = H5Dopen2 (group, level_name, H5P_DEFAULT)) < 0)
        {
          set_error (error, GAIT_ERROR_PARSE, r, "not a pandas frame: %s is missing", what);
          return FALSE;
        }

      if ((values = read_string_list (r, level, what, error)) == NULL)
        return FALSE;

      /* The level's name; "N." is a pickled None. */
      name = read_string_attribute (level, "name", NULL);
      if (name != NULL && g_str_equal (name, "N."))
        g_clear_pointer (&name, g_free);
      g_ptr_array_add (c->level_names, name);

      if (label_name != NULL)
        {
          g_auto(Hid) label = H5I_INVALID_HID;
          g_autofree char *label_what = g_strdup_printf ("\"%s/%s\"", key, label_name);

          if (object_type (group, label_name) != H5I_DATASET ||
              (label = H5Dopen2 (group, label_name, H5P_DEFAULT)) < 0)
            {
              set_error (error, GAIT_ERROR_PARSE, r, "not a pandas frame: %s is missing",
                         label_what);
              return FALSE;
            }
          if ((level_codes = read_int_list (r, label, label_what, error)) == NULL)
            return FALSE;

          for (guint j = 0; j < level_codes->len; j++)
            {
              long long code = g_array_index (level_codes, long long, j);

              if (code >= (long long)values->len)
                {
                  set_error (error, GAIT_ERROR_PARSE, r,
                             "%s: code %lld has no label in %s", label_what, code, what);
                  return FALSE;
                }
            }
        }
      else
        {
          level_codes = g_array_sized_new (FALSE, FALSE, sizeof (long long), values->len);
          for (guint j = 0; j < values->len; j++)
            {
              long long code = j;

              g_array_append_val (level_codes, code);
            }
        }

      if (l == 0)
        n_columns = level_codes->len;
      else if (level_codes->len != n_columns)
        {
          set_error (error, GAIT_ERROR_PARSE, r,
                     "the column levels of \"%s\" have different lengths", key);
          return FALSE;
        }

      g_ptr_array_add (levels, g_steal_pointer (&values));
      g_ptr_array_add (codes, g_steal_pointer (&level_codes));
    }

  c->n_levels = n_levels;
  for (guint j = 0; j < n_columns; j++)
    {
      char **label = g_new0 (char *, n_levels + 1);

      for (gint64 l = 0; l < n_levels; l++)
        {
          GPtrArray *values = g_ptr_array_index (levels, l);
          long long code = g_array_index ((GArray *)g_ptr_array_index (codes, l), long long, j);

          /* -1: a missing label (NaN) */
          label[l] = g_strdup (code >= 0 ? (char *)g_ptr_array_index (values, code) : "");
        }
      g_ptr_array_add (c->labels, label);
    }

  return TRUE;
}

/* pandas "fixed" format. */
static GaitTracking *
read_pandas_fixed (const Reader  *r,
                   hid_t          group,
                   const char    *key,
                   GError       **error)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (block_free);
  g_auto(Columns) c = { 0, NULL, NULL };
  gint64 n_blocks = 0;
  hsize_t n_rows = 0;

  if (!read_fixed_index (r, group, key, "axis0", &c, error))
    return NULL;

  if (!read_int_attribute (group, "nblocks", &n_blocks) || n_blocks < 0 || n_blocks > 4096)
    {
      set_error (error, GAIT_ERROR_PARSE, r,
                 "not a pandas frame: \"%s\" lacks the attribute nblocks", key);
      return NULL;
    }

  for (gint64 b = 0; b < n_blocks; b++)
    {
      g_autofree char *items_name = g_strdup_printf ("block%" G_GINT64_FORMAT "_items", b);
      g_autofree char *values_name = g_strdup_printf ("block%" G_GINT64_FORMAT "_values", b);
      g_auto(Columns) items = { 0, NULL, NULL };
      g_auto(Hid) type = H5I_INVALID_HID;
      hsize_t dims[2];
      Block *block;
      hsize_t rows;

      if (!read_fixed_index (r, group, key, items_name, &items, error))
        return NULL;

      block = g_new0 (Block, 1);
      block->name = g_strdup (values_name);
      block->dataset = H5I_INVALID_HID;
      block->labels = g_ptr_array_ref (items.labels);
      block->n_items = items.labels->len;
      g_ptr_array_add (blocks, block);

      if (items.n_levels != c.n_levels && items.labels->len > 0)
        {
          set_error (error, GAIT_ERROR_PARSE, r,
                     "the columns of \"%s/%s\" do not match the frame's", key, values_name);
          return NULL;
        }

      if (object_type (group, values_name) != H5I_DATASET ||
          (block->dataset = H5Dopen2 (group, values_name, H5P_DEFAULT)) < 0)
        {
          set_error (error, GAIT_ERROR_PARSE, r,
                     "not a pandas frame: \"%s/%s\" is missing", key, values_name);
          return NULL;
        }

      /* An empty frame is stored as a placeholder with its shape. */
      if (H5Aexists (block->dataset, "shape") > 0)
        {
          set_error (error, GAIT_ERROR_EMPTY, r, "\"%s\" has no frames", key);
          return NULL;
        }

      if (dataset_dims (block->dataset, dims, 2) != 2 ||
          (type = H5Dget_type (block->dataset)) < 0 ||
          !is_number_type (type))
        {
          set_error (error, GAIT_ERROR_PARSE, r,
                     "\"%s/%s\" is not a table of numbers", key, values_name);
          return NULL;
        }

      block->items_first = !read_flag_attribute (block->dataset, "transposed");
      rows = block->items_first ? dims[1] : dims[0];
      if ((block->items_first ? dims[0] : dims[1]) != block->n_items ||
          (b > 0 && rows != n_rows))
        {
          g_autofree char *shape = dims_string (dims, 2);

          set_error (error, GAIT_ERROR_PARSE, r,
                     "\"%s/%s\" has shape %s; expected %u columns%s", key, values_name,
                     shape, block->n_items, b > 0 ? " and the other blocks' rows" : "");
          return NULL;
        }
      n_rows = rows;
    }

  if (n_blocks == 0)
    {
      set_error (error, GAIT_ERROR_EMPTY, r, "\"%s\" has no values", key);
      return NULL;
    }

  return build_from_frame (r, key, &c, blocks, n_rows, error);
}

static GaitTracking *
read_pandas (const Reader  *r,
             hid_t          file,
             const char    *name,
             GError       **error)
{
  g_autofree char *key = g_strconcat ("/", name, NULL);
  g_autofree char *pandas_type = NULL;
  g_auto(Hid) group = H5Gopen2 (file, name, H5P_DEFAULT);

  if (group < 0)
    {
      set_hdf5_error (error, r, "cannot open \"%s\"", key);
      return NULL;
    }

  pandas_type = read_string_attribute (group, "pandas_type", NULL);
  if (pandas_type != NULL && g_str_equal (pandas_type, "frame_table"))
    return read_pandas_table (r, group, key, error);
  if (pandas_type != NULL && g_str_equal (pandas_type, "frame"))
    return read_pandas_fixed (r, group, key, error);

  {
    g_autofree char *text = _gait_tracking_quote (pandas_type != NULL ? pandas_type : "", -1,
                                                  QUOTE_MAX);

    set_error (error, GAIT_ERROR_PARSE, r,
               "not a DeepLabCut file: \"%s\" is a pandas %s, not a data frame",
               key, text);
  }

  return NULL;
}

/* SLEAP analysis files ----------------------------------------------------- */

static hid_t
open_dataset (hid_t       file,
              const char *name)
{
  if (object_type (file, name) != H5I_DATASET)
    return H5I_INVALID_HID;

  return H5Dopen2 (file, name, H5P_DEFAULT);
}

/* read_slab() of doubles for SLEAP's datasets: @start and @count in the
 * transposed order (tracks first, frames last); a file that is not
 * transposed has every dimension in the reverse order. */
static gboolean
read_sleap_slab (const Reader   *r,
                 hid_t           dset,
                 gboolean        transposed,
                 const hsize_t  *start,
                 const hsize_t  *count,
                 int             rank,
                 double         *buf,
                 const char     *what,
                 GError        **error)
{
  hsize_t file_start[4];
  hsize_t file_count[4];
  gsize n_values = 1;

  g_assert (rank <= 4);

  for (int i = 0; i < rank; i++)
    {
      int k = transposed ? i : rank - 1 - i;

      file_start[i] = start[k];
      file_count[i] = count[k];
      n_values *= count[k];
    }

  return read_slab (r, dset, H5T_NATIVE_DOUBLE, file_start, file_count, n_values,
                    buf, what, error);
}

static GaitTracking *
read_sleap (const Reader  *r,
            hid_t          file,
            GError       **error)
{
  g_autoptr(GaitTracking) self = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GPtrArray) individuals = g_ptr_array_new_with_free_func (g_free);
  g_auto(Hid) dtracks = open_dataset (file, "tracks");
  g_auto(Hid) dnodes = open_dataset (file, "node_names");
  g_auto(Hid) dnames = open_dataset (file, "track_names");
  g_auto(Hid) dscores = open_dataset (file, "point_scores");
  g_auto(Hid) dinstance = open_dataset (file, "instance_scores");
  g_auto(Hid) type = H5I_INVALID_HID;
  g_autofree double *pos = NULL;
  g_autofree double *score = NULL;
  g_autofree double *inst = NULL;
  hsize_t dims[4];
  hsize_t sdims[3];
  hsize_t idims[2];
  gboolean transposed_ok;
  gboolean plain_ok;
  gboolean transposed;
  gboolean named;
  const char *selected = NULL;
  hsize_t n_nodes;
  hsize_t n_tracks;
  hsize_t n_frames;
  hsize_t chunk;
  guint track = 0;

  if (dtracks < 0 || dnodes < 0)
    {
      set_error (error, GAIT_ERROR_PARSE, r,
                 "not a SLEAP analysis file: \"%s\" is missing",
                 dtracks < 0 ? "tracks" : "node_names");
      return NULL;
    }

  if ((nodes = read_string_list (r, dnodes, "\"node_names\"", error)) == NULL)
    return NULL;
  if (dnames >= 0)
    {
      if ((tracks = read_string_list (r, dnames, "\"track_names\"", error)) == NULL)
        return NULL;
    }
  else
    tracks = g_ptr_array_new_with_free_func (g_free);

  if (nodes->len == 0)
    {
      set_error (error, GAIT_ERROR_PARSE, r, "\"node_names\" is empty: the skeleton has no nodes");
      return NULL;
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      const char *name = g_ptr_array_index (nodes, i);

      if (*name == '\0')
        {
          set_error (error, GAIT_ERROR_PARSE, r, "node %u has no name", i + 1);
          return NULL;
        }
      for (guint k = 0; k < i; k++)
        {
          if (g_str_equal (name, g_ptr_array_index (nodes, k)))
            {
              set_error (error, GAIT_ERROR_PARSE, r, "node \"%s\" appears twice", name);
              return NULL;
            }
        }
    }

  /* [tracks, 2, nodes, frames] (transposed for MATLAB, the default) or
   * [frames, nodes, 2, tracks]. Without tracks SLEAP writes no names and
   * one track. The other datasets follow the same order and cannot tell
   * the layouts apart: when both fit (two nodes, as many frames as
   * tracks) SLEAP's default is taken. */
  n_nodes = nodes->len;
  named = tracks->len > 0;
  n_tracks = named ? tracks->len : 1;
  if (dataset_dims (dtracks, dims, 4) != 4 ||
      (type = H5Dget_type (dtracks)) < 0 || !is_number_type (type))
    {
      set_error (error, GAIT_ERROR_PARSE, r,
                 "\"tracks\" is not an array of numbers with 4 dimensions");
      return NULL;
    }

  transposed_ok = dims[0] == n_tracks && dims[1] == 2 && dims[2] == n_nodes;
  plain_ok = dims[1] == n_nodes && dims[2] == 2 && dims[3] == n_tracks;
  transposed = transposed_ok;

  if (!transposed_ok && !plain_ok)
    {
      g_autofree char *shape = dims_string (dims, 4);

      set_error (error, GAIT_ERROR_PARSE, r,
                 "\"tracks\" has shape %s; expected [tracks, 2, nodes, frames] or "
                 "[frames, nodes, 2, tracks] with %u nodes (node_names) and %u "
                 "track%s (%s)", shape, nodes->len, (guint)n_tracks,
                 n_tracks == 1 ? "" : "s", named ? "track_names" : "no track_names");
      return NULL;
    }

  n_frames = transposed ? dims[3] : dims[0];

  if (n_frames == 0)
    {
      set_error (error, GAIT_ERROR_EMPTY, r, "\"tracks\" has no frames");
      return NULL;
    }
  if (n_frames > G_MAXUINT)
    {
      set_error (error, GAIT_ERROR_PARSE, r, "\"tracks\" is too large");
      return NULL;
    }

  /* Individuals: the track names; one unnamed track is a single animal. */
  if (named)
    {
      for (guint i = 0; i < tracks->len; i++)
        {
          const char *name = g_ptr_array_index (tracks, i);

          if (*name == '\0')
            {
              set_error (error, GAIT_ERROR_PARSE, r, "track %u has no name", i + 1);
              return NULL;
            }
          g_ptr_array_add (individuals, g_strdup (name));
        }
    }

  if (!_gait_tracking_select_individual (r->name, individuals, r->individual, "track names",
                                         &track, error))
    return NULL;
  if (individuals->len > 0)
    selected = g_ptr_array_index (individuals, track);
  g_ptr_array_add (individuals, NULL);
  g_ptr_array_add (nodes, NULL);

  /* Scores must match the layout, or they are not used. */
  if (dscores >= 0)
    {
      g_auto(Hid) stype = H5Dget_type (dscores);

      if (dataset_dims (dscores, sdims, 3) != 3 || stype < 0 || !is_number_type (stype) ||
          sdims[1] != n_nodes ||
          sdims[0] != (transposed ? n_tracks : n_frames) ||
          sdims[2] != (transposed ? n_frames : n_tracks))
        {
          g_autofree char *shape = dims_string (sdims, 3);

          set_error (error, GAIT_ERROR_PARSE, r,
                     "\"point_scores\" has shape %s; expected %s", shape,
                     transposed ? "[tracks, nodes, frames]" : "[frames, nodes, tracks]");
          return NULL;
        }
    }
  if (dinstance >= 0)
    {
      g_auto(Hid) itype = H5Dget_type (dinstance);

      if (dataset_dims (dinstance, idims, 2) != 2 || itype < 0 || !is_number_type (itype) ||
          idims[0] != (transposed ? n_tracks : n_frames) ||
          idims[1] != (transposed ? n_frames : n_tracks))
        {
          hid_close (dinstance);
          dinstance = H5I_INVALID_HID;
        }
    }

  self = _gait_tracking_new_for_reader (n_frames, n_nodes,
                                        (const char * const *)nodes->pdata,
                                        (const char * const *)individuals->pdata,
                                        selected, NULL, dscores >= 0);
  if (self == NULL)
    {
      set_error (error, GAIT_ERROR_FAILED, r,
                 "not enough memory for %llu frames of %u nodes",
                 (unsigned long long)n_frames, (guint)n_nodes);
      return NULL;
    }

  chunk = MAX (READ_CHUNK_BYTES / sizeof (double) / (2 * n_nodes), 1);
  chunk = MIN (chunk, n_frames);
  pos = g_try_new (double, chunk * 2 * n_nodes);
  score = g_try_new (double, chunk * n_nodes);
  inst = g_try_new (double, chunk);
  if (pos == NULL || score == NULL || inst == NULL)
    {
      set_error (error, GAIT_ERROR_FAILED, r, "not enough memory to read \"tracks\"");
      return NULL;
    }

  for (hsize_t f0 = 0; f0 < n_frames; f0 += chunk)
    {
      hsize_t nf = MIN (chunk, n_frames - f0);
      /* [track, 2, nodes, frames], [track, nodes, frames], [track, frames] */
      hsize_t start[4] = { track, 0, 0, f0 };
      hsize_t count[4] = { 1, 2, n_nodes, nf };
      hsize_t sstart[3] = { track, 0, f0 };
      hsize_t scount[3] = { 1, n_nodes, nf };
      hsize_t istart[2] = { track, f0 };
      hsize_t icount[2] = { 1, nf };
      /* Node n in frame f: its score is score[i], i = n * node_step +
       * f * frame_step; its x is pos[i * x_step], its y y_step after. */
      gsize node_step = transposed ? nf : 1;
      gsize frame_step = transposed ? 1 : n_nodes;
      gsize x_step = transposed ? 1 : 2;
      gsize y_step = transposed ? n_nodes * nf : 1;

      if (!read_sleap_slab (r, dtracks, transposed, start, count, 4,
                            pos, "\"tracks\"", error) ||
          (dscores >= 0 &&
           !read_sleap_slab (r, dscores, transposed, sstart, scount, 3,
                             score, "\"point_scores\"", error)) ||
          (dinstance >= 0 &&
           !read_sleap_slab (r, dinstance, transposed, istart, icount, 2,
                             inst, "\"instance_scores\"", error)))
        return NULL;

      if (dinstance < 0)
        for (hsize_t f = 0; f < nf; f++)
          inst[f] = NAN;

      for (guint n = 0; n < n_nodes; n++)
        {
          double *x = gait_tracking_get_x_mutable (self, n) + f0;
          double *y = gait_tracking_get_y_mutable (self, n) + f0;
          double *lk = gait_tracking_get_likelihood_mutable (self, n) + f0;

          for (hsize_t f = 0; f < nf; f++)
            {
              gsize point = n * node_step + f * frame_step;
              double s = dscores >= 0 ? score[point] : NAN;

              x[f] = pos[point * x_step];
              y[f] = pos[point * x_step + y_step];

              /* A point without a position is missing; a score is clamped
               * to 0…1; a point with a position but no score belongs to a
               * user-labelled instance (no instance score either): 1. */
              if (isnan (x[f]) || isnan (y[f]))
                lk[f] = 0.0;
              else if (!isnan (s))
                lk[f] = CLAMP (s, 0.0, 1.0);
              else
                lk[f] = isnan (inst[f]) ? 1.0 : 0.0;
            }
        }
    }

  return g_steal_pointer (&self);
}

/* Opening ------------------------------------------------------------------ */

#if H5_VERSION_GE (1, 13, 0) || \
    (H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 12 && H5_VERS_RELEASE >= 1) || \
    (H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 10 && H5_VERS_RELEASE >= 7)
# define HAVE_H5P_SET_FILE_LOCKING 1
#else
# define HAVE_H5P_SET_FILE_LOCKING 0
#endif

static hid_t
open_file (const Reader  *r,
           const char    *path,
           GError       **error)
{
  g_auto(Hid) fapl = H5Pcreate (H5P_FILE_ACCESS);
  g_autofree char *cause = NULL;
  hid_t file;
  htri_t is_hdf5;

  if (fapl >= 0)
    {
      /* Closing the file closes whatever is still open in it. */
      H5Pset_fclose_degree (fapl, H5F_CLOSE_STRONG);
#if HAVE_H5P_SET_FILE_LOCKING
      /* Only reading: a file another program is writing can still be read,
       * and a read-only file system does not fail. */
      H5Pset_file_locking (fapl, FALSE, TRUE);
#endif
    }

  file = H5Fopen (path, H5F_ACC_RDONLY, fapl >= 0 ? fapl : H5P_DEFAULT);
  if (file >= 0)
    return file;

  cause = hdf5_message ();
#if H5_VERSION_GE (1, 12, 0)
  is_hdf5 = H5Fis_accessible (path, H5P_DEFAULT);
#else
  is_hdf5 = H5Fis_hdf5 (path);
#endif
  H5Eclear2 (H5E_DEFAULT);

  if (is_hdf5 == 0)
    set_error (error, GAIT_ERROR_PARSE, r,
               "not an HDF5 file (no HDF5 signature), so neither DeepLabCut's "
               "nor SLEAP's .h5 format");
  else if (cause != NULL)
    set_error (error, GAIT_ERROR_PARSE, r,
               "cannot open the HDF5 file; it may be truncated or damaged (HDF5: %s)", cause);
  else
    set_error (error, GAIT_ERROR_PARSE, r,
               "cannot open the HDF5 file; it may be truncated or damaged");

  return H5I_INVALID_HID;
}

static gboolean
is_pandas_frame_group (hid_t       file,
                       const char *name)
{
  g_auto(Hid) group = H5I_INVALID_HID;

  if (object_type (file, name) != H5I_GROUP)
    return FALSE;

  group = H5Gopen2 (file, name, H5P_DEFAULT);

  return group >= 0 && H5Aexists (group, "pandas_type") > 0;
}

/* The names at the root, for messages and to find a pandas key. */
static GPtrArray *
root_names (hid_t file)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  H5G_info_t info;

  if (H5Gget_info (file, &info) < 0)
    return names;

  for (hsize_t i = 0; i < info.nlinks && i < 10000; i++)
    {
      ssize_t len = H5Lget_name_by_idx (file, ".", H5_INDEX_NAME, H5_ITER_INC, i,
                                        NULL, 0, H5P_DEFAULT);
      g_autofree char *name = NULL;

      if (len <= 0 || (gsize)len > MAX_STRING_BYTES)
        continue;

      name = g_malloc0 (len + 1);
      if (H5Lget_name_by_idx (file, ".", H5_INDEX_NAME, H5_ITER_INC, i,
                              name, len + 1, H5P_DEFAULT) < 0 ||
          !g_utf8_validate (name, -1, NULL))
        continue;

      g_ptr_array_add (names, g_steal_pointer (&name));
    }

  return names;
}

static GaitTracking *
read_file (const Reader  *r,
           const char    *path,
           GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_auto(Hid) file = open_file (r, path, error);

  if (file < 0)
    return NULL;

  /* DeepLabCut's key, then SLEAP's datasets, then any pandas frame. */
  if (is_pandas_frame_group (file, "df_with_missing"))
    return read_pandas (r, file, "df_with_missing", error);

  if (link_exists (file, "tracks") && link_exists (file, "node_names"))
    return read_sleap (r, file, error);

  names = root_names (file);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (is_pandas_frame_group (file, name))
        return read_pandas (r, file, name, error);
    }

  if (names->len == 0)
    set_error (error, GAIT_ERROR_PARSE, r,
               "not a DeepLabCut or SLEAP analysis file: the HDF5 file is empty");
  else
    {
      g_autofree char *list = join_names (names, 8);

      set_error (error, GAIT_ERROR_PARSE, r,
                 "not a DeepLabCut or SLEAP analysis file: no pandas data frame "
                 "(DeepLabCut) and no \"tracks\" and \"node_names\" (SLEAP); "
                 "the file has %s", list);
    }

  return NULL;
}

/**
 * _gait_tracking_is_hdf5:
 * @path: a file name
 * @data: (nullable): its first @length bytes, or all of them
 * @length: their number
 *
 * Returns: whether to read @path as HDF5: it has the HDF5 signature (at the
 *   start, or after a user block of 512, 1024, 2048… bytes) or is named
 *   .h5 or .hdf5
 */
gboolean
_gait_tracking_is_hdf5 (const char *path,
                        const char *data,
                        gsize       length)
{
  g_autofree char *lower = NULL;

  if (data != NULL)
    {
      for (gsize offset = 0; offset + 8 <= length && offset <= G_MAXSIZE / 2;
           offset = offset == 0 ? 512 : offset * 2)
        if (memcmp (data + offset, HDF5_SIGNATURE, 8) == 0)
          return TRUE;
    }

  if (path == NULL)
    return FALSE;

  lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".h5") || g_str_has_suffix (lower, ".hdf5");
}

/**
 * _gait_tracking_new_from_hdf5:
 * @path: an HDF5 file
 * @display_name: its name for messages
 * @individual: (nullable): the individual (DeepLabCut) or track (SLEAP) to
 *   read, or %NULL for the first
 * @error: return location for a #GError
 *
 * Reads DeepLabCut's .h5 (pandas table or fixed format) or SLEAP's
 * analysis .h5. Safe to call from any thread.
 *
 * Returns: (transfer full): a new #GaitTracking, or %NULL with @error set
 */
GaitTracking *
_gait_tracking_new_from_hdf5 (const char  *path,
                              const char  *display_name,
                              const char  *individual,
                              GError     **error)
{
  Reader r = { display_name, individual };
  GaitTracking *self;
  Hdf5Quiet quiet;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hdf5_enter (&quiet);
  self = read_file (&r, path, error);
  hdf5_leave (&quiet);

  return self;
}
