/* gait-video-decoder.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <libavutil/pixfmt.h>
#include <libavutil/rational.h>
#include <libswscale/swscale.h>

#include "gait-error.h"
#include "gait-ffmpeg-private.h"
#include "gait-video-decoder.h"
#include "gait-video-decoder-private.h"

/**
 * GaitVideoDecoder:
 *
 * A frame-exact reader of one video stream.
 *
 * Frames are numbered from 0 in presentation order, and frame N is the
 * picture that `ffmpeg -i VIDEO -vf "select=eq(n\,N)" -vframes 1 -pix_fmt
 * rgba` writes, byte for byte: the Nth frame the decoder outputs when the
 * file is decoded from its start, converted to RGBA with the same swscale
 * settings as FFmpeg's scale filter.
 *
 * ## Frame index
 *
 * On opening, the decoder lists the presentation timestamp (pts) of every
 * frame, sorted: frame N is the frame whose pts is the Nth smallest. The
 * list comes from the container's index when that index is complete and
 * can be trusted to hold presentation times (every entry present, no frame
 * reordering in the codec, and the first packets agree with it): this is
 * instant for AVI and for MP4/MOV without B-frames. MP4/MOV index entries
 * hold decode times, not presentation times, so for streams with B-frames,
 * and for containers without a full index (Matroska, MPEG-TS…), the list
 * comes from one pass over the packets instead: demuxing only, no decoding.
 * Packets the demuxer flags as discarded (samples outside an MP4 edit
 * list) are not frames, exactly as the decoder and the ffmpeg tool drop
 * them; packets before the first keyframe are not counted either (H.264
 * and HEVC decoders never output them).
 *
 * ## Seeking
 *
 * To decode frame N with pts P the decoder picks the last keyframe, in
 * decode order, whose pts is at most P. Decoding continuously from there
 * reaches P even with B-frames and open GOPs: the frames that follow the
 * keyframe in decode order but precede it in presentation order (the leading
 * pictures of an open GOP, which may refer to frames before the keyframe)
 * are never needed, and are never kept either. It seeks there with
 * av_seek_frame() (backwards, with the decode timestamp, or the
 * presentation timestamp for demuxers that seek by it), checks that the
 * first packet read is a keyframe no later than P, then decodes until a
 * frame with pts P comes out. Nothing is assumed: if P does not come out,
 * it tries again from the keyframe before, then from the start of the
 * file, and only then reports an error. Asking for the frame after the last
 * one decoded (or any later frame reachable without passing a new
 * keyframe) continues decoding without seeking. On the way to the target,
 * non-reference pictures that will be neither shown nor cached are not
 * decoded (AVDISCARD_NONREF); reference pictures always are, so this
 * changes nothing in the pictures kept.
 *
 * Frame 0 is decoded when the file is opened, and the decoder is only
 * flushed, never replaced, when seeking: some decoders learn from the first
 * packets something that holds for the whole stream (FFmpeg's H.264
 * decoder reads the x264 version from the first picture and works around
 * that version's bugs; without it, pictures after a seek into a 4:4:4 x264
 * file come out garbled, as they do with `ffmpeg -ss`).
 *
 * When some packets have no pts (or two share one), frames cannot be placed
 * by timestamp: MPEG-4 Part 2 with B-frames in AVI is one such case. The
 * decoder then counts frames from the start of the file: every backward
 * move reopens the file and decodes from the start. That is slow for long
 * files, but exact.
 *
 * ## Conversion
 *
 * Frames are converted to RGBA with libswscale using what the ffmpeg tool
 * uses for `-pix_fmt rgba`: bicubic flags (its default `-sws_flags`; they
 * matter for odd heights and 4:4:4 sources, where swscale cannot take its
 * shortcut), the frame's own YCbCr matrix and range, as its scale filter
 * sets them. The result is identical to ffmpeg's, byte for byte. Adding
 * `SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT` would be a little more faithful
 * to the source's chroma but differs from ffmpeg's output by 0.5 to 3
 * levels on average (up to 141 at sharp colour edges), so it is not used.
 * Rows are padded to 64 bytes, as in FFmpeg's own frames, so that swscale
 * takes the same code paths; always honour the returned stride.
 *
 * ## Cache
 *
 * Converted frames live in a small LRU cache (64 frames and at most 256 MB
 * by default). When reaching frame N means decoding from a keyframe before
 * it, the frames just before N are kept too, so that stepping backwards
 * does not decode again.
 *
 * All calls are serialised by a mutex and may come from any thread.
 */

#define DEFAULT_CACHE_SIZE   64
#define MAX_CACHE_BYTES      ((gsize)256 * 1024 * 1024)
#define STRIDE_ALIGN         64
#define INDEX_CHECK_PACKETS  16

typedef struct
{
  gint64 pts;      /* presentation timestamp of the keyframe */
  gint64 seek_ts;  /* timestamp for av_seek_frame() that lands on it */
} KeyFrame;

/* A cached frame: RGBA, or the decoded picture, converted when asked for */
typedef struct
{
  GList    link;    /* in GaitVideoDecoder.lru; data points to the entry */
  gint64   frame;
  GBytes  *bytes;
  AVFrame *picture;
} CacheEntry;

typedef enum
{
  DECODE_FOUND,
  DECODE_NOT_FOUND,
  DECODE_ERROR,
} DecodeResult;

struct _GaitVideoDecoder
{
  GObject               parent_instance;

  /* Set when opening, then immutable */
  char                 *path;
  int                   stream_index;
  int                   rate_num;
  int                   rate_den;
  int                   width;
  int                   height;
  gsize                 stride;
  gint64                n_frames;

  /* Size of the pictures handed out: the stream's unless the caller asked
   * for less (gait_video_decoder_set_output_size()) */
  int                   out_width;
  int                   out_height;
  gsize                 out_stride;
  gint64                n_packets;       /* of the stream, discarded ones too */
  GaitVideoIndexSource  index_source;
  gint64               *pts;             /* n_frames, ascending; NULL if sequential */
  GArray               *keys;            /* of KeyFrame, in decode order */
  gboolean              keys_ascending;  /* keys' pts ascend in decode order */

