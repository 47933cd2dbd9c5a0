package io.lecturehighlights.transforms.db;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes a row for each element to PostgreSQL, committed (see {@link CommittedRows}), and passes the element on.
 * Applied in line, on the path the element takes anyway, the write is chained to the stage that produced the
 * element and its row is there before anything downstream sees it. A sink beside the stage would be a branch of
 * its own: in a Flink batch its own vertex and discarding sink, fed only once the stage's partition is done.
 */
public final class RecordRows<T, R> extends PTransform<PCollection<T>, PCollection<T>> {
  private final DatabaseConfig db;
  private final String sql;
  private final JdbcIO.PreparedStatementSetter<R> setter;
  private final SerializableFunction<T, R> row;

  RecordRows(DatabaseConfig db, String sql, JdbcIO.PreparedStatementSetter<R> setter,
      SerializableFunction<T, R> row) {
    this.db = db;
    this.sql = sql;
    this.setter = setter;
    this.row = row;
  }

  @Override
  public PCollection<T> expand(PCollection<T> in) {
    return in.apply("Write row, then pass on", ParDo.of(new RecordFn<>(this))).setCoder(in.getCoder());
  }

  static class RecordFn<T, R> extends DoFn<T, T> {
    private final RecordRows<T, R> spec;
    private transient DataSource dataSource;

    RecordFn(RecordRows<T, R> spec) {
      this.spec = spec;
    }

    @Setup
    public void setup() {
      dataSource = PooledDataSources.get(spec.db);
    }

    @ProcessElement
    public void process(@Element T t, OutputReceiver<T> out) throws SQLException, InterruptedException {
      R r = spec.row.apply(t);
      CommittedRows.write(dataSource, spec.sql, spec.setter, r, r.getClass().getSimpleName());
      out.output(t);
    }
  }
}
