package io.lecturehighlights.transforms.rendering;

import io.lecturehighlights.transforms.rendering.SubtitleCues.Cue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** WebVTT files: the clip's subtitles as a side file, for players that show their own captions. */
public final class WebVtt {
  private static final Pattern TIMING = Pattern.compile(
      "^((?:\\d+:)?\\d{2}:\\d{2}\\.\\d{3})\\s+-->\\s+((?:\\d+:)?\\d{2}:\\d{2}\\.\\d{3})");

  private WebVtt() {}

  public static void write(List<Cue> cues, Path path) throws IOException {
    Files.writeString(path, format(cues), StandardCharsets.UTF_8);
  }

  public static String format(List<Cue> cues) {
    StringBuilder sb = new StringBuilder("WEBVTT\n");
    int n = 1;
    for (Cue c : cues) {
      sb.append('\n').append(n++).append('\n')
          .append(time(c.start())).append(" --> ").append(time(c.end())).append('\n');
      for (String line : c.lines()) {
        // "-->" and a blank line would end or break the cue; neither belongs in spoken text.
        sb.append(escape(line.replace("-->", "->"))).append('\n');
      }
    }
    return sb.toString();
  }

  /** Reads a WebVTT file written by any tool: cue timings and text lines (NOTE, STYLE and REGION blocks skipped). */
  public static List<Cue> read(Path path) throws IOException {
    String text = Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (!text.startsWith("WEBVTT")) {
      throw new IOException("not a WebVTT file (no WEBVTT header): " + path);
    }
    List<Cue> out = new ArrayList<>();
    for (String block : text.split("\n{2,}")) {
      String[] lines = block.split("\n");
      for (int i = 0; i < lines.length; i++) {
        Matcher m = TIMING.matcher(lines[i]);
        if (m.find()) {
          List<String> body = new ArrayList<>();
          for (int k = i + 1; k < lines.length; k++) {
            body.add(unescape(lines[k]));
          }
          out.add(new Cue(seconds(m.group(1)), seconds(m.group(2)), body));
          break;
        }
      }
    }
    return out;
  }

  static String time(double seconds) {
    long ms = Math.round(seconds * 1000);
    return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
        ms % 1000);
  }

  static double seconds(String t) {
    String[] p = t.split(":");
    double s = Double.parseDouble(p[p.length - 1]);
    s += 60 * Integer.parseInt(p[p.length - 2]);
    if (p.length == 3) {
      s += 3600 * Integer.parseInt(p[0]);
    }
    return s;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String unescape(String s) {
    return s.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