  /* Everything below is protected by mutex */
  GMutex                mutex;

  AVFormatContext      *format;
  AVCodecContext       *codec;
  AVPacket             *packet;
  AVFrame              *frame;
  struct SwsContext    *sws;
  struct SwsContext    *sws_configured;  /* sws whose colorspace matches: */
  enum AVColorSpace     sws_colorspace;
  enum AVColorRange     sws_range;

  /* Where decoding stands */
  gboolean              positioned;      /* can continue without a seek */
  gint64                last_frame;      /* last frame output since the seek, or -1 */
  gint64                counter;         /* frames output since the start (sequential) */
  gint64                landing_pts;     /* pts of the keyframe decoding started from */
  guint                 current_key;     /* index in keys of the last keyframe read */

  /* Cache of RGBA frames */
  GHashTable           *cache;           /* gint64 * → CacheEntry */
  GQueue                lru;             /* most recently used first */
  guint                 cache_size;      /* as asked */
  guint                 cache_limit;     /* as applied, also bounded by bytes */
  gsize                 cache_budget;    /* the bytes bound */

  guint64               n_decoded;
  guint64               n_seeks;
};

G_DEFINE_FINAL_TYPE (GaitVideoDecoder, gait_video_decoder, G_TYPE_OBJECT)

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_pointer (&entry->bytes, g_bytes_unref);
  av_frame_free (&entry->picture);
  g_free (entry);
}

static void
gait_video_decoder_finalize (GObject *object)
{
  GaitVideoDecoder *self = (GaitVideoDecoder *)object;

  g_queue_init (&self->lru);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->sws, sws_freeContext);
  av_frame_free (&self->frame);
  av_packet_free (&self->packet);
  avcodec_free_context (&self->codec);
  avformat_close_input (&self->format);
  g_clear_pointer (&self->pts, g_free);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (gait_video_decoder_parent_class)->finalize (object);
}

static void
gait_video_decoder_class_init (GaitVideoDecoderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gait_video_decoder_finalize;
}

static void
gait_video_decoder_init (GaitVideoDecoder *self)
{
  g_mutex_init (&self->mutex);
  self->stream_index = -1;
  self->rate_den = 1;
  self->keys = g_array_new (FALSE, FALSE, sizeof (KeyFrame));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, cache_entry_free);
  g_queue_init (&self->lru);
  self->cache_size = DEFAULT_CACHE_SIZE;
  self->cache_budget = MAX_CACHE_BYTES;
  self->last_frame = -1;
  self->sws_colorspace = AVCOL_SPC_NB;
  self->sws_range = AVCOL_RANGE_NB;
}

/* Opening */

static gboolean
open_codec (GaitVideoDecoder  *self,
            const AVCodec     *codec,
            GError           **error)
{
  self->codec = _gait_ffmpeg_open_decoder (self->format->streams[self->stream_index],
                                           codec, self->path, error);
  if (self->codec == NULL)
    return FALSE;

  self->packet = av_packet_alloc ();
  self->frame = av_frame_alloc ();
  if (self->packet == NULL || self->frame == NULL)
    {
      _gait_ffmpeg_set_error (error, "Cannot decode", self->path, AVERROR (ENOMEM));
      return FALSE;
    }

  return TRUE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* Index of @pts in the sorted frame list, or -1 */
static gint64
frame_for_pts (GaitVideoDecoder *self,
               gint64            pts)
{
  gint64 lo = 0;
  gint64 hi = self->n_frames - 1;

  if (self->pts == NULL || pts == AV_NOPTS_VALUE)
    return -1;

  while (lo <= hi)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (self->pts[mid] == pts)
        return mid;
      else if (self->pts[mid] < pts)
        lo = mid + 1;
      else
        hi = mid - 1;
    }

  return -1;
}

/* The last keyframe in decode order whose pts is at most @pts, or 0 */
static guint
key_for_pts (GaitVideoDecoder *self,
             gint64            pts)
{
  const KeyFrame *keys = (const KeyFrame *)(gpointer)self->keys->data;

  if (self->keys->len == 0)
    return 0;

  if (self->keys_ascending)
    {
      guint lo = 0;
      guint hi = self->keys->len;

      /* first key with pts > @pts */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (keys[mid].pts <= pts)
            lo = mid + 1;
          else
            hi = mid;
        }

      return lo > 0 ? lo - 1 : 0;
    }

  for (guint i = self->keys->len; i > 0; i--)
    {
      if (keys[i - 1].pts <= pts)
        return i - 1;
    }

  return 0;
}

/* Index in keys of the keyframe with this pts, or -1 */
static int
key_index (GaitVideoDecoder *self,
           gint64            pts)
{
  guint i = key_for_pts (self, pts);

  if (i < self->keys->len && g_array_index (self->keys, KeyFrame, i).pts == pts)
    return (int)i;

  return -1;
}

static void
add_key (GaitVideoDecoder *self,
         gint64            pts,
         gint64            seek_ts)
{
  KeyFrame key = { pts, seek_ts };

  if (pts == AV_NOPTS_VALUE || seek_ts == AV_NOPTS_VALUE)
    return;

  if (self->keys->len > 0 &&
      g_array_index (self->keys, KeyFrame, self->keys->len - 1).pts >= pts)
    self->keys_ascending = FALSE;

  g_array_append_val (self->keys, key);
}

static gboolean
seeks_by_pts (GaitVideoDecoder *self)
{
  return (self->format->iformat->flags & AVFMT_SEEK_TO_PTS) != 0;
}

/* The container's index, when it can be trusted to give presentation times
 * for every frame. Returns %FALSE, leaving nothing behind, when it cannot;
 * @read_packets tells whether packets were read to find out.
 */
