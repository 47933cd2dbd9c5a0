package io.lecturehighlights.pipeline.serve;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 section 14): what a video player asks for when it seeks.
 * Only single ranges are honoured; a header with several ranges, or one that is not {@code bytes=}, is ignored and
 * the whole file is sent (the RFC allows that), so a player never gets an error for a valid request.
 *
 * @param start first byte, inclusive
 * @param end last byte, inclusive
 */
public record ByteRange(long start, long end) {
  /** Thrown for a range that starts past the end of the file: 416 with {@code Content-Range: bytes * /size}. */
  public static final class Unsatisfiable extends Exception {
    public Unsatisfiable(String message) {
      super(message);
    }
  }

  public long length() {
    return end - start + 1;
  }

  /** {@code bytes start-end/size}, the Content-Range value of a 206. */
  public String contentRange(long size) {
    return "bytes " + start + "-" + end + "/" + size;
  }

  /**
   * The range a header asks for in a file of {@code size} bytes; null when the whole file should be sent (no header,
   * another unit, several ranges, or a header we cannot read).
   */
  public static @Nullable ByteRange parse(@Nullable String header, long size) throws Unsatisfiable {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    try {
      if (first.isEmpty()) {
        // bytes=-N: the last N bytes.
        if (last.isEmpty()) {
          return null;
        }
        long n = Long.parseLong(last);
        if (n <= 0 || size == 0) {
          throw new Unsatisfiable("an empty suffix range of a " + size + "-byte file");
        }
        return new ByteRange(Math.max(0, size - n), size - 1);
      }
      long start = Long.parseLong(first);
      if (start < 0) {
        return null;
      }
      if (start >= size) {
        throw new Unsatisfiable("the range starts at byte " + start + " of a " + size + "-byte file");
      }
      long end = last.isEmpty() ? size - 1 : Long.parseLong(last);
      if (end < start) {
        return null;
      }
      return new ByteRange(start, Math.min(end, size - 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
