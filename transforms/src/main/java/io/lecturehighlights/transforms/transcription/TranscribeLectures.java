package io.lecturehighlights.transforms.transcription;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptionChunk;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.media.FfmpegLog;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.common.Retry;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.SpreadOverWorkers;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.GatherJobParts;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.media.AudioLevels;
import io.lecturehighlights.transforms.media.SpeechTrackChooser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Transcribes each validated lecture: exactly one {@link Transcript} or one {@link Failure} (stage
 * {@code transcription}) per input.
 *
 * <ol>
 *   <li>A lecture whose upload event names captions ({@code captionsUri}, SRT or WebVTT) is transcribed from them:
 *       no recognition.
 *   <li>Otherwise its audio (the track chosen at validation, {@link SpeechTrackChooser}) is planned into chunks
 *       cut at quiet points ({@link ChunkPlanner}), one element each, carrying that track's stream index;
 *   <li>the chunks are spread over the workers ({@link SpreadOverWorkers}: in a batch, balanced by audio length),
 *       so the chunks of one long lecture run in parallel;
 *   <li>each chunk is cut to 16 kHz mono WAV on local disk and recognised by the configured {@link SpeechEngine};
 *   <li>the chunks are grouped by job id and stitched in order, with times moved to lecture time. A lecture with
 *       any failed chunk fails as a whole, with that chunk's reason: no partial transcripts.
 * </ol>
 */
