package io.lecturehighlights.transforms.common;

import org.checkerframework.checker.nullness.qual.Nullable;

/** Keeps the paid APIs' keys out of what we log or store: error messages from a client may echo the key. */
public final class ApiKeys {
  /** Keys at least this long also have their prefix masked: some servers echo a key with its last characters cut. */
  private static final int PREFIX_MASKED_FROM = 12;

  private ApiKeys() {}

  /**
   * The key to use: one a test injected (blank: none), else the environment variable's value; null when neither is
   * set. Read on the worker, so a key never travels in the job graph.
   */
  public static @Nullable String resolve(@Nullable String injected, String env) {
    if (injected != null) {
      return injected.isBlank() ? null : injected;
    }
    String v = System.getenv(env);
    return v == null || v.isBlank() ? null : v;
  }

  /** The text with the key, and any echo of all but its last four characters, replaced by "***"; null gives "". */
  public static String mask(@Nullable String text, @Nullable String key) {
    if (text == null) {
      return "";
    }
    if (key == null || key.isEmpty()) {
      return text;
    }
    String t = text.replace(key, "***");
    if (key.length() >= PREFIX_MASKED_FROM) {
      t = t.replace(key.substring(0, key.length() - 4), "***");
    }
    return t;
  }
}
