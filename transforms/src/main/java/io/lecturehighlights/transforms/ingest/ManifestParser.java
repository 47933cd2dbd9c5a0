package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.transforms.common.JobIds;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses a batch manifest: JSON Lines (one object per line) or CSV with a header row. Columns: {@code video}
 * (required; relative paths resolve against the manifest's folder), and optionally {@code jobId}, {@code title},
 * {@code course}, {@code semester}, {@code lectureNumber}, {@code instructor}, {@code captions}.
 *
 * <p>A bad row does not stop the others: it comes back as a row with an error, still carrying a job id, so
 * the batch records it as a failed job.
 */
public final class ManifestParser {

  /** One manifest row: an event, and an error if the row itself is unusable. */
  public static final class Row {
    public final UploadEvent event;
    public final @Nullable String error;

    Row(UploadEvent event, @Nullable String error) {
      this.event = event;
      this.error = error;
    }
  }

  private static final Map<String, String> ALIASES = new HashMap<>();

  static {
    for (String[] a : new String[][] {
        {"video", "video"}, {"videouri", "video"}, {"video_uri", "video"}, {"location", "video"}, {"path", "video"},
        {"jobid", "jobId"}, {"job_id", "jobId"}, {"title", "title"}, {"course", "course"},
        {"semester", "semester"}, {"lecturenumber", "lectureNumber"}, {"lecture_number", "lectureNumber"},
        {"lecture", "lectureNumber"}, {"instructor", "instructor"}, {"captions", "captions"},
        {"captionsuri", "captions"}, {"captions_uri", "captions"}}) {
      ALIASES.put(a[0], a[1]);
    }
  }

  private ManifestParser() {}

  public static boolean isCsv(String manifestLocation) {
    return manifestLocation.toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  public static List<Row> parse(String manifestLocation, String content, long receivedAtMillis) {
    if (!content.isEmpty() && content.charAt(0) == '\uFEFF') {
      content = content.substring(1);
    }
    return isCsv(manifestLocation)
        ? parseCsv(manifestLocation, content, receivedAtMillis)
        : parseJsonLines(manifestLocation, content, receivedAtMillis);
  }

  private static List<Row> parseJsonLines(String manifest, String content, long at) {
    List<Row> rows = new ArrayList<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int lineNo = i + 1;
      Map<String, String> fields = new HashMap<>();
      String error = null;
      try {
        JsonNode node = Json.COMPACT.readTree(line);
        if (node == null || !node.isObject()) {
          error = "line " + lineNo + " is not a JSON object";
        } else {
          node.fields().forEachRemaining(e -> {
            String key = ALIASES.get(e.getKey().toLowerCase(Locale.ROOT));
            if (key != null && !e.getValue().isNull()) {
              fields.put(key, e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
          });
        }
      } catch (IOException e) {
        error = "line " + lineNo + " is not valid JSON: " + firstLine(e.getMessage());
      }
      rows.add(toRow(manifest, lineNo, fields, error, at));
    }
    return rows;
  }

  private static List<Row> parseCsv(String manifest, String content, long at) {
    List<Row> rows = new ArrayList<>();
    CSVFormat format = CSVFormat.DEFAULT.builder()
        .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true)
        .setAllowMissingColumnNames(true).build();
    try (CSVParser parser = CSVParser.parse(new StringReader(content), format)) {
      Map<String, String> columns = new HashMap<>();
      for (String h : parser.getHeaderNames()) {
        String key = ALIASES.get(h.toLowerCase(Locale.ROOT).trim());
        if (key != null) {
          columns.put(h, key);
        }
      }
      for (CSVRecord rec : parser) {
        // Header is line 1; records are numbered from 1 after it.
        int lineNo = (int) parser.getCurrentLineNumber();
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, String> c : columns.entrySet()) {
          if (rec.isMapped(c.getKey()) && rec.isSet(c.getKey())) {
            String v = rec.get(c.getKey());
            if (v != null && !v.isEmpty()) {
              fields.put(c.getValue(), v);
            }
          }
        }
        String error = rec.isConsistent() ? null
            : "line " + lineNo + " has " + rec.size() + " columns, the header has " + parser.getHeaderNames().size();
        rows.add(toRow(manifest, lineNo, fields, error, at));
      }
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      throw new IllegalArgumentException("manifest " + manifest + " is not valid CSV: " + e.getMessage(), e);
    }
    return rows;
  }

  private static Row toRow(String manifest, int lineNo, Map<String, String> f, @Nullable String error, long at) {
    String video = f.get("video");
    String resolved = video == null ? null : resolve(manifest, video);
    if (error == null && (video == null || video.isBlank())) {
      error = "line " + lineNo + " has no video location (column 'video')";
    }
    Integer lectureNumber = null;
    String ln = f.get("lectureNumber");
    if (ln != null) {
      try {
        lectureNumber = (int) Double.parseDouble(ln);
      } catch (NumberFormatException e) {
        if (error == null) {
          error = "line " + lineNo + ": lectureNumber '" + ln + "' is not a number";
        }
      }
    }
    String jobId = f.get("jobId");
    if (jobId == null || jobId.isBlank()) {
      jobId = resolved != null && !resolved.isBlank()
          ? JobIds.derive(resolved)
          : JobIds.derive(manifest) + "-line" + lineNo;
    }
    UploadEvent event = UploadEvent.newBuilder()
        .setJobId(jobId)
        .setVideoUri(resolved == null ? "" : resolved)
        .setCaptionsUri(f.get("captions") == null ? null : resolve(manifest, f.get("captions")))
        .setMetadata(LectureMetadata.newBuilder()
            .setTitle(f.get("title"))
            .setCourse(f.get("course"))
            .setSemester(f.get("semester"))
            .setLectureNumber(lectureNumber)
            .setInstructor(f.get("instructor"))
            .build())
        .setSource("manifest:" + manifest + "#" + lineNo)
        .setReceivedAtMillis(at)
        .build();
    return new Row(event, error);
  }

  /** Relative locations resolve against the manifest's folder; nothing is normalised, so '..' stays visible. */
  static String resolve(String manifest, String location) {
    if (location.contains("://") || location.startsWith("/")) {
      return location;
    }
    int slash = manifest.lastIndexOf('/');
    return slash < 0 ? location : manifest.substring(0, slash + 1) + location;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
