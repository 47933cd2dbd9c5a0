package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Cuts a transcript into one text chunk per topic segment, for a search or question-answering index. A
 * transcript segment belongs to the topic that contains its midpoint, so every sentence lands in exactly one
 * chunk even when recogniser and topic boundaries disagree by a few hundred milliseconds.
 */
public final class TopicChunks {
  private TopicChunks() {}

  public static List<TopicChunk> of(ContentSegments content, Transcript transcript, @Nullable String videoUri,
      @Nullable LectureMetadata metadata) {
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
          .build());
    }
    return out;
  }
}
