package io.lecturehighlights.transforms.db;

import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Stages;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Records each upload as a queued job, committed, before passing it on to validation. Every later row of the job
 * (stage events, results, the outcome) references its job row, so the row must exist first. A sink beside the
 * stage could not promise that: a Flink operator chain forwards an element to its outputs one after the other,
 * and in streaming the validation branch may run first and its writers then wait for a row that is queued
 * behind them in the same thread.
 *
 * <p>Transient database errors (connection lost, serialization failures) are retried with backoff; if the
 * database stays away the bundle fails and Flink's restart strategy replays it, so no upload is lost.
 */
public class RecordQueuedJobs extends PTransform<PCollection<UploadEvent>, PCollection<UploadEvent>> {
  private final DatabaseConfig config;

  private RecordQueuedJobs(DatabaseConfig config) {
    super("Record queued jobs");
    this.config = config;
  }

  public static RecordQueuedJobs in(DatabaseConfig config) {
    return new RecordQueuedJobs(config);
  }

  @Override
  public PCollection<UploadEvent> expand(PCollection<UploadEvent> uploads) {
    return uploads.apply("Insert job row, then pass on", ParDo.of(new RecordFn(config)))
        .setCoder(AvroCoder.of(UploadEvent.class));
  }

  static class RecordFn extends DoFn<UploadEvent, UploadEvent> {
    private final DatabaseConfig config;
    private final Counter queued = Metrics.counter(Stages.METRICS_NAMESPACE, "jobs_queued");
    private transient DataSource dataSource;

    RecordFn(DatabaseConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      dataSource = PooledDataSources.get(config);
    }

    @ProcessElement
    public void process(@Element UploadEvent e, OutputReceiver<UploadEvent> out)
        throws SQLException, InterruptedException {
      CommittedRows.write(dataSource, PostgresStatements.QUEUE_JOB, PostgresStatements::queueJob, e,
          "job " + e.getJobId());
      queued.inc();
      out.output(e);
    }
  }
}
