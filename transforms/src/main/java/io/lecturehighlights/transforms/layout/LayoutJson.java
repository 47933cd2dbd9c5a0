package io.lecturehighlights.transforms.layout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LayoutPeriod;
import io.lecturehighlights.schemas.Rect;

/**
 * {@code <out>/<jobId>/layout.json}: {@code {"type", "screen": {x,y,w,h}|null, "camera": {x,y,w,h}|null,
 * "splitRatio", "slideChanges": [s,...]}} followed by {@code frameWidth}, {@code frameHeight}, {@code content},
 * {@code confidence}, {@code periods: [{start, end, type, screen, camera, content, person}]} (each period's own
 * regions, null when absent or in data from before periods had them), {@code processingSeconds} and {@code slideBuilds: [s,...]} (something added to
 * the same slide; added last, with a default in the Avro schema, so older readers and older data are unaffected).
 */
public final class LayoutJson {
  private LayoutJson() {}

  public static ObjectNode toJson(Layout layout) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("type", layout.getType());
    o.set("screen", rect(layout.getScreen()));
    o.set("camera", rect(layout.getCamera()));
    if (layout.getSplitRatio() == null) {
      o.putNull("splitRatio");
    } else {
      o.put("splitRatio", layout.getSplitRatio());
    }
    ArrayNode changes = o.putArray("slideChanges");
    layout.getSlideChanges().forEach(changes::add);
    o.put("frameWidth", layout.getFrameWidth());
    o.put("frameHeight", layout.getFrameHeight());
    o.set("content", rect(layout.getContent()));
    if (layout.getConfidence() == null) {
      o.putNull("confidence");
    } else {
      o.put("confidence", layout.getConfidence());
    }
    ArrayNode periods = o.putArray("periods");
    for (LayoutPeriod p : layout.getPeriods()) {
      ObjectNode period = periods.addObject().put("start", p.getStart()).put("end", p.getEnd())
          .put("type", p.getType());
      period.set("screen", rect(p.getScreen()));
      period.set("camera", rect(p.getCamera()));
      period.set("content", rect(p.getContent()));
      period.set("person", rect(p.getPerson()));
    }
    o.put("processingSeconds", layout.getProcessingMillis() / 1000.0);
    ArrayNode builds = o.putArray("slideBuilds");
    layout.getSlideBuilds().forEach(builds::add);
    return o;
  }

  private static ObjectNode rect(Rect r) {
    if (r == null) {
      return null;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("x", r.getX()).put("y", r.getY()).put("w", r.getW()).put("h", r.getH());
    return o;
  }
}
