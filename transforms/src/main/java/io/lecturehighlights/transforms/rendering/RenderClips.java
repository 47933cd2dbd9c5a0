package io.lecturehighlights.transforms.rendering;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.ClipTask;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Highlight;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.media.FfmpegLog;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.common.SpreadOverWorkers;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.jobs.GatherJobParts;
import io.lecturehighlights.transforms.common.OutputFiles;
import io.lecturehighlights.transforms.media.SpeechTrackChooser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rendering: each lecture's highlights become clips ({@code <out>/<jobId>/clips/clip-NN.mp4}, {@code .jpg},
 * {@code .vtt} for the first format, {@code clip-NN-<format>.*} for the others), every format of a highlight from one
 * decode of its source. One element per clip, spread over the workers, so a heavy render never holds a whole lecture
 * (nor a Flink checkpoint) and the clips of one long lecture render in parallel. A lecture's clips are gathered
 * again by count ({@link GatherJobParts}) as soon as the last one is done.
 *
 * <p>Outputs: {@link #CLIPS}, each clip (one per format) as it is rendered; {@link #FINISHED}, each lecture once all its clips
 * are in, with {@code clips} filled in. A clip that fails is named in the lecture's notes; a lecture whose
 * clips all fail is failed at stage {@code rendering} with the first clip's reason.
 */
public class RenderClips extends PTransform<PCollection<LectureAnalysis>, PCollectionTuple> {
  public static final TupleTag<Clip> CLIPS = new TupleTag<>() {};
  public static final TupleTag<LectureAnalysis> FINISHED = new TupleTag<>() {};
  static final TupleTag<ClipTask> TASKS = new TupleTag<>() {};

  /** Subtitles need the words of the clip's span; a little margin keeps words that straddle its edges. */
  private static final double WORD_MARGIN_SECONDS = 1.0;

  private final RenderConfig config;
  private final String outputDir;
  private final List<Integer> workerKeys;

  private RenderClips(RenderConfig config, String outputDir, List<Integer> workerKeys) {
    super("Render clips");
    this.config = config;
    this.outputDir = outputDir;
    this.workerKeys = workerKeys;
  }

  public static RenderClips to(String outputDir, RenderConfig config) {
    return new RenderClips(config, outputDir, List.of());
  }

  /** Balances a batch's clips over the renderers by clip length; see {@link SpreadOverWorkers#over}. */
  public RenderClips spreadOver(List<Integer> workerKeys) {
    return new RenderClips(config, outputDir, workerKeys);
  }

  @Override
  public PCollectionTuple expand(PCollection<LectureAnalysis> lectures) {
    AvroCoder<ClipTask> taskCoder = AvroCoder.of(ClipTask.class);
    PCollectionTuple rendered = lectures
        .apply("Plan one render per clip", ParDo.of(new PlanFn())).setCoder(taskCoder)
        .apply("Spread clips over workers", SpreadOverWorkers.byCost(RenderClips::partName, RenderClips::renderCost)
            .over(workerKeys))
        .apply("Render clip", ParDo.of(new RenderFn(config, outputDir))
            .withOutputTags(TASKS, TupleTagList.of(CLIPS)));
    rendered.get(CLIPS).setCoder(AvroCoder.of(Clip.class));
    PCollection<LectureAnalysis> finished = rendered.get(TASKS).setCoder(taskCoder)
        .apply("Gather clips of a lecture", GatherJobParts.of(ClipTask::getJobId, ClipTask::getCount))
        .apply("Attach clips to their lecture", ParDo.of(new FinishFn()))
        .setCoder(AvroCoder.of(LectureAnalysis.class));
    return PCollectionTuple.of(CLIPS, rendered.get(CLIPS)).and(FINISHED, finished);
  }

  static String partName(ClipTask task) {
    return task.getJobId() + "#" + task.getIndex();
  }

  /** Rendering time follows the clip's length; the header part costs next to nothing. */
  static double renderCost(ClipTask task) {
    Highlight h = task.getHighlight();
    return h == null ? 0 : h.getEnd() - h.getStart();
  }

  /** The lecture itself travels as part 0 (the header); parts 1..n are its clips. */
  static class PlanFn extends DoFn<LectureAnalysis, ClipTask> {
    @ProcessElement
    public void process(@Element LectureAnalysis a, OutputReceiver<ClipTask> out) {
      List<Highlight> highlights = a.getHighlights() == null ? List.of() : a.getHighlights().getHighlights();
      int count = highlights.size() + 1;
      UploadEvent event = a.getLecture().getEvent();
      out.output(ClipTask.newBuilder().setJobId(a.getJobId()).setIndex(0).setCount(count).setEvent(event)
          .setAnalysis(a).build());
      Transcript t = a.getTranscript();
      for (Highlight h : highlights) {
        double from = h.getStart() - WORD_MARGIN_SECONDS;
        double to = h.getEnd() + WORD_MARGIN_SECONDS;
        List<TranscriptWord> words = new ArrayList<>();
        List<TranscriptSegment> segments = new ArrayList<>();
        if (t != null) {
          t.getWords().stream().filter(w -> w.getEnd() > from && w.getStart() < to).forEach(words::add);
          t.getSegments().stream().filter(s -> s.getEnd() > from && s.getStart() < to).forEach(segments::add);
        }
        int track = SpeechTrackChooser.chosenStream(a.getLecture().getMedia());
        out.output(ClipTask.newBuilder().setJobId(a.getJobId()).setIndex(h.getIndex()).setCount(count)
            .setHighlight(h).setEvent(event).setLayout(a.getLayout()).setWords(words).setSegments(segments)
            .setAudioStreamIndex(track >= 0 ? track : null)
            .build());
      }
    }
  }

  static class RenderFn extends DoFn<ClipTask, ClipTask> {
    private static final Logger LOG = LoggerFactory.getLogger(RenderClips.class);
    private final RenderConfig config;
    private final String outputDir;
    private final Counter clipsRendered = Metrics.counter(Stages.METRICS_NAMESPACE, "clips_rendered");
    private final Counter clipsFailed = Metrics.counter(Stages.METRICS_NAMESPACE, "clips_failed");
    private final Counter clipMillis = Metrics.counter(Stages.METRICS_NAMESPACE, "clip_media_millis");
    private final Distribution renderMillis = Metrics.distribution(Stages.METRICS_NAMESPACE, "rendering_millis");
    /**
     * Render subtasks set up in this JVM (per job: a job's classes have their own class loader on a session
     * cluster): the worker's slots running this stage, which share its cores.
     */
    private static final AtomicInteger RENDERERS = new AtomicInteger();
    private transient boolean counted;

    RenderFn(RenderConfig config, String outputDir) {
      this.config = config;
      this.outputDir = outputDir;
    }

    @Setup
    public void setup() {
      RENDERERS.incrementAndGet();
      counted = true;
    }

    @Teardown
    public void teardown() {
      if (counted) {
        RENDERERS.decrementAndGet();
        counted = false;
      }
    }

    static int renderersSetUp() {
      return RENDERERS.get();
    }

    /** Codec threads for the next render, from the renders set up on this worker now. */
    int threads() {
      return RenderConfig.threadsPerRender(config.threads(), Runtime.getRuntime().availableProcessors(),
          RENDERERS.get());
    }

    @ProcessElement
    public void process(@Element ClipTask task, MultiOutputReceiver out) {
      if (task.getHighlight() == null) {
        out.get(TASKS).output(task); // the header part
        return;
      }
      Path work = null;
      try (LocalMediaFile source = LocalMediaFile.open(task.getEvent().getVideoUri())) {
        work = Files.createTempDirectory("lhx-render-");
        Transcript words = Transcript.newBuilder().setJobId(task.getJobId()).setEngine("clip")
            .setSegments(task.getSegments()).setWords(task.getWords()).build();
        ClipRenderer renderer = new ClipRenderer(config.withThreads(threads()))
            .audioStream(task.getAudioStreamIndex() == null ? -1 : task.getAudioStreamIndex())
            .highlightTitle(task.getHighlight().getTitle());
        List<Clip> local;
        int decodeErrors;
        // Counts what the decode thread logs too: it is started inside this scope and inherits it.
        try (FfmpegLog.DecodeErrors errors = FfmpegLog.DecodeErrors.open()) {
          // Every format from one decode of the source.
          local = renderer.renderAll(task.getJobId(), source.path(), task.getHighlight().getKeep(),
              task.getLayout(), words, work, task.getIndex());
          decodeErrors = errors.count();
        }
        List<Clip> clips = new ArrayList<>();
        for (Clip c : local) {
          // One decode for all formats: its errors are counted once, on the first format's clip.
          Clip clip = publish(task.getJobId(), Clip.newBuilder(c).setDecodeErrors(clips.isEmpty() ? decodeErrors : 0)
              .build(), work);
          clips.add(clip);
          out.get(CLIPS).output(clip);
        }
        clipsRendered.inc();
        clipMillis.inc(Math.round(clips.get(0).getDurationSeconds() * 1000));
        renderMillis.update(clips.get(0).getRenderMillis());
        out.get(TASKS).output(ClipTask.newBuilder(task).setClips(clips).setWords(List.of()).setSegments(List.of())
            .build());
      } catch (StageException e) {
        fail(task, Failures.of(task.getEvent(), Stages.RENDERING, e, 1), out);
      } catch (IOException e) {
        // The output folder or the source could not be read or written: worth another attempt by the runner.
        throw new java.io.UncheckedIOException("clip " + task.getIndex() + " of " + task.getJobId(), e);
      } catch (RuntimeException e) {
        LOG.error("{}: clip {} failed unexpectedly", task.getJobId(), task.getIndex(), e);
        fail(task, Failures.unexpected(task.getEvent(), Stages.RENDERING, e), out);
      } finally {
        deleteQuietly(work);
      }
    }

    private void fail(ClipTask task, Failure f, MultiOutputReceiver out) {
      clipsFailed.inc();
      LOG.warn("{}: clip {} failed: {} ({})", task.getJobId(), task.getIndex(), f.getMessage(), f.getReason());
      out.get(TASKS).output(ClipTask.newBuilder(task).setFailure(f).setWords(List.of()).setSegments(List.of())
          .build());
    }

    /** Copies the clip's files into the job's output folder and points the record at them. */
    private Clip publish(String jobId, Clip local, Path work) throws IOException {
      Clip.Builder b = Clip.newBuilder(local);
      b.setVideoUri(copy(jobId, Path.of(local.getVideoUri()), "video/mp4"));
      if (local.getThumbnailUri() != null) {
        b.setThumbnailUri(copy(jobId, Path.of(local.getThumbnailUri()), "image/jpeg"));
      }
      if (local.getSubtitlesUri() != null) {
        b.setSubtitlesUri(copy(jobId, Path.of(local.getSubtitlesUri()), "text/vtt"));
      }
      return b.build();
    }

    private String copy(String jobId, Path file, String mime) throws IOException {
      return OutputFiles.copy(outputDir, jobId, "clips", file.getFileName().toString(), file, mime).toString();
    }

    private static void deleteQuietly(Path dir) {
      if (dir == null) {
        return;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        LOG.warn("could not delete {}", dir, e);
      }
    }
  }

  /** Puts a lecture back together with its clips, in index order. */
  static class FinishFn extends DoFn<KV<String, Iterable<ClipTask>>, LectureAnalysis> {
    private static final Logger LOG = LoggerFactory.getLogger(RenderClips.class);
    private final Counter missingHeader = Metrics.counter(Stages.METRICS_NAMESPACE, "render_gather_errors");

    @ProcessElement
    public void process(@Element KV<String, Iterable<ClipTask>> parts, OutputReceiver<LectureAnalysis> out) {
      LectureAnalysis header = null;
      List<ClipTask> clips = new ArrayList<>();
      for (ClipTask t : parts.getValue()) {
        if (t.getAnalysis() != null) {
          header = t.getAnalysis();
        } else {
          clips.add(t);
        }
      }
      if (header == null) {
        // The header is one of the counted parts, so this would be a planning bug: say so loudly, never silently.
        missingHeader.inc();
        LOG.error("{}: its clips were gathered without the lecture record; the job has no outcome",
            parts.getKey());
        return;
      }
      clips.sort(Comparator.comparingInt(ClipTask::getIndex));
      List<Clip> done = new ArrayList<>();
      List<String> notes = new ArrayList<>(header.getNotes());
      Failure firstFailure = null;
      long millis = 0;
      for (ClipTask t : clips) {
        if (!t.getClips().isEmpty()) {
          done.addAll(t.getClips());
          // The formats of a clip render together: the render time is the one of them all.
          millis += t.getClips().get(0).getRenderMillis();
        } else if (t.getFailure() != null) {
          notes.add("clip " + t.getIndex() + ": " + t.getFailure().getReason() + " (" + t.getFailure().getMessage()
              + ")");
          if (firstFailure == null) {
            firstFailure = t.getFailure();
          }
        }
      }
      Map<String, Long> stageMillis = new LinkedHashMap<>(header.getStageMillis());
      stageMillis.put(Stages.RENDERING, millis);
      LectureAnalysis.Builder b = LectureAnalysis.newBuilder(header).setClips(done).setNotes(notes)
          .setStageMillis(stageMillis);
      if (done.isEmpty() && firstFailure != null) {
        b.setFailure(firstFailure);
      }
      out.output(b.build());
    }
  }
}