static gboolean
index_from_container (GaitVideoDecoder *self,
                      gboolean         *read_packets)
{
  AVStream *stream = self->format->streams[self->stream_index];
  g_autoptr(GArray) pts = NULL;
  gint64 previous = G_MININT64;
  gboolean seen_key = FALSE;
  int n_entries;
  int n_checked = 0;
  int ret;

  n_entries = avformat_index_get_entries_count (stream);
  if (n_entries <= 0 || stream->nb_frames != n_entries)
    return FALSE;

  /* With frame reordering, MP4 index entries hold decode times. */
  if (stream->codecpar->video_delay != 0)
    return FALSE;

  *read_packets = FALSE;

  pts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_entries);

  for (int i = 0; i < n_entries; i++)
    {
      const AVIndexEntry *entry = avformat_index_get_entry (stream, i);

      if (entry == NULL || entry->size <= 0 || entry->timestamp == AV_NOPTS_VALUE)
        return FALSE;

      if (entry->flags & AVINDEX_KEYFRAME)
        seen_key = TRUE;

      if ((entry->flags & AVINDEX_DISCARD_FRAME) == 0 && seen_key)
        {
          if (entry->timestamp <= previous)
            return FALSE;
          previous = entry->timestamp;
          g_array_append_val (pts, entry->timestamp);
        }
    }

  if (pts->len == 0)
    return FALSE;

  /* Check that packets carry the times the index says: read the first
   * packets (find_stream_info() buffered them, so this is cheap).
   */
  *read_packets = TRUE;
  while (n_checked < INDEX_CHECK_PACKETS &&
         n_checked < n_entries &&
         (ret = av_read_frame (self->format, self->packet)) >= 0)
    {
      if (self->packet->stream_index == self->stream_index)
        {
          const AVIndexEntry *entry = avformat_index_get_entry (stream, n_checked);
          gboolean packet_key = (self->packet->flags & AV_PKT_FLAG_KEY) != 0;
          gboolean packet_discard = (self->packet->flags & AV_PKT_FLAG_DISCARD) != 0;

          if (self->packet->pts != entry->timestamp ||
              packet_key != ((entry->flags & AVINDEX_KEYFRAME) != 0) ||
              packet_discard != ((entry->flags & AVINDEX_DISCARD_FRAME) != 0))
            {
              av_packet_unref (self->packet);
              g_debug ("%s: index disagrees with packet %d, reading packets",
                       self->path, n_checked);
              return FALSE;
            }

          n_checked++;
        }

      av_packet_unref (self->packet);
    }

  self->keys_ascending = TRUE;
  for (int i = 0; i < n_entries; i++)
    {
      const AVIndexEntry *entry = avformat_index_get_entry (stream, i);

      if (entry->flags & AVINDEX_KEYFRAME)
        add_key (self, entry->timestamp, entry->timestamp);
    }

  self->n_packets = n_entries;
  self->n_frames = pts->len;
  self->pts = (gint64 *)(gpointer)g_array_free (g_steal_pointer (&pts), FALSE);
  self->index_source = GAIT_VIDEO_INDEX_CONTAINER;

  return TRUE;
}

/* One pass over the packets, reading but not decoding them. */
static gboolean
index_from_packets (GaitVideoDecoder  *self,
                    GError           **error)
{
  g_autoptr(GArray) pts = NULL;
  gboolean seen_key = FALSE;
  gboolean complete = TRUE;
  gint64 n_packets = 0;
  int ret;

  pts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_set_size (self->keys, 0);
  self->keys_ascending = TRUE;

  while ((ret = av_read_frame (self->format, self->packet)) >= 0)
    {
      AVPacket *packet = self->packet;

      if (packet->stream_index == self->stream_index && packet->size > 0)
        {
          n_packets++;

          if (packet->flags & AV_PKT_FLAG_KEY)
            {
              seen_key = TRUE;
              add_key (self, packet->pts,
                       seeks_by_pts (self) || packet->dts == AV_NOPTS_VALUE ?
                         packet->pts : packet->dts);
            }

          if ((packet->flags & AV_PKT_FLAG_DISCARD) == 0 && seen_key)
            {
              if (packet->pts == AV_NOPTS_VALUE)
                complete = FALSE;
              g_array_append_val (pts, packet->pts);
            }
        }

      av_packet_unref (packet);
    }

  if (ret != AVERROR_EOF)
    {
      /* A damaged or truncated file: keep what was readable. */
      if (pts->len == 0)
        {
          _gait_ffmpeg_set_error (error, "Cannot read", self->path, ret);
          return FALSE;
        }

      g_debug ("%s: reading packets stopped after %u frames", self->path, pts->len);
    }

  if (pts->len == 0)
    {
      _gait_ffmpeg_set_video_error (error, self->path, "“%s” has no video frames");
      return FALSE;
    }

  self->n_packets = n_packets;
  self->n_frames = pts->len;

  if (complete)
    {
      g_array_sort (pts, compare_gint64);
      for (guint i = 1; i < pts->len; i++)
        {
          if (g_array_index (pts, gint64, i) == g_array_index (pts, gint64, i - 1))
            {
              complete = FALSE;
              break;
            }
        }
    }

  if (complete)
    {
      self->pts = (gint64 *)(gpointer)g_array_free (g_steal_pointer (&pts), FALSE);
      self->index_source = GAIT_VIDEO_INDEX_PACKETS;
    }
  else
    {
      g_debug ("%s: frames without a unique timestamp, counting frames", self->path);
      self->index_source = GAIT_VIDEO_INDEX_SEQUENTIAL;
    }

  return TRUE;
}

static GBytes *decode_frame_locked (GaitVideoDecoder  *self,
                                    gint64             frame,
                                    GError           **error);

static void
cache_clear (GaitVideoDecoder *self)
{
  while (self->lru.length > 0)
    {
      CacheEntry *entry = g_queue_peek_tail (&self->lru);

      g_queue_unlink (&self->lru, &entry->link);
      g_hash_table_remove (self->cache, &entry->frame);
    }
}

