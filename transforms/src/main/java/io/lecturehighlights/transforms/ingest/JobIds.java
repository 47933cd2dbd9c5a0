package io.lecturehighlights.transforms.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Job ids are deterministic: the same input location always gives the same id, so a rerun finds (and
 * replaces) its earlier outputs. The id keeps a readable slug of the file name and a hash of the full
 * location, so two lectures with the same file name in different folders never collide.
 */
public final class JobIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private JobIds() {}

  public static String derive(String location) {
    String name = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String slug = stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (slug.length() > 48) {
      slug = slug.substring(0, 48).replaceAll("-+$", "");
    }
    String hash = sha256(location).substring(0, 10);
    return slug.isEmpty() ? "lecture-" + hash : slug + "-" + hash;
  }

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
