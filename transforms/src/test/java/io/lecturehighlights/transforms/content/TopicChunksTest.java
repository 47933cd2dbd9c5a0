package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicChunksTest {
  private static ContentSegment topic(double start, double end, String title) {
    return ContentSegment.newBuilder().setStart(start).setEnd(end).setTitle(title).setImportance(0.5).build();
  }

  @Test
  void everySentenceLandsInTheTopicHoldingItsMidpoint() {
    ContentSegments content = ContentSegments.newBuilder().setJobId("j").setAnalyzer("t")
        .setSegments(List.of(topic(0, 30, "Inertia"), topic(30, 60, "Force"))).build();
    Transcript transcript = Transcript.newBuilder().setJobId("j").setEngine("t").setSegments(List.of(
        new TranscriptSegment(1.0, 5.0, "Objects keep moving."),
        // Starts before the boundary but mostly after it: belongs to the second topic.
        new TranscriptSegment(29.5, 34.0, "Force changes motion."),
        new TranscriptSegment(40.0, 44.0, " "),
        new TranscriptSegment(50.0, 55.0, "F equals m a."))).build();
    LectureMetadata meta = LectureMetadata.newBuilder().setCourse("PHYS 101").build();
    List<TopicChunk> chunks = TopicChunks.of(content, transcript, "file:///l.mp4", meta);
    assertEquals(2, chunks.size());
    assertEquals("Objects keep moving.", chunks.get(0).getText());
    assertEquals("Force changes motion. F equals m a.", chunks.get(1).getText());
    assertEquals("j#2", chunks.get(1).getChunkId());
    assertEquals("PHYS 101", chunks.get(1).getMetadata().getCourse());
    assertEquals(30.0, chunks.get(1).getStart());
  }
}
