package io.lecturehighlights.transforms.join;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import java.util.List;

/** Small results of each branch, for join tests. */
final class JoinFixtures {
  private JoinFixtures() {}

  static ValidatedLecture lecture(String id) {
    return JobOutcomesTest.validated(id);
  }

  static SilenceResult silence(String id) {
    return JobOutcomesTest.silence(id);
  }

  static Transcript transcript(String id) {
    return Transcript.newBuilder().setJobId(id).setEngine("test").setProcessingMillis(56)
        .setSegments(List.of(new TranscriptSegment(1.0, 3.0, "Hello everyone."))).build();
  }

  static Layout layout(String id) {
    return Layout.newBuilder().setJobId(id).setType("screen_only").setProcessingMillis(78).build();
  }

  static Failure failure(String id, String stage, String reason) {
    return Failures.of(JobOutcomesTest.event(id), stage, reason, reason + " in test", false, 1);
  }
}
