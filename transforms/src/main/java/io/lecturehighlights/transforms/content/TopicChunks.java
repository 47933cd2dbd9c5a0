package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Cuts a transcript into one text chunk per topic segment, for a search or question-answering index. A
 * transcript segment belongs to the topic that contains its midpoint, so every sentence lands in exactly one
 * chunk even when recogniser and topic boundaries disagree by a few hundred milliseconds. Each chunk also carries
 * the text and titles of the slides on screen during its time range ({@link LectureSlide#shownDuring}: at least
 * 1 s of it; only confidently read slides), so a slide shown across a topic boundary is in both chunks.
 */
public final class TopicChunks {
  private TopicChunks() {}

  /** Without slides. */
  public static List<TopicChunk> of(ContentSegments content, Transcript transcript, @Nullable String videoUri,
      @Nullable LectureMetadata metadata) {
    return of(content, transcript, List.of(), videoUri, metadata);
  }

  /** @param slides the lecture's slides with their OCR text ({@link AnalyzeContent#slidesOf}), possibly empty */
  public static List<TopicChunk> of(ContentSegments content, Transcript transcript, List<LectureSlide> slides,
      @Nullable String videoUri, @Nullable LectureMetadata metadata) {
    List<ContentSegment> topics = content.getSegments();
    List<StringBuilder> texts = new ArrayList<>();
    topics.forEach(t -> texts.add(new StringBuilder()));
    for (TranscriptSegment s : transcript.getSegments()) {
      String text = s.getText() == null ? "" : s.getText().trim();
      if (text.isEmpty() || topics.isEmpty()) {
        continue;
      }
      double mid = (s.getStart() + s.getEnd()) / 2;
      int k = 0;
      // Topics are in time order: the last one starting at or before the midpoint (the first for earlier text).
      for (int i = 0; i < topics.size(); i++) {
        if (topics.get(i).getStart() <= mid) {
          k = i;
        }
      }
      StringBuilder b = texts.get(k);
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(text);
    }
    List<TopicChunk> out = new ArrayList<>();
    for (int i = 0; i < topics.size(); i++) {
      ContentSegment t = topics.get(i);
      List<LectureSlide> shown = slides == null ? List.of() : SlidesShown.during(slides, t.getStart(), t.getEnd());
      // The same slide shown twice in one range (a lecturer going back to it) is one paragraph.
      Set<String> paragraphs = new LinkedHashSet<>();
      Map<String, String> titles = new LinkedHashMap<>();
      for (LectureSlide s : shown) {
        String c = s.content();
        if (!c.isEmpty()) {
          paragraphs.add(c);
        }
        String title = s.displayTitle();
        if (!title.isEmpty()) {
          titles.putIfAbsent(LectureSlide.topicKey(title), title);
        }
      }
      out.add(TopicChunk.newBuilder()
          .setJobId(content.getJobId())
          .setChunkId(content.getJobId() + "#" + (i + 1))
          .setIndex(i + 1)
          .setStart(t.getStart())
          .setEnd(t.getEnd())
          .setTitle(t.getTitle())
          .setSummary(t.getSummary())
          .setKeywords(t.getKeywords())
          .setImportance(t.getImportance())
          .setText(texts.get(i).toString())
          .setVideoUri(videoUri)
          .setMetadata(metadata)
          .setSlideText(String.join("\n\n", paragraphs))
          .setSlideTitles(new ArrayList<>(titles.values()))
          .build());
    }
    return out;
  }
}
