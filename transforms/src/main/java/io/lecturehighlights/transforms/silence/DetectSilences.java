package io.lecturehighlights.transforms.silence;

import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.media.SpeechTrackChooser;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.TimeRange;
import io.lecturehighlights.schemas.ValidatedLecture;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.media.FfmpegLog;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.common.Retry;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.Stages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Decodes each lecture's audio (the track chosen at validation) and finds its silent regions
 * ({@link SilenceDetector}); FFmpeg errors logged while decoding are counted into the result.
 */
public class DetectSilences
    extends PTransform<PCollection<ValidatedLecture>, WithFailures.Result<PCollection<SilenceResult>, Failure>> {

  static final TupleTag<SilenceResult> RESULTS = new TupleTag<>() {};
  static final TupleTag<Failure> FAILED = new TupleTag<>() {};

  private final SilenceConfig config;

  private DetectSilences(SilenceConfig config) {
    super("Detect silences");
    this.config = config;
  }

  public static DetectSilences with(SilenceConfig config) {
    return new DetectSilences(config);
  }

  @Override
  public WithFailures.Result<PCollection<SilenceResult>, Failure> expand(PCollection<ValidatedLecture> lectures) {
    PCollectionTuple out = lectures.apply("Measure loudness and find silences",
        ParDo.of(new DetectFn(config)).withOutputTags(RESULTS, TupleTagList.of(FAILED)));
    return WithFailures.Result.of(out.get(RESULTS), out.get(FAILED));
  }

  static class DetectFn extends DoFn<ValidatedLecture, SilenceResult> {
    private final SilenceConfig config;
    private final Counter mediaSeconds = Metrics.counter(Stages.METRICS_NAMESPACE, "silence_media_seconds");
    private final Counter failed = Metrics.counter(Stages.METRICS_NAMESPACE, "failed_silence");
    private final Distribution millis = Metrics.distribution(Stages.METRICS_NAMESPACE, "silence_millis");
    private transient SilenceDetector detector;
    private transient Retry retry;

    DetectFn(SilenceConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      detector = new SilenceDetector(config);
      retry = Retry.defaults();
    }

    @ProcessElement
    public void process(@Element ValidatedLecture lecture, MultiOutputReceiver out) {
      long start = System.currentTimeMillis();
      try {
        int track = SpeechTrackChooser.chosenStream(lecture.getMedia());
        SilenceDetector.Analysis a;
        int decodeErrors;
        try (FfmpegLog.DecodeErrors errors = FfmpegLog.DecodeErrors.open()) {
          a = retry.call(() -> analyse(lecture.getEvent().getVideoUri(), track)).value;
          decodeErrors = errors.count();
        }
        long elapsed = System.currentTimeMillis() - start;
        mediaSeconds.inc(Math.round(a.durationSeconds));
        millis.update(elapsed);
        out.get(RESULTS).output(toRecord(lecture.getEvent().getJobId(), a, elapsed, decodeErrors));
      } catch (Retry.Exhausted e) {
        failed.inc();
        out.get(FAILED).output(Failures.of(lecture.getEvent(), Stages.SILENCE, e.last, e.attempts));
      } catch (RuntimeException | LinkageError e) {
        failed.inc();
        out.get(FAILED).output(Failures.unexpected(lecture.getEvent(), Stages.SILENCE, e));
      }
    }

    private SilenceDetector.Analysis analyse(String uri, int audioStream) throws StageException {
      try (LocalMediaFile media = LocalMediaFile.open(uri)) {
        return detector.detect(AudioLevelReader.read(media.path(), config.hopSeconds(), audioStream));
      } catch (IOException e) {
        throw new StageException("storage_unavailable", "could not read " + uri + ": " + e.getMessage(), true, e);
      }
    }

    private SilenceResult toRecord(String jobId, SilenceDetector.Analysis a, long elapsed, int decodeErrors) {
      List<TimeRange> regions = new ArrayList<>(a.silences.size());
      for (SilenceDetector.Region r : a.silences) {
        regions.add(new TimeRange(Json.seconds(r.start), Json.seconds(r.end)));
      }
      List<Float> envelope = new ArrayList<>(a.envelopeDb.length);
      for (float v : a.envelopeDb) {
        envelope.add(Math.round(v * 10f) / 10f);
      }
      return SilenceResult.newBuilder()
          .setJobId(jobId)
          .setSilences(regions)
          .setDurationSeconds(Json.seconds(a.durationSeconds))
          .setNoiseFloorDb(round1(a.noiseFloorDb))
          .setSpeechLevelDb(round1(a.speechLevelDb))
          .setMeanLoudnessDb(round1(a.meanLoudnessDb))
          .setThresholdDb(round1(a.thresholdDb))
          .setSpeechRatio(Math.round(a.speechRatio * 1000) / 1000.0)
          .setEnvelopeHopSeconds(config.envelopeHopSeconds())
          .setLoudnessEnvelopeDb(envelope)
          .setDetector(config.describe())
          .setProcessingMillis(elapsed)
          .setDecodeErrors(decodeErrors)
          .build();
    }

    private static double round1(double v) {
      return Math.round(v * 10) / 10.0;
    }
  }
}
