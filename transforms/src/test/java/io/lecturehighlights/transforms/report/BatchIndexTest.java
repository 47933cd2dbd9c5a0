package io.lecturehighlights.transforms.report;

import static io.lecturehighlights.transforms.report.ReportFixtures.attr;
import static io.lecturehighlights.transforms.report.ReportFixtures.byClass;
import static io.lecturehighlights.transforms.report.ReportFixtures.svg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.output.JobFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class BatchIndexTest {
  private static JobStatus job(String id, JobState state, double seconds, int clips, Map<String, Long> millis) {
    return JobStatus.newBuilder()
        .setJobId(id).setSource("manifest:/m.jsonl#" + id).setVideoUri("/v/" + id + ".mp4")
        .setMetadata(LectureMetadata.newBuilder().setTitle("Lecture " + id).setCourse("PHYS 101").build())
        .setStatus(state)
        .setFailedStage(state == JobState.FAILED ? Stages.TRANSCRIPTION : null)
        .setFailureReason(state == JobState.FAILED ? "no_speech" : null)
        .setFailureMessage(state == JobState.FAILED ? "no speech was recognised" : null)
        .setStageMillis(millis)
        .setMedia(MediaInfo.newBuilder().setContainer("mov").setDurationSeconds(seconds).setSizeBytes(1)
            .setAudioCodec("aac").setAudioSampleRate(48000).setAudioChannels(2).build())
        .setClips(clips).setUpdatedAtMillis(1_700_000_000_000L).build();
  }

  private static Map<String, Long> millis(long silence, long transcription, long rendering) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put(Stages.SILENCE, silence);
    m.put(Stages.TRANSCRIPTION, transcription);
    if (rendering > 0) {
      m.put(Stages.RENDERING, rendering);
    }
    return m;
  }

  private static List<BatchIndex.Row> batch() {
    List<JobStatus> run = List.of(
        job("a", JobState.COMPLETED, 1800, 3, millis(2_000, 60_000, 30_000)),
        job("b", JobState.COMPLETED, 3600, 2, millis(4_000, 120_000, 20_000)),
        job("c", JobState.FAILED, 900, 0, millis(1_000, 5_000, 0)));
    List<JobStatus> earlier = List.of(
        job("d", JobState.COMPLETED, 1200, 4, millis(9_000, 9_000, 9_000)), // skipped this run as unchanged
        job("e", JobState.FAILED, 600, 0, millis(9_000, 0, 0)),            // only on disk, from an earlier run
        job("a", JobState.FAILED, 1800, 0, millis(9_000, 0, 0)));          // superseded by this run's record
    return BatchIndex.rows(run, Set.of("d"), earlier, List.of(), Set.of("d"));
  }

  @Test
  void totalsCountEachOutcomeOnceAndThisRunsRecordsWin() {
    List<BatchIndex.Row> rows = batch();
    assertEquals(5, rows.size());
    BatchIndex.Row a = rows.stream().filter(r -> r.job().getJobId().equals("a")).findFirst().orElseThrow();
    assertEquals(BatchIndex.Origin.THIS_RUN, a.origin());
    assertEquals(JobState.COMPLETED, a.job().getStatus());
    BatchIndex.Totals t = BatchIndex.totals(rows);
    assertEquals(new BatchIndex.Totals(5, 2, 1, 1, 1, 0, (1800 + 3600 + 1200) / 3600.0, 3 + 2 + 4), t);
  }

  @Test
  void theStageChartSumsThisRunsTimesPerStageInPipelineOrder() {
    List<BatchIndex.Row> rows = batch();
    Map<String, Double> s = BatchIndex.stageSeconds(rows);
    assertEquals(List.of(Stages.SILENCE, Stages.TRANSCRIPTION, Stages.RENDERING), List.copyOf(s.keySet()));
    assertEquals(7.0, s.get(Stages.SILENCE), 1e-9);
    assertEquals(185.0, s.get(Stages.TRANSCRIPTION), 1e-9);
    assertEquals(50.0, s.get(Stages.RENDERING), 1e-9);

    Document chart = svg(BatchIndex.html(rows, Instant.EPOCH), "stage-chart");
    List<Element> bars = byClass(chart, "g", "stage-bar");
    assertEquals(3, bars.size());
    double[] widths = new double[3];
    for (int i = 0; i < 3; i++) {
      Element g = bars.get(i);
      assertEquals(List.copyOf(s.keySet()).get(i), g.getAttribute("data-stage"));
      assertEquals(s.get(g.getAttribute("data-stage")), attr(g, "data-seconds"), 0.01);
      widths[i] = attr((Element) g.getElementsByTagName("rect").item(0), "width");
    }
    // Bar lengths are proportional to the times, the longest one at full length.
    assertEquals(widths[1] * 7.0 / 185.0, widths[0], 0.02);
    assertEquals(widths[1] * 50.0 / 185.0, widths[2], 0.02);
    assertTrue(widths[1] > widths[2] && widths[2] > widths[0]);
  }

  @Test
  void thePageLinksEveryLectureAndShowsFailuresAndTotals() {
    String html = BatchIndex.html(batch(), Instant.parse("2025-01-02T03:04:05.678Z"));
    for (String id : List.of("a", "b", "c", "d")) {
      assertTrue(html.contains("<a href=\"" + id + "/report.html\">Lecture " + id + "</a>"), id);
    }
    // e's earlier run left no report.html: its row says so instead of linking nowhere.
    assertTrue(html.contains("<td>Lecture e <span class=\"muted\">(no report)</span>"));
    assertTrue(html.contains("<span class=\"stage\">transcription</span>: <code class=\"reason\">no_speech</code>"));
    assertTrue(html.contains("no speech was recognised"));
    assertTrue(html.contains("<div id=\"total-completed\"><b>2</b>"));
    assertTrue(html.contains("<div id=\"total-failed\"><b>1</b>"));
    assertTrue(html.contains("<div id=\"total-skipped\"><b>1</b>"));
    assertTrue(html.contains("<div id=\"total-hours\"><b>1.83</b>"));
    assertTrue(html.contains("<div id=\"total-clips\"><b>9</b>"));
    assertTrue(html.contains("<tr data-job=\"d\" data-origin=\"skipped\">"));
    assertTrue(html.contains("<tr data-job=\"e\" data-origin=\"earlier\">"));
    assertTrue(html.contains("updated 2025-01-02T03:04:05Z"));
    assertFalse(html.contains("<script"));
  }

  @Test
  void titlesAreEscapedAndOddJobIdsStayRelativeLinks() {
    JobStatus j = JobStatus.newBuilder(job("x", JobState.COMPLETED, 60, 1, Map.of()))
        .setJobId("we/ird id")
        .setMetadata(LectureMetadata.newBuilder().setTitle("<script>alert(1)</script>").build()).build();
    String html = BatchIndex.html(BatchIndex.rows(List.of(j), Set.of(), List.of(), List.of(), Set.of()), Instant.EPOCH);
    assertFalse(html.contains("<script>alert"));
    assertTrue(html.contains("<a href=\"we%2Fird%20id/report.html\">&lt;script&gt;alert(1)&lt;/script&gt;</a>"));
  }

  @Test
  void aSkippedJobWithoutAJobJsonStillGetsARow() {
    JobStatus placeholder = WriteReports.skippedPlaceholder(JobOutcomesTest.event("gone")).getValue();
    List<BatchIndex.Row> rows = BatchIndex.rows(List.of(), Set.of("gone"), List.of(), List.of(placeholder), Set.of());
    assertEquals(1, rows.size());
    assertEquals(BatchIndex.Origin.SKIPPED, rows.get(0).origin());
    assertEquals(1, BatchIndex.totals(rows).skipped());
  }

  @Test
  void jobJsonReadsBackIntoTheRecordItWasWrittenFrom() throws IOException {
    LectureAnalysis a = ReportFixtures.analysed("rt");
    Failure f = Failures.of(a.getLecture().getEvent(), Stages.EXTRACTION, "no_highlights", "nothing to cut", false, 1);
    for (JobStatus s : List.of(JobOutcomes.of(a), JobOutcomes.of(LectureAnalysis.newBuilder(a).setFailure(f).build()),
        JobOutcomes.of(f))) {
      JobStatus back = BatchIndex.readJobJson(JobFiles.bytes(JobFiles.job(s)));
      assertEquals(s.getJobId(), back.getJobId());
      assertEquals(s.getStatus(), back.getStatus());
      assertEquals(s.getFailedStage(), back.getFailedStage());
      assertEquals(s.getFailureReason(), back.getFailureReason());
      assertEquals(s.getFailureMessage(), back.getFailureMessage());
      assertEquals(s.getMetadata().getCourse(), back.getMetadata().getCourse());
      assertEquals(s.getStageMillis(), back.getStageMillis());
      assertEquals(s.getClips(), back.getClips());
      assertEquals(s.getNotes(), back.getNotes());
      assertEquals(s.getUpdatedAtMillis(), back.getUpdatedAtMillis());
      if (s.getMedia() == null) {
        assertNull(back.getMedia());
      } else {
        assertEquals(s.getMedia().getDurationSeconds(), back.getMedia().getDurationSeconds(), 1e-3);
      }
    }
    assertNull(BatchIndex.readJobJson("{\"not\":\"a job\"}".getBytes(StandardCharsets.UTF_8)));
    assertNull(BatchIndex.readJobJson("garbage".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsEarlierJobsFromTheOutputFolderLeavingOutThisRunsAndBrokenOnes(@TempDir Path out) throws IOException {
    for (JobStatus s : List.of(job("old1", JobState.COMPLETED, 60, 1, Map.of()),
        job("old2", JobState.FAILED, 60, 0, Map.of()), job("mine", JobState.RUNNING, 60, 0, Map.of()))) {
      Files.createDirectories(out.resolve(s.getJobId()));
      Files.write(out.resolve(s.getJobId()).resolve("job.json"), JobFiles.bytes(JobFiles.job(s)));
    }
    Files.writeString(out.resolve("old1/report.html"), "<!DOCTYPE html>");
    Files.createDirectories(out.resolve("broken"));
    Files.writeString(out.resolve("broken/job.json"), "{ truncated");
    Files.createDirectories(out.resolve("datasets/jobs"));
    List<JobStatus> jobs = BatchIndex.readEarlierJobs(out.toString(), Set.of("mine"));
    assertEquals(Set.of("old1", "old2"), Set.copyOf(jobs.stream().map(JobStatus::getJobId).toList()));
    assertEquals(List.of(), BatchIndex.readEarlierJobs(out.resolve("nothing-here").toString(), Set.of()));
    assertEquals(Set.of("old1"), BatchIndex.jobsWithReports(out.toString()));
    assertEquals(Set.of(), BatchIndex.jobsWithReports(out.resolve("nothing-here").toString()));
  }
}
