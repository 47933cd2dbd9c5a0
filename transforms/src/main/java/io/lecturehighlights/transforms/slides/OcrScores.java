package io.lecturehighlights.transforms.slides;

/** How close OCR text is to the truth: whitespace-normalised exact match and character error rate. */
public final class OcrScores {
  private OcrScores() {}

  /** Runs of whitespace (line breaks included) as one space, trimmed. */
  public static String normalize(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s+", " ");
  }

  public static boolean sameText(String read, String truth) {
    return normalize(read).equals(normalize(truth));
  }

  /**
   * Character error rate: the edit distance (insertions, deletions, substitutions) from the normalised truth to the
   * normalised reading, over the truth's length; 0 when both are empty.
   */
  public static double cer(String read, String truth) {
    String a = normalize(truth);
    String b = normalize(read);
    if (a.isEmpty()) {
      return b.isEmpty() ? 0 : 1;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return (double) prev[b.length()] / a.length();
  }
}