/* The most one cache entry holds: an RGBA frame of the output size, or a
 * decoded picture of the stream's size (the frames before a jump target),
 * full-size RGBA while the decoder's format is not known yet. */
static gsize
cache_entry_bytes (GaitVideoDecoder *self)
{
  gsize rgba = self->out_stride * (gsize)self->out_height;
  int picture = -1;

  if (self->codec != NULL && self->codec->pix_fmt != AV_PIX_FMT_NONE)
    picture = av_image_get_buffer_size (self->codec->pix_fmt, self->width, self->height, 1);

  return MAX (MAX (rgba, picture > 0 ? (gsize)picture : self->stride * (gsize)self->height), 1);
}

static void
update_cache_limit (GaitVideoDecoder *self)
{
  gsize frame_bytes = cache_entry_bytes (self);
  gsize by_bytes = MAX (self->cache_budget / frame_bytes, 1);

  self->cache_limit = (guint)MIN ((gsize)self->cache_size, by_bytes);

  while (self->lru.length > self->cache_limit)
    {
      CacheEntry *entry = g_queue_peek_tail (&self->lru);

      g_queue_unlink (&self->lru, &entry->link);
      g_hash_table_remove (self->cache, &entry->frame);
    }
}

static gboolean
gait_video_decoder_open (GaitVideoDecoder  *self,
                         GError           **error)
{
  const AVCodec *codec = NULL;
  g_autoptr(GBytes) frame0 = NULL;
  const AVStream *stream;
  gboolean read_packets = FALSE;

  self->format = _gait_ffmpeg_open_input (self->path, error);
  if (self->format == NULL)
    return FALSE;

  self->stream_index = _gait_ffmpeg_find_video_stream (self->format, self->path,
                                                       &codec, error);
  if (self->stream_index < 0)
    return FALSE;

  stream = self->format->streams[self->stream_index];
  self->width = stream->codecpar->width;
  self->height = stream->codecpar->height;

  if (self->width <= 0 || self->height <= 0 ||
      self->width > (INT_MAX - STRIDE_ALIGN) / 4)
    {
      _gait_ffmpeg_set_video_error (error, self->path, "The video of “%s” has no valid picture size");
      return FALSE;
    }

  self->stride = ((gsize)self->width * 4 + STRIDE_ALIGN - 1) & ~(gsize)(STRIDE_ALIGN - 1);
  self->out_width = self->width;
  self->out_height = self->height;
  self->out_stride = self->stride;

  _gait_ffmpeg_stream_rate (stream, &self->rate_num, &self->rate_den);

  _gait_ffmpeg_discard_other_streams (self->format, self->stream_index);

  if (!open_codec (self, codec, error))
    return FALSE;

  if (!index_from_container (self, &read_packets))
    {
      /* The check read some packets: start over. */
      if (read_packets)
        {
          avformat_close_input (&self->format);
          self->format = _gait_ffmpeg_open_input (self->path, error);
          if (self->format == NULL)
            return FALSE;
          _gait_ffmpeg_discard_other_streams (self->format, self->stream_index);
        }

      if (!index_from_packets (self, error))
        return FALSE;
    }

  update_cache_limit (self);

  /* Decode frame 0 now: some decoders learn from the first packets what
   * they need for the whole stream (H.264 reads the x264 version from the
   * first picture's SEI and works around that version's bugs), and a
   * decoder that started at a later keyframe would not know it. Flushing
   * before each seek keeps it. Frame 0 ends up in the cache too.
   */
  frame0 = decode_frame_locked (self, 0, error);
  if (frame0 == NULL)
    return FALSE;

  return TRUE;
}

/**
 * gait_video_decoder_new:
 * @path: a video file
 * @error: return location for a #GError
 *
 * Opens the best video stream of @path and lists its frames. Only local
 * files are read: @path is never taken for a URL.
 *
 * Returns: (transfer full) (nullable): a new decoder, or %NULL with @error
 *   set to %GAIT_ERROR_VIDEO, naming the file
 */
