package io.lecturehighlights.transforms.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TranscriptFilesTest {

  static Transcript transcript(List<TranscriptSegment> segments, List<TranscriptWord> words) {
    return Transcript.newBuilder().setJobId("j").setEngine("pocketsphinx").setLanguage("en")
        .setSegments(segments).setWords(words).setAudioSeconds(60).setProcessingMillis(5).build();
  }

  @Test
  void jsonHasExactlyTheIssuesShape() throws Exception {
    Transcript t = transcript(List.of(new TranscriptSegment(1.23456, 2.5, "Hello there.")),
        List.of(new TranscriptWord(1.23456, 1.8, "Hello", 0.9), new TranscriptWord(1.9, 2.5, "there.", null)));
    JsonNode expected = Json.MAPPER.readTree("{\"segments\":[{\"start\":1.235,\"end\":2.5,\"text\":\"Hello there.\"}],"
        + "\"words\":[{\"start\":1.235,\"end\":1.8,\"word\":\"Hello\"},{\"start\":1.9,\"end\":2.5,\"word\":\"there.\"}],"
        + "\"engine\":\"pocketsphinx\",\"language\":\"en\"}");
    assertEquals(expected, TranscriptFiles.json(t));
    List<String> fields = new ArrayList<>();
    TranscriptFiles.json(t).fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("segments", "words", "engine", "language"), fields);
  }

  @Test
  void emptyTranscriptGivesValidEmptyFiles() {
    Transcript t = transcript(List.of(), List.of());
    assertEquals("WEBVTT\n\n", TranscriptFiles.vtt(t));
    assertEquals("", TranscriptFiles.srt(t));
    assertEquals(0, TranscriptFiles.json(t).get("segments").size());
  }

  private static final Pattern SRT_CUE =
      Pattern.compile("(\\d+)\n(\\d{2}):(\\d{2}):(\\d{2}),(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2}),(\\d{3})\n((?:.+\n)+)\n");

  /** Parses our SRT strictly and checks cue numbering, timing order and line limits. */
  static List<double[]> checkSrt(String srt) {
    Matcher m = SRT_CUE.matcher(srt);
    List<double[]> times = new ArrayList<>();
    int pos = 0;
    double prevEnd = 0;
    while (m.find()) {
      assertEquals(pos, m.start(), "unparsed text before cue at " + m.start());
      pos = m.end();
      assertEquals(times.size() + 1, Integer.parseInt(m.group(1)));
      double a = Integer.parseInt(m.group(2)) * 3600 + Integer.parseInt(m.group(3)) * 60
          + Integer.parseInt(m.group(4)) + Integer.parseInt(m.group(5)) / 1000.0;
      double b = Integer.parseInt(m.group(6)) * 3600 + Integer.parseInt(m.group(7)) * 60
          + Integer.parseInt(m.group(8)) + Integer.parseInt(m.group(9)) / 1000.0;
      assertTrue(b > a, "cue must last: " + m.group());
      assertTrue(a >= prevEnd - 1e-9, "cues overlap: " + m.group());
      prevEnd = b;
      String[] lines = m.group(10).split("\n");
      assertTrue(lines.length <= 2, "more than two lines: " + m.group());
      for (String l : lines) {
        assertTrue(l.length() <= TranscriptFiles.LINE_CHARS || !l.contains(" "), "line too long: " + l);
      }
      times.add(new double[] {a, b});
    }
    assertEquals(srt.length(), pos, "trailing text not a cue");
    return times;
  }

  @Test
  void wordCuesSplitAtSentencesPausesAndLength() throws Exception {
    List<TranscriptWord> words = new ArrayList<>();
    double t = 0.5;
    // Sentence one ends with a period; then a long unpunctuated run that must be split by length;
    // then a pause of 1 s.
    for (String w : "Welcome back everyone.".split(" ")) {
      words.add(new TranscriptWord(t, t + 0.3, w, null));
      t += 0.35;
    }
    for (int i = 0; i < 30; i++) {
      words.add(new TranscriptWord(t, t + 0.2, "word" + i, null));
      t += 0.22;
    }
    t += 1.0;
    words.add(new TranscriptWord(t, t + 0.4, "after", null));
    Transcript tr = transcript(List.of(), words);
    String srt = TranscriptFiles.srt(tr);
    List<double[]> cues = checkSrt(srt);
    assertTrue(srt.startsWith("1\n00:00:00,500 --> 00:00:01,500\nWelcome back everyone.\n\n"), srt);
    assertTrue(cues.size() >= 4, srt);
    assertTrue(srt.endsWith("after\n\n"), srt);
    // The cue before "after" ends at its last word, before the pause.
    double[] last = cues.get(cues.size() - 1);
    assertEquals(t, last[0], 0.0011);

    String vtt = TranscriptFiles.vtt(tr);
    assertTrue(vtt.startsWith("WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nWelcome back everyone.\n\n"), vtt);
    // Same cues in both formats.
    assertEquals(srt.replaceAll("(?m)^\\d+\n", "").replace(',', '.'), vtt.substring("WEBVTT\n\n".length()).replace(',', '.'));
  }

  @Test
  void segmentCuesSplitLongTextAndShareTheTime() {
    String text = "The first law says that an object keeps moving unless a force acts on it. "
        + "We call this property inertia and it matters for every cart that rolls down the long ramp in the lab.";
    Transcript tr = transcript(List.of(new TranscriptSegment(10.0, 20.0, text),
        new TranscriptSegment(19.5, 21.0, "Overlapping caption.")), List.of());
    String srt = TranscriptFiles.srt(tr);
    List<double[]> cues = checkSrt(srt);
    assertTrue(cues.size() >= 3, srt);
    assertEquals(10.0, cues.get(0)[0], 1e-9);
    // Balanced lines, split at the sentence end, time shared by length; the overlap is resolved by ending the
    // earlier cue when the later one starts.
    assertTrue(srt.contains("The first law says that an object\nkeeps moving unless a force acts on it.\n"), srt);
    assertEquals(4, cues.size(), srt);
    assertEquals(19.5, cues.get(2)[1], 1e-9);
    assertEquals(19.5, cues.get(3)[0], 1e-9);
    assertEquals(21.0, cues.get(cues.size() - 1)[1], 1e-9);
  }

  @Test
  void wrapBalancesTwoLines() {
    assertEquals(List.of("short"), TranscriptFiles.wrap("short"));
    List<String> two = TranscriptFiles.wrap("Push twice as hard and the cart speeds up twice as fast.");
    assertEquals(2, two.size());
    assertTrue(Math.abs(two.get(0).length() - two.get(1).length()) <= 8, two.toString());
  }

  @Test
  void timestampsFormatHoursAndRounding() {
    assertEquals("01:02:03,457", TranscriptFiles.time(3723.4567, ','));
    assertEquals("00:00:00.000", TranscriptFiles.time(-0.1, '.'));
  }
}
