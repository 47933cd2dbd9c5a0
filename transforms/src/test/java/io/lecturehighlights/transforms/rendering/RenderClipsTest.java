package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.JoinedLectures;
import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendering as the pipeline runs it: one element per clip, the clips of a lecture gathered back onto it, a clip
 * that fails named in the notes, a lecture without highlights finished with none. Pixel and sample checks of the
 * clips themselves are in {@link ClipRendererTest}.
 */
@ExtendWith(TestPipelineExtension.class)
class RenderClipsTest {
  private static LectureAnalysis lecture(String id, TimeRange... clips) throws IOException {
    LectureAnalysis clean = JoinedLectures.clean(id);
    UploadEvent event = UploadEvent.newBuilder(clean.getLecture().getEvent())
        .setVideoUri(Fixtures.lecture("lecture-clean.mp4").toString()).build();
    ValidatedLecture lecture = ValidatedLecture.newBuilder(clean.getLecture()).setEvent(event).build();
    List<Highlight> hs = new java.util.ArrayList<>();
    for (int i = 0; i < clips.length; i++) {
      hs.add(Highlight.newBuilder().setIndex(i + 1).setTitle("clip " + (i + 1)).setStart(clips[i].getStart())
          .setEnd(clips[i].getEnd()).setKeep(List.of(clips[i])).setScore(0.5).build());
    }
    return LectureAnalysis.newBuilder(clean).setLecture(lecture)
        .setHighlights(Highlights.newBuilder().setJobId(id).setHighlights(hs).build()).build();
  }

  @Test
  void rendersEachClipAndGathersThemOntoTheirLecture(TestPipeline p, @TempDir Path out) throws IOException {
    AvroCoders.registerAll(p);
    PCollectionTuple rendered = p.apply(Create.of(
            lecture("two", new TimeRange(1.3, 3.3), new TimeRange(7.1, 9.1)),
            // The second clip lies beyond the end of the 41 s source: it fails, the first one stands.
            lecture("half", new TimeRange(1.3, 3.3), new TimeRange(80.0, 82.0)),
            lecture("none")))
        // Two formats, small: each clip is rendered in both from one decode.
        .apply(RenderClips.to(out.toString(), RenderConfig.defaults().withClipHeight(360)
                .withFormats(List.of(RenderConfig.ORIGINAL, RenderConfig.SQUARE)))
            .spreadOver(List.of(11, 4))); // balanced spreading, as in a Flink batch
    PAssert.that(rendered.get(RenderClips.FINISHED)).satisfies(all -> {
      Map<String, LectureAnalysis> byId = new HashMap<>();
      all.forEach(a -> byId.put(a.getJobId(), a));
      assertEquals(3, byId.size());
      LectureAnalysis two = byId.get("two");
      assertNull(two.getFailure());
      assertEquals(List.of(1, 1, 2, 2), two.getClips().stream().map(Clip::getIndex).toList());
      assertEquals(List.of("original", "square", "original", "square"),
          two.getClips().stream().map(Clip::getFormat).toList());
      assertEquals(2.0, two.getClips().get(2).getDurationSeconds(), 0.05);
      assertTrue(two.getClips().get(3).getVideoUri().endsWith("/clips/clip-02-square.mp4"),
          two.getClips().get(3).getVideoUri());
      assertEquals(List.of(202, 202), List.of(two.getClips().get(3).getWidth(), two.getClips().get(3).getHeight()));
      assertTrue(two.getStageMillis().containsKey("rendering"));
      LectureAnalysis half = byId.get("half");
      assertNull(half.getFailure());
      assertEquals(2, half.getClips().size());
      assertTrue(half.getNotes().get(0).startsWith("clip 2: kept_intervals_outside_source"), half.getNotes().toString());
      assertEquals(0, byId.get("none").getClips().size());
      assertNull(byId.get("none").getFailure());
      return null;
    });
    String outDir = out.toString(); // a Path is not serializable; the check runs inside the pipeline
    PAssert.that(rendered.get(RenderClips.CLIPS)).satisfies(clips -> {
      int n = 0;
      for (Clip c : clips) {
        n++;
        Path video = Path.of(c.getVideoUri());
        assertTrue(video.startsWith(Path.of(outDir, c.getJobId(), "clips")), video.toString());
        assertTrue(Files.exists(video) && Files.exists(Path.of(c.getThumbnailUri()))
            && Files.exists(Path.of(c.getSubtitlesUri())), c.toString());
      }
      assertEquals(6, n, "three clips in two formats");
      return null;
    });
    p.run().waitUntilFinish();
  }
}
