package io.lecturehighlights.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code lhx demo --stream} does with each manifest row, its latency figures and its refusals (no services). */
class StreamDemoTest {
  @TempDir Path tmp;

  @Test
  void theDemoManifestsFilesGoUpUnderTheCourseLayoutAndRowsWithoutAFileAreToldWhy() throws Exception {
    Path testdata = Fixtures.projectRoot().resolve("testdata");
    StreamDemo.Plan plan = StreamDemo.plan(InputListing.list(testdata.resolve("manifest.jsonl").toString()), testdata);

    Map<String, StreamDemo.Upload> byRow = plan.uploads().stream()
        .collect(Collectors.toMap(StreamDemo.Upload::row, u -> u));
    assertEquals(11, byRow.size(), byRow.keySet().toString());
    StreamDemo.Upload clean = byRow.get("lectures/lecture-clean.mp4");
    assertEquals("uploads/PHYS 101/fall-2026/lecture-clean.mp4", clean.key());
    assertEquals(JobIds.derive("s3://lectures/uploads/PHYS 101/fall-2026/lecture-clean.mp4"), clean.jobId());
    assertEquals(testdata.resolve("lectures/lecture-clean.mp4"), clean.file());
    assertTrue(clean.lecture());
    assertTrue(byRow.get("lectures/lecture-audio-only.m4a").lecture());
    // The stream's key filter takes the validator's extensions: a .gif is uploaded and notified, and skipped.
    assertFalse(byRow.get("malformed/slides.gif").lecture());
    assertEquals(10, plan.uploads().stream().filter(StreamDemo.Upload::lecture).count());

    Map<String, String> refused = plan.notEnqueued().stream()
        .collect(Collectors.toMap(StreamDemo.NotEnqueued::row, StreamDemo.NotEnqueued::reason));
    assertEquals(2, refused.size(), refused.toString());
    assertTrue(refused.get("lectures/missing-lecture.mp4").startsWith("missing_file: "), refused.toString());
    assertTrue(refused.get("../../etc/passwd.mp4").startsWith("unsafe_name: "), refused.toString());
  }

  @Test
  void rowsWithoutCourseAndSemesterAnUnusableRowAndKeysTakenTwice() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(dir.resolve("a.mp4"), "a");
    Files.createDirectories(dir.resolve("other"));
    Files.writeString(dir.resolve("other/a.mp4"), "another a");
    Path manifest = dir.resolve("manifest.jsonl");
    Files.writeString(manifest, String.join("\n",
        "{\"video\":\"a.mp4\",\"course\":\"CS 1/2\",\"semester\":\"ws-2026\"}",
        "{\"video\":\"a.mp4\",\"course\":\"CS 1/2\",\"semester\":\"ws-2026\"}",
        "{\"video\":\"other/a.mp4\",\"course\":\"CS 1/2\",\"semester\":\"ws-2026\"}",
        "{\"video\":\"a.mp4\",\"course\":\"CS 1/2\"}",
        "{\"title\":\"no video\"}", ""));
    StreamDemo.Plan plan = StreamDemo.plan(InputListing.list(manifest.toString()), dir);

    // A '/' in the course would add a folder and lose the layout; a row listed twice is one upload.
    assertEquals(List.of("uploads/CS 1-2/ws-2026/a.mp4", "uploads/a.mp4"),
        plan.uploads().stream().map(StreamDemo.Upload::key).toList());
    assertEquals(2, plan.notEnqueued().size(), plan.notEnqueued().toString());
    assertTrue(plan.notEnqueued().get(0).reason().contains("already taken by " + dir.resolve("a.mp4")),
        plan.notEnqueued().toString());
    assertTrue(plan.notEnqueued().get(1).reason().startsWith("unusable manifest row: "),
        plan.notEnqueued().toString());
  }

  @Test
  void percentilesAreNearestRank() {
    List<Double> tenValues = List.of(10.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 5.0);
    assertEquals(5.0, StreamDemo.percentile(tenValues, 50));
    assertEquals(10.0, StreamDemo.percentile(tenValues, 95));
    assertEquals(9.0, StreamDemo.percentile(tenValues, 90));
    assertEquals(3.0, StreamDemo.percentile(List.of(3.0), 95));
    assertTrue(Double.isNaN(StreamDemo.percentile(List.of(), 50)));
  }

  @Test
  void optionsItCannotHonourAndUnbuiltServicesExit2BeforeAnythingStarts() throws Exception {
    String[] r = LhxRun.run("demo", "--stream", "--no-database", "--work-dir", tmp.resolve("w").toString());
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("drop --no-database"), r[2]);
    r = LhxRun.run("demo", "--stream", "--s3-endpoint", "http://localhost:9000", "--work-dir",
        tmp.resolve("w").toString());
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("runs its own local S3 and SQS: drop --s3-endpoint"), r[2]);

    // A testdata folder outside a built checkout: no deploy/local-aws/target beside it.
    Path testdata = Files.createDirectories(tmp.resolve("checkout/testdata"));
    Files.writeString(testdata.resolve("lecture.mp4"), "x");
    Files.writeString(testdata.resolve("manifest.jsonl"), "{\"video\":\"lecture.mp4\"}\n");
    r = LhxRun.run("demo", "--stream", "--testdata", testdata.toString(), "--work-dir", tmp.resolve("w").toString(),
        "--output", tmp.resolve("out").toString());
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("deploy/local-aws/target/s3proxy.classpath is missing"), r[2]);
    assertFalse(r[1].contains("Local S3"), r[1]);
  }
}
