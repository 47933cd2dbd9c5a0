package io.lecturehighlights.transforms.media;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Size and modification time of one named file or object, whatever characters its name has. Beam's match reads
 * {@code [ * ?} (and {@code { }} for local files) as a pattern, so a key like {@code lecture [part 1].mp4} would
 * match nothing, or another file; Beam has no escape. Such a name is matched with each special character as a
 * one-character wildcard, and the exact name picked from the (few) results.
 */
public final class SingleFile {
  private static final String SPECIAL = "[]*?{}";

  private SingleFile() {}

  public static MatchResult.Metadata metadata(String uri) throws IOException {
    if (!hasSpecial(uri)) {
      return FileSystems.matchSingleFileSpec(uri);
    }
    String wanted = FileSystems.matchNewResource(uri, false).toString();
    MatchResult r = FileSystems.match(List.of(literalPattern(uri)), EmptyMatchTreatment.ALLOW).get(0);
    if (r.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : r.metadata()) {
        if (m.resourceId().toString().equals(wanted)) {
          return m;
        }
      }
    } else if (r.status() != MatchResult.Status.NOT_FOUND) {
      throw new IOException("cannot look up " + uri + ": " + r.status());
    }
    throw new FileNotFoundException("no such file: " + uri);
  }

  /** Whether Beam would read the name part of {@code uri} as a pattern. */
  static boolean hasSpecial(String uri) {
    String name = withoutScheme(uri);
    for (int i = 0; i < name.length(); i++) {
      if (SPECIAL.indexOf(name.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code uri} with each special character of its path replaced by {@code ?}, which matches that character. */
  static String literalPattern(String uri) {
    String path = withoutScheme(uri);
    String scheme = uri.substring(0, uri.length() - path.length());
    StringBuilder b = new StringBuilder(scheme);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      b.append(SPECIAL.indexOf(c) >= 0 ? '?' : c);
    }
    return b.toString();
  }

  private static String withoutScheme(String uri) {
    int i = uri.indexOf("://");
    return i < 0 ? uri : uri.substring(i + 3);
  }
}
