package io.lecturehighlights.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PValue;

/**
 * Ends every output that nothing reads (the empty results of the writes, a stage event nobody records) in one
 * place. Flink's batch translation gives each such output a discarding sink vertex of its own — about 80 in this
 * job — so they all flow, through one Flatten, into a single one. Nothing waits for it: each write still runs
 * chained to the stage that feeds it, and only its (empty) result goes on.
 */
final class OneEnd {
  private OneEnd() {}

  /** Call last, once the graph is complete. */
  static void apply(Pipeline p) {
    Set<PCollection<?>> produced = new LinkedHashSet<>();
    Set<PValue> read = new HashSet<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        read.addAll(node.getInputs().values());
        // A view's output is read as a side input, which the runner wires up itself.
        if (!(node.getTransform() instanceof View.CreatePCollectionView)) {
          produced.addAll(node.getOutputs().values());
        }
      }
    });
    List<PCollection<Void>> ends = new ArrayList<>();
    for (PCollection<?> c : produced) {
      if (!read.contains(c)) {
        ends.add(end(c));
      }
    }
    if (!ends.isEmpty()) {
      PCollectionList.of(ends).apply("Nothing left over", Flatten.pCollections()).setCoder(VoidCoder.of());
    }
  }

  private static <T> PCollection<Void> end(PCollection<T> c) {
    return c.apply("End of " + c.getName(), ParDo.of(new DoFn<T, Void>() {
      @ProcessElement
      public void drop() {}
    })).setCoder(VoidCoder.of());
  }
}
