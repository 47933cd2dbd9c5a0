package io.lecturehighlights.transforms.common;

/** Stage names as they appear in failure records, job records and the Flink job graph. */
public final class Stages {
  public static final String VALIDATION = "validation";
  public static final String SILENCE = "silence";
  public static final String TRANSCRIPTION = "transcription";
  public static final String LAYOUT = "layout";
  public static final String CONTENT = "content";
  public static final String EXTRACTION = "extraction";
  public static final String RENDERING = "rendering";
  public static final String SINK = "sink";

  /** Beam metrics namespace shared by every stage. */
  public static final String METRICS_NAMESPACE = "lecture-highlights";

  private Stages() {}
}
