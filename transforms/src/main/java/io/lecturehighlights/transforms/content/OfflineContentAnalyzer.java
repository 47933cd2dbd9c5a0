package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded content analyzer: a lecture's transcript segments (its sentences, with times), slide changes and
 * silences in; topic segments with title, summary, keywords, importance and reason out.
 *
 * <ol>
 *   <li>Boundary evidence per gap between sentences from slide changes and long pauses ({@link BoundaryEvidence}).
 *   <li>Topic segmentation by lexical cohesion with that evidence, segment durations steered into 20 s - 2 min by
 *       the segmenter's duration cost ({@link TopicSegmenter}, {@link TopicSegmenter.Config#timed()}).
 *   <li>TF-IDF of each segment against the others and the course ({@link SegmentTerms}; the words of the slides
 *       shown during the segment count as its words), then importance ({@link ImportanceScorer}) and extractive
 *       title, summary and keywords ({@link ExtractiveSummarizer}).
 *   <li>A segment during which confidently read slides with a title were shown is named after them
 *       ({@link SlidesShown#title}; a title that named an earlier segment gets "(part 2)", ...): OCR of a slide is
 *       far more reliable than the offline recogniser's transcript.
 * </ol>
 * A segment runs from its first sentence's start to its last sentence's end. Deterministic and single-threaded.
 */
public final class OfflineContentAnalyzer implements ContentAnalyzer {
  public static final String NAME = "offline-lexical-dp";
  private static final int KEYWORDS = 5;

  private final TopicSegmenter segmenter;
  private final Map<String, Integer> courseDocumentFrequency;
  private final int courseDocuments;

  public OfflineContentAnalyzer() {
    this(TopicSegmenter.Config.timed(), Collections.emptyMap(), 0);
  }

  /** With the rest of the course as background for key terms: stem -> number of other lectures using it. */
  public OfflineContentAnalyzer(TopicSegmenter.Config config, Map<String, Integer> courseDocumentFrequency,
      int courseDocuments) {
    this.segmenter = new TopicSegmenter(config);
    this.courseDocumentFrequency = courseDocumentFrequency;
    this.courseDocuments = courseDocuments;
  }

  /** The {@link ContentAnalyzer} view: the course metadata and duration are not needed offline. */
  @Override
  public ContentSegments analyze(ContentRequest request) {
    return analyze(request.transcript(), request.slideChanges(), request.silences(), request.slides());
  }

  /** Without slide text: titles and keywords from the transcript alone. */
  public ContentSegments analyze(Transcript transcript, List<Double> slideChanges, List<TimeRange> silences) {
    return analyze(transcript, slideChanges, silences, List.of());
  }

  /**
   * @param slides the slides shown, with their OCR text (empty when there is no screen or no OCR): a segment during
   *     which confidently read slides with a title were shown is named after them ({@link SlidesShown#title}), and
   *     its slides' words join its terms, so its keywords, summary and key-term importance
   */
  public ContentSegments analyze(Transcript transcript, List<Double> slideChanges, List<TimeRange> silences,
      List<LectureSlide> slides) {
    long t0 = System.nanoTime();
    List<TranscriptSegment> units = new ArrayList<>();
    for (TranscriptSegment s : transcript.getSegments()) {
      if (s.getText() != null && !s.getText().isBlank() && s.getEnd() >= s.getStart()) {
        units.add(s);
      }
    }
    units.sort(Comparator.comparingDouble(TranscriptSegment::getStart));
    int n = units.size();
    double[] starts = new double[n];
    double[] ends = new double[n];
    List<String> sentences = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      starts[i] = units.get(i).getStart();
      // Overlapping recogniser output would make segments overlap: clip each end to the next start.
      ends[i] = i + 1 < n ? Math.min(units.get(i).getEnd(), units.get(i + 1).getStart()) : units.get(i).getEnd();
      ends[i] = Math.max(ends[i], starts[i]);
      sentences.add(units.get(i).getText());
    }
    List<ContentSegment> out = new ArrayList<>();
    if (n > 0) {
      double[] evidence = BoundaryEvidence.perGap(starts, ends, slideChanges, silences);
      int[] opens = segmenter.segment(sentences, starts, ends, evidence);
      List<int[]> spans = new ArrayList<>();
      int from = 0;
      for (int b : opens) {
        spans.add(new int[] {from, b});
        from = b;
      }
      spans.add(new int[] {from, n});
      List<List<String>> texts = new ArrayList<>();
      List<List<String>> slideTexts = new ArrayList<>();
      for (int[] sp : spans) {
        texts.add(sentences.subList(sp[0], sp[1]));
        slideTexts.add(slides == null ? List.of() : SlidesShown.termTexts(slides, starts[sp[0]], ends[sp[1] - 1]));
      }
      SegmentTerms terms = new SegmentTerms(texts, slideTexts, courseDocumentFrequency, courseDocuments);
      List<ImportanceScorer.Score> scores = new ImportanceScorer().score(texts, terms);
      ExtractiveSummarizer summarizer = new ExtractiveSummarizer();
      // How often each slide title has named a segment so far: the second segment under one title is its part 2.
      Map<String, Integer> slideTitleUses = new HashMap<>();
      for (int k = 0; k < spans.size(); k++) {
        int[] sp = spans.get(k);
        String summary = summarizer.summary(terms, k, texts.get(k));
        String title = slides == null ? "" : SlidesShown.title(slides, starts[sp[0]], ends[sp[1] - 1]);
        if (title.isEmpty()) {
          title = summarizer.title(terms, k, texts.get(k), summary);
        } else {
          int uses = slideTitleUses.merge(LectureSlide.topicKey(title), 1, Integer::sum);
          title = uses == 1 ? title : title + " (part " + uses + ")";
        }
        out.add(ContentSegment.newBuilder()
            .setStart(starts[sp[0]])
            .setEnd(ends[sp[1] - 1])
            .setTitle(title)
            .setSummary(summary)
            .setKeywords(summarizer.keywords(terms, k, KEYWORDS))
            .setImportance(scores.get(k).importance())
            .setReason(scores.get(k).reason())
            .build());
      }
    }
    return ContentSegments.newBuilder()
        .setJobId(transcript.getJobId())
        .setAnalyzer(NAME)
        .setSegments(out)
        .setProcessingMillis((System.nanoTime() - t0) / 1_000_000)
        .build();
  }
}
