package io.lecturehighlights.transforms.transcription;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-job transcript files: {@code transcript.json} (exactly
 * {@code {"segments":[{"start","end","text"}],"words":[{"start","end","word"}],"engine","language"}}),
 * {@code transcript.srt} and {@code transcript.vtt}.
 *
 * <p>Subtitle cues hold at most two lines of at most {@value #LINE_CHARS} characters (the common broadcast
 * guideline) and at most {@value #MAX_CUE_SECONDS} s. With word times, a cue ends at a sentence end
 * ({@code . ? !}), a pause of {@value #PAUSE_SECONDS} s or more, or when the next word would not fit; without
 * them (captions, engines without words), each segment is split at sentence ends and then by length, with its
 * time shared in proportion to the characters. Cues never overlap and always last a positive time.
 */
public final class TranscriptFiles {
  static final int LINE_CHARS = 42;
  static final double MAX_CUE_SECONDS = 7.0;
  static final double PAUSE_SECONDS = 0.5;
  private static final double MIN_CUE_SECONDS = 0.2;

  private TranscriptFiles() {}

  /** One subtitle cue. */
  public static final class Cue {
    public final double start;
    public final double end;
    public final List<String> lines;

    Cue(double start, double end, List<String> lines) {
      this.start = start;
      this.end = end;
      this.lines = lines;
    }
  }

  public static ObjectNode json(Transcript t) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode segments = root.putArray("segments");
    for (TranscriptSegment s : t.getSegments()) {
      segments.addObject().put("start", Json.seconds(s.getStart())).put("end", Json.seconds(s.getEnd()))
          .put("text", s.getText());
    }
    ArrayNode words = root.putArray("words");
    for (TranscriptWord w : t.getWords()) {
      words.addObject().put("start", Json.seconds(w.getStart())).put("end", Json.seconds(w.getEnd()))
          .put("word", w.getWord());
    }
    root.put("engine", t.getEngine());
    if (t.getLanguage() == null) {
      root.putNull("language");
    } else {
      root.put("language", t.getLanguage());
    }
    return root;
  }

  public static String srt(Transcript t) {
    StringBuilder sb = new StringBuilder();
    int n = 1;
    for (Cue c : cues(t)) {
      sb.append(n++).append('\n').append(time(c.start, ',')).append(" --> ").append(time(c.end, ',')).append('\n');
      c.lines.forEach(l -> sb.append(l).append('\n'));
      sb.append('\n');
    }
    return sb.toString();
  }

  public static String vtt(Transcript t) {
    StringBuilder sb = new StringBuilder("WEBVTT\n\n");
    for (Cue c : cues(t)) {
      sb.append(time(c.start, '.')).append(" --> ").append(time(c.end, '.')).append('\n');
      // "-->" may not appear in WebVTT cue text.
      c.lines.forEach(l -> sb.append(l.replace("-->", "->")).append('\n'));
      sb.append('\n');
    }
    return sb.toString();
  }

  static String time(double seconds, char sep) {
    long ms = Math.max(0, Math.round(seconds * 1000));
    return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, sep,
        ms % 1000);
  }

  /** The cues both subtitle formats are written from. */
  public static List<Cue> cues(Transcript t) {
    List<Cue> raw = t.getWords().isEmpty() ? fromSegments(t.getSegments()) : fromWords(t.getWords());
    // Sequential, non-overlapping, positive length.
    List<Cue> out = new ArrayList<>();
    double prevEnd = 0;
    for (int i = 0; i < raw.size(); i++) {
      Cue c = raw.get(i);
      double start = Math.max(c.start, prevEnd);
      double end = Math.max(c.end, start + MIN_CUE_SECONDS);
      if (i + 1 < raw.size() && raw.get(i + 1).start > start) {
        end = Math.min(end, Math.max(raw.get(i + 1).start, start + 0.001));
      }
      out.add(new Cue(Json.seconds(start), Json.seconds(end), c.lines));
      prevEnd = Json.seconds(end);
    }
    return out;
  }

  private static boolean endsSentence(String word) {
    String w = word.replaceAll("[\"')\\]]+$", "");
    return w.endsWith(".") || w.endsWith("?") || w.endsWith("!");
  }

  static List<Cue> fromWords(List<TranscriptWord> words) {
    List<Cue> cues = new ArrayList<>();
    List<TranscriptWord> current = new ArrayList<>();
    for (TranscriptWord w : words) {
      if (!current.isEmpty()) {
        TranscriptWord last = current.get(current.size() - 1);
        String candidate = joinWords(current) + " " + w.getWord().trim();
        boolean split = endsSentence(last.getWord())
            || w.getStart() - last.getEnd() >= PAUSE_SECONDS
            || wrap(candidate).size() > 2
            || w.getEnd() - current.get(0).getStart() > MAX_CUE_SECONDS;
        if (split) {
          cues.add(cueOf(current));
          current = new ArrayList<>();
        }
      }
      current.add(w);
    }
    if (!current.isEmpty()) {
      cues.add(cueOf(current));
    }
    return cues;
  }

  private static String joinWords(List<TranscriptWord> ws) {
    StringBuilder sb = new StringBuilder();
    for (TranscriptWord w : ws) {
      String s = w.getWord().trim();
      if (s.isEmpty()) {
        continue;
      }
      sb.append(sb.length() > 0 ? " " : "").append(s);
    }
    return sb.toString();
  }

  private static Cue cueOf(List<TranscriptWord> ws) {
    return new Cue(ws.get(0).getStart(), ws.get(ws.size() - 1).getEnd(), wrap(joinWords(ws)));
  }

  static List<Cue> fromSegments(List<TranscriptSegment> segments) {
    List<Cue> cues = new ArrayList<>();
    for (TranscriptSegment s : segments) {
      List<String> pieces = new ArrayList<>();
      for (String sentence : s.getText().trim().split("(?<=[.?!])\\s+")) {
        pieces.addAll(splitToFit(sentence));
      }
      int total = 0;
      for (String p : pieces) {
        total += p.length();
      }
      double t = s.getStart();
      double span = Math.max(0, s.getEnd() - s.getStart());
      for (String p : pieces) {
        double d = total == 0 ? span : span * p.length() / total;
        cues.add(new Cue(t, t + d, wrap(p)));
        t += d;
      }
    }
    return cues;
  }

  /** Greedy: as many words per piece as fit in two lines. */
  static List<String> splitToFit(String text) {
    List<String> pieces = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String w : text.trim().split("\\s+")) {
      if (w.isEmpty()) {
        continue;
      }
      String candidate = cur.length() == 0 ? w : cur + " " + w;
      if (cur.length() > 0 && wrap(candidate).size() > 2) {
        pieces.add(cur.toString());
        cur = new StringBuilder(w);
      } else {
        cur = new StringBuilder(candidate);
      }
    }
    if (cur.length() > 0) {
      pieces.add(cur.toString());
    }
    return pieces;
  }

  /**
   * Lines of at most {@value #LINE_CHARS} characters; text that fits two lines is broken at the space nearest the
   * middle, for balanced lines. A single word longer than a line stays whole on its own line.
   */
  static List<String> wrap(String text) {
    String t = text.trim().replaceAll("\\s+", " ");
    List<String> lines = new ArrayList<>();
    if (t.length() <= LINE_CHARS) {
      lines.add(t);
      return lines;
    }
    if (t.length() <= 2 * LINE_CHARS + 1) {
      int mid = t.length() / 2;
      int best = -1;
      for (int d = 0; d <= mid; d++) {
        for (int i : new int[] {mid - d, mid + d}) {
          if (i > 0 && i < t.length() && t.charAt(i) == ' ' && i <= LINE_CHARS && t.length() - i - 1 <= LINE_CHARS) {
            best = i;
            break;
          }
        }
        if (best >= 0) {
          break;
        }
      }
      if (best >= 0) {
        lines.add(t.substring(0, best));
        lines.add(t.substring(best + 1));
        return lines;
      }
    }
    StringBuilder cur = new StringBuilder();
    for (String w : t.split(" ")) {
      if (cur.length() > 0 && cur.length() + 1 + w.length() > LINE_CHARS) {
        lines.add(cur.toString());
        cur = new StringBuilder();
      }
      cur.append(cur.length() > 0 ? " " : "").append(w);
    }
    if (cur.length() > 0) {
      lines.add(cur.toString());
    }
    return lines;
  }
}
