package io.lecturehighlights.pipeline.serve;

import java.util.Locale;

/**
 * The service's URL layout, in one place: the output folder's files under {@code /out/}, a job's source video under
 * {@code /video/}, the watch and clip pages. Job ids and file names of an output folder need no escaping in a path
 * ({@code [A-Za-z0-9._-]}); other relative paths are percent-encoded segment by segment.
 */
public final class Links {
  public static final String FILES = "/out/";

  private Links() {}

  public static String file(String relative) {
    StringBuilder b = new StringBuilder(FILES);
    String[] segments = relative.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(java.net.URLEncoder.encode(segments[i], java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return b.toString();
  }

  /** A file link with a fragment kept as it is (the report's {@code #t=}). */
  public static String fileAt(String relativeWithFragment) {
    int hash = relativeWithFragment.indexOf('#');
    return hash < 0 ? file(relativeWithFragment)
        : file(relativeWithFragment.substring(0, hash)) + relativeWithFragment.substring(hash);
  }

  public static String video(String jobId) {
    return "/video/" + jobId;
  }

  /** The watch page: the source video, seeking to {@code seconds}. */
  public static String watch(String jobId, double seconds) {
    String t = new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", Math.max(0, seconds)))
        .stripTrailingZeros().toPlainString();
    return "/watch/" + jobId + "?t=" + t;
  }

  public static String clipPage(String jobId, int index) {
    return "/clip/" + jobId + "/" + index;
  }
}
