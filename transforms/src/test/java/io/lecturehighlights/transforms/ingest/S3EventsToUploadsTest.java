package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.transforms.common.JobIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.ingest.S3EventNotifications.CreatedObject;
import org.junit.jupiter.api.Test;

class S3EventsToUploadsTest {
  private static final String QUEUE = "https://sqs.us-west-2.amazonaws.com/123456789012/lecture-uploads";

  private static CreatedObject put() {
    return S3EventNotifications.defaults()
        .parse(S3EventNotificationsTest.resource("object-created-put.json")).accepted().get(0);
  }

  @Test
  void uploadEventMatchesWhatABatchGlobWouldGive() {
    UploadEvent e = S3EventsToUploads.fromQueue(QUEUE).toUpload(put(), 1_000L);
    String uri = "s3://lecture-archive/cs101/fall-2026/Lecture 01 \u2013 Intro(v2).mp4";
    assertEquals(uri, e.getVideoUri());
    assertEquals(JobIds.derive(uri), e.getJobId());
    assertTrue(JobIds.isValid(e.getJobId()));
    assertTrue(e.getJobId().startsWith("lecture-01-intro-v2-"), e.getJobId());
    assertEquals("sqs:" + QUEUE, e.getSource());
    assertEquals(1_000L, e.getReceivedAtMillis());
    assertEquals("096fKKXTRTtl3on89fVO.nfljtsv6qko", e.getObjectVersion());
    assertEquals(LectureMetadata.newBuilder().build(), e.getMetadata());
    assertNull(e.getCaptionsUri());
    assertNull(e.getContentFingerprint());
  }

  @Test
  void unversionedBucketsUseTheEtagAsVersion() {
    CreatedObject mov = S3EventNotifications.defaults()
        .parse(S3EventNotificationsTest.resource("two-records.json")).accepted().get(0);
    assertEquals("9b2cf535f27731c974343645a3985328-128",
        S3EventsToUploads.fromQueue(QUEUE).toUpload(mov, 0L).getObjectVersion());
  }

  @Test
  void sameObjectVersionGivesTheSameJobAndVersionAcrossDuplicates() {
    S3EventsToUploads toUploads = S3EventsToUploads.fromQueue(QUEUE);
    UploadEvent first = toUploads.toUpload(put(), 1L);
    UploadEvent again = toUploads.toUpload(put(), 2L);
    assertEquals(first.getJobId(), again.getJobId());
    assertEquals(first.getObjectVersion(), again.getObjectVersion());
  }

  @Test
  void courseAndSemesterFromTheKeyLayoutWhenAskedFor() {
    LectureMetadata m = S3EventsToUploads.fromQueue(QUEUE).withCourseLayoutUnder("").toUpload(put(), 0L).getMetadata();
    assertEquals("cs101", m.getCourse());
    assertEquals("fall-2026", m.getSemester());
    assertNull(m.getTitle());

    LectureMetadata under = S3EventsToUploads.metadataFromKey("uploads/cs101/fall-2026/l1.mp4", "uploads/");
    assertEquals("cs101", under.getCourse());
    assertEquals("fall-2026", under.getSemester());
    // Any other shape: nothing guessed.
    assertNull(S3EventsToUploads.metadataFromKey("cs101/l1.mp4", "").getCourse());
    assertNull(S3EventsToUploads.metadataFromKey("a/b/c/l1.mp4", "").getCourse());
    assertNull(S3EventsToUploads.metadataFromKey("cs101//l1.mp4", "").getCourse());
    assertNull(S3EventsToUploads.metadataFromKey("other/cs101/fall/l1.mp4", "uploads/").getCourse());
  }
}