GaitVideoDecoder *
gait_video_decoder_new (const char  *path,
                        GError     **error)
{
  g_autoptr(GaitVideoDecoder) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (GAIT_TYPE_VIDEO_DECODER, NULL);
  self->path = g_strdup (path);

  if (!gait_video_decoder_open (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Cache */

static GBytes *convert_frame (GaitVideoDecoder  *self,
                              const AVFrame     *frame,
                              GError           **error);

/* The cached frame, converted now if it was kept as decoded; %NULL with
 * @error unset when it is not in the cache. */
static GBytes *
cache_lookup (GaitVideoDecoder  *self,
              gint64             frame,
              GError           **error)
{
  CacheEntry *entry = g_hash_table_lookup (self->cache, &frame);

  if (entry == NULL)
    return NULL;

  if (entry->bytes == NULL)
    {
      if (!(entry->bytes = convert_frame (self, entry->picture, error)))
        {
          g_queue_unlink (&self->lru, &entry->link);
          g_hash_table_remove (self->cache, &entry->frame);
          return NULL;
        }
      av_frame_free (&entry->picture);
    }

  g_queue_unlink (&self->lru, &entry->link);
  g_queue_push_head_link (&self->lru, &entry->link);

  return g_bytes_ref (entry->bytes);
}

/* Keeps @bytes (RGBA), or a reference to @picture (a decoded frame, for
 * conversion when it is asked for) */
static void
cache_insert (GaitVideoDecoder *self,
              gint64            frame,
              GBytes           *bytes,
              const AVFrame    *picture)
{
  CacheEntry *entry;

  if (self->cache_limit == 0 || g_hash_table_contains (self->cache, &frame))
    return;

  entry = g_new0 (CacheEntry, 1);
  entry->frame = frame;
  if (bytes != NULL)
    entry->bytes = g_bytes_ref (bytes);
  else if (!(entry->picture = av_frame_clone (picture)))
    {
      g_free (entry);
      return;   /* out of memory: it is only a cache */
    }
  entry->link.data = entry;
  g_hash_table_insert (self->cache, &entry->frame, entry);
  g_queue_push_head_link (&self->lru, &entry->link);

  update_cache_limit (self);
}

/* Conversion */

/* What FFmpeg's scale filter does with in_color_matrix=auto */
static const int *
coefficients_for (enum AVColorSpace colorspace)
{
  if (colorspace < 1 || colorspace > 10 || colorspace == 8)
    colorspace = AVCOL_SPC_BT470BG;

  return sws_getCoefficients (colorspace);
}

static GBytes *
convert_frame (GaitVideoDecoder  *self,
               const AVFrame     *frame,
               GError           **error)
{
  uint8_t *data;
  uint8_t *planes[4] = { NULL };
  int strides[4] = { 0 };
  gsize size;
  int ret;

  if (frame->width <= 0 || frame->height <= 0 || frame->format < 0)
    {
      _gait_ffmpeg_set_video_error (error, self->path, "A frame of “%s” has no picture");
      return NULL;
    }

  /* At the stream's size exactly as ffmpeg does it; smaller for display,
   * where speed matters more than matching ffmpeg's bytes. */
  self->sws = sws_getCachedContext (self->sws,
                                    frame->width, frame->height, frame->format,
                                    self->out_width, self->out_height, AV_PIX_FMT_RGBA,
                                    self->out_width == self->width && self->out_height == self->height
                                    ? SWS_BICUBIC : SWS_AREA,
                                    NULL, NULL, NULL);
  if (self->sws == NULL)
    {
      _gait_ffmpeg_set_video_error (error, self->path, "Cannot convert the pictures of “%s” to RGBA");
      return NULL;
    }

  /* The ffmpeg tool's scale filter sets the source matrix from the frame
   * (in_color_matrix=auto) and the range when the frame says; it keeps
   * swscale's defaults for the rest.
   */
  if (self->sws != self->sws_configured ||
      frame->colorspace != self->sws_colorspace ||
      frame->color_range != self->sws_range)
    {
      int *inv_table = NULL;
      int *table = NULL;
      int src_range = 0;
      int dst_range = 0;
      int brightness = 0;
      int contrast = 0;
      int saturation = 0;
      const int *coefficients;

      if (sws_getColorspaceDetails (self->sws, &inv_table, &src_range, &table, &dst_range,
                                    &brightness, &contrast, &saturation) >= 0)
        {
          coefficients = coefficients_for (frame->colorspace);
          if (frame->color_range != AVCOL_RANGE_UNSPECIFIED)
            src_range = frame->color_range == AVCOL_RANGE_JPEG;

          sws_setColorspaceDetails (self->sws, coefficients, src_range,
                                    coefficients, dst_range,
                                    brightness, contrast, saturation);
        }

      self->sws_configured = self->sws;
      self->sws_colorspace = frame->colorspace;
      self->sws_range = frame->color_range;
    }

  size = self->out_stride * (gsize)self->out_height;
  data = av_malloc (size);
  if (data == NULL)
    {
      _gait_ffmpeg_set_error (error, "Cannot convert a frame of", self->path, AVERROR (ENOMEM));
      return NULL;
    }

  planes[0] = data;
  strides[0] = (int)self->out_stride;
  ret = sws_scale (self->sws, (const uint8_t * const *)frame->data, frame->linesize,
                   0, frame->height, planes, strides);
  if (ret <= 0)
    {
      av_free (data);
      _gait_ffmpeg_set_video_error (error, self->path, "Cannot convert a frame of “%s” to RGBA");
      return NULL;
    }

  return g_bytes_new_with_free_func (data, size, av_free, data);
}

/* Decoding */

static void
reset_position (GaitVideoDecoder *self)
{
  avcodec_flush_buffers (self->codec);
  self->positioned = TRUE;
  self->last_frame = -1;
  self->counter = 0;
  self->landing_pts = AV_NOPTS_VALUE;
  self->current_key = 0;
  self->n_seeks++;
}

static gboolean
seek_to_key (GaitVideoDecoder *self,
             guint             key)
{
  const KeyFrame *k;
  int ret;

  self->positioned = FALSE;

  if (key >= self->keys->len)
    return FALSE;

  k = &g_array_index (self->keys, KeyFrame, key);
  ret = av_seek_frame (self->format, self->stream_index, k->seek_ts, AVSEEK_FLAG_BACKWARD);
  if (ret < 0)
    ret = avformat_seek_file (self->format, self->stream_index,
                              INT64_MIN, k->seek_ts, k->seek_ts, 0);
  if (ret < 0)
    {
      g_debug ("%s: cannot seek to %" G_GINT64_FORMAT, self->path, k->seek_ts);
      return FALSE;
    }

  reset_position (self);
  self->current_key = key;

  return TRUE;
}

/* The surest way back to the start of the file, whatever the demuxer. */
static gboolean
reopen (GaitVideoDecoder  *self,
        GError           **error)
{
  AVFormatContext *format;

  self->positioned = FALSE;

  format = _gait_ffmpeg_open_input (self->path, error);
  if (format == NULL)
    return FALSE;

  if ((int)format->nb_streams <= self->stream_index ||
      format->streams[self->stream_index]->codecpar->codec_id != self->codec->codec_id)
    {
      avformat_close_input (&format);
      _gait_ffmpeg_set_video_error (error, self->path, "“%s” changed while it was read");
      return FALSE;
    }

  avformat_close_input (&self->format);
  self->format = format;
  _gait_ffmpeg_discard_other_streams (self->format, self->stream_index);
  reset_position (self);

  return TRUE;
}

/* Reads the next packet of the stream into self->packet */
static int
read_packet (GaitVideoDecoder *self)
{
  int ret;

  for (;;)
    {
      ret = av_read_frame (self->format, self->packet);
      if (ret < 0 || self->packet->stream_index == self->stream_index)
        return ret;
      av_packet_unref (self->packet);
    }
}

static DecodeResult
decode_failed (GaitVideoDecoder  *self,
               DecodeResult       result,
               GError           **error,
               const char        *what,
               gint64             target,
               int                averror)
{
  av_packet_unref (self->packet);
  av_frame_unref (self->frame);
  self->positioned = FALSE;

  if (what != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s frame %" G_GINT64_FORMAT " of",
                                                  what, target);

      _gait_ffmpeg_set_error (error, message, self->path, averror);
    }

  return result;
}

/* Decodes from where the decoder stands until frame @target comes out.
 * Frames of the cache window before it are converted and cached on the way.
 * @just_seeked: the first packet must be a keyframe no later than @target
 * (unless @from_start: decoding starts at the very start of the file).
 */
static DecodeResult
decode_until (GaitVideoDecoder  *self,
              gint64             target,
              gboolean           just_seeked,
              gboolean           from_start,
              GBytes           **result,
              GError           **error)
{
  gboolean sequential = self->pts == NULL;
  gint64 target_pts = sequential ? AV_NOPTS_VALUE : self->pts[target];
  gint64 window_start = target - (gint64)MAX (self->cache_limit, 1) + 1;
  int max_over = 8 + MAX (self->codec->has_b_frames, 0);
  int n_over = 0;
  gint64 max_packets = self->n_packets + 64;
  gint64 n_packets = 0;
  gint64 n_errors = 0;
  gboolean first_packet = just_seeked && !from_start;
  gboolean have_packet = FALSE;
  gboolean eof_sent = FALSE;
  gint64 skip_before = G_MININT64;
  gboolean skip;
  int read_error = 0;
  int ret;

  if (from_start)
    self->landing_pts = G_MININT64;

  if (!sequential)
    skip_before = self->pts[MAX (window_start, 0)];

  for (;;)
    {
      ret = avcodec_receive_frame (self->codec, self->frame);

      if (ret >= 0)
        {
          AVFrame *frame = self->frame;
          gint64 pts = frame->pts != AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;
          gint64 number;

          self->n_decoded++;

          if (sequential)
            number = self->counter++;
          else if (pts == AV_NOPTS_VALUE ||
                   (self->landing_pts != AV_NOPTS_VALUE && pts < self->landing_pts))
            number = -1;  /* a leading picture of an open GOP: maybe broken */
          else
            number = frame_for_pts (self, pts);

          if (number >= 0)
            self->last_frame = number;

          if (number == target)
            {
              g_autoptr(GBytes) bytes = convert_frame (self, frame, error);

              if (bytes == NULL)
                return decode_failed (self, DECODE_ERROR, error, NULL, target, 0);

              cache_insert (self, number, bytes, NULL);
              av_frame_unref (frame);
              av_packet_unref (self->packet);
              *result = g_steal_pointer (&bytes);
              return DECODE_FOUND;
            }

          /* the frames just before the target, for stepping back: kept as
           * decoded, converted only if they are asked for */
          if (number >= window_start && number < target && self->cache_limit > 0 &&
              !g_hash_table_contains (self->cache, &number))
            cache_insert (self, number, NULL, frame);

          av_frame_unref (frame);

          if (number > target ||
              (!sequential && pts != AV_NOPTS_VALUE && pts > target_pts))
            {
              /* Frames come out in presentation order: this one is lost. */
              if (++n_over > max_over)
                return decode_failed (self, DECODE_NOT_FOUND, error, NULL, target, 0);
            }

          continue;
        }

      if (ret == AVERROR_EOF)
        {
          if (read_error != 0)
            {
              /* The file is damaged: trying from elsewhere cannot help. */
              return decode_failed (self, DECODE_ERROR, error, "Cannot read",
                                    target, read_error);
            }

          return decode_failed (self, DECODE_NOT_FOUND, error, NULL, target, 0);
        }

      if (ret != AVERROR (EAGAIN))
        {
          /* A damaged packet; like the ffmpeg tool, carry on with the next
           * ones (and in case of a loop, not for ever).
           */
          if (++n_errors > max_packets)
            return decode_failed (self, DECODE_ERROR, error, "Cannot decode", target, ret);
        }

      if (eof_sent)
        {
          if (n_errors > max_packets || ret == AVERROR (EAGAIN))
            return decode_failed (self, DECODE_ERROR, error, "Cannot decode", target, ret);
          continue;
        }

      if (!have_packet)
        {
          ret = read_packet (self);
          if (ret < 0)
            {
              if (ret != AVERROR_EOF)
                read_error = ret;
              avcodec_send_packet (self->codec, NULL);
              eof_sent = TRUE;
              continue;
            }

          if (++n_packets > max_packets)
            return decode_failed (self, DECODE_NOT_FOUND, error, NULL, target, 0);

          if (self->packet->flags & AV_PKT_FLAG_KEY)
            {
              int key = key_index (self, self->packet->pts);

              if (key >= 0)
                self->current_key = key;
            }

          if (first_packet)
            {
              gint64 landing = self->packet->pts;

              /* av_seek_frame() must land on a keyframe no later than the
               * target, or what follows cannot be trusted.
               */
              if ((self->packet->flags & AV_PKT_FLAG_KEY) == 0 ||
                  landing == AV_NOPTS_VALUE ||
                  (!sequential && landing > target_pts))
                {
                  g_debug ("%s: seeking for pts %" G_GINT64_FORMAT " landed on pts %"
                           G_GINT64_FORMAT " (keyframe: %d)", self->path, target_pts,
                           landing, (self->packet->flags & AV_PKT_FLAG_KEY) != 0);
                  return decode_failed (self, DECODE_NOT_FOUND, error, NULL, target, 0);
                }

              self->landing_pts = landing;
              first_packet = FALSE;
            }

          if (self->packet->size <= 0)
            {
              av_packet_unref (self->packet);
              continue;
            }

          have_packet = TRUE;
        }

      /* Pictures that are neither shown, nor kept in the cache, nor
       * needed by others need not be decoded at all: that is most
       * B-frames before the target. Reference pictures are decoded as
       * always, so the rest is unchanged.
       */
      skip = !sequential && self->packet->pts != AV_NOPTS_VALUE &&
             self->packet->pts < skip_before;
      self->codec->skip_frame = skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;

      ret = avcodec_send_packet (self->codec, self->packet);
      if (ret == AVERROR (EAGAIN))
        continue;  /* take frames out first, then send it again */

      /* Sent, or damaged and skipped as the ffmpeg tool does */
      av_packet_unref (self->packet);
      have_packet = FALSE;
    }
}

static gboolean
can_continue (GaitVideoDecoder *self,
              gint64            frame)
{
  if (!self->positioned || self->last_frame < 0 || frame <= self->last_frame)
    return FALSE;

  if (frame == self->last_frame + 1 || self->pts == NULL)
    return TRUE;

  /* No new keyframe to pass: seeking could only start earlier. */
  return key_for_pts (self, self->pts[frame]) <= self->current_key;
}

static GBytes *
decode_frame_locked (GaitVideoDecoder  *self,
                     gint64             frame,
                     GError           **error)
{
  GBytes *result = NULL;
  DecodeResult status;
  guint keys[2];
  guint n_keys = 0;

  if (can_continue (self, frame))
    {
      status = decode_until (self, frame, FALSE, FALSE, &result, error);
      if (status != DECODE_NOT_FOUND)
        return result;
    }

  /* From the right keyframe, then from the one before */
  if (self->pts != NULL && self->keys->len > 0)
    {
      keys[n_keys++] = key_for_pts (self, self->pts[frame]);
      if (keys[0] > 0)
        keys[n_keys++] = keys[0] - 1;
    }

  for (guint i = 0; i < n_keys; i++)
    {
      if (!seek_to_key (self, keys[i]))
        continue;

      status = decode_until (self, frame, TRUE, FALSE, &result, error);
      if (status != DECODE_NOT_FOUND)
        return result;
    }

  /* Then from the start of the file */
  if (!reopen (self, error))
    return NULL;

  status = decode_until (self, frame, TRUE, TRUE, &result, error);
  if (status == DECODE_NOT_FOUND)
    {
      g_autofree char *display_name = g_filename_display_name (self->path);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO,
                   "Cannot decode frame %" G_GINT64_FORMAT " of “%s”",
                   frame, display_name);
    }

  return result;
}

/**
 * gait_video_decoder_get_frame:
 * @self: a #GaitVideoDecoder
 * @frame: a frame number, from 0, in presentation order
 * @stride: (out) (optional): where to store the number of bytes per row
 * @error: return location for a #GError
 *
 * Decodes one frame as RGBA (bytes R, G, B, A; alpha 255 for video without
 * alpha), @stride bytes per row, rows top to bottom. The picture is the
 * size of the stream (gait_video_decoder_get_width() and _get_height()).
 *
 * Safe to call from any thread; calls are serialised.
 *
 * Returns: (transfer full) (nullable): the picture, or %NULL with @error
 *   set: %GAIT_ERROR_INVALID_ARGUMENT if @frame is out of range,
 *   %GAIT_ERROR_VIDEO if it cannot be decoded
 */
GBytes *
gait_video_decoder_get_frame (GaitVideoDecoder  *self,
                              gint64             frame,
                              gsize             *stride,
                              GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (frame < 0 || frame >= self->n_frames)
    {
      g_autofree char *display_name = g_filename_display_name (self->path);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Frame %" G_GINT64_FORMAT " is out of range: “%s” has %"
                   G_GINT64_FORMAT " frames",
                   frame, display_name, self->n_frames);
      return NULL;
    }

  locker = g_mutex_locker_new (&self->mutex);

  bytes = cache_lookup (self, frame, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (bytes == NULL)
    bytes = decode_frame_locked (self, frame, error);

  if (bytes != NULL && stride != NULL)
    *stride = self->out_stride;

  return bytes;
}

static void
get_frame_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GaitVideoDecoder *self = source_object;
  const gint64 *frame = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;

  bytes = gait_video_decoder_get_frame (self, *frame, NULL, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify)g_bytes_unref);
}

