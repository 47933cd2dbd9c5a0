package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.validate.RejectionReasons;
import io.lecturehighlights.transforms.validate.UploadValidator;
import io.lecturehighlights.transforms.validate.ValidationConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Validates a remote upload (s3:// or another Beam file system) the way the validate stage does, without downloading
 * it: the first and last {@code window} bytes are copied at their own offsets into a sparse local file of the
 * object's full size, and {@link UploadValidator} runs on that. Container headers live at the start (and for MP4
 * without faststart, the moov box at the end), and validation's truncation check reads only the last seconds, so the
 * verdict and the duration are the ones of the whole file; a container that needs data from the middle to be opened
 * (rare: fragmented files without an index) can read differently, so the probe is retried once with a window eight
 * times larger before it reports a damaged file.
 */
final class HeadTailProbe {
  static final long DEFAULT_WINDOW = 8L << 20;
  private static final Set<String> RETRY_REASONS = Set.of(RejectionReasons.TRUNCATED_FILE,
      RejectionReasons.CORRUPT_CONTAINER, RejectionReasons.INVALID_DURATION, RejectionReasons.NOT_A_VIDEO);

  private final UploadValidator validator;
  private final long window;
  private final Path tmpDir;
  private long bytesRead;

  HeadTailProbe(ValidationConfig config, long window, Path tmpDir) {
    this.validator = new UploadValidator(config);
    this.window = window;
    this.tmpDir = tmpDir;
  }

  /** Bytes read from storage so far. */
  long bytesRead() {
    return bytesRead;
  }

  MediaInfo validate(UploadEvent e) throws StageException {
    String uri = e.getVideoUri();
    UploadValidator.checkSafeName(uri);
    String ext = extension(uri);
    if (!ValidationConfig.SUPPORTED_EXTENSIONS.contains(ext)) {
      // The validator rejects the name before it touches the file: nothing is read.
      return validator.validate(e);
    }
    MatchResult.Metadata m;
    try {
      m = FileSystems.matchSingleFileSpec(uri);
    } catch (FileNotFoundException notFound) {
      throw new StageException(RejectionReasons.MISSING_FILE, "object not found: " + uri);
    } catch (IOException io) {
      throw new StageException(RejectionReasons.STORAGE_UNAVAILABLE, "storage error for " + uri + ": "
          + io.getMessage(), true, io);
    }
    try {
      return validateCopy(e, m, ext, window);
    } catch (StageException first) {
      if (m.sizeBytes() > 2 * window && RETRY_REASONS.contains(first.reason())) {
        return validateCopy(e, m, ext, window * 8);
      }
      throw first;
    }
  }

  private MediaInfo validateCopy(UploadEvent e, MatchResult.Metadata m, String ext, long w) throws StageException {
    Path copy = null;
    try {
      copy = Files.createTempFile(tmpDir, "lhx-probe-", "." + ext);
      copyHeadAndTail(m, copy, w);
      MediaInfo info = validator.validate(UploadEvent.newBuilder(e).setVideoUri(copy.toString()).build());
      return MediaInfo.newBuilder(info).setSizeBytes(m.sizeBytes()).build();
    } catch (IOException io) {
      throw new StageException(RejectionReasons.STORAGE_UNAVAILABLE, "could not read " + e.getVideoUri() + ": "
          + io.getMessage(), true, io);
    } finally {
      if (copy != null) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException ignored) {
          // a temp file left behind
        }
      }
    }
  }

  private void copyHeadAndTail(MatchResult.Metadata m, Path copy, long w) throws IOException {
    long size = m.sizeBytes();
    try (ReadableByteChannel in = FileSystems.open(m.resourceId());
        FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      if (size <= 2 * w || !(in instanceof SeekableByteChannel)) {
        copy(in, out, 0, size);
        return;
      }
      copy(in, out, 0, w);
      ((SeekableByteChannel) in).position(size - w);
      // Written at its own offset: the bytes between stay a hole, and the file has the object's size.
      copy(in, out, size - w, w);
    }
  }

  private void copy(ReadableByteChannel in, FileChannel out, long at, long length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    long left = length;
    long pos = at;
    while (left > 0) {
      buf.clear();
      if (left < buf.capacity()) {
        buf.limit((int) left);
      }
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      buf.flip();
      while (buf.hasRemaining()) {
        pos += out.write(buf, pos);
      }
      left -= n;
      bytesRead += n;
    }
  }

  /** The lower-case extension of the last path segment, as the validator reads it. */
  static String extension(String uri) {
    String name = uri.substring(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1);
    int q = name.indexOf('?');
    if (q >= 0) {
      name = name.substring(0, q);
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
