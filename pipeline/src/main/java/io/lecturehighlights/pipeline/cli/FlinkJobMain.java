package io.lecturehighlights.pipeline.cli;

/**
 * Entry class for running {@code lhx batch} inside a Flink cluster: application mode and FlinkSessionJob on the
 * Kubernetes operator (deploy/k8s/), or the REST API's {@code /jars/<id>/run}, all with
 * {@code --runner flink --flink-master [auto]}. Unlike {@link Lhx#main}, it never calls System.exit, which would
 * take the JobManager down with it; a non-zero exit code becomes an exception, so the cluster reports the failure.
 */
public final class FlinkJobMain {
  private FlinkJobMain() {}

  public static void main(String[] args) {
    int rc = Lhx.execute(args);
    if (rc != 0) {
      throw new IllegalStateException("lhx " + String.join(" ", args) + " ended with exit code " + rc);
    }
  }
}
