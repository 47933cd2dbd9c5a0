package io.lecturehighlights.pipeline;

import io.lecturehighlights.transforms.db.DatabaseConfig;
import io.lecturehighlights.transforms.db.RecordRows;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Rows written in line (see {@link RecordRows}) where there is a results database; without one the elements go on
 * untouched and nothing is added to the graph.
 */
final class InLineRows {
  private InLineRows() {}

  static <T> PCollection<T> record(PCollection<T> c, String name, @Nullable DatabaseConfig db,
      Function<DatabaseConfig, ? extends PTransform<PCollection<T>, PCollection<T>>> write) {
    return db == null ? c : c.apply(name, write.apply(db));
  }
}
