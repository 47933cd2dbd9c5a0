package io.lecturehighlights.transforms.join;

import static io.lecturehighlights.transforms.join.JoinFixtures.failure;
import static io.lecturehighlights.transforms.join.JoinFixtures.layout;
import static io.lecturehighlights.transforms.join.JoinFixtures.lecture;
import static io.lecturehighlights.transforms.join.JoinFixtures.silence;
import static io.lecturehighlights.transforms.join.JoinFixtures.transcript;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class JoinLectureAnalysesTest {
  private static final Duration TIMEOUT = Duration.standardMinutes(30);
  private static final Instant T0 = new Instant(1_700_000_000_000L);

  @Test
  void batchJoinsEveryJobOnceWhateverItsBranchesDid(TestPipeline p) {
    AvroCoders.registerAll(p);
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> out = PCollectionTuple
        .of(JoinLectureAnalyses.LECTURES, p.apply("lectures", Create.of(lecture("ok"), lecture("deaf"),
            lecture("blind"), lecture("lost"))))
        .and(JoinLectureAnalyses.SILENCES, p.apply("silences", Create.of(silence("ok"), silence("deaf"),
            silence("blind"))))
        .and(JoinLectureAnalyses.TRANSCRIPTS, p.apply("transcripts", Create.of(transcript("ok"),
            transcript("blind"), transcript("lost"))))
        .and(JoinLectureAnalyses.LAYOUTS, p.apply("layouts", Create.of(layout("ok"), layout("deaf"))))
        .and(JoinLectureAnalyses.FAILURES, p.apply("failures", Create.of(
            failure("deaf", Stages.TRANSCRIPTION, "engine_failed"), failure("blind", Stages.LAYOUT, "no_frames"))))
        .apply(JoinLectureAnalyses.withTimeout(TIMEOUT));
    PAssert.that(describe(out.output(), "joined"))
        .containsInAnyOrder("ok:ok:", "blind:ok:layout: no_frames (clips use the whole frame)");
    PAssert.that(describe(out.failures(), "failed"))
        .containsInAnyOrder("deaf:transcription/engine_failed:", "lost:silence/branch_timeout:");
    p.run().waitUntilFinish();
  }

  /**
   * Streaming: a complete job comes out in an early pane (as soon as its fourth result is in, long before its
   * window closes); a job missing a branch fails when the watermark passes the timeout; a branch result that
   * arrives after that is dropped, so the job still has exactly one outcome.
   */
  @Test
  void streamingEmitsCompleteJobsAtOnceAndTimesOutMissingBranches(TestPipeline p) {
    AvroCoders.registerAll(p);
    TestStream<LectureAnalysis> results = TestStream.create(AvroCoder.of(LectureAnalysis.class))
        .addElements(at(T0, carrier("fast")), at(T0, carrier("slow")), at(T0, carrier("dead")))
        .addElements(at(T0, carrier("fast").setSilence(silence("fast"))),
            at(T0, carrier("fast").setLayout(layout("fast"))),
            at(T0, carrier("slow").setSilence(silence("slow"))),
            at(T0, carrier("dead").setSilence(silence("dead"))),
            at(T0, carrier("dead").setLayout(layout("dead"))))
        .advanceWatermarkTo(T0.plus(Duration.standardMinutes(1)))
        .addElements(at(T0, carrier("fast").setTranscript(transcript("fast"))))
        // "slow" gets its last two results late but within the timeout; "dead" never gets its transcript in time.
        .advanceWatermarkTo(T0.plus(Duration.standardMinutes(20)))
        .addElements(at(T0, carrier("slow").setTranscript(transcript("slow"))),
            at(T0, carrier("slow").setFailure(failure("slow", Stages.LAYOUT, "no_frames"))))
        .advanceWatermarkTo(T0.plus(TIMEOUT).plus(Duration.standardMinutes(1)))
        .addElements(at(T0, carrier("dead").setTranscript(transcript("dead"))))
        .advanceWatermarkToInfinity();

    PCollectionTuple split = p.apply("results", results)
        .apply("split by kind", ParDo.of(new SplitFn()).withOutputTags(LECTURES,
            TupleTagList.of(SILENCES).and(TRANSCRIPTS).and(LAYOUTS).and(FAILURES)));
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> out = PCollectionTuple
        .of(JoinLectureAnalyses.LECTURES, split.get(LECTURES).setCoder(AvroCoder.of(ValidatedLecture.class)))
        .and(JoinLectureAnalyses.SILENCES, split.get(SILENCES).setCoder(AvroCoder.of(SilenceResult.class)))
        .and(JoinLectureAnalyses.TRANSCRIPTS, split.get(TRANSCRIPTS).setCoder(AvroCoder.of(Transcript.class)))
        .and(JoinLectureAnalyses.LAYOUTS, split.get(LAYOUTS).setCoder(AvroCoder.of(Layout.class)))
        .and(JoinLectureAnalyses.FAILURES, split.get(FAILURES).setCoder(AvroCoder.of(Failure.class)))
        .apply(JoinLectureAnalyses.withTimeout(TIMEOUT).keepingSessionWindows());

    IntervalWindow session = new IntervalWindow(T0, T0.plus(TIMEOUT));
    PCollection<String> joined = describe(out.output(), "joined");
    PCollection<String> failed = describe(out.failures(), "failed");
    PAssert.that(joined).inEarlyPane(session)
        .containsInAnyOrder("fast:ok:", "slow:ok:layout: no_frames (clips use the whole frame)");
    PAssert.that(joined).containsInAnyOrder("fast:ok:", "slow:ok:layout: no_frames (clips use the whole frame)");
    PAssert.that(failed).inOnTimePane(session).containsInAnyOrder("dead:transcription/branch_timeout:");
    PAssert.that(failed).containsInAnyOrder("dead:transcription/branch_timeout:");
    p.run().waitUntilFinish();
  }

  private static final TupleTag<ValidatedLecture> LECTURES = new TupleTag<>() {};
  private static final TupleTag<SilenceResult> SILENCES = new TupleTag<>() {};
  private static final TupleTag<Transcript> TRANSCRIPTS = new TupleTag<>() {};
  private static final TupleTag<Layout> LAYOUTS = new TupleTag<>() {};
  private static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  /** One test stream carries every branch's results: the one field a carrier sets says which branch it is. */
  private static LectureAnalysis.Builder carrier(String id) {
    return LectureAnalysis.newBuilder().setJobId(id).setLecture(lecture(id));
  }

  private static TimestampedValue<LectureAnalysis> at(Instant t, LectureAnalysis.Builder b) {
    return TimestampedValue.of(b.build(), t);
  }

  static class SplitFn extends DoFn<LectureAnalysis, ValidatedLecture> {
    @ProcessElement
    public void process(@Element LectureAnalysis c, MultiOutputReceiver out) {
      if (c.getSilence() != null) {
        out.get(SILENCES).output(c.getSilence());
      } else if (c.getTranscript() != null) {
        out.get(TRANSCRIPTS).output(c.getTranscript());
      } else if (c.getLayout() != null) {
        out.get(LAYOUTS).output(c.getLayout());
      } else if (c.getFailure() != null) {
        out.get(FAILURES).output(c.getFailure());
      } else {
        out.get(LECTURES).output(c.getLecture());
      }
    }
  }

  private static PCollection<String> describe(PCollection<LectureAnalysis> in, String name) {
    return in.apply("describe " + name, MapElements.into(TypeDescriptors.strings()).via(a -> a.getJobId() + ":"
        + (a.getFailure() == null ? "ok" : a.getFailure().getStage() + "/" + a.getFailure().getReason()) + ":"
        + String.join("|", a.getNotes())));
  }
}
