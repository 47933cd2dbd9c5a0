package io.lecturehighlights.transforms.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Writes a file of a job's output folder ({@code <out>/<jobId>/<name>}) through Beam's FileSystems, so the same
 * code writes to local disk and to S3. The file is written under a temporary name and renamed, so readers (the
 * progress display, a person) never see half a file.
 */
public final class OutputFiles {
  private OutputFiles() {}

  public static ResourceId jobFile(String outputDir, String jobId, String name) {
    return FileSystems.matchNewResource(outputDir, true)
        .resolve(jobId, StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  public static void write(String outputDir, String jobId, String name, byte[] content, String mimeType)
      throws IOException {
    ResourceId target = jobFile(outputDir, jobId, name);
    // The temporary file goes beside the target ("slides/.slide-01.jpg.inprogress"), not into a ".slides" folder that
    // the rename would leave behind.
    int slash = name.lastIndexOf('/');
    ResourceId temp = jobFile(outputDir, jobId,
        name.substring(0, slash + 1) + "." + name.substring(slash + 1) + ".inprogress");
    try (WritableByteChannel ch = FileSystems.create(temp, mimeType)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
    FileSystems.rename(List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /**
   * Copies a local file into {@code <out>/<jobId>/<folder>/<name>} (streamed, under a temporary name, then
   * renamed) and returns where it landed.
   */
  public static ResourceId copy(String outputDir, String jobId, String folder, String name, Path local,
      String mimeType) throws IOException {
    ResourceId dir = FileSystems.matchNewResource(outputDir, true)
        .resolve(jobId, StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(folder, StandardResolveOptions.RESOLVE_DIRECTORY);
    ResourceId target = dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
    ResourceId temp = dir.resolve("." + name + ".inprogress", StandardResolveOptions.RESOLVE_FILE);
    try (WritableByteChannel ch = FileSystems.create(temp, mimeType);
        FileChannel in = FileChannel.open(local, StandardOpenOption.READ)) {
      long size = in.size();
      long done = 0;
      while (done < size) {
        done += in.transferTo(done, size - done, ch);
      }
    }
    FileSystems.rename(List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    return target;
  }

  public static void writeJson(String outputDir, String jobId, String name, byte[] json) throws IOException {
    write(outputDir, jobId, name, json, MimeTypes.TEXT);
  }
}
