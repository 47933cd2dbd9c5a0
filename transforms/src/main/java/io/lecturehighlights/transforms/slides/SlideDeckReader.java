package io.lecturehighlights.transforms.slides;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.Box;
import io.lecturehighlights.transforms.media.StillFrames;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a lecture's slides once layout detection has found them: for each slide, the one still frame chosen for it
 * ({@link StillFrames}), cropped to the screen region, goes through OCR ({@link SlideTextReader}) and becomes a JPEG
 * thumbnail. Consecutive slides that read the same text are one slide (the same slide across a layout period, or a
 * change OCR cannot see).
 *
 * <p>Nothing here fails a lecture: OCR that cannot start or fails on a slide, or a frame that cannot be decoded,
 * leaves those slides without text and adds a note (the job completes with the note). Not thread-safe (one
 * Tesseract engine): one per DoFn instance.
 */
public final class SlideDeckReader implements AutoCloseable {

  /**
   * A slide as layout detection found it: shown [start, end), read at {@code readAt}; screen and camera in frame
   * pixels (camera null, or the inset over the screen that OCR leaves out).
   */
  public record Wanted(double start, double end, double readAt, Box screen, @Nullable Box camera) {}

  /**
   * A slide as read. {@code frameTime}: the frame read (NaN when none could be decoded); {@code thumbnailJpeg}: null
   * without a frame.
   */
  public record ReadSlide(double start, double end, double frameTime, SlideText text, byte @Nullable [] thumbnailJpeg) {}

  /** The slides of one lecture, with what was done without, and the time spent grabbing frames and in OCR. */
  public record Deck(List<ReadSlide> slides, List<String> notes, long grabMillis, long ocrMillis, long decodedFrames,
      int ocrRuns) {}

  private final SlidesConfig config;
  private final @Nullable SlideTextReader reader;
  /** Why there is no reader although OCR is on (its language data is missing): noted on every lecture. */
  private final @Nullable String unavailable;

  /** Starts the OCR engine when the config asks for OCR; an engine that cannot start is noted, not thrown. */
  public SlideDeckReader(SlidesConfig config) {
    this.config = config;
    SlideTextReader r = null;
    String why = null;
    if (config.ocr()) {
      try {
        r = new SlideTextReader(config.ocrLanguages());
      } catch (StageException e) {
        why = e.reason() + ": " + e.getMessage();
      }
    }
    this.reader = r;
    this.unavailable = why;
  }

  /** With an engine of the caller's (tests, benchmarks); null: no OCR. */
  public SlideDeckReader(SlidesConfig config, @Nullable SlideTextReader reader) {
    this.config = config;
    this.reader = reader;
    this.unavailable = null;
  }

  /** What read the text, for the record ("tesseract 5.5.2 eng"); null without OCR. */
  public @Nullable String engine() {
    if (reader == null) {
      return null;
    }
    try (BytePointer v = org.bytedeco.tesseract.TessBaseAPI.Version()) {
      return "tesseract " + v.getString() + " " + reader.languages();
    }
  }

