package io.lecturehighlights.transforms.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lecturehighlights.transforms.common.HtmlEscape;
import io.lecturehighlights.transforms.common.Json;
import java.util.Base64;
import java.util.Locale;

/** Escaping and formatting shared by the report pages. Every piece of text from a record goes through here. */
final class Html {
  private Html() {}

  /** Text for element content and quoted attribute values. */
  static String esc(String s) {
    return HtmlEscape.text(s);
  }

  /**
   * A JSON value safe inside a {@code <script>} element: {@code <}, {@code >} and {@code &} only occur inside JSON
   * strings, where their \\u escapes mean the same, so no text can close the element or open a comment.
   */
  static String scriptJson(Object value) {
    try {
      return Json.COMPACT.writeValueAsString(value)
          .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
          .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String dataUri(String mime, byte[] bytes) {
    return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  /** A number for SVG coordinates: two decimals at most, never a locale's comma. */
  static String num(double v) {
    if (!Double.isFinite(v)) {
      return "0";
    }
    double r = Math.round(v * 100) / 100.0;
    if (r == Math.rint(r)) {
      return Long.toString((long) r);
    }
    return String.format(Locale.ROOT, "%.2f", r).replaceAll("0+$", "");
  }

  /** m:ss, or h:mm:ss from an hour on. */
  static String clock(double seconds) {
    long s = Math.max(0, Math.round(Double.isFinite(seconds) ? seconds : 0));
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** A duration for people: 850 ms, 12.3 s, 4 min 05 s, 1 h 02 min. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "–";
    }
    if (seconds < 1) {
      return Math.round(seconds * 1000) + " ms";
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60);
  }
}
