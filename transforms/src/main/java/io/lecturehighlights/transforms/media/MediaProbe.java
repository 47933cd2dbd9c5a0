package io.lecturehighlights.transforms.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avio_size;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.lecturehighlights.transforms.media.AudioStream;
import io.lecturehighlights.transforms.media.FfmpegLog;
import io.lecturehighlights.transforms.media.VideoGeometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a media file's container and stream headers with FFmpeg's demuxer (no decoding), and finds where
 * each stream's media data really ends and whether the container's index points past the end of the file:
 * that is how a truncated upload shows itself. Streams that simply end at different times (audio running on
 * after a screen recording stopped, audio that starts late) are recorded as such, per stream.
 */
public final class MediaProbe {

  /** What the probe found. Times in seconds. */
  public static final class Result {
    public String container;
    public double durationSeconds = Double.NaN;
    public long bitRate;
    public @Nullable String videoCodec;
    public int width;
    public int height;
    public double frameRate;
    /**
     * The stream's base rate (FFmpeg's r_frame_rate): what a variable-frame-rate recording was captured at, where the
     * average is lower because frames were dropped while nothing moved; 0 when unknown.
     */
    public double baseFrameRate;
    /** Rotation, pixel aspect and interlacing of the video stream; null without video. */
    public @Nullable VideoGeometry geometry;
    public @Nullable String audioCodec;
    public int audioSampleRate;
    public int audioChannels;
    /** End of the last audio/video packet found near the end of the file; NaN if none was read. */
    public double mediaEndSeconds = Double.NaN;
    /** FFmpeg error hit while reading packets at the end, or null. */
    public @Nullable String readError;
    /**
     * End of the video stream's media data (its last packet), seconds from the file's start; NaN without video
     * or when none was read.
     */
    public double videoEndSeconds = Double.NaN;
    /** End of the audio stream's media data, seconds from the file's start; NaN without audio or none read. */
    public double audioEndSeconds = Double.NaN;
    /**
     * Where the container's headers say the video stream ends (its start plus its duration), seconds from the
     * file's start; NaN when they do not say (Matroska gives only the whole file's duration).
     */
    public double videoDeclaredEndSeconds = Double.NaN;
    /** Where the headers say the audio stream ends; NaN when they do not say. */
    public double audioDeclaredEndSeconds = Double.NaN;
    /**
     * Time from which the container's index points past the end of the file (so that media data is missing),
     * seconds from the file's start; NaN when the index is intact or the container has none.
     */
    public double missingDataFromSeconds = Double.NaN;
    /**
     * True when the file declares no duration and FFmpeg only estimated one from the bit rate (raw ADTS AAC, an
     * MP3 without a Xing/Info header): every packet was then read and {@link #durationSeconds} is the measured
     * end of the media data.
     */
    public boolean durationMeasured;
    /** Container index of the audio stream the audio fields above describe (the first), or -1. */
    public int audioStreamIndex = -1;
    /** Every audio stream, in container order: a recording may keep the room and the lapel microphone apart. */
    public List<AudioStream> audioStreams = new ArrayList<>();
  }


  /** Opening the container failed; {@code code} is FFmpeg's error number. */
  public static final class OpenException extends Exception {
    public final int code;

