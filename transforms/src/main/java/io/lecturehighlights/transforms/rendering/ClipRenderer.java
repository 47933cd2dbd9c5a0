package io.lecturehighlights.transforms.rendering;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import io.lecturehighlights.transforms.media.AudioStream;
import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.VideoGeometry;
import io.lecturehighlights.transforms.rendering.SubtitleCues.Cue;
import io.lecturehighlights.transforms.media.MediaProbe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Renders one highlight clip in each configured format: for each kept interval it seeks (never decoding from the
 * file's start, so time and memory do not grow with the lecture's length), decodes video and audio once, lays each
 * picture out for every format ({@link RenderLayout}), burns in the subtitles (drawtext, one per cue, in clip time),
 * fades the audio in and out at every cut, and writes one H.264 + AAC MP4 per format with the index in front; then
 * each format's JPEG thumbnail (no subtitles, a settled frame: {@link ThumbnailPicker}) and WebVTT side file. Why one
 * decode: decoding and seeking are a share of every render that extra formats need not pay again.
 *
 * <p>Layout periods: each format has one plan per layout period ({@link RenderLayout#planPeriods}), all of the
 * format's size. Every output slot is laid out with the plan of the period its source time falls in, so a clip that
 * spans a switch (slides alone, then the camera inset) cuts to the new framing on the first frame at or after the
 * period's start. At a switch the format's filter graph is drained and replaced by the next period's (FFmpeg graphs
 * are fixed once configured); the audio goes on untouched, so the switch neither drops nor repeats a sample.
 *
 * <p>Timing: the clip's video has exactly one frame per output slot (clip time x fps) and its audio exactly the samples
 * of the kept intervals (cut to the sample), so both tracks are as long as the kept intervals and stay in sync across
 * every cut. Failures: {@code source_unreadable}, {@code no_kept_intervals}, {@code invalid_kept_intervals},
 * {@code kept_intervals_outside_source}, {@code font_unavailable}, {@code output_unwritable}, {@code render_failed};
 * nothing is left behind in the output folder on failure.
 */
public final class ClipRenderer {
  /** Decode from a little before each interval so that the audio frame holding the cut point is not skipped. */
  private static final double PREROLL_SECONDS = 0.25;

  private final RenderConfig config;
  private int audioStream = -1;
  private @Nullable String highlightTitle;

  public ClipRenderer(RenderConfig config) {
    this.config = config;
  }

  /** Decodes the audio stream with this container index (the track chosen at validation); negative: JavaCV's pick. */
  public ClipRenderer audioStream(int index) {
    this.audioStream = index;
    return this;
  }

  /**
   * The highlight's title: what the title card ({@link TitleCard}, {@code --title-card on}) shows when no slide with a
   * title is on screen while the card shows.
   */
  public ClipRenderer highlightTitle(@Nullable String title) {
    this.highlightTitle = title;
    return this;
  }

  /** clip-NN.ext, NN two digits from 01. */
  public static String fileName(int index, String ext) {
    return String.format(Locale.ROOT, "clip-%02d.%s", index, ext);
  }

  /**
   * The file of one format of a clip: the first format keeps the plain {@code clip-NN.ext} that consumers from before
   * formats read (written once, not also as {@code clip-NN-<format>.ext}: S3 has no links and a copy would store the
   * same bytes twice); every other format is {@code clip-NN-<format>.ext}.
   */
  public static String fileName(int index, String format, boolean first, String ext) {
    return first ? fileName(index, ext) : String.format(Locale.ROOT, "clip-%02d-%s.%s", index, format, ext);
  }

  /**
   * Renders every configured format of one highlight and returns the first format's clip; see {@link #renderAll}.
   */
  public Clip render(String jobId, Path source, List<TimeRange> kept, @Nullable Layout layout,
      @Nullable Transcript transcript, Path outDir, int index) throws StageException {
    return renderAll(jobId, source, kept, layout, transcript, outDir, index).get(0);
  }

  /**
   * Renders one highlight in each of the config's formats: {@code outDir/clip-NN.mp4}, {@code .jpg} and {@code .vtt}
   * for the first, {@code clip-NN-<format>.*} for the others (see {@link #fileName(int, String, boolean, String)}).
   * The source is decoded once; each decoded picture goes through every format's filter graph and encoder.
   *
   * @param kept the kept source intervals (seconds, sorted, non-overlapping)
   * @param layout the lecture's layout, or null when layout detection failed
   * @param transcript the lecture's transcript (words, or segments only), or null for no subtitles
   * @param index the clip's number, from 1
   * @return one clip per format, in the config's order
   */
  public List<Clip> renderAll(String jobId, Path source, List<TimeRange> kept, @Nullable Layout layout,
      @Nullable Transcript transcript, Path outDir, int index) throws StageException {
    long t0 = System.nanoTime();
    if (index < 1 || index > 99) {
      throw new StageException("invalid_clip_index", "clip index must be 1..99, got " + index);
    }
    MediaProbe.Result info;
    try {
      info = MediaProbe.probe(source);
    } catch (MediaProbe.OpenException e) {
      throw new StageException("source_unreadable", "cannot open the source " + source + ": " + e.getMessage());
    }
    boolean hasVideo = info.videoCodec != null && info.width > 0 && info.height > 0;
    boolean hasAudio = info.audioCodec != null && info.audioChannels > 0;
    if (!hasVideo && !hasAudio) {
      throw new StageException("source_unreadable", "the source " + source + " has neither video nor audio");
    }
    double sourceSeconds = Double.isFinite(info.durationSeconds) ? info.durationSeconds : 0;
    ClipTimeline timeline = ClipTimeline.of(kept, sourceSeconds);
    // Title card: chosen once per clip, laid out per format below.
    String title = config.titleCard()
        ? TitleCard.title(layout, timeline, config.titleCardSeconds(), highlightTitle) : "";
    boolean drawsText = config.subtitles() || !title.isEmpty();
    if (drawsText && !Files.isReadable(Path.of(config.fontFile()))) {
      throw new StageException("font_unavailable", "subtitle font not found: " + config.fontFile()
          + " (Debian: fonts-dejavu-core)");
    }
    if (drawsText && config.fontFile().matches(".*[':\\\\,;\\[\\]].*")) {
      throw new StageException("font_unavailable", "the font path must not contain ' : \\ , ; [ or ]: "
          + config.fontFile());
    }
    // Layouts are measured on, and clips show, the upright square-pixel picture a player shows.
    VideoGeometry geometry = hasVideo && info.geometry != null ? info.geometry : VideoGeometry.plain(info.width,
        info.height);
    String normalise = hasVideo && geometry.needsNormalising() ? geometry.filterChain() + "," : "";
    List<Output> outputs = new java.util.ArrayList<>();
    for (String format : config.formats()) {
      RenderConfig fc = config.forFormat(format);
      List<RenderLayout.Stretch> stretches = RenderLayout.planPeriods(layout, geometry.displayWidth(),
          geometry.displayHeight(), hasVideo, fc);
      // Each format wraps the subtitles to its own line length.
      List<Cue> cues = SubtitleCues.build(transcript, timeline, SubtitleCues.Style.of(fc));
      outputs.add(new Output(format, fc, stretches, cues, outDir, index, outputs.isEmpty()));
    }
    Path work = null;
    try {
      Files.createDirectories(outDir);
      work = Files.createTempDirectory("lhx-render-");
      for (Output o : outputs) {
        Path text = Files.createDirectory(work.resolve(o.format));
        // Subtitles depend on the output size only, which every plan of a format shares.
        String subtitles = config.subtitles() ? o.plan.drawtext(o.cues, text, o.config) : "";
        // The title card, over the subtitles; never on the thumbnail.
        TitleCard card = TitleCard.plan(title, o.plan, o.config, config.titleCardSeconds(), timeline.duration());
        String overlays = subtitles + (card == null ? "" : card.drawtext(text));
        for (RenderLayout.Stretch st : o.stretches) {
          o.thumbnailGraphs.add(normalise + st.plan().filter);
          o.graphs.add(normalise + st.plan().filter + overlays);
        }
      }
      // An interlaced stream's base rate can be its field rate: deinterlacing keeps one frame per frame.
      double fps = hasVideo ? outputFrameRate(info.frameRate, geometry.interlaced ? 0 : info.baseFrameRate,
          config.audiogramFps()) : config.audiogramFps();
      int channels = hasAudio ? Math.min(2, info.audioChannels) : 1;
      int rate = config.audioSampleRate() > 0 ? config.audioSampleRate()
          : hasAudio && info.audioSampleRate > 0 ? info.audioSampleRate : 48_000;
      ThumbnailPicker picker = new ThumbnailPicker(timeline.sourceStart(0), timeline.sourceEnd(0),
          ThumbnailPicker.transitions(layout),
          hasVideo && !geometry.needsNormalising() ? subject(layout, info.width, info.height) : null);
      double thumbnailAt = encode(source, timeline, outputs, fps, hasVideo, hasAudio, channels, rate, info, picker);
      List<Clip> clips = new java.util.ArrayList<>();
      for (Output o : outputs) {
        WebVtt.write(o.cues, o.vtt);
        Files.move(o.partial, o.mp4, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        double duration;
        try {
          duration = MediaProbe.probe(o.mp4).durationSeconds;
        } catch (MediaProbe.OpenException e) {
          throw new StageException("render_failed", "the rendered clip cannot be read back: " + e.getMessage());
        }
        clips.add(Clip.newBuilder()
            .setJobId(jobId)
            .setIndex(index)
            .setFormat(o.format)
            .setVideoUri(o.mp4.toAbsolutePath().toString())
            .setThumbnailUri(o.jpg.toAbsolutePath().toString())
            .setThumbnailSeconds(Double.isNaN(thumbnailAt) ? null : thumbnailAt)
            .setSubtitlesUri(o.vtt.toAbsolutePath().toString())
            .setLayout(o.plan.mode)
            .setDurationSeconds(duration)
            .setSizeBytes(Files.size(o.mp4))
            .setWidth(o.plan.width)
            .setHeight(o.plan.height)
            .setVideoCodec("h264")
            .setAudioCodec("aac")
            .setSourceIntervals(timeline.ranges())
            .setRenderMillis((System.nanoTime() - t0) / 1_000_000)
            .setTitleCard(title.isEmpty() ? null : title)
            .build());
      }
      return clips;
    } catch (StageException e) {
      cleanUp(outputs);
      throw e;
    } catch (IOException e) {
      cleanUp(outputs);
      if (e instanceof FrameGrabber.Exception) {
        throw new StageException("source_unreadable", "cannot decode the source " + source + ": " + e.getMessage(),
            false, e);
      }
      boolean ffmpeg = e.getClass().getName().startsWith("org.bytedeco");
      throw new StageException(ffmpeg ? "render_failed" : "output_unwritable",
          (ffmpeg ? "FFmpeg failed while rendering clip " : "cannot write clip ") + index + ": " + e.getMessage(),
          false, e);
    } catch (RuntimeException e) {
      cleanUp(outputs);
      throw new StageException("render_failed", "rendering clip " + index + " failed: " + e, false, e);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * What a thumbnail is about, in source pixels: the slide (the screen region) unless the lecture is camera-only,
   * then the camera; the whole picture without a layout.
   */
  static RenderLayout.@Nullable Box subject(@Nullable Layout layout, int w, int h) {
    if (layout == null) {
      return null;
    }
    RenderLayout.Box screen = RenderLayout.scaled(layout.getScreen(), layout, w, h);
    RenderLayout.Box camera = RenderLayout.scaled(layout.getCamera(), layout, w, h);
    if ("camera_only".equals(layout.getType()) || screen == null) {
      return camera;
    }
    return screen;
  }

  /**
   * One format of the clip being rendered: its plans (one per layout period), files, and (while encoding) the filter
   * graph of the period being rendered, its encoder and queue. The decode is shared by all formats.
   */
  private static final class Output {
    final String format;
    final RenderConfig config;
    /** The first period's plan: the format's size, mode and subtitle placement, which every period shares. */
    final RenderLayout plan;
    final List<RenderLayout.Stretch> stretches;
    final List<Cue> cues;
    final Path mp4;
    final Path jpg;
    final Path vtt;
    final Path partial;
    /** Per stretch: layout and subtitles; the thumbnail's graph is the same without the subtitles. */
    final List<String> graphs = new java.util.ArrayList<>();
    final List<String> thumbnailGraphs = new java.util.ArrayList<>();
    /** The stretch whose graph {@link #filter} runs, -1 before the first picture. */
    int active = -1;
    int inW;
    int inH;
    double fps;
    FFmpegFrameFilter filter;
    FFmpegFrameRecorder recorder;
    EncodeQueue queue;
    /** An audiogram's picture: a plain frame of the output size. */
    Frame background;
    long pictures;

    Output(String format, RenderConfig config, List<RenderLayout.Stretch> stretches, List<Cue> cues, Path outDir,
        int index, boolean first) {
      this.format = format;
      this.config = config;
      this.stretches = stretches;
      this.plan = stretches.get(0).plan();
      this.cues = cues;
      this.mp4 = outDir.resolve(fileName(index, format, first, "mp4"));
      this.jpg = outDir.resolve(fileName(index, format, first, "jpg"));
      this.vtt = outDir.resolve(fileName(index, format, first, "vtt"));
      this.partial = outDir.resolve(fileName(index, format, first, "partial.mp4"));
    }

    /** The stretch holding a source time (the stretches cover every time). */
    int stretchAt(double sourceTime) {
      for (int k = 0; k < stretches.size(); k++) {
        if (stretches.get(k).holds(sourceTime)) {
          return k;
        }
      }
      return stretches.size() - 1;
    }

    /**
     * Makes stretch k's graph the running one: the previous graph is drained first (its last pictures go to the
     * encoder before the new graph's first), then released.
     */
    void activate(int k) throws IOException {
      if (k == active) {
        return;
      }
      drainFilter();
      FFmpegFrameFilter f = new FFmpegFrameFilter(graphs.get(k), inW, inH);
      f.setPixelFormat(AV_PIX_FMT_YUV420P);
      f.setFrameRate(fps);
      f.start();
      filter = f;
      active = k;
    }

    /** Ends the running graph and queues what it still holds. */
    void drainFilter() throws IOException {
      if (filter == null) {
        return;
      }
      filter.push(null);
      Frame out;
      while ((out = filter.pull()) != null) {
        queue.picture(out);
      }
      filter.release();
      filter = null;
    }
  }

  /**
   * Decodes every kept interval once and feeds each picture to every format's filter graph and encoder; writes the
   * thumbnails after.
   *
   * @return the clip time of the thumbnail's picture (NaN when there is no video)
   */
  private double encode(Path source, ClipTimeline tl, List<Output> outputs, double fps, boolean hasVideo,
      boolean hasAudio, int channels, int rate, MediaProbe.Result info, ThumbnailPicker picker)
      throws IOException, StageException {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile());
    boolean grabberStarted = false;
    try {
      if (hasVideo) {
        grabber.setPixelFormat(AV_PIX_FMT_YUV420P);
      }
      if (audioStream >= 0) {
        grabber.setAudioStream(audioStream);
      }
      grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
      grabber.setSampleRate(rate);
      grabber.setAudioChannels(channels);
      // FFmpeg's API decodes on one thread unless asked; 0 is "auto", what the ffmpeg CLI uses.
      grabber.setVideoOption("threads", Integer.toString(config.threads()));
      grabber.start();
      grabberStarted = true;

      for (Output o : outputs) {
        RenderLayout plan = o.plan;
        o.inW = hasVideo ? info.width : plan.width;
        o.inH = hasVideo ? info.height : plan.height;
        o.fps = fps;
        o.recorder = recorder(o.partial, plan, fps, channels, rate);
        o.queue = new EncodeQueue(plan.width, plan.height, rate, channels);
        // The first picture's period is known before decoding: its graph is configured now, as before periods.
        o.activate(o.stretchAt(tl.sourceStart(0)));
      }

      Encoder enc = new Encoder(grabber, outputs, tl, fps, rate, channels, hasVideo, hasAudio, picker);
      // Decoding and filtering on one thread, each format's encoding on its own: the stages overlap as in the ffmpeg
      // CLI, and the formats' encoders run side by side.
      Thread producer = new Thread(() -> {
        Throwable error = null;
        try {
          for (int i = 0; i < tl.size(); i++) {
            enc.interval(i);
          }
          enc.finish();
        } catch (Throwable t) {
          error = t;
        }
        for (Output o : outputs) {
          o.queue.end(error);
        }
      }, "lhx-render-decode");
      producer.setDaemon(true);
      Throwable[] failures = new Throwable[outputs.size()];
      List<Thread> encoders = new java.util.ArrayList<>();
      for (int k = 1; k < outputs.size(); k++) {
        int n = k;
        Thread t = new Thread(() -> failures[n] = drain(outputs.get(n)), "lhx-render-encode-" + outputs.get(n).format);
        t.setDaemon(true);
        encoders.add(t);
      }
      producer.start();
      encoders.forEach(Thread::start);
      failures[0] = drain(outputs.get(0));
      encoders.forEach(ClipRenderer::joinQuietly);
      joinQuietly(producer);
      rethrow(failures);
      for (Output o : outputs) {
        o.recorder.stop();
      }
      if (outputs.get(0).pictures == 0) {
        throw new StageException("render_failed", String.format(Locale.ROOT,
            "no frame was rendered: the kept intervals (%.3f s) are shorter than a frame", tl.duration()));
      }
      // Thumbnails: the picker's picture (or the last one), through each format's layout without the subtitles.
      double at = picker.bestTime();
      for (Output o : outputs) {
        Frame picture = hasVideo ? enc.thumbnailPicture() : o.background;
        // The thumbnail is laid out as the clip shows it at that time.
        String graph = o.thumbnailGraphs.get(o.stretchAt(Double.isNaN(at) ? tl.sourceStart(0) : at));
        writeThumbnail(picture, graph, o, hasVideo ? info.width : o.plan.width,
            hasVideo ? info.height : o.plan.height, fps);
      }
      return !hasVideo ? Double.NaN
          : Double.isNaN(at) ? Math.max(0, (enc.slots - 1) / fps) : at - tl.sourceStart(0) + tl.clipStart(0);
    } finally {
      for (Output o : outputs) {
        closeQuietly(o.recorder, o.filter, null);
      }
      closeQuietly(null, null, grabberStarted ? grabber : null);
      grabber.release();
    }
  }

  private FFmpegFrameRecorder recorder(Path out, RenderLayout plan, double fps, int channels, int rate)
      throws FFmpegFrameRecorder.Exception {
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), plan.width, plan.height, channels);
    recorder.setFormat("mp4");
    recorder.setOption("movflags", "+faststart");
    recorder.setVideoCodec(AV_CODEC_ID_H264);
    recorder.setVideoCodecName("libx264");
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setVideoBitrate(0);
    recorder.setVideoOption("preset", config.x264Preset());
    recorder.setVideoOption("crf", Integer.toString(config.crf()));
    // JavaCV asks for constrained baseline by default; the ffmpeg CLI (and every player) uses high.
    recorder.setVideoOption("profile", "high");
    recorder.setVideoOption("threads", Integer.toString(config.threads()));
    recorder.setAudioCodec(AV_CODEC_ID_AAC);
    recorder.setAudioBitrate(config.audioBitrate());
    recorder.setSampleRate(rate);
    recorder.setAudioChannels(channels);
    recorder.start();
    return recorder;
  }

  /** Encodes one format's queue until the producer ends; the failure, if any (the queue is cancelled then). */
  private static @Nullable Throwable drain(Output o) {
    try {
      o.queue.drain(o.recorder, (frame, n) -> o.pictures = n + 1);
      return null;
    } catch (Throwable t) {
      o.queue.cancel();
      return t;
    }
  }

  /**
   * The first failure that is a cause, not a consequence: a format's encoder that stopped makes the producer fail
   * with a cancellation, which every other format then reports too.
   */
  private static void rethrow(Throwable[] failures) throws IOException, StageException {
    Throwable first = null;
    for (Throwable t : failures) {
      if (t != null && (first == null
          || first instanceof java.util.concurrent.CancellationException
              && !(t instanceof java.util.concurrent.CancellationException))) {
        first = t;
      }
    }
    if (first == null) {
      return;
    }
    if (first instanceof StageException e) {
      throw e;
    }
    if (first instanceof IOException e) {
      throw e;
    }
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    throw new IOException(first);
  }

  /**
   * The clip's constant frame rate: the source's average, except for a variable-frame-rate recording (a screen
   * recorder that drops frames while nothing moves averages 14 fps for a 30 fps capture), which plays at the rate it
   * was captured at so that motion stays smooth; the fallback when neither is usable.
   */
  static double outputFrameRate(double average, double base, double fallback) {
    boolean usableBase = base > 1 && base <= 60;
    if (usableBase && (average <= 1 || average < 0.9 * base)) {
      return base;
    }
    return average > 1 && average < 121 ? average : fallback;
  }

  /** The per-clip state of the decode, filter, encode loop. */
  private final class Encoder {
    final FFmpegFrameGrabber grabber;
    final List<Output> outputs;
    final ClipTimeline tl;
    final double fps;
    final int rate;
    final int channels;
    final boolean hasVideo;
    final boolean hasAudio;
    final int fadeSamples;
    final ThumbnailPicker picker;
    /**
     * The grabber's frame times count from the container's clock (a transport stream starts at 1.4 s or anywhere),
     * while seeking, layouts and kept intervals count from the file's start: the start time converts one to the other.
     */
    final double origin;
    /** Output slots (frames) sent through the filters so far, over the whole clip. */
    long slots;
    /** The kept interval being decoded: with the slot number it gives each slot's source time. */
    int interval;
    /** The last source picture, to repeat when the source ends before an interval does. */
    Frame lastPicture;
    /** Whether {@link #lastPicture} was decoded for the current interval (not left over from the one before). */
    boolean pictureInInterval;
    /** A copy of the picker's best picture so far. */
    Frame thumbnail;
    float[] scratch = new float[0];
    /** The grabber pads its rows; the filter graph reads tightly packed planes. */
    final PackedYuvFrames packed = new PackedYuvFrames();

    Encoder(FFmpegFrameGrabber grabber, List<Output> outputs, ClipTimeline tl, double fps, int rate, int channels,
        boolean hasVideo, boolean hasAudio, ThumbnailPicker picker) {
      this.grabber = grabber;
      this.outputs = outputs;
      this.tl = tl;
      this.fps = fps;
      this.rate = rate;
      this.channels = channels;
      this.hasVideo = hasVideo;
      this.hasAudio = hasAudio;
      this.picker = picker;
      this.fadeSamples = (int) Math.round(config.fadeMillis() / 1000.0 * rate);
      if (!hasVideo) {
        for (Output o : outputs) {
          o.background = solidFrame(o.plan.width, o.plan.height, config.audiogramColor());
        }
      }
      long start = grabber.getFormatContext().start_time();
      this.origin = start == AV_NOPTS_VALUE ? 0 : start / 1e6;
    }

    /** The thumbnail's source picture: the picker's choice, or the last picture when it had none. */
    Frame thumbnailPicture() {
      return thumbnail != null ? thumbnail : pictureOrBlack();
    }

    /** Shows the picker a decoded picture of the first interval; keeps a copy of it when it is the best so far. */
    private void consider(Frame f, double ts) {
      if (picker.offer((ByteBuffer) f.image[0], f.imageWidth, f.imageHeight, ts)) {
        thumbnail = copy(f, thumbnail);
      }
    }

    void interval(int i) throws IOException, StageException {
      interval = i;
      double s = tl.sourceStart(i);
      long slotEnd = Math.round(tl.clipEnd(i) * fps);
      long sampleStart = Math.round(s * rate);
      long samplesWanted = Math.round(tl.clipEnd(i) * rate) - Math.round(tl.clipStart(i) * rate);
      long written = 0;
      long expected = Long.MIN_VALUE;
      grabber.setTimestamp(Math.max(0, Math.round((s - PREROLL_SECONDS) * 1e6)));
      pictureInInterval = false;
      boolean audioDone = !hasAudio;
      boolean videoDone = !hasVideo;
      while (!(audioDone && videoDone)) {
        Frame f = grabber.grabFrame(!audioDone, !videoDone, true, false, true);
        if (f == null) {
          break;
        }
        double ts = f.timestamp / 1e6 - origin;
        if (f.image != null && !videoDone) {
          f = packed.of(f);
          if (i == 0) {
            consider(f, ts);
          }
          // The first slot whose source time is at or after this frame's (to half a frame) shows it; the slots
          // before it show the picture before it (a variable-rate source leaves gaps between its frames).
          long due = (long) Math.floor((ts - s + tl.clipStart(i)) * fps + 0.5 + 1e-6);
          if (due < slots) {
            // Before the next slot (the pre-roll of a seek): the picture that slot shows unless a later one comes.
            rememberPicture(f);
          } else {
            while (slots < Math.min(due, slotEnd)) {
              emit(pictureInInterval ? lastPicture : f);
            }
            if (slots < slotEnd) {
              rememberPicture(f);
              emit(f);
            }
          }
          videoDone = slots >= slotEnd;
        } else if (f.samples != null && !audioDone) {
          FloatBuffer in = (FloatBuffer) f.samples[0];
          int n = in.remaining() / channels;
          long p0 = Math.round(ts * rate);
          // Frame timestamps are rounded; within 2 ms of where the previous frame ended, the audio is contiguous.
          if (expected != Long.MIN_VALUE && Math.abs(p0 - expected) <= rate / 500) {
            p0 = expected;
          }
          expected = p0 + n;
          long rel = p0 - sampleStart;
          if (rel > written) {
            written = writeSilence(written, Math.min(rel, samplesWanted), samplesWanted);
          }
          long from = Math.max(written, rel);
          long to = Math.min(samplesWanted, rel + n);
          if (to > from) {
            written = writeSamples(in, (int) (from - rel), from, to, samplesWanted);
          }
          audioDone = written >= samplesWanted;
          if (!hasVideo) {
            // An audiogram's frames follow the audio, so the muxer can interleave the two as it goes.
            long due = Math.round((tl.clipStart(i) + written / (double) rate) * fps);
            while (slots < Math.min(due, slotEnd)) {
              emit(null);
            }
          }
        }
      }
      // The source ended early (or has no audio): pad with the last picture and silence to keep the tracks in step.
      while (slots < slotEnd) {
        emit(hasVideo ? pictureOrBlack() : null);
      }
      if (written < samplesWanted) {
        writeSilence(written, samplesWanted, samplesWanted);
      }
    }

    private void rememberPicture(Frame f) {
      pictureInInterval = true;
      // Kept only for padding at a premature end of the source.
      lastPicture = copy(f, lastPicture);
    }

    /** A copy of a packed picture, into {@code into} when it has the size. */
    private Frame copy(Frame f, Frame into) {
      // The grabber's buffer limit covers the luma plane only; the whole 4:2:0 picture is its capacity.
      if (into == null || into.imageWidth != f.imageWidth || into.imageHeight != f.imageHeight) {
        into = solidFrame(f.imageWidth, f.imageHeight, "black");
      }
      ByteBuffer dst = (ByteBuffer) into.image[0];
      ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
      int n = PackedYuvFrames.size(f.imageWidth, f.imageHeight);
      src.limit(n).position(0);
      dst.limit(n).position(0);
      dst.put(src);
      dst.position(0);
      return into;
    }

    private Frame pictureOrBlack() {
      if (lastPicture == null) {
        lastPicture = solidFrame(grabber.getImageWidth(), grabber.getImageHeight(), "black");
      }
      return lastPicture;
    }

    /**
     * Sends one picture (null: each format's audiogram background) through every format's layout and subtitle
     * graph as output slot {@code slots}, and queues the results for the encoders.
     */
    private void emit(@Nullable Frame picture) throws IOException {
      // The filter turns microseconds into its 1/fps time base by truncation: aim a hundredth of a frame late.
      long timestamp = Math.round((slots + 0.01) * 1e6 / fps);
      // The slot's own time decides its layout period (not the picture's, which may be a little earlier).
      double sourceTime = tl.sourceStart(interval) + slots / fps - tl.clipStart(interval) + 1e-6;
      for (Output o : outputs) {
        o.activate(o.stretchAt(sourceTime));
        Frame in = picture != null ? picture : o.background;
        in.timestamp = timestamp;
        o.filter.push(in, AV_PIX_FMT_YUV420P);
        Frame out;
        while ((out = o.filter.pull()) != null) {
          o.queue.picture(out);
        }
      }
      slots++;
    }

    private void audio(float[] buf, int n) {
      for (Output o : outputs) {
        o.queue.audio(buf, n);
      }
    }

    private long writeSilence(long from, long to, long total) throws IOException {
      int n = (int) (to - from);
      for (int done = 0; done < n; ) {
        int k = Math.min(n - done, 4096);
        float[] buf = buffer(k * channels);
        java.util.Arrays.fill(buf, 0, k * channels, 0f);
        audio(buf, k);
        done += k;
      }
      return to;
    }

    /** Copies samples [from, to) of the interval (starting at {@code offset} in the frame), fading at both edges. */
    private long writeSamples(FloatBuffer in, int offset, long from, long to, long total) throws IOException {
      int n = (int) (to - from);
      float[] buf = buffer(n * channels);
      FloatBuffer src = in.duplicate();
      src.position(in.position() + offset * channels);
      src.get(buf, 0, n * channels);
      if (fadeSamples > 0) {
        for (int j = 0; j < n; j++) {
          long pos = from + j;
          double g = Math.min(1.0, Math.min((pos + 0.5) / fadeSamples, (total - pos - 0.5) / fadeSamples));
          if (g < 1.0) {
            for (int c = 0; c < channels; c++) {
              buf[j * channels + c] *= (float) g;
            }
          }
        }
      }
      audio(buf, n);
      return to;
    }

    private float[] buffer(int n) {
      if (scratch.length < n) {
        scratch = new float[n];
      }
      return scratch;
    }

    void finish() throws IOException {
      for (Output o : outputs) {
        o.drainFilter();
      }
    }
  }

  /** A YUV 4:2:0 picture of one colour (FFmpeg colour syntax: a name or 0xRRGGBB). */
  static Frame solidFrame(int w, int h, String color) {
    int rgb = color.equalsIgnoreCase("black") ? 0 : Integer.parseInt(color.replaceFirst("^(0x|#)", ""), 16);
    int r = rgb >> 16 & 0xff;
    int g = rgb >> 8 & 0xff;
    int b = rgb & 0xff;
    // BT.601 limited range, what the encoder assumes for untagged 4:2:0.
    int y = (int) Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b);
    int u = (int) Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
    int v = (int) Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    Frame f = PackedYuvFrames.allocate(w, h);
    ByteBuffer buf = (ByteBuffer) f.image[0];
    int ySize = w * h;
    int cSize = ((w + 1) / 2) * ((h + 1) / 2);
    for (int i = 0; i < ySize; i++) {
      buf.put(i, (byte) y);
    }
    for (int i = 0; i < cSize; i++) {
      buf.put(ySize + i, (byte) u);
      buf.put(ySize + cSize + i, (byte) v);
    }
    return f;
  }

  /**
   * The format's thumbnail: {@code picture} (a source picture, or the audiogram background) through the format's
   * layout graph without the subtitles, as a JPEG of the clip's size.
   */
  private void writeThumbnail(Frame picture, String graph, Output o, int inW, int inH, double fps)
      throws IOException {
    Path tmp = o.jpg.resolveSibling(o.jpg.getFileName() + ".partial.jpg");
    FFmpegFrameFilter filter = new FFmpegFrameFilter(graph, inW, inH);
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(tmp.toFile(), o.plan.width, o.plan.height, 0);
    try {
      filter.setPixelFormat(AV_PIX_FMT_YUV420P);
      filter.setFrameRate(fps);
      filter.start();
      picture.timestamp = 0;
      filter.push(picture, AV_PIX_FMT_YUV420P);
      filter.push(null);
      Frame out = filter.pull();
      if (out == null) {
        throw new IOException("the thumbnail's filter graph gave no picture");
      }
      r.setFormat("image2");
      r.setOption("update", "1");
      r.setVideoCodec(AV_CODEC_ID_MJPEG);
      r.setPixelFormat(AV_PIX_FMT_YUVJ420P);
      r.setFrameRate(1);
      r.setVideoQuality(config.thumbnailQscale());
      r.start();
      r.record(out, AV_PIX_FMT_YUV420P);
      r.stop();
    } finally {
      r.release();
      filter.release();
    }
    Files.move(tmp, o.jpg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(FFmpegFrameRecorder recorder, FFmpegFrameFilter filter,
      FFmpegFrameGrabber grabber) {
    try {
      if (recorder != null) {
        recorder.release();
      }
    } catch (Exception ignored) {
      // Already failing or finished: release is best effort.
    }
    try {
      if (filter != null) {
        filter.release();
      }
    } catch (Exception ignored) {
      // As above.
    }
    try {
      if (grabber != null) {
        grabber.stop();
      }
    } catch (Exception ignored) {
      // As above.
    }
  }

  private static void cleanUp(List<Output> outputs) {
    for (Output o : outputs) {
      cleanUp(o.partial, o.mp4, o.jpg, o.vtt);
    }
  }

  private static void cleanUp(Path... files) {
    for (Path p : files) {
      try {
        Files.deleteIfExists(p);
        Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".partial.jpg"));
      } catch (IOException ignored) {
        // Best effort: the caller reports the original failure.
      }
    }
  }

  private static void deleteTree(@Nullable Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // Temporary files: best effort.
        }
      });
    } catch (IOException ignored) {
      // Best effort.
    }
  }
}
