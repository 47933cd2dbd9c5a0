package io.lecturehighlights.transforms.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaCacheTest {
  @TempDir Path tmp;

  private static MediaCache.Loader bytes(int n, AtomicInteger calls) {
    return target -> {
      calls.incrementAndGet();
      Files.write(target, new byte[n]);
    };
  }

  @Test
  void downloadsEachObjectOnceForAllLeases() throws Exception {
    MediaCache c = new MediaCache(tmp.resolve("c"), 1000, Duration.ofMinutes(5), Duration.ofSeconds(5));
    AtomicInteger calls = new AtomicInteger();
    try (MediaCache.Lease a = c.acquire("s3://b/a.mp4@100:1", 100, bytes(100, calls));
        MediaCache.Lease b = c.acquire("s3://b/a.mp4@100:1", 100, bytes(100, calls))) {
      assertEquals(a.path(), b.path());
      assertEquals(100, Files.size(a.path()));
      assertTrue(a.path().toString().endsWith(".mp4"), "keeps the extension for FFmpeg: " + a.path());
    }
    assertEquals(1, calls.get());
    assertEquals(1, c.downloads());
  }

  @Test
  void concurrentCallersShareOneDownload() throws Exception {
    MediaCache c = new MediaCache(tmp.resolve("c"), 1000, Duration.ofMinutes(5), Duration.ofSeconds(5));
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    MediaCache.Loader slow = target -> {
      calls.incrementAndGet();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      Files.write(target, new byte[50]);
    };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> paths = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        paths.add(pool.submit(() -> {
          try (MediaCache.Lease l = c.acquire("k.mp4", 50, slow)) {
            return l.path();
          }
        }));
      }
      Thread.sleep(200);
      release.countDown();
      Path first = paths.get(0).get(5, TimeUnit.SECONDS);
      for (Future<Path> p : paths) {
        assertEquals(first, p.get(5, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, calls.get());
  }

  @Test
  void evictsLeastRecentlyUsedUnleasedCopiesToStayWithinBudget() throws Exception {
    MediaCache c = new MediaCache(tmp.resolve("c"), 250, Duration.ofMinutes(5), Duration.ofSeconds(5));
    AtomicInteger calls = new AtomicInteger();
    Path a;
    try (MediaCache.Lease l = c.acquire("a", 100, bytes(100, calls))) {
      a = l.path();
    }
    try (MediaCache.Lease l = c.acquire("b", 100, bytes(100, calls))) {
      // a is unused but kept: there is room.
      assertTrue(Files.exists(a));
    }
    try (MediaCache.Lease l = c.acquire("a", 100, bytes(100, calls))) {
      assertEquals(2, calls.get(), "a was still cached");
    }
    // c needs room: b (least recently used) goes, a (used just now) stays.
    try (MediaCache.Lease l = c.acquire("c", 100, bytes(100, calls))) {
      assertTrue(Files.exists(a));
      assertEquals(200, c.reservedBytes());
    }
    assertEquals(2, c.entryCount());
    try (MediaCache.Lease l = c.acquire("b", 100, bytes(100, calls))) {
      assertEquals(4, calls.get(), "b was evicted and downloaded again");
    }
    try (var files = Files.list(tmp.resolve("c"))) {
      long onDisk = files.mapToLong(p -> p.toFile().length()).sum();
      assertTrue(onDisk <= 250, "disk use within budget: " + onDisk);
    }
  }

  @Test
  void waitsForLeasesToEndWhenEverythingIsInUse() throws Exception {
    MediaCache c = new MediaCache(tmp.resolve("c"), 150, Duration.ofMinutes(5), Duration.ofSeconds(10));
    AtomicInteger calls = new AtomicInteger();
    MediaCache.Lease held = c.acquire("a", 100, bytes(100, calls));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> waiting = pool.submit(() -> {
        try (MediaCache.Lease l = c.acquire("b", 100, bytes(100, calls))) {
          return Files.size(l.path());
        }
      });
      Thread.sleep(300);
      assertFalse(waiting.isDone(), "b must wait: a is in use and both do not fit");
      held.close();
      assertEquals(100L, waiting.get(5, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void givesUpWithAClearErrorWhenNoRoomFreesUp() throws Exception {
    MediaCache c = new MediaCache(tmp.resolve("c"), 150, Duration.ofMinutes(5), Duration.ofMillis(300));
    AtomicInteger calls = new AtomicInteger();
    try (MediaCache.Lease held = c.acquire("a", 100, bytes(100, calls))) {
      IOException e = assertThrows(IOException.class, () -> c.acquire("b", 100, bytes(100, calls)));
      assertTrue(e.getMessage().contains("no room in the media cache"), e.getMessage());
    }
    IOException tooBig = assertThrows(IOException.class, () -> c.acquire("huge", 151, bytes(151, calls)));
    assertTrue(tooBig.getMessage().contains("more than the whole media cache budget"), tooBig.getMessage());
  }

  @Test
  void aFailedDownloadLeavesNothingBehindAndCanBeRetried() throws Exception {
    MediaCache c = new MediaCache(tmp.resolve("c"), 1000, Duration.ofMinutes(5), Duration.ofSeconds(5));
    MediaCache.Loader broken = target -> {
      Files.write(target, new byte[10]);
      throw new IOException("connection reset");
    };
    IOException e = assertThrows(IOException.class, () -> c.acquire("a", 100, broken));
    assertEquals("connection reset", e.getMessage());
    assertEquals(0, c.reservedBytes());
    try (var files = Files.list(tmp.resolve("c"))) {
      assertEquals(0, files.count(), "no partial file left");
    }
    AtomicInteger calls = new AtomicInteger();
    try (MediaCache.Lease l = c.acquire("a", 100, bytes(100, calls))) {
      assertEquals(100, Files.size(l.path()));
    }
  }

  @Test
  void deletesCopiesIdleLongerThanTheIdleTime() throws Exception {
    MediaCache c = new MediaCache(tmp.resolve("c"), 1000, Duration.ofMillis(100), Duration.ofSeconds(5));
    AtomicInteger calls = new AtomicInteger();
    Path a;
    try (MediaCache.Lease l = c.acquire("a", 100, bytes(100, calls))) {
      a = l.path();
    }
    Thread.sleep(250);
    try (MediaCache.Lease l = c.acquire("b", 100, bytes(100, calls))) {
      assertFalse(Files.exists(a), "idle copy deleted");
      assertEquals(100, c.reservedBytes());
    }
  }

  @Test
  void removesFoldersOfJvmsThatEnded() throws Exception {
    Path dead = Files.createDirectories(tmp.resolve(MediaCache.DIR_PREFIX + "999999999"));
    Files.write(dead.resolve("m1.mp4"), new byte[10]);
    Path alive = Files.createDirectories(tmp.resolve(MediaCache.DIR_PREFIX + ProcessHandle.current().pid()));
    MediaCache.deleteAbandoned(tmp);
    assertFalse(Files.exists(dead));
    assertTrue(Files.exists(alive));
  }
}
