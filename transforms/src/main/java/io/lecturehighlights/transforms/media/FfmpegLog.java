package io.lecturehighlights.transforms.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_PANIC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_TRACE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where FFmpeg's own messages go. FFmpeg prints to stderr by default, which tears up the terminal progress display
 * (an HEVC seek alone prints "Could not find ref with POC ..." hundreds of times); silencing it instead
 * ({@code av_log_set_level(FATAL)}, as before) hid the one signal that a source is damaged. So every message goes
 * to the slf4j logger {@value #LOGGER_NAME} (the app's log4j2 configuration sends it to the log file only), at the
 * level the user picks with the system property {@value #LEVEL_PROPERTY} ({@code quiet, panic, fatal, error,
 * warning, info, verbose, debug, trace}; default {@code warning}), and messages at FFmpeg's error level or worse are
 * counted into the {@link DecodeErrors} scope open on the logging thread, so a stage can report how damaged the
 * source it decoded was.
 *
 * <p>JavaCV's {@code FFmpegLogCallback} is not used: it logs through JavaCPP's own logger (stderr unless JavaCPP is
 * told otherwise) and counts nothing.
 */
public final class FfmpegLog {
  public static final String LOGGER_NAME = "ffmpeg";
  public static final String LEVEL_PROPERTY = "lhx.ffmpegLogLevel";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
  /**
   * Inheritable so that a thread a stage starts while its scope is open (rendering decodes on a helper thread)
   * counts into the same scope. FFmpeg's own worker threads (frame-threaded video decoding) are not Java children
   * of the stage's thread: their messages are logged and counted in {@link #unattributedErrors()} only.
   */
  private static final InheritableThreadLocal<DecodeErrors> CURRENT = new InheritableThreadLocal<>();
  /** Text of a message that FFmpeg sent in pieces (no newline yet), per thread. */
  private static final ThreadLocal<StringBuilder> PARTIAL = ThreadLocal.withInitial(StringBuilder::new);
  private static final AtomicLong UNATTRIBUTED = new AtomicLong();
  /** Held for the life of the process: FFmpeg keeps calling the native side of it. */
  private static final Callback CALLBACK = new Callback();
  private static volatile int userLevel = AV_LOG_WARNING;
  private static volatile boolean installed;

  private FfmpegLog() {}

  /**
   * Routes FFmpeg's log output to the {@value #LOGGER_NAME} logger; idempotent and cheap after the first call, so
   * every entry point into FFmpeg calls it.
   */
  public static void install() {
    if (installed) {
      return;
    }
    synchronized (FfmpegLog.class) {
      if (installed) {
        return;
      }
      userLevel = parseLevel(System.getProperty(LEVEL_PROPERTY));
      // FFmpeg drops messages above its level before they reach us; errors must always arrive to be counted.
      avutil.av_log_set_level(Math.max(userLevel, AV_LOG_ERROR));
      avutil.setLogCallback(CALLBACK);
      installed = true;
    }
  }

  /** The log level the user asked for, as FFmpeg's number (AV_LOG_*). */
  public static int level() {
    return userLevel;
  }

  /** Changes the level of messages logged (errors are still counted at any level). */
  public static void setLevel(int level) {
    install();
    userLevel = level;
    avutil.av_log_set_level(Math.max(level, AV_LOG_ERROR));
  }

  /** FFmpeg's level for a name as the ffmpeg CLI's {@code -loglevel} spells it; unknown or null: warning. */
  public static int parseLevel(@Nullable String name) {
    if (name == null || name.isBlank()) {
      return AV_LOG_WARNING;
    }
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "quiet": case "off": return AV_LOG_QUIET;
      case "panic": return AV_LOG_PANIC;
      case "fatal": return AV_LOG_FATAL;
      case "error": return AV_LOG_ERROR;
      case "info": return AV_LOG_INFO;
      case "verbose": return AV_LOG_VERBOSE;
      case "debug": return AV_LOG_DEBUG;
      case "trace": return AV_LOG_TRACE;
      default: return AV_LOG_WARNING;
    }
  }

  /** Errors logged on threads with no open scope (FFmpeg's worker threads, probes outside a stage). */
  public static long unattributedErrors() {
    return UNATTRIBUTED.get();
  }

  /** Called for every message FFmpeg logs at or below its level; never throws back into native code. */
  static void message(int level, String text) {
    level &= 0xff;
    if (level <= AV_LOG_ERROR) {
      DecodeErrors scope = CURRENT.get();
      if (scope == null || !scope.add()) {
        UNATTRIBUTED.incrementAndGet();
      }
    }
    if (level > userLevel) {
      return;
    }
    StringBuilder partial = PARTIAL.get();
    if (!text.endsWith("\n")) {
      partial.append(text);
      if (partial.length() < 4096) {
        return;
      }
    } else if (partial.length() > 0) {
      text = partial.append(text).toString();
      partial.setLength(0);
    }
    String line = text.strip();
    if (line.isEmpty()) {
      return;
    }
    if (level <= AV_LOG_ERROR) {
      LOG.error(line);
    } else if (level <= AV_LOG_WARNING) {
      LOG.warn(line);
    } else if (level <= AV_LOG_INFO) {
      LOG.info(line);
    } else if (level <= AV_LOG_VERBOSE) {
      LOG.debug(line);
    } else {
      LOG.trace(line);
    }
  }

  private static final class Callback extends LogCallback {
    Callback() {
      super(); // allocates the native thunk FFmpeg calls
    }

    @Override
    public void call(int level, BytePointer msg) {
      try {
        message(level, msg.getString());
      } catch (Throwable t) {
        // A logging failure must not unwind through FFmpeg's C frames.
      }
    }
  }

  /**
   * Counts the FFmpeg errors logged on this thread (and threads it starts) while open: a stage opens one around its
   * decoding and records {@link #count()} with its result. Scopes nest: an inner scope's errors count in the outer
   * one too. Not thread-safe to close from another thread; counting is.
   */
  public static final class DecodeErrors implements AutoCloseable {
    private final AtomicInteger count = new AtomicInteger();
    private final @Nullable DecodeErrors outer;
    private volatile boolean closed;

    private DecodeErrors(@Nullable DecodeErrors outer) {
      this.outer = outer;
    }

    /** Opens a scope on the calling thread (and installs the log routing, if not yet done). */
    public static DecodeErrors open() {
      install();
      DecodeErrors s = new DecodeErrors(CURRENT.get());
      CURRENT.set(s);
      return s;
    }

    /** Errors counted so far. */
    public int count() {
      return count.get();
    }

    /** Counts one error here and in the enclosing scopes; false when this scope is already closed. */
    boolean add() {
      if (closed) {
        return false;
      }
      for (DecodeErrors s = this; s != null; s = s.outer) {
        if (!s.closed) {
          s.count.incrementAndGet();
        }
      }
      return true;
    }

    @Override
    public void close() {
      closed = true;
      if (CURRENT.get() == this) {
        if (outer != null && !outer.closed) {
          CURRENT.set(outer);
        } else {
          CURRENT.remove();
        }
      }
    }
  }
}