    OpenException(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  static {
    // Keep FFmpeg off the terminal: its messages go to the log file, failures through our own records.
    FfmpegLog.install();
  }

  private MediaProbe() {}

  public static Result probe(Path file) throws OpenException {
    AVFormatContext fmt = new AVFormatContext(null);
    int r = avformat_open_input(fmt, file.toAbsolutePath().toString(), null, null);
    if (r < 0) {
      throw new OpenException(r, errorText(r));
    }
    try {
      r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
      if (r < 0) {
        throw new OpenException(r, errorText(r));
      }
      Result out = new Result();
      out.container = fmt.iformat().name().getString();
      out.bitRate = Math.max(0, fmt.bit_rate());
      int videoIndex = -1;
      int audioIndex = -1;
      double streamDuration = 0;
      for (int i = 0; i < fmt.nb_streams(); i++) {
        AVStream st = fmt.streams(i);
        AVCodecParameters par = st.codecpar();
        boolean coverArt = (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
        if (par.codec_type() == AVMEDIA_TYPE_AUDIO) {
          out.audioStreams.add(AudioStream.of(i, st));
        }
        if (par.codec_type() == AVMEDIA_TYPE_VIDEO && !coverArt && videoIndex < 0) {
          videoIndex = i;
          out.videoCodec = avcodec_get_name(par.codec_id()).getString();
          out.width = par.width();
          out.height = par.height();
          out.geometry = VideoGeometry.of(fmt, st);
          out.frameRate = rational(st.avg_frame_rate());
          out.baseFrameRate = rational(st.r_frame_rate());
          if (out.frameRate <= 0) {
            out.frameRate = rational(st.r_frame_rate());
          }
        } else if (par.codec_type() == AVMEDIA_TYPE_AUDIO && audioIndex < 0) {
          audioIndex = i;
          out.audioCodec = avcodec_get_name(par.codec_id()).getString();
          out.audioSampleRate = par.sample_rate();
          out.audioChannels = par.ch_layout().nb_channels();
        }
        if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
          streamDuration = Math.max(streamDuration, st.duration() * rational(st.time_base()));
        }
      }
      out.audioStreamIndex = audioIndex;
      if (fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0) {
        out.durationSeconds = fmt.duration() / (double) AV_TIME_BASE;
      } else if (streamDuration > 0) {
        out.durationSeconds = streamDuration;
      }
      out.durationMeasured = fmt.duration_estimation_method() == avformat.AVFMT_DURATION_FROM_BITRATE;
      double fmtStart = fmt.start_time() == AV_NOPTS_VALUE ? 0 : fmt.start_time() / (double) AV_TIME_BASE;
      if (!out.durationMeasured) {
        out.videoDeclaredEndSeconds = declaredEnd(fmt.streams(Math.max(0, videoIndex)), videoIndex, fmtStart);
        out.audioDeclaredEndSeconds = declaredEnd(fmt.streams(Math.max(0, audioIndex)), audioIndex, fmtStart);
      }
      out.missingDataFromSeconds = indexPastEnd(fmt, fmtStart, videoIndex, audioIndex);
      if (out.durationSeconds > 0 && (audioIndex >= 0 || videoIndex >= 0)) {
        scanEnd(fmt, out, audioIndex, videoIndex);
      }
      return out;
    } finally {
      avformat_close_input(fmt);
    }
  }

  /** Safety bound on packets read at the end: far more than any stream of a 4-hour lecture holds. */
  private static final int MAX_PACKETS = 5_000_000;
  /** How far before a stream's expected end the end scan starts. */
  private static final double LEAD_SECONDS = 5.0;

  /**
   * Finds where each stream's media data really ends, reading packets only (no decoding).
   *
   * <p>Streams may end at different times (a screen recording stopped before the microphone, audio that starts
   * late), so each is followed on its own: first the stream expected to end last is read from shortly before
   * its end to the end of the file, then any stream that had already ended by then is looked for further
   * back. Seeking with FFmpeg's default stream (video) cannot land after the video's end, and the audio that
   * continues past it may be many minutes long, so the reads are bounded by the end of the file, not by a
   * packet count.
   *
   * <p>When the duration is only a bit-rate estimate, timestamps after a seek are estimates too, so every
   * packet is read from the start and the duration becomes the measured one.
   */
  private static void scanEnd(AVFormatContext fmt, Result out, int audioIndex, int videoIndex) {
    double fmtStart = fmt.start_time() == AV_NOPTS_VALUE ? 0 : fmt.start_time() / (double) AV_TIME_BASE;
    EndScan scan = new EndScan(fmt, fmtStart, new int[] {videoIndex, audioIndex});
    if (out.durationMeasured) {
      scan.read(Double.POSITIVE_INFINITY);
    } else {
      int[] streams = {videoIndex, audioIndex};
      double[] declared = {out.videoDeclaredEndSeconds, out.audioDeclaredEndSeconds};
      int last = -1;
      double lastEnd = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 2; k++) {
        if (streams[k] >= 0 && declared[k] > lastEnd) {
          last = streams[k];
          lastEnd = declared[k];
        }
      }
      scan.seek(last, out.durationSeconds - LEAD_SECONDS);
      scan.read(Double.POSITIVE_INFINITY);
      // Only this first read reaches the end of the file: its error is the one that says the tail is unreadable.
      out.readError = scan.error;
      double scanned = scan.firstTime;
      for (int k = 0; k < 2; k++) {
        int si = streams[k];
        if (si < 0 || scan.seen(si) || out.readError != null || Double.isNaN(scanned)) {
          continue;
        }
        // This stream ended before the first read began: step back until its last packets are found. A read
        // error here (e.g. a copy with only the file's head and tail) leaves the stream's end unknown.
        double target = declared[k] > 0 && declared[k] < scanned ? declared[k] - LEAD_SECONDS : scanned - 30;
        scan.error = null;
        while (!scan.seen(si) && scan.error == null) {
          scan.seek(si, target);
          scan.read(scanned + LEAD_SECONDS);
          if (target <= 0) {
            break;
          }
          target = Math.max(0, scanned - 4 * (scanned - target));
        }
      }
    }
    if (out.durationMeasured) {
      out.readError = scan.error;
    }
    out.videoEndSeconds = videoIndex >= 0 ? scan.end(videoIndex) : Double.NaN;
    out.audioEndSeconds = audioIndex >= 0 ? scan.end(audioIndex) : Double.NaN;
    out.mediaEndSeconds = Double.isNaN(out.videoEndSeconds) ? out.audioEndSeconds
        : Double.isNaN(out.audioEndSeconds) ? out.videoEndSeconds
        : Math.max(out.videoEndSeconds, out.audioEndSeconds);
    if (out.durationMeasured && out.mediaEndSeconds > 0) {
      out.durationSeconds = out.mediaEndSeconds;
    }
  }

