package io.lecturehighlights.transforms.report;

import static io.lecturehighlights.transforms.report.Html.clock;
import static io.lecturehighlights.transforms.report.Html.esc;
import static io.lecturehighlights.transforms.report.Html.num;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lecture's timeline as inline SVG, one row per analysis on a shared time axis: topic segments shaded by
 * importance, the loudness envelope with the silences, the slides (each a band from when it was shown to when it
 * was replaced, titled where the title fits; a lecture whose slides were not read gets its slide changes marked
 * instead), and the chosen highlights with the stretches their cuts leave out. Coordinates are in a fixed
 * 1000-unit-wide viewBox; the page scales it.
 */
final class TimelineSvg {
  static final double WIDTH = 1000;
  static final double LEFT = 92;
  static final double RIGHT = 12;
  static final double PLOT = WIDTH - LEFT - RIGHT;

  // Rows (y, height) of the viewBox.
  static final double TOPIC_Y = 8;
  static final double TOPIC_H = 30;
  static final double LOUD_Y = 48;
  static final double LOUD_H = 84;
  static final double SLIDE_Y = 142;
  static final double SLIDE_H = 24;
  static final double HL_Y = 176;
  static final double HL_H = 30;
  static final double AXIS_Y = 216;
  static final double HEIGHT = 238;

  /** A slide title's font size in the strip, and the most width (viewBox units) one of its characters may take. */
  static final double SLIDE_FONT = 10;
  static final double SLIDE_CHAR_WIDTH = 0.62 * SLIDE_FONT;

  /** Loudness plotted between these levels (dBFS); quieter is drawn at the floor. */
  static final double DB_FLOOR = -70;
  static final double DB_TOP = 0;

  static final String TOPIC_COLOR = "#2f6fb5";
  static final String HIGHLIGHT_COLOR = "#e07b00";
  static final String SILENCE_COLOR = "#b9c0c8";
  static final String LOUDNESS_COLOR = "#3a9a6a";
  static final String SLIDE_COLOR = "#6d4bb3";

  private TimelineSvg() {}

  /** x of time t (seconds) in a lecture of the given duration. */
  static double x(double t, double duration) {
    double clamped = Math.max(0, Math.min(duration, t));
    return LEFT + (duration > 0 ? clamped / duration * PLOT : 0);
  }

  /** Topic shading: more important, more opaque (strictly increasing in importance over [0, 1]). */
  static double topicOpacity(double importance) {
    double i = Double.isFinite(importance) ? Math.max(0, Math.min(1, importance)) : 0;
    return Math.round((0.12 + 0.83 * i) * 1000) / 1000.0;
  }

  /** The lecture's length for the axis: the longest of what the records say. */
  static double duration(LectureAnalysis a) {
    double d = a.getLecture().getMedia().getDurationSeconds();
    if (a.getSilence() != null) {
      d = Math.max(d, a.getSilence().getDurationSeconds());
    }
    return Double.isFinite(d) && d > 0 ? d : 0;
  }

