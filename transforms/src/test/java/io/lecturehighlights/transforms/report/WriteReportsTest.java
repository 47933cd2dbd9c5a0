package io.lecturehighlights.transforms.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import io.lecturehighlights.transforms.output.JobFiles;
import io.lecturehighlights.transforms.rendering.SubtitleCues;
import io.lecturehighlights.transforms.rendering.WebVtt;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The reports as the pipeline writes them: one page per job, read assets from the output folder, one index. */
@ExtendWith(TestPipelineExtension.class)
class WriteReportsTest {
  static byte[] jpeg(int w, int h, Color c) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }

  private static long counter(PipelineResult r, String name) {
    long n = 0;
    for (MetricResult<Long> c : r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(Stages.METRICS_NAMESPACE, name)).build()).getCounters()) {
      n += c.getAttempted();
    }
    return n;
  }

  @Test
  void writesAReportPerJobAndOneIndexForTheBatch(TestPipeline p, @TempDir Path out) throws IOException {
    AvroCoders.registerAll(p);
    LectureAnalysis a = ReportFixtures.analysed("done", out.toString());
    // The output folder as the stages leave it: layout.jpg, and for clip 1 its thumbnail and subtitles.
    byte[] layout = jpeg(64, 36, Color.GREEN);
    byte[] thumb = jpeg(36, 64, Color.ORANGE);
    Files.createDirectories(out.resolve("done/clips"));
    Files.write(out.resolve("done/layout.jpg"), layout);
    Clip c1 = a.getClips().get(0);
    Files.write(Path.of(c1.getThumbnailUri()), thumb);
    WebVtt.write(List.of(new SubtitleCues.Cue(0, 1.5, List.of("Welcome back everyone."))), Path.of(c1.getSubtitlesUri()));
    // A job of an earlier run, skipped now as unchanged, and one that is only on disk.
    UploadEvent skipped = JobOutcomesTest.event("old");
    for (String id : List.of("old", "older")) {
      Files.createDirectories(out.resolve(id));
      JobStatus earlier = JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated(id), null));
      Files.write(out.resolve(id).resolve("job.json"), JobFiles.bytes(JobFiles.job(earlier)));
    }
    Failure rejected = Failures.of(JobOutcomesTest.event("bad"), Stages.VALIDATION, "empty_file", "file is empty",
        false, 1);

    PCollectionTuple.of(WriteReports.ANALYSED, p.apply("analysed", Create.of(a)))
        .and(WriteReports.REJECTED, p.apply("rejected", Create.of(rejected)))
        .and(WriteReports.JOBS, p.apply("jobs", Create.of(JobOutcomes.of(a), JobOutcomes.of(rejected))))
        .and(WriteReports.SKIPPED, p.apply("skipped", Create.of(skipped)))
        .apply(WriteReports.to(out.toString()));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    String report = Files.readString(out.resolve("done/report.html"));
    assertTrue(report.contains("src=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(layout) + "\""));
    assertTrue(report.contains("poster=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(thumb) + "\""));
    assertTrue(report.contains("\"text\":\"Welcome back everyone.\""));
    assertTrue(report.contains("1 subtitle cues"));
    assertTrue(report.contains("no subtitle file")); // clip 2's files were never written: the page says so
    String bad = Files.readString(out.resolve("bad/report.html"));
    assertTrue(bad.contains("<code class=\"reason\">empty_file</code>"));

    String index = Files.readString(out.resolve("index.html"));
    assertTrue(index.contains("<tr data-job=\"done\" data-origin=\"this_run\">"));
    assertTrue(index.contains("<tr data-job=\"bad\" data-origin=\"this_run\">"));
    assertTrue(index.contains("<tr data-job=\"old\" data-origin=\"skipped\">"));
    assertTrue(index.contains("<tr data-job=\"older\" data-origin=\"earlier\"><td>older <span class=\"muted\">(no report)"));
    assertTrue(index.contains("<a href=\"done/report.html\">"));
    assertTrue(index.contains("<a href=\"bad/report.html\">"));
    assertTrue(index.contains("<div id=\"total-completed\"><b>1</b>"));
    assertTrue(index.contains("<div id=\"total-failed\"><b>1</b>"));
    assertTrue(index.contains("<div id=\"total-skipped\"><b>1</b>"));
    assertTrue(index.contains("data-stage=\"transcription\" data-seconds=\"8\""));
    assertFalse(Files.exists(out.resolve(".index.html.inprogress")));
    assertEquals(2, counter(result, "reports_written"));
    assertEquals(1, counter(result, "index_pages_written"));
  }

  @Test
  void anEmptyBatchStillGetsAnIndex(TestPipeline p, @TempDir Path out) throws IOException {
    AvroCoders.registerAll(p);
    PCollectionTuple.of(WriteReports.ANALYSED, p.apply("analysed",
            Create.empty(AvroCoder.of(LectureAnalysis.class))))
        .and(WriteReports.REJECTED, p.apply("rejected", Create.empty(AvroCoder.of(Failure.class))))
        .and(WriteReports.JOBS, p.apply("jobs", Create.empty(AvroCoder.of(JobStatus.class))))
        .apply(WriteReports.to(out.toString()));
    p.run().waitUntilFinish();
    String index = Files.readString(out.resolve("index.html"));
    assertTrue(index.contains("0 lectures"));
    assertTrue(index.contains("No stage times from this run."));
  }

  @Test
  void aStreamingRunRefreshesTheIndexAsJobsFinish(TestPipeline p, @TempDir Path out) throws IOException {
    AvroCoders.registerAll(p);
    JobStatus first = JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated("s1"), null));
    JobStatus second = JobStatus.newBuilder(JobOutcomes.of(JobOutcomesTest.finished(JobOutcomesTest.validated("s2"),
        null))).setStatus(JobState.COMPLETED).build();
    TestStream<JobStatus> jobs = TestStream.create(AvroCoder.of(JobStatus.class))
        .addElements(first)
        .advanceProcessingTime(Duration.standardSeconds(31))
        .addElements(second)
        .advanceProcessingTime(Duration.standardSeconds(31))
        .advanceWatermarkToInfinity();
    PCollection<JobStatus> stream = p.apply("jobs", jobs);
    assertEquals(PCollection.IsBounded.UNBOUNDED, stream.isBounded());
    PCollectionTuple.of(WriteReports.ANALYSED, p.apply("analysed", Create.empty(AvroCoder.of(LectureAnalysis.class))))
        .and(WriteReports.REJECTED, p.apply("rejected", Create.empty(AvroCoder.of(Failure.class))))
        .and(WriteReports.JOBS, stream)
        .apply(WriteReports.to(out.toString()).withIndexRefresh(Duration.standardSeconds(30)));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    String index = Files.readString(out.resolve("index.html"), StandardCharsets.UTF_8);
    assertTrue(index.contains("data-job=\"s1\"") && index.contains("data-job=\"s2\""), index);
    // Once after the first job and again after the second, each time with every job so far.
    assertTrue(counter(result, "index_pages_written") >= 2, "index written " + counter(result, "index_pages_written"));
  }
}
