package io.lecturehighlights.transforms.common;

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
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A media file as a local path, which is what FFmpeg wants. Local inputs are used in place; remote ones
 * (s3:// and other Beam file systems) are streamed to a temporary file that {@link #close()} deletes, so
 * temporary disk is released even when the stage fails.
 */
public final class LocalMediaFile implements AutoCloseable {
  private final Path path;
  private final boolean temporary;

  private LocalMediaFile(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
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
      return new LocalMediaFile(localPath(uri), false);
    }
    ResourceId id = FileSystems.matchNewResource(uri, false);
    String name = id.getFilename() == null ? "media" : id.getFilename();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
    Path tmp = Files.createTempFile("lhx-media-", ext);
    try (ReadableByteChannel ch = FileSystems.open(id);
        InputStream in = Channels.newInputStream(ch)) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return new LocalMediaFile(tmp, true);
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (temporary) {
      Files.deleteIfExists(path);
    }
  }
}
