package io.lecturehighlights.transforms.extraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.content.OfflineContentAnalyzer;
import io.lecturehighlights.transforms.testing.JoinedLectures;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Segment extraction as the pipeline runs it, after the offline content analysis of the clean fixture. */
@ExtendWith(TestPipelineExtension.class)
class ExtractHighlightsTest {
  @Test
  void choosesClipsThatNeverCutASentenceAndRoutesLecturesWithoutTopics(TestPipeline p) throws IOException {
    AvroCoders.registerAll(p);
    LectureAnalysis clean = JoinedLectures.clean("clean");
    LectureAnalysis analysed = LectureAnalysis.newBuilder(clean)
        .setContent(new OfflineContentAnalyzer().analyze(clean.getTranscript(), clean.getLayout().getSlideChanges(),
            clean.getSilence().getSilences()))
        .build();
    LectureAnalysis noTopics = JoinedLectures.clean("blank");
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> out = p.apply(Create.of(analysed, noTopics))
        .apply(ExtractHighlights.with(ExtractionConfig.defaults()));
    List<TranscriptSegment> sentences = clean.getTranscript().getSegments();
    PAssert.that(out.output()).satisfies(all -> {
      LectureAnalysis a = all.iterator().next();
      List<Highlight> hs = a.getHighlights().getHighlights();
      assertEquals(1, hs.size(), "a 41 s lecture makes one 20 s - 2 min clip: " + hs);
      double kept = 0;
      for (TimeRange k : hs.get(0).getKeep()) {
        kept += k.getEnd() - k.getStart();
        for (TranscriptSegment s : sentences) {
          assertTrue(k.getStart() <= s.getStart() || k.getStart() >= s.getEnd(), "cut inside " + s);
          assertTrue(k.getEnd() <= s.getStart() || k.getEnd() >= s.getEnd(), "cut inside " + s);
        }
      }
      assertTrue(kept >= 20 && kept <= 120, "kept " + kept);
      assertTrue(a.getStageMillis().containsKey("extraction"));
      return null;
    });
    PAssert.that(out.failures()).satisfies(all -> {
      LectureAnalysis a = all.iterator().next();
      assertEquals("blank", a.getJobId());
      assertEquals("missing_analysis", a.getFailure().getReason());
      return null;
    });
    p.run().waitUntilFinish();
  }
}
