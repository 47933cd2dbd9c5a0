package io.lecturehighlights.transforms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.jobs.JobOutcomesTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Lectures as they leave the join, built from the fixtures' ground truth, for the stages after it. */
public final class JoinedLectures {
  private JoinedLectures() {}

  /** The clean fixture lecture after the join, with its true sentences, slide changes and silences. */
  public static LectureAnalysis clean(String jobId) throws IOException {
    JsonNode truth = Fixtures.truth("lecture-clean.mp4");
    List<TranscriptSegment> segs = new ArrayList<>();
    for (JsonNode s : truth.get("sentences")) {
      segs.add(new TranscriptSegment(s.get("start").asDouble(), s.get("end").asDouble(), s.get("text").asText()));
    }
    List<Double> slides = new ArrayList<>();
    truth.get("slideChanges").forEach(n -> slides.add(n.asDouble()));
    List<TimeRange> silences = new ArrayList<>();
    for (double[] r : Fixtures.ranges(truth.get("silences"))) {
      silences.add(new TimeRange(r[0], r[1]));
    }
    SilenceResult silence = SilenceResult.newBuilder(JobOutcomesTest.silence(jobId)).setSilences(silences).build();
    return LectureAnalysis.newBuilder()
        .setJobId(jobId)
        .setLecture(JobOutcomesTest.validated(jobId))
        .setSilence(silence)
        .setTranscript(Transcript.newBuilder().setJobId(jobId).setEngine("truth").setSegments(segs).build())
        .setLayout(Layout.newBuilder().setJobId(jobId).setType("picture_in_picture").setSlideChanges(slides).build())
        .build();
  }
}
