package io.lecturehighlights.transforms.extraction;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import java.util.ArrayList;
import java.util.List;

/**
 * A lecture built sentence by sentence with exactly known times: every pause between sentences is also a silence
 * region, words are spread evenly over each sentence, topics span their sentences.
 */
final class SyntheticTalk {
  final List<TranscriptSegment> segments = new ArrayList<>();
  final List<TranscriptWord> words = new ArrayList<>();
  final List<TimeRange> silences = new ArrayList<>();
  final List<ContentSegment> topics = new ArrayList<>();
  double t;

  SyntheticTalk pause(double seconds) {
    silences.add(new TimeRange(t, t + seconds));
    t += seconds;
    return this;
  }

  SyntheticTalk say(double seconds, String text) {
    segments.add(new TranscriptSegment(t, t + seconds, text));
    words.addAll(TruthLecture.evenWords(t, t + seconds, text));
    t += seconds;
    return this;
  }

  /** A topic of count sentences of the given length, pause between them, then the pause after the topic. */
  SyntheticTalk topic(String title, double importance, int count, double seconds, double pause, double after,
      String... keywords) {
    double start = t;
    for (int i = 0; i < count; i++) {
      say(seconds, "Sentence " + (i + 1) + " of topic " + title + " goes on a while.");
      if (i + 1 < count) {
        pause(pause);
      }
    }
    addTopic(title, importance, start, t, keywords);
    return pause(after);
  }

  SyntheticTalk addTopic(String title, double importance, double start, double end, String... keywords) {
    topics.add(ContentSegment.newBuilder().setStart(start).setEnd(end).setTitle(title).setImportance(importance)
        .setKeywords(new ArrayList<>(List.of(keywords))).build());
    return this;
  }

  /** Start and end of the i-th sentence. */
  double[] sentence(int i) {
    return new double[] {segments.get(i).getStart(), segments.get(i).getEnd()};
  }

  Transcript transcript(boolean withWords) {
    return Transcript.newBuilder().setJobId("synthetic").setEngine("test").setSegments(new ArrayList<>(segments))
        .setWords(withWords ? new ArrayList<>(words) : new ArrayList<>()).build();
  }

  ContentSegments content() {
    return ContentSegments.newBuilder().setJobId("synthetic").setAnalyzer("test")
        .setSegments(new ArrayList<>(topics)).build();
  }

  double duration() {
    return t;
  }
}