/**
 * gait_video_decoder_get_frame_async:
 * @self: a #GaitVideoDecoder
 * @frame: a frame number, from 0, in presentation order
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Decodes a frame in a worker thread; see gait_video_decoder_get_frame().
 * A request cancelled before its turn decodes nothing.
 */
void
gait_video_decoder_get_frame_async (GaitVideoDecoder    *self,
                                    gint64               frame,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gint64 *data;

  g_return_if_fail (GAIT_IS_VIDEO_DECODER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gait_video_decoder_get_frame_async);
  data = g_new (gint64, 1);
  *data = frame;
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, get_frame_thread);
}

/**
 * gait_video_decoder_get_frame_finish:
 * @self: a #GaitVideoDecoder
 * @result: the #GAsyncResult given to the callback
 * @stride: (out) (optional): where to store the number of bytes per row
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the picture, or %NULL with @error set
 */
GBytes *
gait_video_decoder_get_frame_finish (GaitVideoDecoder  *self,
                                     GAsyncResult      *result,
                                     gsize             *stride,
                                     GError           **error)
{
  GBytes *bytes;

  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gait_video_decoder_get_frame_async, NULL);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (bytes != NULL && stride != NULL)
    *stride = self->out_stride;

  return bytes;
}

/**
 * gait_video_decoder_set_output_size:
 * @self: a #GaitVideoDecoder
 * @max_width: widest picture wanted, or 0 for the stream's size
 * @max_height: tallest picture wanted, or 0 for the stream's size
 *
 * Hands out pictures scaled down to fit @max_width × @max_height (aspect
 * kept, never larger than the stream's), averaged down (SWS_AREA)
 * filtering: a video pane showing 1080p in a few hundred pixels needs not
 * convert and draw the full frame. At the stream's size the pictures are
 * ffmpeg's exactly. Changing the size empties the cache; call it between
 * requests, not while one is under way.
 */
