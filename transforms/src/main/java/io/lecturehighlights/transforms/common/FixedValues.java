package io.lecturehighlights.transforms.common;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A few fixed values as a bounded source, in place of {@code Create.of}. On Flink, Create is an Impulse, and the
 * batch job graph names every Impulse's vertex "DataSource (at Impulse …)"; a source read is named after the
 * transform that reads it, so the dashboard shows the stage ("DataSource (at Read upload events/Manifest …").
 */
public final class FixedValues {
  private FixedValues() {}

  public static <T> Read.Bounded<T> of(Coder<T> coder, List<T> values) {
    List<byte[]> encoded = new ArrayList<>();
    for (T v : values) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try {
        coder.encode(v, b);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot encode " + v, e);
      }
      encoded.add(b.toByteArray());
    }
    return Read.from(new Source<>(coder, encoded));
  }

  /** One split holding every value: there are only a few. */
  static final class Source<T> extends BoundedSource<T> {
    private final Coder<T> coder;
    private final List<byte[]> encoded;

    Source(Coder<T> coder, List<byte[]> encoded) {
      this.coder = coder;
      this.encoded = encoded;
    }

    @Override
    public List<? extends BoundedSource<T>> split(long desiredBundleSizeBytes, PipelineOptions options) {
      return List.of(this);
    }

    @Override
    public long getEstimatedSizeBytes(PipelineOptions options) {
      return encoded.stream().mapToLong(b -> b.length).sum();
    }

    @Override
    public Coder<T> getOutputCoder() {
      return coder;
    }

    @Override
    public BoundedReader<T> createReader(PipelineOptions options) {
      return new BoundedReader<>() {
        private final Iterator<byte[]> it = encoded.iterator();
        private T current;

        @Override
        public boolean start() throws IOException {
          return advance();
        }

        @Override
        public boolean advance() throws IOException {
          if (!it.hasNext()) {
            return false;
          }
          current = coder.decode(new ByteArrayInputStream(it.next()));
          return true;
        }

        @Override
        public T getCurrent() {
          if (current == null) {
            throw new NoSuchElementException();
          }
          return current;
        }

        @Override
        public void close() {}

        @Override
        public BoundedSource<T> getCurrentSource() {
          return Source.this;
        }
      };
    }
  }
}