  /** Packet reads at the end of a file, remembering the latest end time per stream. */
  private static final class EndScan {
    final AVFormatContext fmt;
    final double fmtStart;
    final int[] wanted;
    final double[] ends;
    /** Time of the first wanted packet read since the first seek: where the first scan began. */
    double firstTime = Double.NaN;
    @Nullable String error;

    EndScan(AVFormatContext fmt, double fmtStart, int[] wanted) {
      this.fmt = fmt;
      this.fmtStart = fmtStart;
      this.wanted = wanted;
      this.ends = new double[fmt.nb_streams()];
      java.util.Arrays.fill(ends, Double.NaN);
    }

    boolean seen(int si) {
      return !Double.isNaN(ends[si]);
    }

    double end(int si) {
      return ends[si];
    }

    /** Seeks stream {@code si} (or FFmpeg's default stream) to at most {@code seconds} from the file's start. */
    void seek(int si, double seconds) {
      double t = Math.max(0, seconds) + fmtStart;
      int r = -1;
      if (si >= 0) {
        r = av_seek_frame(fmt, si, (long) Math.floor(t / rational(fmt.streams(si).time_base())), AVSEEK_FLAG_BACKWARD);
      }
      if (r < 0) {
        // Some demuxers can seek only with their own choice of stream (e.g. Matroska audio without cues).
        av_seek_frame(fmt, -1, (long) (t * AV_TIME_BASE), AVSEEK_FLAG_BACKWARD);
      }
    }

    /** Reads packets to the end of the file, or until a packet starts after {@code stopAfter} seconds. */
    void read(double stopAfter) {
      AVPacket pkt = av_packet_alloc();
      try {
        for (int n = 0; ; n++) {
          if (n >= MAX_PACKETS) {
            error = "the end of the media data was not reached after " + MAX_PACKETS + " packets";
            return;
          }
          int r = av_read_frame(fmt, pkt);
          if (r < 0) {
            if (r != org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF()) {
              error = errorText(r);
            }
            return;
          }
          int si = pkt.stream_index();
          long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
          if (ts != AV_NOPTS_VALUE && (si == wanted[0] || si == wanted[1])) {
            double tb = rational(fmt.streams(si).time_base());
            double start = ts * tb - fmtStart;
            double end = (ts + Math.max(0, pkt.duration())) * tb - fmtStart;
            ends[si] = Double.isNaN(ends[si]) ? end : Math.max(ends[si], end);
            if (Double.isNaN(firstTime)) {
              firstTime = start;
            }
            if (start > stopAfter) {
              return;
            }
          }
          av_packet_unref(pkt);
        }
      } finally {
        av_packet_free(pkt);
      }
    }
  }

  /**
   * The earliest time (seconds from the file's start) of an index entry of the given streams whose bytes lie
   * beyond the end of the file, or NaN. A container with a sample index (MP4/MOV, Matroska cues at the front)
   * that points past the end of the file has certainly lost its tail: the data was there when it was written.
   */
  private static double indexPastEnd(AVFormatContext fmt, double fmtStart, int... streams) {
    long size = fmt.pb() == null ? -1 : avio_size(fmt.pb());
    if (size <= 0) {
      return Double.NaN;
    }
    double first = Double.NaN;
    for (int si : streams) {
      if (si < 0) {
        continue;
      }
      AVStream st = fmt.streams(si);
      double tb = rational(st.time_base());
      int n = avformat_index_get_entries_count(st);
      for (int i = 0; i < n; i++) {
        AVIndexEntry e = avformat_index_get_entry(st, i);
        if (e != null && e.pos() >= 0 && e.pos() + Math.max(0, e.size()) > size) {
          double t = Math.max(0, e.timestamp() * tb - fmtStart);
          first = Double.isNaN(first) ? t : Math.min(first, t);
        }
      }
    }
    return first;
  }

  /** The stream's start plus its duration, seconds from the file's start; NaN when the headers do not say. */
  private static double declaredEnd(AVStream st, int index, double fmtStart) {
    if (index < 0 || st.duration() == AV_NOPTS_VALUE || st.duration() <= 0) {
      return Double.NaN;
    }
    double tb = rational(st.time_base());
    double start = st.start_time() == AV_NOPTS_VALUE ? 0 : st.start_time() * tb - fmtStart;
    return start + st.duration() * tb;
  }

  static double rational(AVRational r) {
    return r == null || r.den() == 0 ? 0 : r.num() / (double) r.den();
  }

  public static String errorText(int code) {
    BytePointer buf = new BytePointer(256);
    try {
      av_strerror(code, buf, 256);
      // The buffer is read to its capacity: cut at FFmpeg's terminating NUL.
      String text = buf.getString();
      int nul = text.indexOf('\0');
      return (nul >= 0 ? text.substring(0, nul) : text).trim();
    } finally {
      buf.deallocate();
    }
  }
}
