package io.lecturehighlights.transforms.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON mapper the project uses for manifests and per-job output files. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Compact, for JSON Lines. */
  public static final ObjectMapper COMPACT = new ObjectMapper();

  private Json() {}

  /** Seconds rounded to the millisecond: enough for media times and readable in JSON. */
  public static double seconds(double s) {
    return Math.round(s * 1000.0) / 1000.0;
  }
}