void
gait_video_decoder_set_output_size (GaitVideoDecoder *self,
                                    int               max_width,
                                    int               max_height)
{
  g_autoptr(GMutexLocker) locker = NULL;
  int width, height;

  g_return_if_fail (GAIT_IS_VIDEO_DECODER (self));

  width = self->width;
  height = self->height;

  if (max_width > 0 && max_height > 0 && (max_width < self->width || max_height < self->height))
    {
      double scale = MIN ((double)max_width / self->width, (double)max_height / self->height);

      width = MAX (2, (int)(self->width * scale) & ~1);
      height = MAX (2, (int)(self->height * scale) & ~1);
    }

  locker = g_mutex_locker_new (&self->mutex);

  if (width == self->out_width && height == self->out_height)
    return;

  self->out_width = width;
  self->out_height = height;
  self->out_stride = ((gsize)width * 4 + STRIDE_ALIGN - 1) & ~(gsize)(STRIDE_ALIGN - 1);

  /* what is cached has the old size */
  cache_clear (self);
  update_cache_limit (self);
}

/**
 * gait_video_decoder_get_output_size:
 * @self: a #GaitVideoDecoder
 * @width: (out) (optional): width of the pictures handed out
 * @height: (out) (optional): their height
 */
void
gait_video_decoder_get_output_size (GaitVideoDecoder *self,
                                    int              *width,
                                    int              *height)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (GAIT_IS_VIDEO_DECODER (self));

  locker = g_mutex_locker_new (&self->mutex);
  if (width != NULL)
    *width = self->out_width;
  if (height != NULL)
    *height = self->out_height;
}

