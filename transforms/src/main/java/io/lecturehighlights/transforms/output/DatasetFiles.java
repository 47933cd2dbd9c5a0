package io.lecturehighlights.transforms.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;

/**
 * The files of the Avro datasets and failures.jsonl, written by one grouped write for all of them instead of one
 * Beam file sink each (a sink is a dozen vertices in Flink's job graph). Records travel as (file, encoded bytes):
 * an Avro record as its binary datum, appended unchanged to the dataset's container file; a failures.jsonl line
 * as its UTF-8 text. The files are what AvroIO and TextIO wrote: the same names (batch:
 * {@code datasets/<name>/part-00000-of-00001.avro} and {@code failures.jsonl}; streaming, per flush:
 * {@code part-GlobalWindow-pane-<n>-00000-of-00001.avro}, {@code failures-GlobalWindow-pane-<n>-…jsonl}) and
 * AvroIO's snappy codec.
 */
final class DatasetFiles {
  /** The key of failures.jsonl's lines; every other key is a dataset's name. */
  static final String FAILURES_JSONL = "failures.jsonl";
  /** A seed record (batch): no content, only makes sure its file exists, empty, as the file sinks did. */
  static final byte[] SEED = new byte[0];

  private DatasetFiles() {}

  /** Encodes records as Avro binary datums; one per DoFn instance (not thread-safe, not serialized). */
  static final class Encoder<T extends SpecificRecord> {
    private SpecificDatumWriter<T> writer;
    private BinaryEncoder encoder;

    byte[] encode(T record) throws IOException {
      if (writer == null) {
        writer = new SpecificDatumWriter<>(record.getSchema());
      }
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      encoder = EncoderFactory.get().binaryEncoder(b, encoder);
      writer.write(record, encoder);
      encoder.flush();
      return b.toByteArray();
    }
  }

  /** A dataset record as its Avro binary datum. */
  static class EncodeFn<T extends SpecificRecord> extends DoFn<T, KV<String, byte[]>> {
    private final String dataset;
    private transient Encoder<T> encoder;

    EncodeFn(String dataset) {
      this.dataset = dataset;
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<KV<String, byte[]>> out) throws IOException {
      if (encoder == null) {
        encoder = new Encoder<>();
      }
      out.output(KV.of(dataset, encoder.encode(record)));
    }
  }

  /** Writes each file's records, under a temporary name that is then renamed, so readers never see half a file. */
  static class WriteFileFn extends DoFn<KV<String, Iterable<byte[]>>, Void> {
    private final String outputDir;
    private final Map<String, String> schemas;
    private final boolean perPane;

    /** {@code schemas}: each dataset's Avro schema (JSON); {@code perPane}: streaming, a file per flush. */
    WriteFileFn(String outputDir, Map<String, String> schemas, boolean perPane) {
      this.outputDir = outputDir;
      this.schemas = schemas;
      this.perPane = perPane;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> file, PaneInfo pane) throws IOException {
      String key = file.getKey();
      boolean text = key.equals(FAILURES_JSONL);
      ResourceId dir = FileSystems.matchNewResource(outputDir, true);
      if (!text) {
        dir = dir.resolve("datasets", StandardResolveOptions.RESOLVE_DIRECTORY)
            .resolve(key, StandardResolveOptions.RESOLVE_DIRECTORY);
      }
      String name = fileName(text ? "failures" : "part", text ? ".jsonl" : ".avro", perPane ? pane : null);
      ResourceId target = dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
      ResourceId temp = dir.resolve("." + name + ".inprogress", StandardResolveOptions.RESOLVE_FILE);
      OutputStream os = Channels.newOutputStream(FileSystems.create(temp, text ? MimeTypes.TEXT : MimeTypes.BINARY));
      if (text) {
        try (os) {
          for (byte[] line : file.getValue()) {
            if (line.length > 0) {
              os.write(line);
              os.write('\n');
            }
          }
        }
      } else {
        Schema schema = new Schema.Parser().parse(schemas.get(key));
        // Closing the writer closes the stream.
        try (DataFileWriter<Object> w = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
          w.setCodec(CodecFactory.snappyCodec());
          w.create(schema, os);
          for (byte[] datum : file.getValue()) {
            if (datum.length > 0) {
              w.appendEncoded(ByteBuffer.wrap(datum));
            }
          }
        }
      }
      FileSystems.rename(List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    }

    /** As Beam's DefaultFilenamePolicy names a single shard: unwindowed, or per pane of the global window. */
    static String fileName(String prefix, String suffix, PaneInfo pane) {
      if (pane == null) {
        return prefix.equals("failures") ? prefix + suffix : prefix + "-00000-of-00001" + suffix;
      }
      String p = "pane-" + pane.getIndex();
      if (pane.getTiming() == PaneInfo.Timing.LATE) {
        p += "-late";
      }
      if (pane.isLast()) {
        p += "-last";
      }
      return prefix + "-GlobalWindow-" + p + "-00000-of-00001" + suffix;
    }
  }
}