public class TranscribeLectures
    extends PTransform<PCollection<ValidatedLecture>, WithFailures.Result<PCollection<Transcript>, Failure>> {

  static final TupleTag<TranscriptionChunk> CHUNKS = new TupleTag<>() {};
  static final TupleTag<Transcript> FROM_CAPTIONS = new TupleTag<>() {};
  static final TupleTag<Transcript> STITCHED = new TupleTag<>() {};
  static final TupleTag<Failure> FAILED = new TupleTag<>() {};

  /** Energy hop used for chunk planning (the silence stage's resolution). */
  static final double PLAN_HOP_SECONDS = 0.01;

  private final TranscriptionConfig config;
  private final List<Integer> workerKeys;

  private TranscribeLectures(TranscriptionConfig config, List<Integer> workerKeys) {
    super("Transcribe lectures");
    this.config = config;
    this.workerKeys = workerKeys;
  }

  public static TranscribeLectures with(TranscriptionConfig config) {
    return new TranscribeLectures(config, List.of());
  }

  /** Balances a batch's chunks over the recognisers by audio length; see {@link SpreadOverWorkers#over}. */
  public TranscribeLectures spreadOver(List<Integer> workerKeys) {
    return new TranscribeLectures(config, workerKeys);
  }

  @Override
  public WithFailures.Result<PCollection<Transcript>, Failure> expand(PCollection<ValidatedLecture> lectures) {
    AvroCoder<TranscriptionChunk> chunkCoder = AvroCoder.of(TranscriptionChunk.class);
    AvroCoder<Transcript> transcriptCoder = AvroCoder.of(Transcript.class);
    AvroCoder<Failure> failureCoder = AvroCoder.of(Failure.class);

    PCollectionTuple planned = lectures.apply("Read captions or plan chunks",
        ParDo.of(new PlanFn(config)).withOutputTags(CHUNKS, TupleTagList.of(FROM_CAPTIONS).and(FAILED)));
    planned.get(CHUNKS).setCoder(chunkCoder);
    planned.get(FROM_CAPTIONS).setCoder(transcriptCoder);
    planned.get(FAILED).setCoder(failureCoder);

    PCollectionTuple stitched = planned.get(CHUNKS)
        .apply("Spread chunks over workers", SpreadOverWorkers.<TranscriptionChunk>byCost(
            c -> c.getJobId() + "#" + c.getIndex(), c -> c.getEndSeconds() - c.getStartSeconds()).over(workerKeys))
        .apply("Recognise speech in chunks", ParDo.of(new TranscribeChunkFn(config))).setCoder(chunkCoder)
        // Counted per job rather than grouped by window: emits as soon as the last chunk is in, in batch and
        // streaming alike, and keeps the lecture's own timestamp for the join downstream.
        .apply("Gather chunks of a lecture", GatherJobParts.of(TranscriptionChunk::getJobId,
            TranscriptionChunk::getCount))
        .apply("Stitch chunks in order",
            ParDo.of(new StitchFn()).withOutputTags(STITCHED, TupleTagList.of(FAILED)));
    stitched.get(STITCHED).setCoder(transcriptCoder);
    stitched.get(FAILED).setCoder(failureCoder);

    PCollection<Transcript> transcripts = PCollectionList.of(planned.get(FROM_CAPTIONS)).and(stitched.get(STITCHED))
        .apply("Merge transcripts", Flatten.pCollections());
    PCollection<Failure> failures = PCollectionList.of(planned.get(FAILED)).and(stitched.get(FAILED))
        .apply("Merge transcription failures", Flatten.pCollections());
    return WithFailures.Result.of(transcripts, failures);
  }

  /** Captions become a transcript here; everything else becomes chunks. */
  static class PlanFn extends DoFn<ValidatedLecture, TranscriptionChunk> {
    private final TranscriptionConfig config;
    private final Counter fromCaptions = Metrics.counter(Stages.METRICS_NAMESPACE, "transcription_from_captions");
    private final Counter chunksPlanned = Metrics.counter(Stages.METRICS_NAMESPACE, "transcription_chunks");
    private final Counter failed = Metrics.counter(Stages.METRICS_NAMESPACE, "failed_transcription");
    private transient Retry retry;

    PlanFn(TranscriptionConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      retry = Retry.defaults();
    }

    @ProcessElement
    public void process(@Element ValidatedLecture lecture, MultiOutputReceiver out) {
      UploadEvent event = lecture.getEvent();
      try {
        if (event.getCaptionsUri() != null) {
          long t0 = System.currentTimeMillis();
          Retry.Outcome<List<TranscriptSegment>> cues = retry.call(() -> readCaptions(event.getCaptionsUri()));
          fromCaptions.inc();
          out.get(FROM_CAPTIONS).output(Transcript.newBuilder()
              .setJobId(event.getJobId())
              .setEngine("captions")
              .setLanguage(null)
              .setSegments(cues.value)
              .setWords(List.of())
              .setAudioSeconds(lecture.getMedia().getDurationSeconds())
              .setProcessingMillis(System.currentTimeMillis() - t0)
              .build());
          return;
        }
        if (TranscriptionConfig.CAPTIONS_ONLY.equals(config.engine())) {
          failed.inc();
          out.get(FAILED).output(Failures.of(event, Stages.TRANSCRIPTION, "no_captions",
              "the transcription engine is captions-only and this lecture has no captions", false, 1));
          return;
        }
        int track = SpeechTrackChooser.chosenStream(lecture.getMedia());
        AudioLevels levels;
        int planErrors;
        try (FfmpegLog.DecodeErrors errors = FfmpegLog.DecodeErrors.open()) {
          levels = retry.call(() -> levels(event.getVideoUri(), track)).value;
          planErrors = errors.count();
        }
        List<ChunkPlanner.Chunk> plan =
            ChunkPlanner.plan(levels, config.effectiveChunkSeconds(), config.chunkSearchSeconds());
        for (ChunkPlanner.Chunk c : plan) {
          out.get(CHUNKS).output(TranscriptionChunk.newBuilder()
              .setJobId(event.getJobId())
              .setEvent(event)
              .setIndex(c.index)
              .setCount(plan.size())
              .setStartSeconds(c.start)
              .setEndSeconds(c.end)
              .setLectureSeconds(levels.durationSeconds())
              .setAudioStreamIndex(track >= 0 ? track : null)
              .setDecodeErrors(c.index == 0 ? planErrors : 0)
              .build());
        }
        chunksPlanned.inc(plan.size());
      } catch (Retry.Exhausted e) {
        failed.inc();
        out.get(FAILED).output(Failures.of(event, Stages.TRANSCRIPTION, e.last, e.attempts));
      } catch (RuntimeException | LinkageError e) {
        failed.inc();
        out.get(FAILED).output(Failures.unexpected(event, Stages.TRANSCRIPTION, e));
      }
    }

    private static AudioLevels levels(String uri, int audioStream) throws StageException {
      try (LocalMediaFile media = LocalMediaFile.open(uri)) {
        return AudioLevelReader.read(media.path(), PLAN_HOP_SECONDS, audioStream);
      } catch (IOException e) {
        throw new StageException("storage_unavailable", "could not read " + uri + ": " + e.getMessage(), true, e);
      }
    }

    static List<TranscriptSegment> readCaptions(String uri) throws StageException {
      byte[] bytes;
      try (LocalMediaFile f = LocalMediaFile.open(uri)) {
        bytes = Files.readAllBytes(f.path());
      } catch (java.nio.file.NoSuchFileException e) {
        throw new StageException("missing_captions", "captions file not found: " + uri);
      } catch (IOException e) {
        throw new StageException("storage_unavailable", "could not read captions " + uri + ": " + e.getMessage(),
            true, e);
      }
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        // Older caption files are often Latin-1; every byte sequence is valid there.
        text = new String(bytes, StandardCharsets.ISO_8859_1);
      }
      return CaptionParser.parse(text);
    }
  }

  /** Cuts one chunk's audio and recognises it; failures travel inside the chunk to the stitcher. */
  static class TranscribeChunkFn extends DoFn<TranscriptionChunk, TranscriptionChunk> {
    private final TranscriptionConfig config;
    private final Counter audioSeconds = Metrics.counter(Stages.METRICS_NAMESPACE, "transcription_audio_seconds");
    private final Counter requests = Metrics.counter(Stages.METRICS_NAMESPACE, "transcription_requests");
    private final Counter retries = Metrics.counter(Stages.METRICS_NAMESPACE, "transcription_retries");
    private final Counter chunkFailures = Metrics.counter(Stages.METRICS_NAMESPACE, "transcription_chunk_failures");
    private final Distribution millis = Metrics.distribution(Stages.METRICS_NAMESPACE, "transcription_chunk_millis");
    private transient SpeechEngine engine;
    private transient StageException engineError;
    private transient Retry retry;

    TranscribeChunkFn(TranscriptionConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      retry = Retry.defaults();
      try {
        engine = SpeechEngines.create(config);
      } catch (StageException e) {
        // e.g. no API key: every chunk fails with this reason instead of the worker crashing.
        engineError = e;
      }
    }

    @Teardown
    public void teardown() {
      if (engine != null) {
        engine.close();
      }
    }

    @ProcessElement
    public void process(@Element TranscriptionChunk chunk, OutputReceiver<TranscriptionChunk> out) {
      long t0 = System.currentTimeMillis();
      TranscriptionChunk.Builder b = TranscriptionChunk.newBuilder(chunk);
      Path wav = null;
      try {
        if (engine == null) {
          throw engineError;
        }
        b.setEngine(engine.name());
        wav = Files.createTempFile("lhx-chunk-", ".wav");
        Path target = wav;
        try (FfmpegLog.DecodeErrors errors = FfmpegLog.DecodeErrors.open()) {
          retry.call(() -> extract(chunk, target));
          b.setDecodeErrors(chunk.getDecodeErrors() + errors.count());
        }
        double seconds = AudioExtractor.wavSeconds(wav);
        SpeechEngine.Result r = engine.transcribe(wav, seconds);
        double end = chunk.getStartSeconds() + Math.max(seconds, chunk.getEndSeconds() - chunk.getStartSeconds());
        b.setSegments(TranscriptStitcher.offsetSegments(r.segments, chunk.getStartSeconds(), end))
            .setWords(TranscriptStitcher.offsetWords(r.words, chunk.getStartSeconds(), end))
            .setLanguage(r.language)
            .setAttempts(r.requests)
            .setRetries(r.retries);
        audioSeconds.inc(Math.round(seconds));
        requests.inc(r.requests);
        retries.inc(r.retries);
      } catch (Retry.Exhausted e) {
        fail(b, e.last, e.attempts);
      } catch (StageException e) {
        fail(b, e, 1);
      } catch (IOException e) {
        fail(b, new StageException("temp_storage_error", "temporary audio: " + e.getMessage(), true, e), 1);
      } catch (RuntimeException | LinkageError e) {
        b.setFailureReason("internal_error").setFailureMessage(Failures.describe(e)).setAttempts(1);
        chunkFailures.inc();
      } finally {
        if (wav != null) {
          try {
            Files.deleteIfExists(wav);
          } catch (IOException ignored) {
            // a stray temp file is harmless
          }
        }
      }
      long elapsed = System.currentTimeMillis() - t0;
      millis.update(elapsed);
      out.output(b.setProcessingMillis(elapsed).build());
    }

    private void fail(TranscriptionChunk.Builder b, StageException e, int attempts) {
      chunkFailures.inc();
      b.setFailureReason(e.reason()).setFailureMessage(e.getMessage()).setFailureRetryable(e.retryable())
          .setAttempts(Math.max(attempts, b.getAttempts()));
    }

    private static Void extract(TranscriptionChunk c, Path wav) throws StageException {
      String uri = c.getEvent().getVideoUri();
      try (LocalMediaFile media = LocalMediaFile.open(uri)) {
        AudioExtractor.extractWav(media.path(), c.getStartSeconds(), c.getEndSeconds(), wav,
            c.getAudioStreamIndex() == null ? -1 : c.getAudioStreamIndex());
        return null;
      } catch (IOException e) {
        throw new StageException("storage_unavailable", "could not read " + uri + ": " + e.getMessage(), true, e);
      }
    }
  }

  /** Joins a lecture's chunks into its transcript, or fails the lecture with its first failed chunk's reason. */
  static class StitchFn extends DoFn<KV<String, Iterable<TranscriptionChunk>>, Transcript> {
    private final Counter failed = Metrics.counter(Stages.METRICS_NAMESPACE, "failed_transcription");
    private final Counter transcribed = Metrics.counter(Stages.METRICS_NAMESPACE, "transcribed_lectures");

    @ProcessElement
    public void process(@Element KV<String, Iterable<TranscriptionChunk>> group, MultiOutputReceiver out) {
      List<TranscriptStitcher.Part> parts = new ArrayList<>();
      TranscriptionChunk first = null;
      String language = null;
      long millis = 0;
      int attempts = 1;
      int requests = 0;
      int retries = 0;
      int decodeErrors = 0;
      for (TranscriptionChunk c : group.getValue()) {
        if (first == null || c.getIndex() < first.getIndex()) {
          first = c;
        }
        if (language == null && c.getLanguage() != null) {
          language = c.getLanguage();
        }
        millis += c.getProcessingMillis();
        attempts = Math.max(attempts, c.getAttempts());
        requests += c.getAttempts();
        retries += c.getRetries();
        decodeErrors += c.getDecodeErrors();
        parts.add(new TranscriptStitcher.Part(c.getIndex(), c.getStartSeconds(), c.getEndSeconds(),
            c.getSegments(), c.getWords(), c.getFailureReason(), c.getFailureMessage()));
      }
      if (first == null) {
        return; // a gathered group is never empty
      }
      try {
        TranscriptStitcher.Stitched s = TranscriptStitcher.stitch(parts, first.getCount());
        transcribed.inc();
        out.get(STITCHED).output(Transcript.newBuilder()
            .setJobId(group.getKey())
            .setEngine(first.getEngine() == null ? "unknown" : first.getEngine())
            .setLanguage(language)
            .setSegments(s.segments)
            .setWords(s.words)
            .setAudioSeconds(first.getLectureSeconds())
            .setProcessingMillis(millis)
            .setChunks(first.getCount())
            .setRequests(requests)
            .setRetries(retries)
            .setDecodeErrors(decodeErrors)
            .build());
      } catch (StageException e) {
        failed.inc();
        boolean retryable = false;
        for (TranscriptionChunk c : group.getValue()) {
          retryable |= c.getFailureReason() != null && c.getFailureRetryable();
        }
        out.get(FAILED).output(Failures.of(first.getEvent(), Stages.TRANSCRIPTION, e.reason(), e.getMessage(),
            retryable, attempts));
      }
    }
  }
}
