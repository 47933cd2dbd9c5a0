package io.lecturehighlights.pipeline;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.AvroCoders;
import io.lecturehighlights.transforms.ingest.ReadUploadEvents;
import io.lecturehighlights.transforms.jobs.AssembleJobStatus;
import io.lecturehighlights.transforms.output.WriteLectureOutputs;
import io.lecturehighlights.transforms.silence.DetectSilences;
import io.lecturehighlights.transforms.silence.SilenceConfig;
import io.lecturehighlights.transforms.validate.ValidateUploads;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The job graph:
 *
 * <pre>
 * upload events ─► validate ─► silence detection ─► join by job id ─► outputs
 *        └──────────────┴──────────── failures ─────────┘
 * </pre>
 *
 * Every input ends as exactly one job record, completed or failed.
 */
public final class LectureHighlightsPipeline {
  private LectureHighlightsPipeline() {}

  public static Pipeline create(LectureHighlightsOptions options) {
    Pipeline p = Pipeline.create(options);
    build(p, options);
    return p;
  }

  public static void build(Pipeline p, LectureHighlightsOptions o) {
    AvroCoders.registerAll(p);

    WithFailures.Result<PCollection<UploadEvent>, Failure> read =
        p.apply("Read upload events", ReadUploadEvents.from(o.getInput()));
    PCollection<UploadEvent> events = read.output()
        .apply("One event per job id", Distinct.withRepresentativeValueFn(UploadEvent::getJobId)
            .withRepresentativeType(TypeDescriptors.strings()))
        // Break fusion so lectures spread over all subtasks instead of following the one manifest reader.
        .apply("Spread lectures across workers", Reshuffle.viaRandomKey());

    WithFailures.Result<PCollection<ValidatedLecture>, Failure> validated =
        events.apply("Validate uploads", ValidateUploads.with(validationConfig(o)));
    WithFailures.Result<PCollection<SilenceResult>, Failure> silences =
        validated.output().apply("Detect silences", DetectSilences.with(silenceConfig(o)));

    PCollection<Failure> failures = PCollectionList.of(read.failures())
        .and(validated.failures())
        .and(silences.failures())
        .apply("Collect failures", Flatten.pCollections());

    PCollection<JobStatus> jobs = PCollectionTuple.of(AssembleJobStatus.VALIDATED, validated.output())
        .and(AssembleJobStatus.SILENCES, silences.output())
        .and(AssembleJobStatus.FAILURES, failures)
        .apply("Assemble job status", new AssembleJobStatus());

    PCollectionTuple.of(WriteLectureOutputs.JOBS, jobs)
        .and(WriteLectureOutputs.SILENCES, silences.output())
        .and(WriteLectureOutputs.FAILURES, failures)
        .apply("Write outputs", WriteLectureOutputs.to(o.getOutput()));
  }

  static ValidationConfig validationConfig(LectureHighlightsOptions o) {
    return new ValidationConfig(o.getMaxDurationHours() * 3600.0, (long) (o.getMaxSizeGib() * (1L << 30)));
  }

  static SilenceConfig silenceConfig(LectureHighlightsOptions o) {
    SilenceConfig c = SilenceConfig.defaults()
        .withMinSilenceSeconds(o.getMinSilenceSeconds())
        .withMarginDb(o.getSilenceMarginDb())
        .withHysteresisDb(o.getSilenceHysteresisDb());
    if (o.getSilenceThresholdDb() != null) {
      c.withThresholdDb(o.getSilenceThresholdDb());
    }
    return c;
  }
}
