package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.StageEvent;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/** Stage events (a job entering, finishing or failing a stage) for the job-tracking sink. */
public final class StageEvents {
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  private StageEvents() {}

  public static StageEvent running(String jobId, String stage) {
    return StageEvent.newBuilder().setJobId(jobId).setStage(stage).setStatus(RUNNING)
        .setAtMillis(System.currentTimeMillis()).build();
  }

  public static StageEvent completed(String jobId, String stage, long durationMillis) {
    return StageEvent.newBuilder().setJobId(jobId).setStage(stage).setStatus(COMPLETED)
        .setAtMillis(System.currentTimeMillis()).setDurationMillis(durationMillis).build();
  }

  public static StageEvent failed(Failure f) {
    return StageEvent.newBuilder().setJobId(f.getJobId()).setStage(f.getStage()).setStatus(FAILED)
        .setAtMillis(f.getAtMillis()).setMessage(f.getReason() + ": " + f.getMessage()).build();
  }

  /** A {@code running} event per element. */
  public static final TupleTag<StageEvent> STARTED = new TupleTag<>() {};

  /**
   * Apply in front of a stage: passes each element on and emits its {@code running} event first, from the same
   * DoFn, so the event leaves before the stage starts on the element (a sibling branch could run after it).
   */
  public static <T> MarkStarted<T> markStarted(String stage, SerializableFunction<T, String> jobId) {
    return new MarkStarted<>(stage, jobId);
  }

  /** See {@link #markStarted}. Outputs: the input as {@link #mainTag()} and events as {@link #STARTED}. */
  public static final class MarkStarted<T> extends PTransform<PCollection<T>, PCollectionTuple> {
    private final String stage;
    private final SerializableFunction<T, String> jobId;
    private final TupleTag<T> main = new TupleTag<>();

    MarkStarted(String stage, SerializableFunction<T, String> jobId) {
      this.stage = stage;
      this.jobId = jobId;
    }

    public TupleTag<T> mainTag() {
      return main;
    }

    @Override
    public PCollectionTuple expand(PCollection<T> in) {
      PCollectionTuple out = in.apply("Mark " + stage + " started", ParDo.of(new DoFn<T, T>() {
        @ProcessElement
        public void process(@Element T t, MultiOutputReceiver r) {
          r.get(STARTED).output(running(jobId.apply(t), stage));
          r.get(main).output(t);
        }
      }).withOutputTags(main, TupleTagList.of(STARTED)));
      out.get(main).setCoder(in.getCoder());
      return out;
    }
  }

  /** Emits a {@code completed} event for every result of a stage. */
  public static <T> PTransform<PCollection<? extends T>, PCollection<StageEvent>> finished(
      String stage, SerializableFunction<T, String> jobId, SerializableFunction<T, Long> millis) {
    return MapElements.via(new SimpleFunction<T, StageEvent>() {
      @Override
      public StageEvent apply(T t) {
        return completed(jobId.apply(t), stage, millis.apply(t));
      }
    });
  }
}
