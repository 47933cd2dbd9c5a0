package io.lecturehighlights.transforms.report;

import static io.lecturehighlights.transforms.report.Html.clock;
import static io.lecturehighlights.transforms.report.Html.esc;
import static io.lecturehighlights.transforms.report.Html.num;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.ContentSegment;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.Slide;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.jobs.JobOutcomes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code <out>/<jobId>/report.html}: one lecture on one self-contained page (inline CSS, inline SVG plots, a little
 * inline JS, images as data: URIs). Sections: the outcome (and, for a failed job, the stage, reason and message),
 * the timeline ({@link TimelineSvg}), the rendered clips with their subtitle cues, the slides with their thumbnails
 * and text, the transcript with clickable timestamps, the topics and the layout frame. Each section shows what
 * exists: a failed or degraded job gets the same page with its missing parts said to be missing.
 *
 * <p>Only the clip videos and the slide thumbnails are referenced, relative to the page ({@code clips/clip-NN.mp4},
 * {@code slides/slide-NN.jpg}, beside it in the output folder): a long lecture's hundred slide pictures would make
 * the page many megabytes as data: URIs, and the thumbnails load lazily as they are scrolled to. The clips'
 * subtitles are added from the page's own data with {@code addTextTrack}/{@code VTTCue}: a browser refuses
 * {@code <track src>} from a {@code file://} page.
 */
public final class LectureReport {
  public static final String FILE_NAME = "report.html";

  /** A transcript made of words only is shown in lines of at most this many words (or up to a pause). */
  private static final int WORDS_PER_LINE = 14;
  private static final double LINE_PAUSE_SECONDS = 1.0;

  private LectureReport() {}

  /** The report of a lecture that reached the join, completed or failed. */
  public static String html(LectureAnalysis a, ReportAssets assets) {
    return html(JobOutcomes.of(a), a, assets);
  }

  /** The report of an upload rejected before its analyses started. */
  public static String html(Failure rejected) {
    return html(JobOutcomes.of(rejected), null, ReportAssets.none());
  }

  /**
   * The report page.
   *
   * @param status the job's outcome ({@code job.json})
   * @param a the lecture's analysis record, or null for an upload rejected before the join
   */
  public static String html(JobStatus status, @Nullable LectureAnalysis a, ReportAssets assets) {
    String title = title(status);
    StringBuilder b = new StringBuilder("<main>\n");
    header(b, status, a, title);
    if (a == null) {
      b.append("<p class=\"muted\">This upload was rejected before its analyses started, so there is no timeline, "
          + "transcript or clip to show.</p>\n");
      return Page.document(title + " – report", b.append("</main>").toString(), "");
    }
    double duration = TimelineSvg.duration(a);
    b.append("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n<div class=\"panel\">\n")
        .append(TimelineSvg.render(a)).append('\n');
    legend(b, a);
    b.append("</div>\n</section>\n");
    clips(b, a, assets);
    slides(b, a);
    b.append("<div class=\"cols\">\n<section id=\"transcript-section\">\n<h2>Transcript</h2>\n");
    transcript(b, a);
    b.append("</section>\n<div>\n");
    topics(b, a);
    layout(b, a.getLayout(), assets);
    b.append("</div>\n</div>\n</main>\n");
    b.append("<script type=\"application/json\" id=\"report-data\">").append(Html.scriptJson(data(a, assets, duration)))
        .append("</script>");
    return Page.document(title + " – report", b.toString(), SCRIPT);
  }

  static String title(JobStatus s) {
    LectureMetadata m = s.getMetadata();
    if (m != null && m.getTitle() != null && !m.getTitle().isBlank()) {
      return m.getTitle();
    }
    return s.getJobId();
  }

  private static void header(StringBuilder b, JobStatus s, @Nullable LectureAnalysis a, String title) {
    String state = s.getStatus().name().toLowerCase(Locale.ROOT);
    b.append("<header>\n<p class=\"sub\"><a href=\"../index.html\">← all lectures</a></p>\n<h1>").append(esc(title))
        .append(" <span class=\"badge ").append(state).append("\" id=\"status\">").append(esc(state))
        .append("</span></h1>\n");
    LectureMetadata m = s.getMetadata();
    List<String> sub = new ArrayList<>();
    if (m != null) {
      if (m.getCourse() != null) {
        sub.add(m.getCourse());
      }
      if (m.getSemester() != null) {
        sub.add(m.getSemester());
      }
      if (m.getLectureNumber() != null) {
        sub.add("lecture " + m.getLectureNumber());
      }
      if (m.getInstructor() != null) {
        sub.add(m.getInstructor());
      }
    }
    if (!sub.isEmpty()) {
      b.append("<p class=\"sub\">").append(esc(String.join(" · ", sub))).append("</p>\n");
    }
    b.append("</header>\n");
    if (s.getFailedStage() != null || s.getFailureReason() != null) {
      b.append("<div class=\"banner\" id=\"failure\"><b>Failed at stage <span class=\"stage\">")
          .append(esc(s.getFailedStage())).append("</span>: <code class=\"reason\">").append(esc(s.getFailureReason()))
          .append("</code></b><br><span class=\"message\">").append(esc(s.getFailureMessage())).append("</span>");
      Failure f = a != null ? a.getFailure() : null;
      if (f != null && (f.getAttempts() > 1 || f.getRetryable())) {
        b.append("<br><span class=\"muted\">").append(f.getAttempts()).append(f.getAttempts() == 1 ? " attempt" : " attempts")
            .append(f.getRetryable() ? "; retryable (lhx retry-failed)" : "").append("</span>");
      }
      b.append("</div>\n");
    }
    if (!s.getNotes().isEmpty()) {
      b.append("<div class=\"banner notes\" id=\"notes\"><b>What this job did without</b><ul>");
      for (String n : s.getNotes()) {
        b.append("<li>").append(esc(n)).append("</li>");
      }
      b.append("</ul></div>\n");
    }
    b.append("<dl class=\"facts\">\n");
    fact(b, "Job id", "<code>" + esc(s.getJobId()) + "</code>");
    fact(b, "Video", "<code>" + esc(s.getVideoUri()) + "</code>");
    fact(b, "Source", esc(s.getSource()));
    MediaInfo media = s.getMedia();
    if (media != null) {
      fact(b, "Duration", esc(Html.duration(media.getDurationSeconds())));
      String picture = media.getVideoCodec() == null ? "audio only"
          : media.getVideoCodec() + (media.getWidth() != null ? " " + media.getWidth() + "×" + media.getHeight() : "")
              + (media.getFrameRate() != null ? String.format(Locale.ROOT, " %.3g fps", media.getFrameRate()) : "");
      fact(b, "Media", esc(picture + ", " + media.getAudioCodec() + " " + media.getAudioSampleRate() + " Hz"));
    }
    if (a != null) {
      if (a.getTranscript() != null) {
        fact(b, "Transcript", esc(a.getTranscript().getEngine()
            + (a.getTranscript().getLanguage() != null ? " (" + a.getTranscript().getLanguage() + ")" : "")));
      }
      if (a.getContent() != null) {
        int n = a.getContent().getSegments().size();
        fact(b, "Topics", esc(n + (n == 1 ? " topic, " : " topics, ") + a.getContent().getAnalyzer()
            + (a.getContent().getModel() != null ? " (" + a.getContent().getModel() + ")" : "")));
      }
      if (a.getSilence() != null) {
        fact(b, "Speech", esc(String.format(Locale.ROOT, "%.0f%% of the time, %d silences", 100
            * a.getSilence().getSpeechRatio(), a.getSilence().getSilences().size())));
      }
      Map<Integer, List<Clip>> clips = byClip(a);
      String formats = clips.isEmpty() ? "" : " (" + String.join(", ", clips.values().iterator().next().stream()
          .map(c -> c.getFormat() != null ? c.getFormat() : c.getLayout()).toList()) + ")";
      fact(b, "Clips", esc(clips.size() + formats));
    }
    if (!s.getStageMillis().isEmpty()) {
      StringBuilder t = new StringBuilder();
      for (String stage : Page.orderedStages(s.getStageMillis().keySet())) {
        if (t.length() > 0) {
          t.append(", ");
        }
        t.append(stage).append(' ').append(Html.duration(s.getStageMillis().get(stage) / 1000.0));
      }
      fact(b, "Stage times", esc(t.toString()));
    }
    b.append("</dl>\n");
  }

  private static void fact(StringBuilder b, String name, String valueHtml) {
    b.append("<div><dt>").append(esc(name)).append("</dt><dd>").append(valueHtml).append("</dd></div>\n");
  }

  private static void legend(StringBuilder b, LectureAnalysis a) {
    boolean slides = a.getLayout() != null && !a.getLayout().getSlides().isEmpty();
    b.append("<div class=\"legend\">")
        .append("<span><i style=\"background:").append(TimelineSvg.TOPIC_COLOR)
        .append("\"></i>topic (darker = more important)</span>")
        .append("<span><i style=\"background:").append(TimelineSvg.LOUDNESS_COLOR).append(";opacity:.5\"></i>loudness</span>")
        .append("<span><i style=\"background:").append(TimelineSvg.SILENCE_COLOR).append("\"></i>silence</span>")
        .append(slides ? "<span><i style=\"background:" + TimelineSvg.SLIDE_COLOR + ";opacity:.4\"></i>slide shown "
            + "(title where it fits)</span>" : "<span><i style=\"background:#6d4bb3\"></i>slide change</span>")
        .append("<span><i style=\"background:").append(TimelineSvg.HIGHLIGHT_COLOR).append("\"></i>highlight, kept</span>")
        .append("<span><i style=\"background:repeating-linear-gradient(45deg,#fff4e5 0 3px,#f0b266 3px 5px)\"></i>")
        .append("cut from the clip</span>")
        .append("<span class=\"muted\">Click the timeline or a timestamp to find the moment in the transcript and clips."
            + "</span></div>\n");
  }

  private static void clips(StringBuilder b, LectureAnalysis a, ReportAssets assets) {
    b.append("<section id=\"clips-section\">\n<h2>Clips</h2>\n");
    Map<Integer, Highlight> byIndex = new LinkedHashMap<>();
    if (a.getHighlights() != null) {
      a.getHighlights().getHighlights().forEach(h -> byIndex.put(h.getIndex(), h));
    }
    if (a.getClips().isEmpty()) {
      b.append("<p class=\"muted\">").append(a.getHighlights() == null ? "No highlights were chosen"
          : "No clip was rendered").append(a.getFailure() != null ? " (the job failed first)." : ".").append("</p>\n");
    } else {
      b.append("<label class=\"toggle\"><input type=\"checkbox\" id=\"subs-overlay\"> show the subtitle track over "
          + "the videos (the current cue is always shown below each video)</label>\n<div class=\"clips\">\n");
      byClip(a).forEach((index, formats) -> clip(b, formats, byIndex.get(index), assets));
      b.append("</div>\n");
    }
    // Chosen highlights whose clip did not render (named in the notes) still show what was chosen.
    List<Highlight> missing = new ArrayList<>();
    for (Highlight h : byIndex.values()) {
      if (a.getClips().stream().noneMatch(c -> c.getIndex() == h.getIndex())) {
        missing.add(h);
      }
    }
    if (!missing.isEmpty()) {
      b.append("<p class=\"muted\">Chosen but not rendered: ");
      for (int i = 0; i < missing.size(); i++) {
        Highlight h = missing.get(i);
        b.append(i > 0 ? "; " : "").append("clip ").append(h.getIndex()).append(" “").append(esc(h.getTitle()))
            .append("” (").append(clock(h.getStart())).append("–").append(clock(h.getEnd())).append(')');
      }
      b.append("</p>\n");
    }
    b.append("</section>\n");
  }

  /** Each clip's records, one per format, first format first, in clip order. */
  static Map<Integer, List<Clip>> byClip(LectureAnalysis a) {
    Map<Integer, List<Clip>> m = new LinkedHashMap<>();
    for (Clip c : a.getClips()) {
      m.computeIfAbsent(c.getIndex(), k -> new ArrayList<>()).add(c);
    }
    return m;
  }

  /** One clip: its first format plays; every format is listed with its size and file. */
  private static void clip(StringBuilder b, List<Clip> formats, @Nullable Highlight h, ReportAssets assets) {
    Clip c = formats.get(0);
    int i = c.getIndex();
    boolean wide = c.getWidth() > c.getHeight();
    String file = c.getVideoUri().substring(c.getVideoUri().lastIndexOf('/') + 1);
    b.append("<figure class=\"clip").append(wide ? " wide" : "").append("\" id=\"clip-").append(i).append("\">");
    b.append("<video id=\"clip-video-").append(i).append("\" controls preload=\"metadata\" playsinline src=\"clips/")
        .append(esc(file)).append('"');
    if (c.getWidth() > 0 && c.getHeight() > 0) {
      b.append(" width=\"").append(c.getWidth()).append("\" height=\"").append(c.getHeight()).append('"');
    }
    byte[] thumb = assets.clipThumbnails().get(i);
    if (thumb != null) {
      b.append(" poster=\"").append(Html.dataUri("image/jpeg", thumb)).append('"');
    }
    b.append("></video><div class=\"caption-line\" id=\"clip-caption-").append(i).append("\" aria-live=\"polite\"></div>");
    b.append("<figcaption><b>").append(i).append(". ").append(esc(h != null ? h.getTitle() : "clip " + i))
        .append("</b>");
    b.append(esc(String.format(Locale.ROOT, "%.1f s · %d×%d · %s/%s · %.1f MB", c.getDurationSeconds(), c.getWidth(),
        c.getHeight(), c.getVideoCodec(), c.getAudioCodec(), c.getSizeBytes() / 1e6)));
    if (h != null) {
      b.append(esc(String.format(Locale.ROOT, " · score %.2f", h.getScore())));
    }
    b.append("<br><span class=\"muted\">from</span> ");
    int k = 0;
    for (TimeRange r : c.getSourceIntervals()) {
      b.append(k++ > 0 ? ", " : "").append(tsLink(r.getStart())).append("–").append(clock(r.getEnd()));
    }
    List<ReportAssets.Cue> cues = assets.clipCues().get(i);
    b.append("<br><span class=\"muted\">").append(cues == null ? "no subtitle file" : cues.size() + " subtitle cues")
        .append(" · <a href=\"clips/").append(esc(file)).append("\">").append(esc(file)).append("</a></span>");
    if (formats.size() > 1 || c.getFormat() != null) {
      b.append("<br><span class=\"formats\">");
      for (int n = 0; n < formats.size(); n++) {
        Clip f = formats.get(n);
        String name = f.getVideoUri().substring(f.getVideoUri().lastIndexOf('/') + 1);
        b.append(n > 0 ? " · " : "").append("<a class=\"format\" data-format=\"")
            .append(esc(f.getFormat() != null ? f.getFormat() : f.getLayout())).append("\" href=\"clips/")
            .append(esc(name)).append("\">").append(esc(f.getFormat() != null ? f.getFormat() : f.getLayout()))
            .append("</a> ").append(f.getWidth()).append('×').append(f.getHeight());
      }
      b.append("</span>");
    }
    b.append("</figcaption></figure>\n");
  }

  /**
   * The slides as read from the screen, in time order: each with its thumbnail (when one was written), when it was
   * shown (a timestamp link, like the transcript's), its title and its text. A long lecture's list scrolls inside
   * its box, so the transcript and topics below stay near.
   */
  private static void slides(StringBuilder b, LectureAnalysis a) {
    Layout l = a.getLayout();
    List<Slide> slides = l == null ? List.of() : l.getSlides();
    b.append("<section id=\"slides-section\">\n<h2>Slides");
    if (!slides.isEmpty()) {
      b.append(" <span class=\"muted count\">").append(slides.size()).append("</span>");
    }
    b.append("</h2>\n");
    if (slides.isEmpty()) {
      b.append("<p class=\"muted\">");
      if (l == null) {
        b.append("No slides (layout detection failed or did not run).");
      } else if (l.getScreen() == null) {
        b.append("No slides: no shared screen was found in this lecture.");
      } else {
        b.append("No slide was read").append(l.getOcr() == null ? " (slide reading was off)." : ".");
      }
      b.append("</p>\n</section>\n");
      return;
    }
    b.append("<ol class=\"slides\" id=\"slides\">\n");
    for (Slide s : slides) {
      String title = s.getTitle() == null ? "" : s.getTitle().strip();
      b.append("<li class=\"slide-card\" id=\"slide-").append(s.getIndex()).append("\" data-index=\"")
          .append(s.getIndex()).append("\" data-start=\"").append(num(s.getStart())).append("\" data-end=\"")
          .append(num(s.getEnd())).append("\">");
      if (isRelativeFile(s.getThumbnail())) {
        String src = esc(s.getThumbnail());
        b.append("<a class=\"thumb\" href=\"").append(src).append("\"><img src=\"").append(src)
            .append("\" alt=\"slide ").append(s.getIndex()).append("\" loading=\"lazy\" decoding=\"async\"></a>");
      } else {
        b.append("<div class=\"thumb none\">no picture</div>");
      }
      b.append("<div class=\"slide-when\"><span class=\"slide-no\">").append(s.getIndex()).append("</span>")
          .append(tsLink(s.getStart())).append("–").append(clock(s.getEnd()));
      if (!s.getText().isBlank()) {
        b.append(" <span class=\"muted\" title=\"mean confidence of the words read\">· OCR ")
            .append(Math.round(100 * Math.max(0, Math.min(1, s.getConfidence())))).append("%</span>");
      }
      b.append("</div>");
      b.append("<b class=\"slide-title\">").append(title.isEmpty() ? "<span class=\"muted\">no title read</span>"
          : esc(title)).append("</b>");
      String body = bodyText(title, s.getText());
      if (!body.isEmpty()) {
        b.append("<div class=\"slide-text\">").append(esc(body)).append("</div>");
      } else if (s.getText().isBlank()) {
        b.append("<div class=\"slide-text muted\">no text read</div>");
      }
      b.append("</li>\n");
    }
    b.append("</ol>\n</section>\n");
  }

  /**
   * Whether a thumbnail reference is a plain path inside the job's folder (slides/slide-NN.jpg), the only kind the
   * page links: never a scheme (javascript:, http:), an absolute path or a way out of the folder.
   */
  static boolean isRelativeFile(@Nullable String ref) {
    return ref != null && ref.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*") && !ref.matches("(.*/)?\\.\\.(/.*)?");
  }

  /** A slide's text without its title's lines at the start (the text holds every line read, the title first). */
  static String bodyText(String title, String text) {
    String t = text == null ? "" : text.strip();
    if (!title.isEmpty() && t.startsWith(title)) {
      String rest = t.substring(title.length());
      if (rest.isEmpty() || rest.charAt(0) == '\n' || rest.charAt(0) == '\r') {
        return rest.strip();
      }
    }
    return t;
  }

  private static String tsLink(double t) {
    return "<a class=\"ts\" href=\"#t=" + num(t) + "\" data-t=\"" + num(t) + "\">" + clock(t) + "</a>";
  }

  /** A transcript line: its time span and text. */
  record Line(double start, double end, String text) {}

  static List<Line> lines(Transcript t) {
    List<Line> out = new ArrayList<>();
    if (!t.getSegments().isEmpty()) {
      for (TranscriptSegment s : t.getSegments()) {
        out.add(new Line(s.getStart(), s.getEnd(), s.getText().strip()));
      }
      return out;
    }
    // Words only (some engines): lines of a few words, broken at pauses.
    List<TranscriptWord> words = t.getWords();
    int from = 0;
    for (int i = 1; i <= words.size(); i++) {
      boolean end = i == words.size() || i - from >= WORDS_PER_LINE
          || words.get(i).getStart() - words.get(i - 1).getEnd() > LINE_PAUSE_SECONDS;
      if (end && i > from) {
        StringBuilder text = new StringBuilder();
        for (int k = from; k < i; k++) {
          text.append(k > from ? " " : "").append(words.get(k).getWord().strip());
        }
        out.add(new Line(words.get(from).getStart(), words.get(i - 1).getEnd(), text.toString()));
        from = i;
      }
    }
    return out;
  }

  private static void transcript(StringBuilder b, LectureAnalysis a) {
    Transcript t = a.getTranscript();
    if (t == null) {
      b.append("<p class=\"muted\">No transcript (").append(a.getFailure() != null
          && "transcription".equals(a.getFailure().getStage()) ? "transcription failed" : "not available")
          .append(").</p>\n");
      return;
    }
    List<Line> lines = lines(t);
    if (lines.isEmpty()) {
      b.append("<p class=\"muted\">The transcript is empty (no speech recognised).</p>\n");
      return;
    }
    List<Highlight> hs = a.getHighlights() == null ? List.of() : a.getHighlights().getHighlights();
    b.append("<ol class=\"transcript\" id=\"transcript\">\n");
    int n = 0;
    for (Line l : lines) {
      n++;
      Integer clip = clipOf(hs, (l.start() + l.end()) / 2);
      b.append("<li id=\"seg-").append(n).append("\" data-start=\"").append(num(l.start())).append("\" data-end=\"")
          .append(num(l.end())).append('"');
      if (clip != null) {
        b.append(" class=\"in-clip\" data-clip=\"").append(clip).append("\" title=\"in clip ").append(clip).append('"');
      }
      b.append(">").append(tsLink(l.start())).append("<span class=\"text\">").append(esc(l.text()))
          .append("</span></li>\n");
    }
    b.append("</ol>\n");
  }

  /** The highlight whose kept intervals hold time t, if any. */
  private static @Nullable Integer clipOf(List<Highlight> hs, double t) {
    for (Highlight h : hs) {
      for (TimeRange r : h.getKeep()) {
        if (t >= r.getStart() && t < r.getEnd()) {
          return h.getIndex();
        }
      }
    }
    return null;
  }

  private static void topics(StringBuilder b, LectureAnalysis a) {
    b.append("<section id=\"topics-section\">\n<h2>Topics</h2>\n");
    if (a.getContent() == null || a.getContent().getSegments().isEmpty()) {
      b.append("<p class=\"muted\">No topic segments (content analysis ")
          .append(a.getFailure() != null && "content".equals(a.getFailure().getStage()) ? "failed" : "did not run")
          .append(").</p>\n</section>\n");
      return;
    }
    b.append("<table id=\"topics\"><thead><tr><th>At</th><th>Topic</th><th class=\"num\">Importance</th></tr></thead>"
        + "<tbody>\n");
    for (ContentSegment s : a.getContent().getSegments()) {
      double imp = Math.max(0, Math.min(1, s.getImportance()));
      b.append("<tr><td>").append(tsLink(s.getStart())).append("</td><td><b>").append(esc(s.getTitle())).append("</b>");
      if (s.getSummary() != null && !s.getSummary().isBlank()) {
        b.append("<br><span class=\"muted\">").append(esc(s.getSummary())).append("</span>");
      }
      if (!s.getKeywords().isEmpty()) {
        b.append("<br><span class=\"muted\">").append(esc(String.join(", ", s.getKeywords()))).append("</span>");
      }
      b.append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.2f", s.getImportance()))
          .append("<br><span class=\"bar\" style=\"width:").append(num(60 * imp)).append("px\"></span></td></tr>\n");
    }
    b.append("</tbody></table>\n</section>\n");
  }

  private static void layout(StringBuilder b, @Nullable Layout l, ReportAssets assets) {
    b.append("<section id=\"layout-section\">\n<h2>Layout</h2>\n");
    if (l == null) {
      b.append("<p class=\"muted\">No layout (detection failed or did not run); clips use the whole frame.</p>\n");
    }
    boolean frame = l != null && l.getFrameWidth() > 0 && l.getFrameHeight() > 0;
    if (assets.layoutJpeg() != null || frame) {
      b.append("<figure class=\"frame\" id=\"layout-frame\">");
      if (assets.layoutJpeg() != null) {
        b.append("<img class=\"layout-frame\" alt=\"a frame of the lecture with the detected regions\" src=\"")
            .append(Html.dataUri("image/jpeg", assets.layoutJpeg())).append("\">");
      }
      if (frame) {
        // Hover targets over the regions (layout.jpg has them drawn already); drawn outlines when there is no frame.
        boolean outline = assets.layoutJpeg() == null;
        b.append("<svg viewBox=\"0 0 ").append(l.getFrameWidth()).append(' ').append(l.getFrameHeight())
            .append("\" preserveAspectRatio=\"none\" xmlns=\"http://www.w3.org/2000/svg\"")
            .append(outline ? " style=\"position:static;display:block;width:480px;max-width:100%;height:auto;"
                + "background:#eef0f3\"" : "").append('>');
        region(b, l.getScreen(), "screen", "#3cc83c", outline);
        region(b, l.getCamera(), "camera", "#ff8c00", outline);
        b.append("</svg>");
      }
      b.append("</figure>\n");
    } else if (l != null) {
      b.append("<p class=\"muted\">No frame (audio-only lecture or no thumbnail).</p>\n");
    }
    if (l != null) {
      b.append("<dl class=\"facts\">");
      fact(b, "Type", esc(l.getType()) + (l.getConfidence() != null
          ? esc(String.format(Locale.ROOT, " (confidence %.2f)", l.getConfidence())) : ""));
      if (frame) {
        fact(b, "Frame", l.getFrameWidth() + "×" + l.getFrameHeight());
      }
      fact(b, "Screen", rect(l.getScreen()));
      fact(b, "Camera", rect(l.getCamera()));
      fact(b, "Slide changes", Integer.toString(l.getSlideChanges().size()));
      if (!l.getSlides().isEmpty() || l.getOcr() != null) {
        fact(b, "Slides read", esc(l.getSlides().size() + (l.getOcr() != null ? " (" + l.getOcr() + ")" : "")));
      }
      if (l.getPeriods().size() > 1) {
        StringBuilder p = new StringBuilder();
        l.getPeriods().forEach(x -> p.append(p.length() > 0 ? ", " : "").append(clock(x.getStart())).append('–')
            .append(clock(x.getEnd())).append(' ').append(x.getType()));
        fact(b, "Periods", esc(p.toString()));
      }
      b.append("</dl>\n");
    }
    b.append("</section>\n");
  }

  private static void region(StringBuilder b, @Nullable Rect r, String name, String color, boolean outline) {
    if (r == null) {
      return;
    }
    b.append("<rect class=\"region ").append(name).append("\" x=\"").append(r.getX()).append("\" y=\"").append(r.getY())
        .append("\" width=\"").append(r.getW()).append("\" height=\"").append(r.getH()).append('"')
        .append(outline ? " fill=\"" + color + "\" fill-opacity=\"0.15\" stroke=\"" + color + "\" stroke-width=\"4\""
            : " fill=\"transparent\"")
        .append("><title>").append(name).append(' ').append(r.getW()).append('×').append(r.getH()).append(" at ")
        .append(r.getX()).append(',').append(r.getY()).append("</title></rect>");
  }

  private static String rect(@Nullable Rect r) {
    return r == null ? "<span class=\"muted\">none</span>"
        : r.getW() + "×" + r.getH() + " at " + r.getX() + "," + r.getY();
  }

  /** What the page's script needs: the time axis, and each clip's source intervals and cues. */
  static Map<String, Object> data(LectureAnalysis a, ReportAssets assets, double duration) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("duration", duration);
    d.put("left", TimelineSvg.LEFT);
    d.put("plot", TimelineSvg.PLOT);
    List<Map<String, Object>> clips = new ArrayList<>();
    for (List<Clip> formats : byClip(a).values()) {
      Clip c = formats.get(0);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", c.getIndex());
      m.put("intervals", c.getSourceIntervals().stream().map(r -> List.of(r.getStart(), r.getEnd())).toList());
      List<Map<String, Object>> cues = new ArrayList<>();
      for (ReportAssets.Cue q : assets.clipCues().getOrDefault(c.getIndex(), List.of())) {
        cues.add(Map.of("start", q.start(), "end", q.end(), "text", q.text()));
      }
      m.put("cues", cues);
      clips.add(m);
    }
    d.put("clips", clips);
    return d;
  }

  static final String SCRIPT = """
      (function () {
        'use strict';
        var data = JSON.parse(document.getElementById('report-data').textContent);
        var svg = document.getElementById('timeline');
        var playhead = document.getElementById('playhead');
        var lines = Array.prototype.slice.call(document.querySelectorAll('#transcript li[data-start]'));
        var slideCards = Array.prototype.slice.call(document.querySelectorAll('#slides li[data-start]'));

        function xOf(t) {
          var d = data.duration;
          return data.left + (d > 0 ? Math.max(0, Math.min(d, t)) / d * data.plot : 0);
        }
        function itemAt(items, t) {
          for (var i = 0; i < items.length; i++) {
            if (t >= +items[i].dataset.start && t < +items[i].dataset.end) { return items[i]; }
          }
          return null;
        }
        // Scrolls a list's own box (never the page) to show an item.
        function reveal(item) {
          var list = item.parentNode;
          list.scrollTop = item.offsetTop - list.offsetTop - list.clientHeight / 3;
        }
        // Moves the timeline's playhead to source time t and marks the transcript line there.
        function mark(t, scrollTranscript) {
          if (playhead) {
            var x = xOf(t);
            playhead.setAttribute('x1', x);
            playhead.setAttribute('x2', x);
            playhead.setAttribute('visibility', 'visible');
          }
          var line = itemAt(lines, t);
          lines.forEach(function (li) { li.classList.toggle('current', li === line); });
          if (line && scrollTranscript) { reveal(line); }
          // The slide on screen at t.
          var card = itemAt(slideCards, t);
          slideCards.forEach(function (li) { li.classList.toggle('current', li === card); });
          if (card && scrollTranscript) { reveal(card); }
        }
        // The clip holding source time t and the time inside it (clips are their kept intervals, end to end).
        function clipAt(t) {
          for (var i = 0; i < data.clips.length; i++) {
            var c = data.clips[i], at = 0;
            for (var k = 0; k < c.intervals.length; k++) {
              var s = c.intervals[k][0], e = c.intervals[k][1];
              if (t >= s && t < e) { return { clip: c, time: at + (t - s) }; }
              at += e - s;
            }
          }
          return null;
        }
        function sourceTime(c, time) {
          var at = 0;
          for (var k = 0; k < c.intervals.length; k++) {
            var len = c.intervals[k][1] - c.intervals[k][0];
            if (time < at + len) { return c.intervals[k][0] + (time - at); }
            at += len;
          }
          return null;
        }
        function seek(t, scrollTranscript) {
          mark(t, scrollTranscript);
          var hit = clipAt(t);
          document.querySelectorAll('.clip.current').forEach(function (e) { e.classList.remove('current'); });
          if (!hit) { return; }
          var card = document.getElementById('clip-' + hit.clip.index);
          var video = document.getElementById('clip-video-' + hit.clip.index);
          if (card) { card.classList.add('current'); }
          if (video) { video.currentTime = hit.time; }
        }

        document.querySelectorAll('a.ts').forEach(function (a) {
          a.addEventListener('click', function (ev) {
            ev.preventDefault();
            seek(+a.dataset.t, true);
          });
        });
        if (svg && data.duration > 0) {
          svg.addEventListener('click', function (ev) {
            var pt = svg.createSVGPoint();
            pt.x = ev.clientX;
            pt.y = ev.clientY;
            var p = pt.matrixTransform(svg.getScreenCTM().inverse());
            var t = (p.x - data.left) / data.plot * data.duration;
            if (t >= 0 && t <= data.duration) { seek(t, true); }
          });
        }

        data.clips.forEach(function (c) {
          var video = document.getElementById('clip-video-' + c.index);
          if (!video) { return; }
          video.addEventListener('timeupdate', function () {
            var t = sourceTime(c, video.currentTime);
            if (t !== null && !video.paused) { mark(t, false); }
          });
          if (!c.cues.length || typeof VTTCue === 'undefined') { return; }
          // Cues come from the page: <track src> is refused on file:// pages.
          var track = video.addTextTrack('subtitles', 'Subtitles', 'en');
          c.cues.forEach(function (q) { track.addCue(new VTTCue(q.start, q.end, q.text)); });
          track.mode = 'hidden';
          var line = document.getElementById('clip-caption-' + c.index);
          track.addEventListener('cuechange', function () {
            var active = track.activeCues, text = [];
            for (var i = 0; active && i < active.length; i++) { text.push(active[i].text); }
            line.textContent = text.join(' ');
          });
        });
        var overlay = document.getElementById('subs-overlay');
        if (overlay) {
          overlay.addEventListener('change', function () {
            document.querySelectorAll('video').forEach(function (v) {
              for (var i = 0; i < v.textTracks.length; i++) {
                v.textTracks[i].mode = overlay.checked ? 'showing' : 'hidden';
              }
            });
          });
        }
        // A link to a moment (lhx search's results: report.html#t=<seconds>) opens the page there.
        var moment = /^#t=(\\d+(?:\\.\\d+)?)$/.exec(location.hash);
        if (moment) { seek(+moment[1], true); }
      })();
      """;
}