/* Getters */

/**
 * gait_video_decoder_get_path:
 * @self: a #GaitVideoDecoder
 *
 * Returns: (transfer none): the file name given to gait_video_decoder_new()
 */
const char *
gait_video_decoder_get_path (GaitVideoDecoder *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), NULL);

  return self->path;
}

/**
 * gait_video_decoder_get_n_frames:
 * @self: a #GaitVideoDecoder
 *
 * Returns: the number of frames, as `ffprobe -count_frames` counts them
 */
gint64
gait_video_decoder_get_n_frames (GaitVideoDecoder *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0);

  return self->n_frames;
}

/**
 * gait_video_decoder_get_rate:
 * @self: a #GaitVideoDecoder
 * @rate_num: (out) (optional): numerator, e.g. 30000; 0 if unknown
 * @rate_den: (out) (optional): denominator, e.g. 1001
 *
 * Gets the exact frame rate: the stream's average rate, else its base
 * rate, as gait_media_probe() reports it.
 */
void
gait_video_decoder_get_rate (GaitVideoDecoder *self,
                             int              *rate_num,
                             int              *rate_den)
{
  g_return_if_fail (GAIT_IS_VIDEO_DECODER (self));

  if (rate_num != NULL)
    *rate_num = self->rate_num;
  if (rate_den != NULL)
    *rate_den = self->rate_den;
}

/**
 * gait_video_decoder_get_fps:
 * @self: a #GaitVideoDecoder
 *
 * Returns: the frame rate in frames per second, or 0 when unknown
 */
double
gait_video_decoder_get_fps (GaitVideoDecoder *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0.0);

  if (self->rate_num <= 0 || self->rate_den <= 0)
    return 0.0;

  return (double)self->rate_num / (double)self->rate_den;
}

/**
 * gait_video_decoder_get_width:
 * @self: a #GaitVideoDecoder
 *
 * Returns: the width of the pictures, in pixels
 */
int
gait_video_decoder_get_width (GaitVideoDecoder *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0);

  return self->width;
}

/**
 * gait_video_decoder_get_height:
 * @self: a #GaitVideoDecoder
 *
 * Returns: the height of the pictures, in pixels
 */
int
gait_video_decoder_get_height (GaitVideoDecoder *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0);

  return self->height;
}

/**
 * gait_video_decoder_get_cache_size:
 * @self: a #GaitVideoDecoder
 *
 * Returns: the number of frames the cache may hold, as set
 */
guint
gait_video_decoder_get_cache_size (GaitVideoDecoder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0);

  locker = g_mutex_locker_new (&self->mutex);

  return self->cache_size;
}

/**
 * gait_video_decoder_set_cache_size:
 * @self: a #GaitVideoDecoder
 * @n_frames: how many decoded frames to keep; 0 disables the cache
 *
 * Sets the capacity of the frame cache (64 by default). Whatever the
 * number, the cache never holds more than 256 MB of pictures.
 */
void
gait_video_decoder_set_cache_size (GaitVideoDecoder *self,
                                   guint             n_frames)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (GAIT_IS_VIDEO_DECODER (self));

  locker = g_mutex_locker_new (&self->mutex);

  self->cache_size = n_frames;
  update_cache_limit (self);
}

/* Private, for tests and benchmarks */

guint64
_gait_video_decoder_get_n_decoded (GaitVideoDecoder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0);

  locker = g_mutex_locker_new (&self->mutex);

  return self->n_decoded;
}

/* The cache's byte bound (256 MB unless a test sets less) */
void
_gait_video_decoder_set_cache_budget (GaitVideoDecoder *self,
                                      gsize             bytes)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (GAIT_IS_VIDEO_DECODER (self));

  locker = g_mutex_locker_new (&self->mutex);
  self->cache_budget = bytes;
  update_cache_limit (self);
}

/* How many frames the cache holds */
guint
_gait_video_decoder_get_n_cached (GaitVideoDecoder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0);

  locker = g_mutex_locker_new (&self->mutex);

  return self->lru.length;
}

guint64
_gait_video_decoder_get_n_seeks (GaitVideoDecoder *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0);

  locker = g_mutex_locker_new (&self->mutex);

  return self->n_seeks;
}

GaitVideoIndexSource
_gait_video_decoder_get_index_source (GaitVideoDecoder *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), GAIT_VIDEO_INDEX_SEQUENTIAL);

  return self->index_source;
}

gint64
_gait_video_decoder_get_n_keyframes (GaitVideoDecoder *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_DECODER (self), 0);

  return self->keys->len;
}
