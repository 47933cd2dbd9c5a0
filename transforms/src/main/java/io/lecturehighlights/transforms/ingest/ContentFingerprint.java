package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.transforms.media.SingleFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * A cheap content fingerprint for incremental batches: the size plus SHA-256 of the first, middle and last MiB.
 * Re-encoding, trimming or replacing a lecture changes it; reading 3 MiB costs nothing next to decoding the file,
 * where hashing all of a multi-gigabyte upload would.
 */
public final class ContentFingerprint {
  static final int SAMPLE = 1 << 20;

  private ContentFingerprint() {}

  public static String of(String uri) throws IOException {
    MatchResult.Metadata m = SingleFile.metadata(uri);
    long size = m.sizeBytes();
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (ReadableByteChannel ch = FileSystems.open(m.resourceId())) {
      if (size <= 3L * SAMPLE || !(ch instanceof SeekableByteChannel)) {
        digest(ch, sha, size);
      } else {
        SeekableByteChannel s = (SeekableByteChannel) ch;
        for (long offset : new long[] {0, size / 2 - SAMPLE / 2, size - SAMPLE}) {
          s.position(offset);
          digest(s, sha, SAMPLE);
        }
      }
    }
    return "v1:" + size + ":" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
  }

  private static void digest(ReadableByteChannel ch, MessageDigest sha, long limit) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    long left = limit;
    while (left > 0) {
      buf.clear();
      if (left < buf.capacity()) {
        buf.limit((int) left);
      }
      int n = ch.read(buf);
      if (n < 0) {
        break;
      }
      buf.flip();
      sha.update(buf);
      left -= n;
    }
  }
}
