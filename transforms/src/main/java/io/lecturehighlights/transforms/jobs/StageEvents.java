package io.lecturehighlights.transforms.jobs;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.StageEvent;

/** Stage events (a job entering, finishing or failing a stage), recorded by {@code db.TrackStage}. */
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
}
