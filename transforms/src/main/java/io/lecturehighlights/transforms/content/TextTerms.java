package io.lecturehighlights.transforms.content;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns sentences into content terms: lower-cased word tokens, English stop words and numbers dropped, the rest
 * stemmed with the Porter algorithm (so "forces", "forced" and "force" count as one term). Term ids are handed out
 * in order of first use, so the same text always gives the same ids.
 */
public final class TextTerms {

  /** Function words, fillers and lecture chatter that say nothing about the topic (ASR transcripts are full of them). */
  static final Set<String> STOP_WORDS = Set.of(
      "a", "about", "above", "actually", "after", "again", "against", "ah", "all", "almost", "also", "am", "an",
      "and", "any", "are", "around", "as", "at", "be", "because", "been", "before", "being", "below", "between",
      "both", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "down", "during", "each", "eh",
      "either", "else", "even", "ever", "every", "few", "for", "from", "further", "get", "gets", "getting", "go",
      "goes", "going", "gone", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
      "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "know",
      "let", "like", "ll", "m", "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "no",
      "nor", "not", "now", "of", "off", "oh", "ok", "okay", "on", "once", "one", "only", "or", "other", "our",
      "ours", "ourselves", "out", "over", "own", "put", "quite", "re", "really", "right", "s", "said", "same",
      "say", "see", "shall", "she", "should", "so", "some", "such", "t", "take", "than", "that", "the", "their",
      "theirs", "them", "themselves", "then", "there", "these", "they", "thing", "things", "think", "this",
      "those", "through", "to", "too", "uh", "um", "under", "until", "up", "us", "ve", "very", "want", "was",
      "way", "we", "well", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "why",
      "will", "with", "would", "yeah", "yes", "you", "your", "yours", "yourself", "yourselves", "d", "don",
      "come", "look", "make", "mean", "two", "three", "course", "kind", "lot", "give", "good", "use", "call",
      // Slide shorthand.
      "vs", "etc", "eg", "ie", "cf");

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> surface = new ArrayList<>();

  /** Term ids of one sentence, in order, repeats kept. */
  public int[] termIds(String sentence) {
    List<String> words = words(sentence);
    int[] out = new int[words.size()];
    int n = 0;
    for (String w : words) {
      String stem = stem(w);
      Integer id = ids.get(stem);
      if (id == null) {
        id = ids.size();
        ids.put(stem, id);
        surface.add(w);
      }
      out[n++] = id;
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  public int vocabularySize() {
    return ids.size();
  }

  /** A readable word for a term: its first surface form. */
  public String word(int id) {
    return surface.get(id);
  }

  /** Lower-cased content words of a sentence: letters only, stop words and one-letter tokens dropped. */
  public static List<String> words(String sentence) {
    List<String> out = new ArrayList<>();
    String s = sentence.toLowerCase(Locale.ROOT);
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && !Character.isLetter(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '\'')) {
        i++;
      }
      if (i > start) {
        String w = s.substring(start, i);
        int apo = w.indexOf('\'');
        if (apo >= 0) {
          w = w.substring(0, apo);
        }
        if (w.length() > 1 && !STOP_WORDS.contains(w)) {
          out.add(w);
        }
      }
    }
    return out;
  }

  /** Porter (1980) stemmer, steps 1a-5b. */
  public static String stem(String word) {
    if (word.length() <= 2) {
      return word;
    }
    StringBuilder b = new StringBuilder(word);
    step1a(b);
    step1b(b);
    if (endsWith(b, "y") && hasVowel(b, b.length() - 1)) {
      b.setCharAt(b.length() - 1, 'i');
    }
    replaceIf(b, STEP2, 0);
    replaceIf(b, STEP3, 0);
    step4(b);
    // Step 5a/5b.
    if (endsWith(b, "e")) {
      int m = measure(b, b.length() - 1);
      if (m > 1 || (m == 1 && !cvc(b, b.length() - 2))) {
        b.setLength(b.length() - 1);
      }
    }
    if (endsWith(b, "ll") && measure(b, b.length()) > 1) {
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }

  private static final String[][] STEP2 = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"}, {"abli", "able"},
    {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"},
    {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"},
    {"iviti", "ive"}, {"biliti", "ble"}
  };
  private static final String[][] STEP3 = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""}
  };
  private static final String[] STEP4 = {
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
    "iti", "ous", "ive", "ize"
  };

