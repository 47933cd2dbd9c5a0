package io.lecturehighlights.transforms.content;

import io.lecturehighlights.transforms.common.FakeGeminiServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.testing.JoinedLectures;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The content stage as the pipeline runs it: one analysis per joined lecture, failures routed, metrics counted. */
@ExtendWith(TestPipelineExtension.class)
class AnalyzeContentTest {
  @Test
  void offlineAnalyzerFillsTopicsAndRoutesALectureWithoutTranscript(TestPipeline p) throws IOException {
    AvroCoders.registerAll(p);
    LectureAnalysis noTranscript = LectureAnalysis.newBuilder(JoinedLectures.clean("deaf")).setTranscript(null).build();
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> out = p.apply(Create.of(JoinedLectures.clean("clean"), noTranscript))
        .apply(AnalyzeContent.with(ContentConfig.defaults()));
    PAssert.that(out.output()).satisfies(all -> {
      LectureAnalysis a = all.iterator().next();
      assertEquals("clean", a.getJobId());
      assertEquals(OfflineContentAnalyzer.NAME, a.getContent().getAnalyzer());
      List<ContentSegment> segs = a.getContent().getSegments();
      assertTrue(segs.size() >= 1, "topics: " + segs);
      assertTrue(segs.get(0).getStart() >= 1.4 && segs.get(segs.size() - 1).getEnd() <= 40.92, segs.toString());
      assertTrue(a.getStageMillis().containsKey("content"), a.getStageMillis().toString());
      return null;
    });
    PAssert.that(out.failures()).satisfies(all -> {
      LectureAnalysis a = all.iterator().next();
      assertEquals("deaf", a.getJobId());
      assertEquals("content", a.getFailure().getStage());
      assertEquals("missing_transcript", a.getFailure().getReason());
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void theLayoutsSlidesNameTheTopics(TestPipeline p) throws IOException {
    AvroCoders.registerAll(p);
    LectureAnalysis clean = JoinedLectures.clean("clean");
    Layout layout = Layout.newBuilder(clean.getLayout()).setSlides(List.of(
        Slide.newBuilder().setJobId("clean").setIndex(1).setStart(0).setEnd(40.92).setTitle("Newton's Three Laws")
            .setText("Newton's Three Laws\ninertia\nF = m a\naction and reaction").setConfidence(0.93).build()))
        .build();
    WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> out = p.apply(Create.of(LectureAnalysis.newBuilder(clean).setLayout(layout).build()))
        .apply(AnalyzeContent.with(ContentConfig.defaults()));
    PAssert.that(out.output()).satisfies(all -> {
      List<ContentSegment> segs = all.iterator().next().getContent().getSegments();
      assertEquals(List.of("Newton's Three Laws"), segs.stream().map(ContentSegment::getTitle).toList());
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void geminiAnalyzerThroughTheRealClientCountsTokensAndCost(TestPipeline p) throws IOException {
    AvroCoders.registerAll(p);
    try (FakeGeminiServer server = new FakeGeminiServer()) {
      ContentConfig config = ContentConfig.defaults().withAnalyzer(ContentConfig.GEMINI)
          .withBaseUrl(server.baseUrl()).withApiKey("test-key").withRetries(3, 5, 20);
      server.enqueue(FakeGeminiServer.Reply.rateLimited("0.01s"));
      WithFailures.Result<PCollection<LectureAnalysis>, LectureAnalysis> out = p.apply(Create.of(JoinedLectures.clean("clean")))
          .apply(AnalyzeContent.with(config));
      PAssert.that(out.output()).satisfies(all -> {
        LectureAnalysis a = all.iterator().next();
        assertTrue(a.getContent().getAnalyzer().startsWith("gemini"), a.getContent().getAnalyzer());
        assertEquals(2, a.getContent().getRequests());
        assertEquals(1, a.getContent().getRetries());
        return null;
      });
      PAssert.that(out.failures()).empty();
      PipelineResult result = p.run();
      result.waitUntilFinish();
      MetricQueryResults m = result.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.inNamespace("lecture-highlights")).build());
      long[] counts = new long[3];
      m.getCounters().forEach(c -> {
        String name = c.getName().getName();
        if (name.equals("content_api_requests")) {
          counts[0] = c.getAttempted();
        } else if (name.equals("content_api_retries")) {
          counts[1] = c.getAttempted();
        } else if (name.equals("content_prompt_tokens")) {
          counts[2] = c.getAttempted();
        }
      });
      assertEquals(2, counts[0]);
      assertEquals(1, counts[1]);
      assertEquals(server.promptTokensSent.get(), counts[2]);
      assertTrue(counts[2] > 0);
    }
  }
}
