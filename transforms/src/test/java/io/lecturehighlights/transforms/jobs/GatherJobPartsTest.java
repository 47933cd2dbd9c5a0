package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.transforms.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class GatherJobPartsTest {
  /** Parts are "job/index/count"; each job is emitted once, with all its parts, however they interleave. */
  @Test
  void emitsEachJobOnceItsLastPartArrivesEvenOnAnUnboundedInput(TestPipeline p) {
    TestStream<String> parts = TestStream.create(StringUtf8Coder.of())
        .addElements("a/1/3", "b/1/2", "c/1/1")
        .addElements("a/3/3")
        .addElements("b/2/2", "a/2/3")
        // "d" never gets its second part: it must not be emitted half-done.
        .addElements("d/1/2")
        .advanceWatermarkToInfinity();
    PCollection<String> gathered = p.apply(parts)
        .apply(GatherJobParts.of((String s) -> s.split("/")[0], (String s) -> Integer.parseInt(s.split("/")[2])))
        .apply(MapElements.into(TypeDescriptors.strings()).via((KV<String, Iterable<String>> kv) -> {
          List<String> indexes = new ArrayList<>();
          kv.getValue().forEach(s -> indexes.add(s.split("/")[1]));
          indexes.sort(null);
          return kv.getKey() + ":" + String.join(",", indexes);
        }));
    PAssert.that(gathered).containsInAnyOrder("a:1,2,3", "b:1,2", "c:1");
    p.run().waitUntilFinish();
  }
}
