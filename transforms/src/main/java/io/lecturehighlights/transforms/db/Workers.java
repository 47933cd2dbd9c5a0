package io.lecturehighlights.transforms.db;

import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the worker that writes a history event: host name and Flink subtask, read from the writing thread. Flink
 * names a task's thread after the task, ending in {@code (subtask/parallelism)#attempt}; other runners' threads
 * (the direct runner's, a test's) are named as they are.
 */
final class Workers {
  private static final Pattern FLINK_SUBTASK = Pattern.compile("\\((\\d+/\\d+)\\)(?:#\\d+)?$");
  private static final int MAX_THREAD_NAME = 60;
  private static volatile String host;

  private Workers() {}

  /** e.g. {@code tm-1 subtask 2/4}, or {@code laptop thread main}. */
  static String current() {
    return describe(host(), Thread.currentThread().getName());
  }

  static String describe(String host, String threadName) {
    Matcher m = FLINK_SUBTASK.matcher(threadName);
    if (m.find()) {
      return host + " subtask " + m.group(1);
    }
    String name = threadName.length() > MAX_THREAD_NAME ? threadName.substring(0, MAX_THREAD_NAME) : threadName;
    return host + " thread " + name;
  }

  /** Looked up once per JVM: a slow resolver must not slow every write. */
  private static String host() {
    String h = host;
    if (h == null) {
      h = System.getenv("HOSTNAME");
      if (h == null || h.isBlank()) {
        try {
          h = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
          h = "unknown-host";
        }
      }
      host = h;
    }
    return h;
  }
}
