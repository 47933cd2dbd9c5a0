package io.lecturehighlights.transforms.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.transforms.common.Json;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clips dataset written before formats (no format, no thumbnailSeconds) still reads with today's Clip. */
class ClipDatasetEvolutionTest {
  @Test
  void clipsWrittenBeforeFormatsReadWithoutAFormat(@TempDir Path dir) throws Exception {
    // Today's schema less the two fields formats added: what datasets/clips held before.
    ObjectNode json = (ObjectNode) Json.MAPPER.readTree(Clip.getClassSchema().toString());
    ArrayNode fields = (ArrayNode) json.get("fields");
    for (int i = fields.size() - 1; i >= 0; i--) {
      String name = fields.get(i).get("name").asText();
      if (name.equals("format") || name.equals("thumbnailSeconds")) {
        fields.remove(i);
      }
    }
    Schema old = new Schema.Parser().parse(json.toString());
    assertEquals(Clip.getClassSchema().getFields().size() - 2, old.getFields().size());
    Clip today = Clip.newBuilder().setJobId("j").setIndex(2).setFormat("square").setVideoUri("/o/j/clips/clip-02.mp4")
        .setLayout("vertical").setDurationSeconds(12.5).setSizeBytes(1000).setWidth(720).setHeight(1280)
        .setVideoCodec("h264").setAudioCodec("aac").setSourceIntervals(List.of(new TimeRange(1.0, 13.5))).build();
    // The same values as an old writer would have written them.
    GenericRecord record = new GenericData.Record(old);
    for (Schema.Field f : old.getFields()) {
      Object v = today.get(f.name());
      record.put(f.name(), v instanceof List<?> l && f.name().equals("sourceIntervals") ? oldRanges(old, l) : v);
    }
    File file = dir.resolve("clips-old.avro").toFile();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(old))) {
      w.create(old, file);
      w.append(record);
    }
    try (DataFileReader<Clip> r = new DataFileReader<>(file, new SpecificDatumReader<>(Clip.class))) {
      Clip read = r.next();
      assertNull(read.getFormat(), "before formats: the shape is the layout's");
      assertNull(read.getThumbnailSeconds());
      assertEquals("vertical", read.getLayout());
      assertEquals(2, read.getIndex());
      assertEquals(List.of(new TimeRange(1.0, 13.5)), read.getSourceIntervals());
    }
  }

  private static List<GenericRecord> oldRanges(Schema old, List<?> ranges) {
    Schema range = old.getField("sourceIntervals").schema().getElementType();
    return ranges.stream().map(o -> {
      TimeRange t = (TimeRange) o;
      GenericRecord g = new GenericData.Record(range);
      g.put("start", t.getStart());
      g.put("end", t.getEnd());
      return g;
    }).toList();
  }
}