  public Deck read(Path file, List<Wanted> wanted) {
    List<String> notes = new ArrayList<>();
    if (unavailable != null && !wanted.isEmpty()) {
      notes.add("slides: " + unavailable + " (slides have no text)");
    }
    int n = wanted.size();
    double[] frameTimes = new double[n];
    SlideText[] texts = new SlideText[n];
    byte[][] thumbs = new byte[n][];
    java.util.Arrays.fill(frameTimes, Double.NaN);
    Map<Double, List<Integer>> byTime = new HashMap<>();
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Integer> at = byTime.computeIfAbsent(wanted.get(i).readAt(), t -> new ArrayList<>());
      if (at.isEmpty()) {
        times.add(wanted.get(i).readAt());
      }
      at.add(i);
    }
    List<Seen> seen = new ArrayList<>();
    int[] ocrFailures = {0};
    String[] firstOcrFailure = {null};
    long[] ocrNanos = {0};
    long start = System.nanoTime();
    long decoded = 0;
    try {
      decoded = StillFrames.grab(file, times, (requested, time, picture) -> {
        for (int i : byTime.getOrDefault(requested, List.of())) {
          Box screen = wanted.get(i).screen().intersect(new Box(0, 0, picture.getWidth(), picture.getHeight()));
          frameTimes[i] = time;
          thumbs[i] = thumbnail(picture, screen, config.thumbnailWidth());
          if (reader != null && i < config.maxSlides()) {
            long t0 = System.nanoTime();
            Box camera = wanted.get(i).camera();
            float[] signature = signature(picture, screen, camera);
            try {
              SlideText again = null;
              for (Seen s : seen) {
                if (s.sameAs(signature)) {
                  again = s.text();
                  break;
                }
              }
              // A slide shown again (the lecturer going back, a slide across a layout change) reads the same.
              texts[i] = again != null ? again
                  : reader.read(picture, screen, camera == null ? List.of() : List.of(camera));
              if (again == null) {
                seen.add(new Seen(signature, texts[i]));
              }
            } catch (StageException e) {
              ocrFailures[0]++;
              if (firstOcrFailure[0] == null) {
                firstOcrFailure[0] = e.reason() + ": " + e.getMessage();
              }
            }
            ocrNanos[0] += System.nanoTime() - t0;
          }
        }
      }).decodedFrames();
    } catch (StageException | RuntimeException e) {
      String why = e instanceof StageException se ? se.reason() + ": " + se.getMessage() : e.toString();
      notes.add("slides: frames could not be read (" + why + "); slides have no text");
    }
    if (ocrFailures[0] > 0) {
      notes.add("slides: OCR failed on " + ocrFailures[0] + " of " + n + " slides (" + firstOcrFailure[0] + ")");
    }
    if (reader != null && n > config.maxSlides()) {
      notes.add("slides: " + n + " slides, text read on the first " + config.maxSlides());
    }
    long grabMillis = (System.nanoTime() - start - ocrNanos[0]) / 1_000_000;
    List<ReadSlide> slides = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Wanted w = wanted.get(i);
      SlideText text = texts[i] == null ? SlideText.empty(0) : texts[i];
      ReadSlide prev = slides.isEmpty() ? null : slides.get(slides.size() - 1);
      if (prev != null && !text.isEmpty() && prev.text().text().equals(text.text())
          && Math.abs(prev.end() - w.start()) < 1e-6) {
        slides.set(slides.size() - 1,
            new ReadSlide(prev.start(), w.end(), prev.frameTime(), prev.text(), prev.thumbnailJpeg()));
        continue;
      }
      slides.add(new ReadSlide(w.start(), w.end(), frameTimes[i], text, thumbs[i]));
    }
    return new Deck(slides, notes, grabMillis, ocrNanos[0] / 1_000_000, decoded, seen.size());
  }

  /** Signature cells across and down: coarse enough to ignore coding noise, fine enough to tell two slides apart. */
  private static final int SIG_W = 48;
  private static final int SIG_H = 27;

  /** A slide already read in this lecture: the mean luma of its cells (NaN under the camera) and its text. */
  private record Seen(float[] signature, SlideText text) {
    /** The same picture: every cell outside both cameras within a few levels (a new bullet moves a cell by far more). */
    boolean sameAs(float[] other) {
      int compared = 0;
      for (int i = 0; i < signature.length; i++) {
        if (Float.isNaN(signature[i]) || Float.isNaN(other[i])) {
          continue;
        }
        if (Math.abs(signature[i] - other[i]) > 6) {
          return false;
        }
        compared++;
      }
      return compared >= signature.length / 2;
    }
  }

  /** Mean luma of each cell of the screen region, NaN for cells the camera overlaps (it moves). */
  static float[] signature(BufferedImage picture, Box screen, @Nullable Box camera) {
    float[] out = new float[SIG_W * SIG_H];
    if (screen.w() < SIG_W || screen.h() < SIG_H || picture.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      java.util.Arrays.fill(out, Float.NaN);
      return out;
    }
    byte[] bgr = ((DataBufferByte) picture.getRaster().getDataBuffer()).getData();
    int pw = picture.getWidth();
    for (int cy = 0; cy < SIG_H; cy++) {
      int y0 = screen.y0() + cy * screen.h() / SIG_H;
      int y1 = screen.y0() + (cy + 1) * screen.h() / SIG_H;
      for (int cx = 0; cx < SIG_W; cx++) {
        int x0 = screen.x0() + cx * screen.w() / SIG_W;
        int x1 = screen.x0() + (cx + 1) * screen.w() / SIG_W;
        if (camera != null && !camera.intersect(new Box(x0, y0, x1, y1)).isEmpty()) {
          out[cy * SIG_W + cx] = Float.NaN;
          continue;
        }
        long sum = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
          int row = (y * pw) * 3;
          for (int x = x0; x < x1; x++) {
            int o = row + x * 3;
            sum += (29 * (bgr[o] & 255) + 150 * (bgr[o + 1] & 255) + 77 * (bgr[o + 2] & 255)) >> 8;
            n++;
          }
        }
        out[cy * SIG_W + cx] = n == 0 ? Float.NaN : sum / (float) n;
      }
    }
    return out;
  }

  /** The screen region of the picture as a JPEG at most {@code width} wide (area-averaged), or null when empty. */
  static byte @Nullable [] thumbnail(BufferedImage picture, Box screen, int width) {
    if (screen.w() < 2 || screen.h() < 2 || picture.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      return null;
    }
    byte[] bgr = ((DataBufferByte) picture.getRaster().getDataBuffer()).getData();
    double s = Math.min(1.0, width / (double) screen.w());
    int tw = Math.max(2, (int) Math.round(screen.w() * s));
    int th = Math.max(2, (int) Math.round(screen.h() * s));
    try (BytePointer data = new BytePointer(bgr);
        Mat frame = new Mat(picture.getHeight(), picture.getWidth(), opencv_core.CV_8UC3, data);
        Mat crop = new Mat(frame, new Rect(screen.x0(), screen.y0(), screen.w(), screen.h()));
        Mat small = new Mat();
        BytePointer jpg = new BytePointer();
        IntPointer params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 85)) {
      resize(crop, small, new Size(tw, th), 0, 0, INTER_AREA);
      if (!opencv_imgcodecs.imencode(".jpg", small, jpg, params)) {
        return null;
      }
      byte[] out = new byte[(int) jpg.limit()];
      jpg.get(out);
      return out;
    }
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
  }
}
