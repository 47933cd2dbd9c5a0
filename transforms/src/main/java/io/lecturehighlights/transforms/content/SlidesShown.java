package io.lecturehighlights.transforms.content;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the slides say about one span of a lecture (a topic segment): which slides belong to it, the title to name
 * it after, and the slide words that join its terms. Only {@link LectureSlide#readable} slides count (OCR confident,
 * something read).
 *
 * <ul>
 *   <li><b>Belongs</b>: a slide belongs to a span when at least half of its screen time lies in it, or it covers at
 *       least {@link #TITLE_SHARE} of the span. The tail of the previous slide that runs a few seconds into a
 *       segment (slide changes and topic boundaries are seconds apart) does not belong.
 *   <li><b>Title</b>: the belonging slides are grouped by title (continuation marks dropped, stems compared, a title
 *       that extends another counts as that one: "Windowing" and "Windowing: Hann" are one topic); the group on
 *       screen longest names the span (ties: the earlier). A second group on screen for at least
 *       {@link #TITLE_SHARE} of the span is joined to it, in time order, with " / " (at most two titles, at most
 *       {@link LectureSlide#TITLE_WORDS} words in all). No belonging slide with a title: no slide title.
 *   <li><b>Terms</b>: each distinct belonging slide's title twice (a title says what the slide is about) and its
 *       text once.
 * </ul>
 */
public final class SlidesShown {
  /** A second title joins the first when its slides cover this share of the span. */
  public static final double TITLE_SHARE = 0.25;

  private SlidesShown() {}

  /** Readable slides that belong to [from, to], in time order. */
  public static List<LectureSlide> belonging(List<LectureSlide> slides, double from, double to) {
    List<LectureSlide> out = new ArrayList<>();
    double span = to - from;
    for (LectureSlide s : slides) {
      if (!s.readable() || span <= 0) {
        continue;
      }
      double o = s.overlap(from, to);
      if (o > 0 && (o >= 0.5 * (s.end() - s.start()) - 1e-9 || o >= TITLE_SHARE * span - 1e-9)) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparingDouble(LectureSlide::start));
    return out;
  }

  /** Readable slides on screen during [from, to] at all ({@link LectureSlide#shownDuring}), in time order. */
  public static List<LectureSlide> during(List<LectureSlide> slides, double from, double to) {
    List<LectureSlide> out = new ArrayList<>();
    for (LectureSlide s : slides) {
      if (s.readable() && s.shownDuring(from, to)) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparingDouble(LectureSlide::start));
    return out;
  }

  private static final class Group {
    final String key;
    String display;
    double displayTime;
    double time;
    double first;

    Group(String key, String display, double time, double first) {
      this.key = key;
      this.display = display;
      this.displayTime = time;
      this.time = time;
      this.first = first;
    }

    void absorb(Group g) {
      time += g.time;
      first = Math.min(first, g.first);
      if (g.displayTime > displayTime) {
        display = g.display;
        displayTime = g.displayTime;
      }
    }
  }

  /** The slide title for [from, to], or "" when no belonging slide has one (see the class comment). */
  public static String title(List<LectureSlide> slides, double from, double to) {
    Map<String, Group> byKey = new LinkedHashMap<>();
    for (LectureSlide s : belonging(slides, from, to)) {
      String display = s.displayTitle();
      String key = LectureSlide.topicKey(display);
      if (key.isEmpty()) {
        continue;
      }
      double t = s.overlap(from, to);
      Group g = byKey.get(key);
      if (g == null) {
        byKey.put(key, new Group(key, display, t, s.start()));
      } else {
        g.absorb(new Group(key, display, t, s.start()));
      }
    }
    List<Group> groups = new ArrayList<>(byKey.values());
    // A title that extends another ("windowing hann" after "windowing") is the same topic: merge into the one shown
    // longer, so its wording is kept.
    for (boolean merged = true; merged; ) {
      merged = false;
      outer:
      for (int i = 0; i < groups.size(); i++) {
        for (int j = 0; j < groups.size(); j++) {
          Group a = groups.get(i);
          Group b = groups.get(j);
          if (i != j && b.key.startsWith(a.key + " ")) {
            Group keep = a.time >= b.time ? a : b;
            Group drop = keep == a ? b : a;
            keep.absorb(drop);
            groups.remove(drop);
            merged = true;
            break outer;
          }
        }
      }
    }
    if (groups.isEmpty()) {
      return "";
    }
    groups.sort(Comparator.comparingDouble((Group g) -> -g.time).thenComparingDouble(g -> g.first));
    Group first = groups.get(0);
    if (groups.size() > 1 && groups.get(1).time >= TITLE_SHARE * (to - from) - 1e-9) {
      Group second = groups.get(1);
      Group a = first.first <= second.first ? first : second;
      Group b = a == first ? second : first;
      String joined = a.display + " / " + b.display;
      if (joined.split(" ").length - 1 <= LectureSlide.TITLE_WORDS && !a.display.endsWith("…")
          && !b.display.endsWith("…")) {
        return joined;
      }
    }
    return first.display;
  }

  /** Slide words for the span's terms: each distinct belonging slide's title twice and its text once. */
  public static List<String> termTexts(List<LectureSlide> slides, double from, double to) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (LectureSlide s : belonging(slides, from, to)) {
      if (!seen.add(s.title().strip() + "\n" + s.text().strip())) {
        continue;
      }
      String title = s.displayTitle();
      if (!title.isEmpty()) {
        out.add(title);
        out.add(title);
      }
      // The title is usually the text's first line(s) as well: count it only through the title.
      String text = s.text().strip().replaceAll("\\s+", " ");
      String raw = s.title().strip().replaceAll("\\s+", " ");
      if (!title.isEmpty() && !raw.isEmpty() && text.startsWith(raw)) {
        text = text.substring(raw.length()).strip();
      }
      if (!text.isEmpty()) {
        out.add(text);
      }
    }
    return out;
  }
}
