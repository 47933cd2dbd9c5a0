package io.lecturehighlights.bench;

import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.content.OfflineContentAnalyzer;
import io.lecturehighlights.transforms.content.PkWindowDiff;
import io.lecturehighlights.transforms.content.ReferenceSegmentation;
import io.lecturehighlights.transforms.content.TopicSegmenter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy and speed of the offline topic segmenter. Accuracy: Pk and WindowDiff of {@link TopicSegmenter} (default
 * configuration, text only, no times) against the human boundaries of every *.ref / *.dev transcript in a folder (the
 * Choi format of the physics-lecture corpus); the segmenter was tuned on the .dev files, so their mean is printed
 * apart as well. Speed: a 60-minute transcript made by concatenating those lectures with times from their word
 * counts (2.5 words a second) and a slide change at every reference boundary, through the whole
 * {@link OfflineContentAnalyzer} on one thread (median of 3 runs after one warm-up).
 */
public final class SegmentationBenchmark {
  static final double WORDS_PER_SECOND = 2.5;
  private final PrintStream out;

  public SegmentationBenchmark(PrintStream out) {
    this.out = out;
  }

  public int run(Path dir, boolean timing, double minutes) throws IOException {
    List<Path> files = ReferenceSegmentation.list(dir);
    if (files.isEmpty()) {
      out.println("no *.ref or *.dev transcripts in " + dir);
      return 2;
    }
    List<ReferenceSegmentation> lectures = new ArrayList<>();
    for (Path p : files) {
      lectures.add(ReferenceSegmentation.read(p));
    }
    if (timing) {
      time(lectures, minutes);
      out.println();
    }
    TopicSegmenter segmenter = new TopicSegmenter(TopicSegmenter.Config.defaults());
    out.println("Topic segmentation of " + dir + " (Pk, WindowDiff: lower is better; k = half the mean reference segment)");
    out.println();
    out.println("| lecture | sentences | Pk | WindowDiff | reference segments | found segments |");
    out.println("|---|---:|---:|---:|---:|---:|");
    double pk = 0;
    double wd = 0;
    double devPk = 0;
    double devWd = 0;
    int dev = 0;
    for (ReferenceSegmentation r : lectures) {
      int[] found = segmenter.segment(r.sentences());
      PkWindowDiff s = PkWindowDiff.score(r.sentences().size(), r.boundaries(), found);
      out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %d | %d |%n", r.name(), r.sentences().size(), s.pk,
          s.windowDiff, r.boundaries().length + 1, found.length + 1);
      pk += s.pk;
      wd += s.windowDiff;
      if (r.name().endsWith(".dev")) {
        devPk += s.pk;
        devWd += s.windowDiff;
        dev++;
      }
    }
    out.println();
    if (dev > 0) {
      out.printf(Locale.ROOT, "dev files only (%d, the tuning set): Pk=%.3f WindowDiff=%.3f%n", dev, devPk / dev,
          devWd / dev);
    }
    out.printf(Locale.ROOT, "lectures: %d%n", lectures.size());
    out.printf(Locale.ROOT, "mean Pk=%.3f WindowDiff=%.3f%n", pk / lectures.size(), wd / lectures.size());
    return 0;
  }

  private void time(List<ReferenceSegmentation> lectures, double minutes) {
    List<Double> slides = new ArrayList<>();
    Transcript t = longTranscript(lectures, minutes * 60, slides);
    OfflineContentAnalyzer analyzer = new OfflineContentAnalyzer();
    analyzer.analyze(t, slides, List.of());
    long[] ms = new long[3];
    ContentSegments result = null;
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      result = analyzer.analyze(t, slides, List.of());
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    Arrays.sort(ms);
    double shortest = Double.MAX_VALUE;
    double longest = 0;
    for (var s : result.getSegments()) {
      shortest = Math.min(shortest, s.getEnd() - s.getStart());
      longest = Math.max(longest, s.getEnd() - s.getStart());
    }
    out.printf(Locale.ROOT, "%.0f-minute transcript (%d sentences, %d slide changes): offline content analysis %d ms "
        + "(median of %d, one thread; target < 2000 ms), %d segments of %.0f-%.0f s%n", minutes,
        t.getSegments().size(), slides.size(), ms[ms.length / 2], ms.length, result.getSegments().size(), shortest,
        longest);
  }

  /** Lectures one after another (repeated if needed) until the length is reached, timed from their word counts. */
  static Transcript longTranscript(List<ReferenceSegmentation> lectures, double seconds, List<Double> slides) {
    List<TranscriptSegment> segs = new ArrayList<>();
    double t = 0;
    outer:
    for (int k = 0; ; k++) {
      ReferenceSegmentation r = lectures.get(k % lectures.size());
      int next = 0;
      for (int i = 0; i < r.sentences().size(); i++) {
        if (t >= seconds) {
          break outer;
        }
        if ((i == 0 && t > 0) || (next < r.boundaries().length && r.boundaries()[next] == i)) {
          slides.add(t);
          if (i > 0) {
            next++;
          }
        }
        String s = r.sentences().get(i);
        double d = Math.max(1.0, s.split("\\s+").length / WORDS_PER_SECOND);
        segs.add(TranscriptSegment.newBuilder().setStart(t).setEnd(t + d).setText(s).build());
        // A short breath between sentences.
        t += d + 0.3;
      }
    }
    return Transcript.newBuilder().setJobId("bench-segmentation").setEngine("corpus").setSegments(segs)
        .setWords(new ArrayList<>()).setAudioSeconds(t).build();
  }
}
