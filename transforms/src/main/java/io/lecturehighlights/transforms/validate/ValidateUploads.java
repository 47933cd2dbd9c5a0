package io.lecturehighlights.transforms.validate;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Retry;
import io.lecturehighlights.transforms.common.Stages;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Probes each uploaded video and passes on the ones that can be processed. Every rejected upload becomes a
 * {@link Failure} with stage {@code validation} and a specific reason; none is dropped.
 */
public class ValidateUploads
    extends PTransform<PCollection<UploadEvent>, WithFailures.Result<PCollection<ValidatedLecture>, Failure>> {

  static final TupleTag<ValidatedLecture> VALID = new TupleTag<>() {};
  static final TupleTag<Failure> REJECTED = new TupleTag<>() {};

  private final ValidationConfig config;

  private ValidateUploads(ValidationConfig config) {
    super("Validate uploads");
    this.config = config;
  }

  public static ValidateUploads with(ValidationConfig config) {
    return new ValidateUploads(config);
  }

  @Override
  public WithFailures.Result<PCollection<ValidatedLecture>, Failure> expand(PCollection<UploadEvent> events) {
    PCollectionTuple out =
        events.apply("Probe and check each video",
            ParDo.of(new ValidateFn(config)).withOutputTags(VALID, TupleTagList.of(REJECTED)));
    return WithFailures.Result.of(out.get(VALID), out.get(REJECTED));
  }

  static class ValidateFn extends DoFn<UploadEvent, ValidatedLecture> {
    private final ValidationConfig config;
    private final Counter accepted = Metrics.counter(Stages.METRICS_NAMESPACE, "validation_accepted");
    private final Counter rejected = Metrics.counter(Stages.METRICS_NAMESPACE, "failed_validation");
    private transient UploadValidator validator;
    private transient Retry retry;

    ValidateFn(ValidationConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      validator = new UploadValidator(config);
      retry = Retry.defaults();
    }

    @ProcessElement
    public void process(@Element UploadEvent event, MultiOutputReceiver out) {
      long start = System.currentTimeMillis();
      try {
        Retry.Outcome<MediaInfo> media = retry.call(() -> validator.validate(event));
        accepted.inc();
        out.get(VALID).output(ValidatedLecture.newBuilder()
            .setEvent(event)
            .setMedia(media.value)
            .setValidationMillis(System.currentTimeMillis() - start)
            .build());
      } catch (Retry.Exhausted e) {
        rejected.inc();
        out.get(REJECTED).output(Failures.of(event, Stages.VALIDATION, e.last, e.attempts));
      } catch (RuntimeException | LinkageError e) {
        rejected.inc();
        out.get(REJECTED).output(Failures.unexpected(event, Stages.VALIDATION, e));
      }
    }
  }
}