  static String render(LectureAnalysis a) {
    double d = duration(a);
    StringBuilder sb = new StringBuilder();
    sb.append("<svg id=\"timeline\" class=\"timeline\" viewBox=\"0 0 ").append(num(WIDTH)).append(' ')
        .append(num(HEIGHT)).append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Lecture timeline\"")
        .append(" data-duration=\"").append(num(d)).append("\" data-left=\"").append(num(LEFT))
        .append("\" data-plot=\"").append(num(PLOT)).append("\">\n");
    label(sb, "Topics", TOPIC_Y + TOPIC_H / 2);
    label(sb, "Loudness", LOUD_Y + LOUD_H / 2);
    label(sb, "Slides", SLIDE_Y + SLIDE_H / 2);
    label(sb, "Highlights", HL_Y + HL_H / 2);
    // Row backgrounds, so an empty row reads as "nothing found" rather than as missing.
    for (double[] row : new double[][] {{TOPIC_Y, TOPIC_H}, {LOUD_Y, LOUD_H}, {SLIDE_Y, SLIDE_H}, {HL_Y, HL_H}}) {
      sb.append("<rect class=\"row\" x=\"").append(num(LEFT)).append("\" y=\"").append(num(row[0]))
          .append("\" width=\"").append(num(PLOT)).append("\" height=\"").append(num(row[1]))
          .append("\" fill=\"#f6f7f9\"/>\n");
    }
    if (d <= 0) {
      sb.append("<text x=\"").append(num(LEFT + PLOT / 2)).append("\" y=\"").append(num(LOUD_Y + LOUD_H / 2))
          .append("\" text-anchor=\"middle\" class=\"empty\">duration unknown</text>\n</svg>");
      return sb.toString();
    }
    topics(sb, a, d);
    loudness(sb, a.getSilence(), d);
    slides(sb, a, d);
    highlights(sb, a, d);
    axis(sb, d);
    sb.append("<line id=\"playhead\" class=\"playhead\" x1=\"").append(num(LEFT)).append("\" x2=\"").append(num(LEFT))
        .append("\" y1=\"").append(num(TOPIC_Y - 4)).append("\" y2=\"").append(num(HL_Y + HL_H + 4))
        .append("\" stroke=\"#d0021b\" stroke-width=\"2\" visibility=\"hidden\"/>\n");
    sb.append("</svg>");
    return sb.toString();
  }

  private static void label(StringBuilder sb, String text, double y) {
    sb.append("<text class=\"row-label\" x=\"").append(num(LEFT - 8)).append("\" y=\"").append(num(y + 4))
        .append("\" text-anchor=\"end\">").append(esc(text)).append("</text>\n");
  }

  private static void topics(StringBuilder sb, LectureAnalysis a, double d) {
    if (a.getContent() == null) {
      return;
    }
    int i = 0;
    for (ContentSegment s : a.getContent().getSegments()) {
      i++;
      double x0 = x(s.getStart(), d);
      double x1 = x(s.getEnd(), d);
      double imp = s.getImportance();
      sb.append("<rect class=\"topic\" data-topic=\"").append(i).append("\" data-start=\"").append(num(s.getStart()))
          .append("\" data-importance=\"").append(Math.round(imp * 1000) / 1000.0).append("\" x=\"").append(num(x0))
          .append("\" y=\"").append(num(TOPIC_Y)).append("\" width=\"").append(num(Math.max(0.5, x1 - x0)))
          .append("\" height=\"").append(num(TOPIC_H)).append("\" fill=\"").append(TOPIC_COLOR)
          .append("\" fill-opacity=\"").append(topicOpacity(imp)).append("\" stroke=\"#fff\" stroke-width=\"1\">")
          .append("<title>").append(esc(String.format(Locale.ROOT, "%s (%s–%s), importance %.2f", s.getTitle(),
              clock(s.getStart()), clock(s.getEnd()), imp))).append("</title></rect>\n");
    }
  }

  private static double y(double db) {
    double v = Double.isFinite(db) ? Math.max(DB_FLOOR, Math.min(DB_TOP, db)) : DB_FLOOR;
    return LOUD_Y + LOUD_H - (v - DB_FLOOR) / (DB_TOP - DB_FLOOR) * LOUD_H;
  }

  private static void loudness(StringBuilder sb, SilenceResult s, double d) {
    if (s == null) {
      return;
    }
    for (TimeRange r : s.getSilences()) {
      double x0 = x(r.getStart(), d);
      double x1 = x(r.getEnd(), d);
      sb.append("<rect class=\"silence\" data-start=\"").append(num(r.getStart())).append("\" x=\"").append(num(x0))
          .append("\" y=\"").append(num(LOUD_Y)).append("\" width=\"").append(num(Math.max(0.5, x1 - x0)))
          .append("\" height=\"").append(num(LOUD_H)).append("\" fill=\"").append(SILENCE_COLOR)
          .append("\" fill-opacity=\"0.6\"><title>").append(esc(String.format(Locale.ROOT, "silence %s–%s (%.1f s)",
              clock(r.getStart()), clock(r.getEnd()), r.getEnd() - r.getStart()))).append("</title></rect>\n");
    }
    List<Float> env = s.getLoudnessEnvelopeDb();
    double hop = s.getEnvelopeHopSeconds();
    if (!env.isEmpty() && hop > 0) {
      // One point per plot unit at most, keeping each bucket's loudest level so short words stay visible.
      int buckets = (int) Math.min(env.size(), Math.ceil(PLOT));
      List<double[]> pts = new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        int from = (int) ((long) b * env.size() / buckets);
        int to = (int) Math.max(from + 1, (long) (b + 1) * env.size() / buckets);
        double max = Double.NEGATIVE_INFINITY;
        for (int k = from; k < to; k++) {
          max = Math.max(max, env.get(k));
        }
        double t = (from + to) / 2.0 * hop;
        pts.add(new double[] {x(t, d), y(max)});
      }
      StringBuilder path = new StringBuilder();
      path.append('M').append(num(pts.get(0)[0])).append(' ').append(num(LOUD_Y + LOUD_H));
      for (double[] p : pts) {
        path.append(" L").append(num(p[0])).append(' ').append(num(p[1]));
      }
      path.append(" L").append(num(pts.get(pts.size() - 1)[0])).append(' ').append(num(LOUD_Y + LOUD_H)).append(" Z");
      sb.append("<path class=\"loudness\" d=\"").append(path).append("\" fill=\"").append(LOUDNESS_COLOR)
          .append("\" fill-opacity=\"0.35\" stroke=\"").append(LOUDNESS_COLOR).append("\" stroke-width=\"1\">")
          .append("<title>").append(esc(String.format(Locale.ROOT,
              "loudness (dBFS per %.1f s); speech %.0f dB, noise floor %.0f dB", hop, s.getSpeechLevelDb(),
              s.getNoiseFloorDb()))).append("</title></path>\n");
    }
    if (Double.isFinite(s.getThresholdDb())) {
      double ty = y(s.getThresholdDb());
      sb.append("<line class=\"threshold\" x1=\"").append(num(LEFT)).append("\" x2=\"").append(num(LEFT + PLOT))
          .append("\" y1=\"").append(num(ty)).append("\" y2=\"").append(num(ty))
          .append("\" stroke=\"#6b7280\" stroke-dasharray=\"4 3\" stroke-width=\"1\"><title>")
          .append(esc(String.format(Locale.ROOT, "silence threshold %.0f dBFS", s.getThresholdDb())))
          .append("</title></line>\n");
    }
    for (int db = -60; db <= 0; db += 20) {
      // Scale labels inside the plot's left edge, clear of the row label.
      sb.append("<text class=\"db\" x=\"").append(num(LEFT + 3)).append("\" y=\"").append(num(y(db) + (db == 0 ? 9 : 3)))
          .append("\" font-size=\"8\" fill-opacity=\"0.8\">").append(db).append(" dB</text>\n");
    }
  }

  private static void slides(StringBuilder sb, LectureAnalysis a, double d) {
    if (a.getLayout() == null) {
      return;
    }
    if (!a.getLayout().getSlides().isEmpty()) {
      slideStrip(sb, a.getLayout().getSlides(), d);
      return;
    }
    int i = 0;
    for (double t : a.getLayout().getSlideChanges()) {
      i++;
      double x = x(t, d);
      sb.append("<g class=\"slide\" data-t=\"").append(num(t)).append("\"><line x1=\"").append(num(x))
          .append("\" x2=\"").append(num(x)).append("\" y1=\"").append(num(SLIDE_Y)).append("\" y2=\"")
          .append(num(SLIDE_Y + SLIDE_H)).append("\" stroke=\"#6d4bb3\" stroke-width=\"2\"/>")
          .append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(SLIDE_Y + SLIDE_H / 2))
          .append("\" r=\"3.5\" fill=\"#6d4bb3\"/><title>").append(esc("slide " + (i + 1) + " from " + clock(t)))
          .append("</title></g>\n");
    }
  }

  /**
   * One band per slide, from when it was shown to when the next replaced it, shaded alternately so neighbours stay
   * apart. The title is written in the band only where it fits (shortened with an ellipsis, then the slide number,
   * then nothing: a 2-hour lecture's 120 slides are a few units wide each) and clipped to the band, since glyph
   * widths are only estimated here; the {@code <title>} tooltip always has it in full.
   */
  private static void slideStrip(StringBuilder sb, List<Slide> slides, double d) {
    sb.append("<g class=\"slide-strip\">\n");
    for (Slide s : slides) {
      double x0 = x(s.getStart(), d);
      double w = Math.max(1, x(s.getEnd(), d) - x0);
      String title = s.getTitle() == null ? "" : s.getTitle().strip();
      sb.append("<g class=\"slide-band\" data-index=\"").append(s.getIndex()).append("\" data-start=\"")
          .append(num(s.getStart())).append("\" data-end=\"").append(num(s.getEnd())).append("\"><title>")
          .append(esc(String.format(Locale.ROOT, "slide %d (%s–%s): %s", s.getIndex(), clock(s.getStart()),
              clock(s.getEnd()), title.isEmpty() ? "no title read" : title))).append("</title>");
      sb.append("<rect x=\"").append(num(x0)).append("\" y=\"").append(num(SLIDE_Y)).append("\" width=\"")
          .append(num(w)).append("\" height=\"").append(num(SLIDE_H)).append("\" fill=\"").append(SLIDE_COLOR)
          .append("\" fill-opacity=\"").append(s.getIndex() % 2 == 1 ? "0.16" : "0.3")
          .append("\" stroke=\"#fff\" stroke-width=\"1\"/>");
      String label = bandLabel(title, s.getIndex(), w);
      if (!label.isEmpty()) {
        String clip = "slide-clip-" + s.getIndex();
        sb.append("<clipPath id=\"").append(clip).append("\"><rect x=\"").append(num(x0 + 1)).append("\" y=\"")
            .append(num(SLIDE_Y)).append("\" width=\"").append(num(Math.max(0, w - 2))).append("\" height=\"")
            .append(num(SLIDE_H)).append("\"/></clipPath><text class=\"slide-label\" x=\"").append(num(x0 + 3))
            .append("\" y=\"").append(num(SLIDE_Y + SLIDE_H / 2 + SLIDE_FONT * 0.35)).append("\" clip-path=\"url(#")
            .append(clip).append(")\">").append(esc(label)).append("</text>");
      }
      sb.append("</g>\n");
    }
    sb.append("</g>\n");
  }

  /**
   * What a band of the given width shows: the title if it fits, else its start and an ellipsis (at least three
   * characters of it), else the slide's number, else nothing.
   */
  static String bandLabel(String title, int index, double width) {
    int room = (int) Math.floor((width - 6) / SLIDE_CHAR_WIDTH);
    String t = title.replaceAll("\\s+", " ").strip();
    if (!t.isEmpty() && t.codePointCount(0, t.length()) <= room) {
      return t;
    }
    if (!t.isEmpty() && room >= 4) {
      return t.substring(0, t.offsetByCodePoints(0, room - 1)).strip() + "…";
    }
    String number = Integer.toString(index);
    return number.length() <= room ? number : "";
  }

  private static void highlights(StringBuilder sb, LectureAnalysis a, double d) {
    if (a.getHighlights() == null) {
      return;
    }
    for (Highlight h : a.getHighlights().getHighlights()) {
      double x0 = x(h.getStart(), d);
      double x1 = x(h.getEnd(), d);
      double kept = h.getKeep().stream().mapToDouble(r -> r.getEnd() - r.getStart()).sum();
      sb.append("<g class=\"highlight\" data-index=\"").append(h.getIndex()).append("\" data-start=\"")
          .append(num(h.getStart())).append("\" data-end=\"").append(num(h.getEnd())).append("\">");
      sb.append("<title>").append(esc(String.format(Locale.ROOT, "clip %d: %s (%s–%s, %.1f s kept, score %.2f)",
          h.getIndex(), h.getTitle(), clock(h.getStart()), clock(h.getEnd()), kept, h.getScore()))).append("</title>");
      // The band spans the clip's source range; what the cuts leave out is hatched, what is kept is solid.
      sb.append("<rect class=\"hl-band\" x=\"").append(num(x0)).append("\" y=\"").append(num(HL_Y))
          .append("\" width=\"").append(num(Math.max(1, x1 - x0))).append("\" height=\"").append(num(HL_H))
          .append("\" fill=\"url(#cut-hatch)\" stroke=\"").append(HIGHLIGHT_COLOR).append("\" stroke-width=\"1.5\"/>");
      for (TimeRange k : h.getKeep()) {
        double k0 = x(k.getStart(), d);
        double k1 = x(k.getEnd(), d);
        sb.append("<rect class=\"hl-keep\" x=\"").append(num(k0)).append("\" y=\"").append(num(HL_Y))
            .append("\" width=\"").append(num(Math.max(0.5, k1 - k0))).append("\" height=\"").append(num(HL_H))
            .append("\" fill=\"").append(HIGHLIGHT_COLOR).append("\"/>");
      }
      for (TimeRange cut : cuts(h)) {
        sb.append("<rect class=\"hl-cut\" data-start=\"").append(num(cut.getStart())).append("\" data-end=\"")
            .append(num(cut.getEnd())).append("\" x=\"").append(num(x(cut.getStart(), d))).append("\" y=\"")
            .append(num(HL_Y)).append("\" width=\"")
            .append(num(Math.max(0.5, x(cut.getEnd(), d) - x(cut.getStart(), d)))).append("\" height=\"")
            .append(num(HL_H)).append("\" fill=\"none\"><title>")
            .append(esc(String.format(Locale.ROOT, "cut %s–%s (%.1f s)", clock(cut.getStart()), clock(cut.getEnd()),
                cut.getEnd() - cut.getStart()))).append("</title></rect>");
      }
      sb.append("<text x=\"").append(num((x0 + x1) / 2)).append("\" y=\"").append(num(HL_Y + HL_H / 2 + 4))
          .append("\" text-anchor=\"middle\" class=\"hl-label\">").append(h.getIndex()).append("</text>");
      sb.append("</g>\n");
    }
    sb.append("<defs><pattern id=\"cut-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" ")
        .append("patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff4e5\"/>")
        .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"").append(HIGHLIGHT_COLOR)
        .append("\" stroke-width=\"1.5\" stroke-opacity=\"0.6\"/></pattern></defs>\n");
  }

  /** The stretches between a highlight's start and end that its kept intervals leave out. */
  static List<TimeRange> cuts(Highlight h) {
    List<TimeRange> keep = new ArrayList<>(h.getKeep());
    keep.sort((p, q) -> Double.compare(p.getStart(), q.getStart()));
    List<TimeRange> out = new ArrayList<>();
    double at = h.getStart();
    for (TimeRange k : keep) {
      if (k.getStart() > at + 1e-3) {
        out.add(new TimeRange(at, k.getStart()));
      }
      at = Math.max(at, k.getEnd());
    }
    if (h.getEnd() > at + 1e-3) {
      out.add(new TimeRange(at, h.getEnd()));
    }
    return out;
  }

  private static void axis(StringBuilder sb, double d) {
    double step = tickStep(d);
    sb.append("<g class=\"axis\">");
    sb.append("<line x1=\"").append(num(LEFT)).append("\" x2=\"").append(num(LEFT + PLOT)).append("\" y1=\"")
        .append(num(AXIS_Y)).append("\" y2=\"").append(num(AXIS_Y)).append("\" stroke=\"#9aa3ad\"/>");
    for (double t = 0; t <= d + 1e-9; t += step) {
      double x = x(t, d);
      sb.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
          .append(num(AXIS_Y)).append("\" y2=\"").append(num(AXIS_Y + 4)).append("\" stroke=\"#9aa3ad\"/>")
          .append("<text x=\"").append(num(x)).append("\" y=\"").append(num(AXIS_Y + 15))
          .append("\" text-anchor=\"middle\" class=\"tick\">").append(clock(t)).append("</text>");
    }
    sb.append("</g>\n");
  }

  /** A round tick step giving at most about ten ticks. */
  static double tickStep(double duration) {
    double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200};
    for (double s : steps) {
      if (duration / s <= 10) {
        return s;
      }
    }
    return Math.ceil(duration / 10 / 3600) * 3600;
  }
}
