package io.lecturehighlights.transforms.extraction;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.content.TextTerms;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A fixture lecture's ground truth as extraction input: sentences, silences and one topic per slide. */
final class TruthLecture {
  final String file;
  final double duration;
  final List<double[]> sentences = new ArrayList<>();
  final List<String> texts = new ArrayList<>();
  final List<double[]> silences;
  final List<double[]> slides;
  final List<String> slideTitles = new ArrayList<>();

  private TruthLecture(String file) throws IOException {
    this.file = file;
    JsonNode truth = Fixtures.truth(file);
    duration = truth.get("durationSeconds").asDouble();
    for (JsonNode s : truth.get("sentences")) {
      sentences.add(new double[] {s.get("start").asDouble(), s.get("end").asDouble()});
      texts.add(s.get("text").asText());
    }
    silences = Fixtures.ranges(truth.get("silences"));
    slides = truth.has("slides") ? Fixtures.ranges(truth.get("slides")) : new ArrayList<>();
    if (truth.has("slides")) {
      for (JsonNode s : truth.get("slides")) {
        slideTitles.add(s.get("title").asText());
      }
    }
  }

  static TruthLecture load(String file) throws IOException {
    return new TruthLecture(file);
  }

  /** One segment per sentence; with words, each sentence's words spread evenly over its time. */
  Transcript transcript(boolean withWords) {
    List<TranscriptSegment> segs = new ArrayList<>();
    List<TranscriptWord> words = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      segs.add(new TranscriptSegment(sentences.get(i)[0], sentences.get(i)[1], texts.get(i)));
      if (withWords) {
        words.addAll(evenWords(sentences.get(i)[0], sentences.get(i)[1], texts.get(i)));
      }
    }
    return build(segs, words);
  }

  /** Two sentences per segment (the recogniser's utterances), words spread evenly over each sentence. */
  Transcript pairedTranscript() {
    List<TranscriptSegment> segs = new ArrayList<>();
    List<TranscriptWord> words = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i += 2) {
      int j = Math.min(i + 1, sentences.size() - 1);
      String text = i == j ? texts.get(i) : texts.get(i) + " " + texts.get(j);
      segs.add(new TranscriptSegment(sentences.get(i)[0], sentences.get(j)[1], text));
      for (int k = i; k <= j; k++) {
        words.addAll(evenWords(sentences.get(k)[0], sentences.get(k)[1], texts.get(k)));
      }
    }
    return build(segs, words);
  }

  static List<TranscriptWord> evenWords(double start, double end, String text) {
    String[] tokens = text.trim().split("\\s+");
    List<TranscriptWord> out = new ArrayList<>();
    double d = (end - start) / tokens.length;
    for (int k = 0; k < tokens.length; k++) {
      double ws = start + k * d;
      double we = k == tokens.length - 1 ? end : start + (k + 1) * d;
      out.add(new TranscriptWord(ws, we, tokens[k], null));
    }
    return out;
  }

  private static Transcript build(List<TranscriptSegment> segs, List<TranscriptWord> words) {
    return Transcript.newBuilder().setJobId("truth").setEngine("truth").setSegments(segs).setWords(words).build();
  }

  List<TimeRange> silenceRanges() {
    List<TimeRange> out = new ArrayList<>();
    for (double[] s : silences) {
      out.add(new TimeRange(s[0], s[1]));
    }
    return out;
  }

  /** One topic per slide with the given importances (cycled), keywords from the slide title. */
  ContentSegments topics(double... importance) {
    List<ContentSegment> segs = new ArrayList<>();
    for (int i = 0; i < slides.size(); i++) {
      segs.add(ContentSegment.newBuilder().setStart(slides.get(i)[0]).setEnd(slides.get(i)[1])
          .setTitle(slideTitles.get(i)).setKeywords(new ArrayList<>(TextTerms.words(slideTitles.get(i))))
          .setImportance(importance[i % importance.length]).build());
    }
    return ContentSegments.newBuilder().setJobId("truth").setAnalyzer("slides").setSegments(segs).build();
  }

  /** One topic over the whole lecture. */
  ContentSegments wholeTopic(String title, double importance) {
    return ContentSegments.newBuilder().setJobId("truth").setAnalyzer("test").setSegments(List.of(
        ContentSegment.newBuilder().setStart(0).setEnd(duration).setTitle(title).setImportance(importance).build()))
        .build();
  }

  /** Gaps around and between sentences: where cuts may go. */
  List<double[]> gaps() {
    List<double[]> out = new ArrayList<>();
    double cursor = 0;
    for (double[] s : sentences) {
      out.add(new double[] {cursor, s[0]});
      cursor = s[1];
    }
    out.add(new double[] {cursor, duration});
    return out;
  }
}
