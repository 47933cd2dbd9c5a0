package io.lecturehighlights.transforms.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Job ids are deterministic: the same input location always gives the same id, so a rerun finds (and
 * replaces) its earlier outputs. The id keeps a readable slug of the file name and a hash of the full
 * location, so two lectures with the same file name in different folders never collide.
 *
 * <p>The slug transliterates Latin letters with accents or of their own ("Vorlesung Über Ästhetik" gives
 * {@code vorlesung-uber-asthetik}, "Straße" gives {@code strasse}) instead of dropping them, so a
 * lecturer still recognises the name. Scripts without a Latin spelling here (Chinese, Cyrillic, ...) are
 * dropped as before; a name with nothing left falls back to {@code lecture-<hash>}. ASCII names give
 * exactly the ids they always did, so reruns of existing lectures still find their outputs.
 */
public final class JobIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

  /**
   * Latin letters that Unicode does not decompose into a base letter plus marks (so NFKD leaves them
   * whole), with their usual ASCII spelling. Lower case only: the name is lower-cased first.
   */
  private static final Map<Character, String> LETTERS = Map.ofEntries(
      Map.entry('ß', "ss"), Map.entry('æ', "ae"), Map.entry('ø', "o"), Map.entry('œ', "oe"),
      Map.entry('ł', "l"), Map.entry('đ', "d"), Map.entry('ð', "d"), Map.entry('þ', "th"),
      Map.entry('ı', "i"), Map.entry('ħ', "h"), Map.entry('ŧ', "t"), Map.entry('ŋ', "ng"),
      Map.entry('ĸ', "k"), Map.entry('ƒ', "f"), Map.entry('ə', "e"));

  private JobIds() {}

  public static String derive(String location) {
    String name = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String slug = transliterate(stem).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (slug.length() > 48) {
      slug = slug.substring(0, 48).replaceAll("-+$", "");
    }
    String hash = sha256(location).substring(0, 10);
    return slug.isEmpty() ? "lecture-" + hash : slug + "-" + hash;
  }

  /**
   * Lower-cased ASCII spelling of the Latin letters in {@code s}: compatibility decomposition splits
   * accented letters (and ligatures, full-width forms) into base letters plus combining marks, the marks
   * are dropped, and the few letters that do not decompose come from {@link #LETTERS}. Characters of other
   * scripts pass through unchanged (the caller drops them). ASCII input comes back lower-cased, unchanged
   * otherwise.
   */
  static String transliterate(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    String bare = COMBINING_MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFKD)).replaceAll("");
    StringBuilder out = new StringBuilder(bare.length());
    for (int i = 0; i < bare.length(); i++) {
      char c = bare.charAt(i);
      String t = c < 0x80 ? null : LETTERS.get(c);
      if (t != null) {
        out.append(t);
      } else {
        out.append(c);
      }
    }
    // NFKD can yield upper-case ASCII (e.g. from some compatibility forms): lower-case once more.
    return out.toString().toLowerCase(Locale.ROOT);
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
