package io.lecturehighlights.transforms.rendering;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.transforms.testing.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Transcripts, layouts and kept intervals built from the fixtures' ground truth. */
final class RenderFixtures {
  private RenderFixtures() {}

  /** The truth sentences as transcript segments (no word times: the renderer spreads the words itself). */
  static Transcript transcript(String lecture) throws IOException {
    JsonNode truth = Fixtures.truth(lecture);
    List<TranscriptSegment> segs = new ArrayList<>();
    for (JsonNode s : truth.get("sentences")) {
      segs.add(new TranscriptSegment(s.get("start").asDouble(), s.get("end").asDouble(), s.get("text").asText()));
    }
    return Transcript.newBuilder().setJobId(lecture).setEngine("truth").setSegments(segs).build();
  }

  /** The truth layout, with the split ratio the layout stage would choose (the screen's natural height at 9:16). */
  static Layout layout(String lecture) throws IOException {
    JsonNode truth = Fixtures.truth(lecture);
    JsonNode l = truth.get("layout");
    Rect screen = rect(l.get("screen"));
    Rect camera = rect(l.get("camera"));
    Double split = screen == null ? null
        : camera == null ? 1.0 : Math.min(0.75, 9.0 / 16.0 * screen.getH() / (double) screen.getW());
    return Layout.newBuilder().setJobId(lecture).setType(l.get("type").asText())
        .setFrameWidth(truth.path("width").asInt(0)).setFrameHeight(truth.path("height").asInt(0))
        .setScreen(screen).setCamera(camera).setSplitRatio(split).build();
  }

  static Rect rect(JsonNode n) {
    return n == null || n.isNull() ? null
        : new Rect(n.get("x").asInt(), n.get("y").asInt(), n.get("w").asInt(), n.get("h").asInt());
  }

  static List<TimeRange> kept(double... bounds) {
    List<TimeRange> out = new ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      out.add(new TimeRange(bounds[i], bounds[i + 1]));
    }
    return out;
  }
}
