package io.lecturehighlights.pipeline;

/** Flink job-graph vertex names as the dashboard and REST {@code /jobs/<id>} show them. */
public final class VertexNames {
  private VertexNames() {}

  /**
   * A vertex name without the operator kinds Flink puts in front: batch chains read "CHAIN DataSource (at Read
   * upload events/… (…SourceInputFormat)) -> FlatMap (…", streaming sources "Source: Read S3 event …".
   */
  public static String stageOf(String vertexName) {
    return vertexName.replaceFirst("^(CHAIN )?(DataSource \\(at |Source: )?", "");
  }
}