  private static void step1a(StringBuilder b) {
    if (endsWith(b, "sses") || endsWith(b, "ies")) {
      b.setLength(b.length() - 2);
    } else if (endsWith(b, "s") && !endsWith(b, "ss") && b.length() > 3) {
      b.setLength(b.length() - 1);
    }
  }

  private static void step1b(StringBuilder b) {
    if (endsWith(b, "eed")) {
      if (measure(b, b.length() - 3) > 0) {
        b.setLength(b.length() - 1);
      }
      return;
    }
    int cut = endsWith(b, "ed") ? 2 : endsWith(b, "ing") ? 3 : 0;
    if (cut == 0 || !hasVowel(b, b.length() - cut)) {
      return;
    }
    b.setLength(b.length() - cut);
    if (endsWith(b, "at") || endsWith(b, "bl") || endsWith(b, "iz")) {
      b.append('e');
    } else if (b.length() >= 2 && b.charAt(b.length() - 1) == b.charAt(b.length() - 2)
        && "lsz".indexOf(b.charAt(b.length() - 1)) < 0 && !isVowel(b, b.length() - 1)) {
      b.setLength(b.length() - 1);
    } else if (measure(b, b.length()) == 1 && cvc(b, b.length() - 1)) {
      b.append('e');
    }
  }

  private static void replaceIf(StringBuilder b, String[][] rules, int minMeasure) {
    for (String[] r : rules) {
      if (endsWith(b, r[0])) {
        int stemEnd = b.length() - r[0].length();
        if (measure(b, stemEnd) > minMeasure) {
          b.setLength(stemEnd);
          b.append(r[1]);
        }
        return;
      }
    }
  }

  private static void step4(StringBuilder b) {
    for (String suffix : STEP4) {
      if (endsWith(b, suffix)) {
        int stemEnd = b.length() - suffix.length();
        boolean ok = measure(b, stemEnd) > 1;
        if (ok && suffix.equals("ion")) {
          ok = stemEnd > 0 && (b.charAt(stemEnd - 1) == 's' || b.charAt(stemEnd - 1) == 't');
        }
        if (ok) {
          b.setLength(stemEnd);
        }
        return;
      }
    }
  }

  private static boolean endsWith(StringBuilder b, String s) {
    int off = b.length() - s.length();
    if (off < 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b.charAt(off + i) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVowel(CharSequence b, int i) {
    char c = b.charAt(i);
    if ("aeiou".indexOf(c) >= 0) {
      return true;
    }
    // "y" is a vowel after a consonant.
    return c == 'y' && i > 0 && !isVowel(b, i - 1);
  }

  private static boolean hasVowel(CharSequence b, int end) {
    for (int i = 0; i < end; i++) {
      if (isVowel(b, i)) {
        return true;
      }
    }
    return false;
  }

  /** Porter's m: the number of vowel-consonant sequences in b[0, end). */
  private static int measure(CharSequence b, int end) {
    int m = 0;
    int i = 0;
    while (i < end && !isVowel(b, i)) {
      i++;
    }
    while (i < end) {
      while (i < end && isVowel(b, i)) {
        i++;
      }
      if (i >= end) {
        break;
      }
      m++;
      while (i < end && !isVowel(b, i)) {
        i++;
      }
    }
    return m;
  }

  /** Consonant-vowel-consonant ending at index i, the last consonant not w, x or y. */
  private static boolean cvc(CharSequence b, int i) {
    if (i < 2 || isVowel(b, i) || !isVowel(b, i - 1) || isVowel(b, i - 2)) {
      return false;
    }
    char c = b.charAt(i);
    return c != 'w' && c != 'x' && c != 'y';
  }
}
