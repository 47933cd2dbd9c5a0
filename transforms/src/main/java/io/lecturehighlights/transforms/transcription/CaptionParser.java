package io.lecturehighlights.transforms.transcription;

import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.StageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Existing captions (SubRip .srt or WebVTT .vtt) as transcript segments. Tolerant of what real caption files carry:
 * a UTF-8 BOM, CRLF line ends, cue numbers or ids, cue settings after the timing, styling tags
 * ({@code <i>}, {@code <c.yellow>}, {@code <v Speaker>}, {@code {\an8}}), HTML entities, NOTE/STYLE/REGION blocks,
 * and overlapping or out-of-order cues (sorted by start; overlaps are kept, since they are real captions).
 * A malformed timing line fails with its line number: a caption file we misread would silently corrupt subtitles.
 */
public final class CaptionParser {
  private static final Pattern TIMING = Pattern.compile(
      "^\\s*(\\S+)\\s+-->\\s+(\\S+)(?:\\s+.*)?$");
  private static final Pattern TIME = Pattern.compile(
      "^(?:(\\d+):)?(\\d{1,2}):(\\d{1,2})(?:[.,](\\d{1,3}))?$");
  private static final Pattern TAG = Pattern.compile("<[^>]*>|\\{\\\\[^}]*\\}");

  private CaptionParser() {}

  /** Parses SRT or WebVTT; which one is decided by the content (a WEBVTT header), not the file name. */
  public static List<TranscriptSegment> parse(String content) throws StageException {
    String text = content;
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    boolean vtt = lines.length > 0 && lines[0].trim().startsWith("WEBVTT");
    List<TranscriptSegment> cues = new ArrayList<>();
    int i = vtt ? 1 : 0;
    boolean sawTiming = false;
    while (i < lines.length) {
      // Skip blank lines between blocks.
      while (i < lines.length && lines[i].trim().isEmpty()) {
        i++;
      }
      if (i >= lines.length) {
        break;
      }
      int blockStart = i;
      List<String> block = new ArrayList<>();
      while (i < lines.length && !lines[i].trim().isEmpty()) {
        block.add(lines[i]);
        i++;
      }
      String head = block.get(0).trim();
      if (vtt && (head.startsWith("NOTE") || head.equals("STYLE") || head.equals("REGION")
          || (!sawTiming && blockStart == 1 && !head.contains("-->")))) {
        continue; // comments, style sheets, regions, or header metadata lines
      }
      int t = head.contains("-->") ? 0 : 1; // an optional cue number or id comes first
      if (t >= block.size() || !block.get(t).contains("-->")) {
        throw new StageException("invalid_captions", String.format(Locale.ROOT,
            "line %d: expected a cue timing 'start --> end', found '%s'", blockStart + t + 1,
            abbreviate(t < block.size() ? block.get(t) : head)));
      }
      int lineNo = blockStart + t + 1;
      Matcher m = TIMING.matcher(block.get(t));
      if (!m.matches()) {
        throw new StageException("invalid_captions", String.format(Locale.ROOT,
            "line %d: malformed cue timing '%s'", lineNo, abbreviate(block.get(t))));
      }
      double start = parseTime(m.group(1), lineNo);
      double end = parseTime(m.group(2), lineNo);
      if (end < start) {
        throw new StageException("invalid_captions", String.format(Locale.ROOT,
            "line %d: cue ends (%s) before it starts (%s)", lineNo, m.group(2), m.group(1)));
      }
      sawTiming = true;
      StringBuilder sb = new StringBuilder();
      for (int k = t + 1; k < block.size(); k++) {
        String clean = cleanText(block.get(k));
        if (!clean.isEmpty()) {
          sb.append(sb.length() > 0 ? " " : "").append(clean);
        }
      }
      if (sb.length() > 0) {
        cues.add(new TranscriptSegment(start, end, sb.toString()));
      }
    }
    cues.sort(Comparator.comparingDouble(TranscriptSegment::getStart).thenComparingDouble(TranscriptSegment::getEnd));
    return cues;
  }

  static double parseTime(String s, int lineNo) throws StageException {
    Matcher m = TIME.matcher(s.trim());
    if (!m.matches()) {
      throw new StageException("invalid_captions", String.format(Locale.ROOT,
          "line %d: bad timestamp '%s' (expected hh:mm:ss,mmm or hh:mm:ss.mmm)", lineNo, abbreviate(s)));
    }
    int h = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
    int sec = Integer.parseInt(m.group(3));
    if (min > 59 || sec > 59) {
      throw new StageException("invalid_captions", String.format(Locale.ROOT,
          "line %d: bad timestamp '%s' (minutes and seconds must be below 60)", lineNo, s));
    }
    double frac = 0;
    if (m.group(4) != null) {
      String f = m.group(4);
      frac = Integer.parseInt(f) / Math.pow(10, f.length());
    }
    return h * 3600.0 + min * 60.0 + sec + frac;
  }

  static String cleanText(String line) {
    String t = TAG.matcher(line).replaceAll("");
    t = t.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ")
        .replace("&quot;", "\"").replace("&#39;", "'").replace("&lrm;", "").replace("&rlm;", "");
    return t.replaceAll("\\s+", " ").trim();
  }

  private static String abbreviate(String s) {
    String t = s.trim();
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }
}
