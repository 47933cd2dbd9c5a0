package io.lecturehighlights.transforms.transcription;

import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.StageException;
import java.nio.file.Path;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A speech recogniser. It is handed one chunk of audio as 16 kHz mono 16-bit PCM WAV and returns segments and
 * (where it can) words, timed from the start of that chunk. Transient errors are retried inside the engine;
 * what it throws fails the chunk, and with it the job.
 */
public interface SpeechEngine extends AutoCloseable {

  /** Engine name as it appears in transcripts, e.g. {@code pocketsphinx} or {@code whisper-api:whisper-1}. */
  String name();

  Result transcribe(Path wav16kMono, double durationSeconds) throws StageException;

  @Override
  default void close() {}

  /** What one chunk gave: times relative to the chunk, plus how many requests and retries it took. */
  final class Result {
    public final List<TranscriptSegment> segments;
    public final List<TranscriptWord> words;
    public final @Nullable String language;
    public final int requests;
    public final int retries;

    public Result(List<TranscriptSegment> segments, List<TranscriptWord> words, @Nullable String language,
        int requests, int retries) {
      this.segments = segments;
      this.words = words;
      this.language = language;
      this.requests = requests;
      this.retries = retries;
    }
  }
}
