package io.lecturehighlights.transforms.media;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of remote media (s3:// and other Beam file systems) shared by every stage in one worker JVM, on a
 * fixed disk budget.
 *
 * <p>Why: FFmpeg needs a seekable local file, and one lecture is opened by validation, silence, transcription,
 * layout and every clip it renders. Copying it per stage would download a 2 GB lecture a dozen times and fill the
 * disk with as many copies as there are elements in flight. Here each object version is downloaded once, used by
 * all stages while they hold a {@link Lease}, and deleted when it has been unused for the idle time or when room
 * is needed for another lecture (least recently used first). The total never exceeds the budget: a download that
 * does not fit waits for leases to end, and a single object larger than the whole budget fails at once.
 *
 * <p>Each JVM has its own folder {@code lhx-media-<pid>} under the temp dir; it is deleted at exit, and folders left
 * by JVMs that died (a killed TaskManager) are deleted by the next one that starts.
 */
public final class MediaCache {
  private static final Logger LOG = LoggerFactory.getLogger(MediaCache.class);
  /** System property, else environment variable {@code LHX_MEDIA_CACHE_GIB}: the budget in GiB. */
  public static final String BUDGET_PROPERTY = "lhx.mediaCacheGib";
  static final String DIR_PREFIX = "lhx-media-";
  private static final long DEFAULT_BUDGET = 16L << 30;
  private static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);
  private static final Duration MAX_WAIT_FOR_ROOM = Duration.ofMinutes(30);

  /** Writes the object to the given path (a fresh file in the cache folder). */
  @FunctionalInterface
  public interface Loader {
    void copyTo(Path target) throws IOException;
  }

  private static volatile MediaCache shared;

  private final Path dir;
  private final long budgetBytes;
  private final Duration idle;
  private final Duration maxWait;
  // Access order: the first unreferenced entry is the least recently used.
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long reservedBytes;
  private long downloads;
  private long fileCounter;

  MediaCache(Path dir, long budgetBytes, Duration idle, Duration maxWait) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.budgetBytes = budgetBytes;
    this.idle = idle;
    this.maxWait = maxWait;
  }

  /** The cache of this JVM, created on first use. */
  public static MediaCache shared() throws IOException {
    MediaCache c = shared;
    if (c == null) {
      synchronized (MediaCache.class) {
        if (shared == null) {
          Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
          deleteAbandoned(tmp);
          Path own = tmp.resolve(DIR_PREFIX + ProcessHandle.current().pid());
          long budget = configuredBudget(tmp);
          shared = new MediaCache(own, budget, DEFAULT_IDLE, MAX_WAIT_FOR_ROOM);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(own), "lhx-media-cache-cleanup"));
          LOG.info("Media cache for remote inputs: {} (budget {} MiB)", own, budget >> 20);
        }
        c = shared;
      }
    }
    return c;
  }

  /** The configured budget, else 16 GiB, but never more than half the free space of the temp disk. */
  static long configuredBudget(Path tmp) {
    String v = System.getProperty(BUDGET_PROPERTY, System.getenv("LHX_MEDIA_CACHE_GIB"));
    if (v != null && !v.isBlank()) {
      return (long) (Double.parseDouble(v.trim()) * (1L << 30));
    }
    try {
      return Math.min(DEFAULT_BUDGET, Files.getFileStore(tmp).getUsableSpace() / 2);
    } catch (IOException e) {
      return DEFAULT_BUDGET;
    }
  }

  /**
   * A local copy of the object {@code key} (which must change when the object does: location, size and
   * modification time), downloading it with {@code loader} unless this JVM already has it. Close the lease when
   * done with the file.
   */
  public Lease acquire(String key, long sizeBytes, Loader loader) throws IOException {
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("unknown size for " + key);
    }
    if (sizeBytes > budgetBytes) {
      throw new IOException(String.format("%s is %.2f GiB, more than the whole media cache budget of %.2f GiB "
          + "(set %s or LHX_MEDIA_CACHE_GIB)", key, gib(sizeBytes), gib(budgetBytes), BUDGET_PROPERTY));
    }
    while (true) {
      Entry e;
      boolean mine = false;
      synchronized (this) {
        evictIdle(System.nanoTime());
        e = entries.get(key);
        if (e == null) {
          makeRoom(key, sizeBytes);
          e = new Entry(key, dir.resolve("m" + (++fileCounter) + extension(key)), sizeBytes);
          entries.put(key, e);
          reservedBytes += sizeBytes;
          mine = true;
        }
        e.refs++;
      }
      if (mine) {
        download(e, loader);
      }
      try {
        e.ready.get();
        return new Lease(e);
      } catch (ExecutionException failed) {
        synchronized (this) {
          e.refs--;
        }
        if (mine) {
          Throwable c = failed.getCause();
          throw c instanceof IOException io ? io : new IOException(c);
        }
        // Another caller's download failed: try again ourselves (it may have been transient).
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        synchronized (this) {
          e.refs--;
        }
        throw new InterruptedIOException("interrupted while waiting for " + key);
      }
    }
  }

  private void download(Entry e, Loader loader) {
    Path partial = e.path.resolveSibling(e.path.getFileName() + ".part");
    try {
      loader.copyTo(partial);
      Files.move(partial, e.path, StandardCopyOption.ATOMIC_MOVE);
      synchronized (this) {
        downloads++;
      }
      e.ready.complete(e.path);
    } catch (IOException | RuntimeException failed) {
      deleteQuietly(partial);
      synchronized (this) {
        entries.remove(e.key);
        reservedBytes -= e.size;
        notifyAll();
      }
      e.ready.completeExceptionally(failed);
    }
  }

  /** Evicts least recently used unreferenced entries, then waits for leases to end, until the size fits. */
  private void makeRoom(String key, long size) throws IOException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (reservedBytes + size > budgetBytes) {
      Optional<Entry> victim = entries.values().stream().filter(x -> x.refs == 0 && x.ready.isDone()).findFirst();
      if (victim.isPresent()) {
        remove(victim.get());
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException(String.format("no room in the media cache for %s (%.2f GiB) after waiting %d min: "
            + "%.2f of %.2f GiB held by lectures in progress", key, gib(size), maxWait.toMinutes(),
            gib(reservedBytes), gib(budgetBytes)));
      }
      try {
        wait(Math.max(1, Math.min(left / 1_000_000, 10_000)));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for room for " + key);
      }
      evictIdle(System.nanoTime());
    }
  }

  private void release(Entry e) {
    synchronized (this) {
      e.refs--;
      e.lastUsedNanos = System.nanoTime();
      evictIdle(e.lastUsedNanos);
      notifyAll();
    }
  }

  private void evictIdle(long now) {
    entries.values().stream()
        .filter(x -> x.refs == 0 && x.ready.isDone() && now - x.lastUsedNanos >= idle.toNanos())
        .toList()
        .forEach(this::remove);
  }

  private void remove(Entry e) {
    entries.remove(e.key);
    reservedBytes -= e.size;
    deleteQuietly(e.path);
  }

  /** Bytes the cache holds or is downloading. */
  public synchronized long reservedBytes() {
    return reservedBytes;
  }

  /** How many objects were downloaded since the cache was created. */
  public synchronized long downloads() {
    return downloads;
  }

  synchronized int entryCount() {
    return entries.size();
  }

  /** A local copy in use: the file stays until the lease is closed. */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public Path path() {
      return entry.path;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(entry);
      }
    }
  }

  private static final class Entry {
    final String key;
    final Path path;
    final long size;
    final CompletableFuture<Path> ready = new CompletableFuture<>();
    int refs;
    long lastUsedNanos = System.nanoTime();

    Entry(String key, Path path, long size) {
      this.key = key;
      this.path = path;
      this.size = size;
    }
  }

  /** Deletes the cache folders of JVMs that are no longer running. */
  static void deleteAbandoned(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
      for (Path d : dirs) {
        String pid = d.getFileName().toString().substring(DIR_PREFIX.length());
        if (pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
            && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
          LOG.info("Deleting the media cache of a JVM that ended: {}", d);
          deleteTree(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not look for abandoned media caches in {}: {}", tmp, e.toString());
    }
  }

  static void deleteTree(Path d) {
    if (!Files.exists(d)) {
      return;
    }
    try (Stream<Path> all = Files.walk(d)) {
      all.sorted(Comparator.reverseOrder()).forEach(MediaCache::deleteQuietly);
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", d, e.toString());
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", p, e.toString());
    }
  }

  private static String extension(String key) {
    int at = key.lastIndexOf('@');
    String uri = at < 0 ? key : key.substring(0, at);
    int slash = uri.lastIndexOf('/');
    int dot = uri.lastIndexOf('.');
    String ext = dot > slash ? uri.substring(dot) : "";
    // FFmpeg picks demuxers partly by extension; keep a plain one, never anything a shell or path could misread.
    return ext.matches("\\.[A-Za-z0-9]{1,8}") ? ext : "";
  }

  private static double gib(long bytes) {
    return bytes / (double) (1L << 30);
  }
}
