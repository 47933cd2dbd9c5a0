package io.lecturehighlights.transforms.report;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.transforms.layout.DetectLayout;
import io.lecturehighlights.transforms.common.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a lecture report embeds besides its records: the layout frame ({@code layout.jpg}), each clip's thumbnail
 * and its subtitle cues. The report is self-contained, so these travel inside the page (data: URIs, inline JSON);
 * only the clip videos stay beside it in {@code clips/}.
 *
 * @param layoutJpeg {@code layout.jpg}, or null when the layout stage drew none
 * @param clipThumbnails clip index to JPEG bytes (clips without one are absent)
 * @param clipCues clip index to its subtitle cues, in clip time
 */
public record ReportAssets(byte @Nullable [] layoutJpeg, Map<Integer, byte[]> clipThumbnails,
    Map<Integer, List<Cue>> clipCues) {

  /** One subtitle cue, seconds from the clip's start. */
  public record Cue(double start, double end, String text) {}

  public ReportAssets {
    clipThumbnails = Map.copyOf(clipThumbnails);
    clipCues = Map.copyOf(clipCues);
  }

  public static ReportAssets none() {
    return new ReportAssets(null, Map.of(), Map.of());
  }

  /**
   * Reads the assets of a lecture's output folder through Beam FileSystems (local disk or S3). A file that is not
   * there is left out (the report says so); any other read error is thrown, so the runner retries.
   */
  public static ReportAssets read(String outputDir, LectureAnalysis a) throws IOException {
    byte[] layout = readIfPresent(OutputFiles.jobFile(outputDir, a.getJobId(), DetectLayout.THUMBNAIL).toString());
    Map<Integer, byte[]> thumbs = new LinkedHashMap<>();
    Map<Integer, List<Cue>> cues = new LinkedHashMap<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (Clip c : a.getClips()) {
      // A clip in several formats shows its first format's thumbnail and cues; the others are linked only.
      if (!seen.add(c.getIndex())) {
        continue;
      }
      if (c.getThumbnailUri() != null) {
        byte[] jpg = readIfPresent(c.getThumbnailUri());
        if (jpg != null) {
          thumbs.put(c.getIndex(), jpg);
        }
      }
      if (c.getSubtitlesUri() != null) {
        byte[] vtt = readIfPresent(c.getSubtitlesUri());
        if (vtt != null) {
          cues.put(c.getIndex(), parseVtt(new String(vtt, StandardCharsets.UTF_8)));
        }
      }
    }
    return new ReportAssets(layout, thumbs, cues);
  }

  /** The bytes of a file, or null when there is no such file. */
  static byte @Nullable [] readIfPresent(String spec) throws IOException {
    MatchResult m = FileSystems.match(spec);
    if (m.status() == MatchResult.Status.NOT_FOUND) {
      return null;
    }
    if (m.status() != MatchResult.Status.OK) {
      throw new IOException("cannot read " + spec + ": " + m.status());
    }
    List<MatchResult.Metadata> files = m.metadata();
    if (files.isEmpty()) {
      return null;
    }
    ResourceId id = files.get(0).resourceId();
    try (ReadableByteChannel ch = FileSystems.open(id); InputStream in = Channels.newInputStream(ch)) {
      return in.readAllBytes();
    }
  }

  private static final Pattern TIMING = Pattern.compile(
      "^((?:\\d+:)?\\d{2}:\\d{2}\\.\\d{3})\\s+-->\\s+((?:\\d+:)?\\d{2}:\\d{2}\\.\\d{3})");

  /**
   * The cues of a WebVTT document (any writer's: NOTE, STYLE and REGION blocks and cue settings are ignored; inline
   * tags are dropped and entities decoded, since the page adds the text as plain cue text).
   */
  public static List<Cue> parseVtt(String text) {
    String t = text.replace("\r\n", "\n").replace('\r', '\n');
    if (t.startsWith("\uFEFF")) {
      t = t.substring(1);
    }
    List<Cue> out = new ArrayList<>();
    if (!t.startsWith("WEBVTT")) {
      return out;
    }
    for (String block : t.split("\n{2,}")) {
      String[] lines = block.split("\n");
      for (int i = 0; i < lines.length; i++) {
        Matcher m = TIMING.matcher(lines[i]);
        if (m.find()) {
          StringBuilder body = new StringBuilder();
          for (int k = i + 1; k < lines.length; k++) {
            if (body.length() > 0) {
              body.append('\n');
            }
            body.append(lines[k].replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&nbsp;", "\u00A0").replace("&amp;", "&"));
          }
          out.add(new Cue(seconds(m.group(1)), seconds(m.group(2)), body.toString()));
          break;
        }
      }
    }
    return out;
  }

  private static double seconds(String t) {
    String[] p = t.split(":");
    double s = Double.parseDouble(p[p.length - 1]) + 60 * Integer.parseInt(p[p.length - 2]);
    return p.length == 3 ? s + 3600 * Integer.parseInt(p[0]) : s;
  }
}
