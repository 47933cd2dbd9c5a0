package io.lecturehighlights.pipeline.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.transforms.common.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the two places a running job's figures show up: Beam metrics in the REST API's accumulators (the runner's
 * {@code __metricscontainers} accumulator, Beam's MonitoringInfo JSON with varint payloads), and the Prometheus
 * text a TaskManager's reporter serves.
 */
final class ClusterMetrics {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
  // The value's loop unrolled (runs of plain characters, then an escape): an alternation inside a repeated group
  // recurses once per character and overflows the stack on a streaming job's long chained operator names.
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");

  private ClusterMetrics() {}

  /** One counter of a Beam metrics namespace: the step (our transform's full name) and the metric name. */
  record BeamCounter(String step, String name) {}

  /**
   * Counters of {@code namespace} in a {@code GET /jobs/<id>/accumulators} answer, attempted values summed over
   * the tasks that reported them. Empty when the runner has not published the accumulator yet.
   */
  static Map<BeamCounter, Long> beamCounters(String accumulatorsJson, String namespace) throws IOException {
    Map<BeamCounter, Long> out = new LinkedHashMap<>();
    JsonNode root = Json.MAPPER.readTree(accumulatorsJson);
    for (JsonNode acc : root.path("user-task-accumulators")) {
      if (!"__metricscontainers".equals(acc.path("name").asText())) {
        continue;
      }
      JsonNode metrics = Json.MAPPER.readTree(acc.path("value").asText());
      for (JsonNode m : metrics.path("metrics").path("attempted")) {
        JsonNode labels = m.path("labels");
        if (!"beam:metric:user:sum_int64:v1".equals(m.path("urn").asText())
            || !namespace.equals(labels.path("NAMESPACE").asText())) {
          continue;
        }
        long v = varint(Base64.getDecoder().decode(m.path("payload").asText()));
        out.merge(new BeamCounter(labels.path("PTRANSFORM").asText(), labels.path("NAME").asText()), v, Long::sum);
      }
    }
    return out;
  }

  /** Beam encodes an int64 sum as one unsigned LEB128 varint. */
  static long varint(byte[] b) {
    long v = 0;
    int shift = 0;
    for (byte x : b) {
      v |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
      shift += 7;
    }
    throw new IllegalArgumentException("truncated varint");
  }

  /** One Prometheus sample: metric name and labels. */
  record Series(String name, Map<String, String> labels) {}

  /** Samples of the Prometheus text format whose metric name starts with {@code prefix}. */
  static Map<Series, Double> prometheus(String text, String prefix) {
    Map<Series, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(prefix)) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      try {
        out.put(new Series(m.group(1), labels), Double.parseDouble(m.group(4)));
      } catch (NumberFormatException ignored) {
        // NaN spelled differently: not a figure we compare
      }
    }
    return out;
  }
}
