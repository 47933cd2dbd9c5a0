package io.lecturehighlights.transforms.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A media file as a local path, which is what FFmpeg wants. Local inputs are used in place; remote ones
 * (s3:// and other Beam file systems) are streamed (constant memory) into this JVM's {@link MediaCache}, which
 * downloads each object version once for all stages and keeps temporary disk within its budget. Close it when
 * done, also on failure (try-with-resources), so the copy can be reclaimed.
 */
public final class LocalMediaFile implements AutoCloseable {
  private final Path path;
  private final MediaCache.Lease lease;

  private LocalMediaFile(Path path, MediaCache.Lease lease) {
    this.path = path;
    this.lease = lease;
  }

  public static boolean isLocal(String uri) {
    return !uri.contains("://") || uri.startsWith("file://");
  }

  /** The local path of a local URI (plain path or file://), without touching the file. */
  public static Path localPath(String uri) {
    return uri.startsWith("file://") ? Paths.get(URI.create(uri)) : Paths.get(uri);
  }

  public static LocalMediaFile open(String uri) throws IOException {
    if (isLocal(uri)) {
      return new LocalMediaFile(localPath(uri), null);
    }
    MatchResult.Metadata m = SingleFile.metadata(uri);
    ResourceId id = m.resourceId();
    // The key changes when the object does, so a new upload over the same key is downloaded again.
    String key = uri + "@" + m.sizeBytes() + ":" + m.lastModifiedMillis();
    MediaCache.Lease lease = MediaCache.shared().acquire(key, m.sizeBytes(), target -> {
      try (ReadableByteChannel ch = FileSystems.open(id);
          InputStream in = Channels.newInputStream(ch)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    });
    return new LocalMediaFile(lease.path(), lease);
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    if (lease != null) {
      lease.close();
    }
  }
}
