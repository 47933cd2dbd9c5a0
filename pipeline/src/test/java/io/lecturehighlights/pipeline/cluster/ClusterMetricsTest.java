package io.lecturehighlights.pipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterMetricsTest {
  @Test
  void decodesBeamCountersFromTheAccumulatorJson() throws Exception {
    // Shape of GET /jobs/<id>/accumulators on the session cluster (payload: varint 300 = "rAI=", 4 = "BA==").
    String inner = "{\"metrics\":{\"attempted\":["
        + "{\"urn\":\"beam:metric:user:sum_int64:v1\",\"type\":\"beam:metrics:sum_int64:v1\",\"payload\":\"rAI=\","
        + "\"labels\":{\"NAMESPACE\":\"lecture_highlights\",\"NAME\":\"silence_media_seconds\","
        + "\"PTRANSFORM\":\"Detect silences/Measure loudness and find silences\"}},"
        + "{\"urn\":\"beam:metric:user:sum_int64:v1\",\"type\":\"beam:metrics:sum_int64:v1\",\"payload\":\"BA==\","
        + "\"labels\":{\"NAMESPACE\":\"lecture_highlights\",\"NAME\":\"validation_accepted\","
        + "\"PTRANSFORM\":\"Validate uploads/Probe and check each video\"}},"
        + "{\"urn\":\"beam:metric:user:sum_int64:v1\",\"type\":\"beam:metrics:sum_int64:v1\",\"payload\":\"BA==\","
        + "\"labels\":{\"NAMESPACE\":\"org.apache.beam.sdk.io.jdbc.JdbcIO$WriteFn\",\"NAME\":\"x\",\"PTRANSFORM\":\"y\"}},"
        + "{\"urn\":\"beam:metric:user:distribution_int64:v1\",\"type\":\"beam:metrics:distribution_int64:v1\","
        + "\"payload\":\"AgQBAw==\",\"labels\":{\"NAMESPACE\":\"lecture_highlights\",\"NAME\":\"silence_millis\","
        + "\"PTRANSFORM\":\"Detect silences/Measure loudness and find silences\"}}]}}";
    String json = "{\"job-accumulators\":[],\"user-task-accumulators\":[{\"name\":\"__metricscontainers\","
        + "\"type\":\"MetricsAccumulator\",\"value\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(inner)
        + "}],\"serialized-user-task-accumulators\":{}}";
    Map<ClusterMetrics.BeamCounter, Long> c = ClusterMetrics.beamCounters(json, "lecture_highlights");
    assertEquals(Map.of(
        new ClusterMetrics.BeamCounter("Detect silences/Measure loudness and find silences", "silence_media_seconds"), 300L,
        new ClusterMetrics.BeamCounter("Validate uploads/Probe and check each video", "validation_accepted"), 4L), c);
  }

  @Test
  void parsesPrometheusText() {
    String text = "# HELP flink_taskmanager_job_task_operator_numRecordsIn numRecordsIn (scope: ...)\n"
        + "# TYPE flink_taskmanager_job_task_operator_numRecordsIn gauge\n"
        + "flink_taskmanager_job_task_operator_numRecordsIn{job_id=\"a0\",operator_name=\"Detect_silences_Measure\","
        + "subtask_index=\"1\",} 2.0\n"
        + "flink_taskmanager_Status_JVM_CPU_Load{host=\"localhost\",tm_id=\"taskmanager_1\",} 0.25\n";
    Map<ClusterMetrics.Series, Double> m = ClusterMetrics.prometheus(text, "flink_taskmanager_job_task_operator_");
    assertEquals(1, m.size());
    Map.Entry<ClusterMetrics.Series, Double> e = m.entrySet().iterator().next();
    assertEquals("Detect_silences_Measure", e.getKey().labels().get("operator_name"));
    assertEquals("1", e.getKey().labels().get("subtask_index"));
    assertEquals(2.0, e.getValue());
  }

  @Test
  void readsTheLongLabelsOfAStreamingJobsChainedOperators() {
    // A streaming job's chains are named after every operator in them: label values of many thousand characters.
    String op = "Sinks_Write_outputs_Write_job_json_ParDo_WriteJobFiles_".repeat(2000) + "\\\"quoted\\\"";
    String text = "flink_taskmanager_job_task_operator_numRecordsIn{operator_name=\"" + op + "\",subtask_index=\"0\",} 3.0\n";
    Map<ClusterMetrics.Series, Double> m = ClusterMetrics.prometheus(text, "flink_taskmanager_job_task_operator_");
    assertEquals(1, m.size());
    Map.Entry<ClusterMetrics.Series, Double> e = m.entrySet().iterator().next();
    assertEquals(op, e.getKey().labels().get("operator_name"));
    assertEquals("0", e.getKey().labels().get("subtask_index"));
    assertEquals(3.0, e.getValue());
  }
}
