package io.lecturehighlights.transforms.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.Slide;
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
    assertEquals("", chunks.get(0).getSlideText(), "no slides: empty");
    assertEquals(List.of(), chunks.get(0).getSlideTitles());
  }

  @Test
  void chunksCarryTheTextOfTheSlidesShownInExactlyTheirRange() {
    ContentSegments content = ContentSegments.newBuilder().setJobId("j").setAnalyzer("t")
        .setSegments(List.of(topic(0, 60, "Windowing"), topic(61, 120, "Fourier Transform"),
            topic(121, 180, "Filters")))
        .build();
    Transcript transcript = Transcript.newBuilder().setJobId("j").setEngine("t").setSegments(List.of(
        new TranscriptSegment(1.0, 5.0, "when doing the signal"),
        new TranscriptSegment(70.0, 74.0, "the four year trans form"),
        new TranscriptSegment(130.0, 134.0, "a low pass filter"))).build();
    List<LectureSlide> slides = List.of(
        new LectureSlide(0, 30, "Windowing", "Windowing\nHann window", 0.9),
        new LectureSlide(30, 61.5, "Windowing (cont.)", "Windowing (cont.)\nspectral leakage", 0.9),
        // Shown across the second boundary: in both chunks.
        new LectureSlide(61.5, 150, "Fourier Transform", "Fourier Transform\nDFT and FFT", 0.9),
        // Read unsurely: in no chunk.
        new LectureSlide(150, 170, "Fllters", "Fllters\nl0w pass", 0.3),
        new LectureSlide(170, 180, "", "Bode plot", 0.9),
        // After the last topic ends: in no chunk.
        new LectureSlide(181, 200, "Questions?", "Questions?", 0.9));
    List<TopicChunk> chunks = TopicChunks.of(content, transcript, slides, null, null);
    assertEquals(3, chunks.size());
    // The first: its two slides, not the 0.5 s of the Fourier slide's before 61 (that is in the gap, outside).
    assertEquals("Windowing\nHann window\n\nWindowing (cont.)\nspectral leakage", chunks.get(0).getSlideText());
    assertEquals(List.of("Windowing"), chunks.get(0).getSlideTitles());
    assertEquals("when doing the signal", chunks.get(0).getText());
    // The second: the Fourier slide only (the 0.5 s of "Windowing (cont.)" after 61 is under a second).
    assertEquals("Fourier Transform\nDFT and FFT", chunks.get(1).getSlideText());
    assertEquals(List.of("Fourier Transform"), chunks.get(1).getSlideTitles());
    assertEquals("Fourier Transform\nDFT and FFT\n\nBode plot", chunks.get(2).getSlideText());
    assertEquals(List.of("Fourier Transform"), chunks.get(2).getSlideTitles());
  }

  @Test
  void theSlidesOfAnAvroLayoutConvertForTheChunks() {
    Layout layout = Layout.newBuilder().setJobId("j").setType("screen_only").setSlides(List.of(
        Slide.newBuilder().setJobId("j").setIndex(2).setStart(30).setEnd(60).setTitle("B").setText("B\nb")
            .setConfidence(0.8).build(),
        Slide.newBuilder().setJobId("j").setIndex(1).setStart(0).setEnd(30).setTitle("A").setText("A\na")
            .setConfidence(0.9).setThumbnail("slides/slide-01.jpg").setFrameTime(12).build())).build();
    assertEquals(List.of(new LectureSlide(0, 30, "A", "A\na", 0.9), new LectureSlide(30, 60, "B", "B\nb", 0.8)),
        AnalyzeContent.slidesOf(layout));
    assertEquals(List.of(), AnalyzeContent.slidesOf(null));
    assertEquals(List.of(), AnalyzeContent.slidesOf(Layout.newBuilder().setJobId("j").setType("camera_only")
        .build()));
  }
}
