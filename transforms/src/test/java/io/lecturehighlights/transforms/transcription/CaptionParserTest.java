package io.lecturehighlights.transforms.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CaptionParserTest {

  @ParameterizedTest
  @ValueSource(strings = {"lecture-clean.vtt", "lecture-noisy.srt"})
  void fixtureCaptionsMatchTheTruthSentences(String name) throws Exception {
    List<TranscriptSegment> cues = CaptionParser.parse(Files.readString(Fixtures.lecture(name)));
    JsonNode truth = Fixtures.truth(name.replace(".vtt", ".mp4").replace(".srt", ".mp4"));
    assertEquals(truth.get("sentences").size(), cues.size());
    for (int i = 0; i < cues.size(); i++) {
      JsonNode s = truth.get("sentences").get(i);
      assertEquals(s.get("text").asText(), cues.get(i).getText());
      assertEquals(s.get("start").asDouble(), cues.get(i).getStart(), 0.0011);
      assertEquals(s.get("end").asDouble(), cues.get(i).getEnd(), 0.0011);
    }
  }

  @Test
  void srtWithBomCrlfTagsAndMultipleLines() throws Exception {
    String srt = "\uFEFF1\r\n00:00:01,500 --> 00:00:03,250\r\n<i>Hello</i> {\\an8}there,\r\nthe <b>class</b> &amp; you\r\n\r\n"
        + "2\r\n01:02:03,004 --> 01:02:04,000\r\nLate cue\r\n";
    List<TranscriptSegment> cues = CaptionParser.parse(srt);
    assertEquals(2, cues.size());
    assertEquals("Hello there, the class & you", cues.get(0).getText());
    assertEquals(1.5, cues.get(0).getStart(), 1e-9);
    assertEquals(3.25, cues.get(0).getEnd(), 1e-9);
    assertEquals(3723.004, cues.get(1).getStart(), 1e-9);
  }

  @Test
  void vttWithHeaderNotesStylesIdsSettingsAndShortTimes() throws Exception {
    String vtt = "WEBVTT - lecture\nKind: captions\nLanguage: en\n\nNOTE produced by hand\nover two lines\n\n"
        + "STYLE\n::cue { color: yellow }\n\nintro\n00:05.000 --> 00:07.500 align:start position:10%\n"
        + "<v Prof. Okafor>Good morning</v>\n<c.yellow>everyone</c>\n\n00:00:08.000 --> 00:00:09.000\nNext\n";
    List<TranscriptSegment> cues = CaptionParser.parse(vtt);
    assertEquals(2, cues.size());
    assertEquals("Good morning everyone", cues.get(0).getText());
    assertEquals(5.0, cues.get(0).getStart(), 1e-9);
    assertEquals(7.5, cues.get(0).getEnd(), 1e-9);
    assertEquals("Next", cues.get(1).getText());
  }

  @Test
  void overlappingAndOutOfOrderCuesAreKeptSorted() throws Exception {
    String srt = "1\n00:00:05,000 --> 00:00:08,000\nsecond\n\n2\n00:00:01,000 --> 00:00:06,000\nfirst overlaps\n";
    List<TranscriptSegment> cues = CaptionParser.parse(srt);
    assertEquals(List.of("first overlaps", "second"), cues.stream().map(TranscriptSegment::getText).toList());
  }

  @Test
  void badTimestampsFailWithTheLineNumber() {
    StageException e = assertThrows(StageException.class,
        () -> CaptionParser.parse("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:61,000 --> 00:01:02,000\nbad\n"));
    assertEquals("invalid_captions", e.reason());
    assertTrue(e.getMessage().startsWith("line 6:"), e.getMessage());

    e = assertThrows(StageException.class, () -> CaptionParser.parse("1\n00:00:05,000 --> 00:00:02,000\nbackwards\n"));
    assertTrue(e.getMessage().contains("ends"), e.getMessage());

    e = assertThrows(StageException.class, () -> CaptionParser.parse("1\nnot a timing line\ntext\n"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());

    e = assertThrows(StageException.class, () -> CaptionParser.parse("WEBVTT\n\n00:01.000 --> soon\ntext\n"));
    assertTrue(e.getMessage().contains("bad timestamp 'soon'"), e.getMessage());
  }

  @Test
  void emptyCaptionsGiveNoSegments() throws Exception {
    assertTrue(CaptionParser.parse("WEBVTT\n\n").isEmpty());
    assertTrue(CaptionParser.parse("").isEmpty());
  }
}
