package io.lecturehighlights.transforms.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields every JSON answer of search gives for a result, in one place so that {@code lhx search --json} and
 * {@code lhx serve}'s {@code /api/search} name and fill them alike; each adds its own links after them.
 */
public final class SearchHitJson {
  private SearchHitJson() {}

  /** Adds a result to {@code results}: rank, ids, lecture, times, topic, key terms and the marked snippet. */
  public static ObjectNode add(ArrayNode results, SearchHit h, int rank) {
    SearchDocument d = h.document();
    ObjectNode r = results.addObject();
    r.put("rank", rank);
    r.put("jobId", d.jobId());
    r.put("chunkId", d.id());
    r.put("lectureTitle", d.lectureTitle());
    r.put("course", d.course());
    r.put("semester", d.semester());
    r.put("start", d.start());
    r.put("end", d.end());
    r.put("topicTitle", d.topicTitle());
    d.keywords().forEach(r.putArray("keywords")::add);
    r.put("snippet", h.snippet().marked());
    r.put("snippetHtml", h.snippet().html());
    return r;
  }
}
