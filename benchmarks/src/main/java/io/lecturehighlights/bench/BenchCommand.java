package io.lecturehighlights.bench;

import io.lecturehighlights.pipeline.cli.LhxEnvironment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.lecturehighlights.transforms.transcription.TranscriptionConfig;
import java.nio.file.Files;
import io.lecturehighlights.transforms.db.JobRepository;
import io.lecturehighlights.transforms.db.Migrations;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that measure the project's speed and accuracy targets (figures go in docs/benchmarks.md).",
    subcommands = {BenchCommand.Silence.class, BenchCommand.Layout.class, BenchCommand.Transcription.class,
        BenchCommand.Segmentation.class, BenchCommand.Render.class, BenchCommand.EndToEnd.class,
        BenchScalingCommand.class, BenchCommand.Media.class, BenchCommand.Ocr.class, BenchCommand.Slides.class,
        BenchCommand.Search.class, BenchCommand.SearchScale.class, BenchCommand.Serve.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "silence",
      mixinStandardHelpOptions = true,
      description = {
        "Silence detection speed (one thread) next to ffmpeg's silencedetect on the same file, and accuracy against",
        "the synthetic lectures' ground truth. Without --input, a 10-minute 720p H.264/AAC lecture is built from",
        "testdata/lectures/lecture-clean.mp4."
      })
  static final class Silence implements Callable<Integer> {
    @Mixin BenchLecture lecture = new BenchLecture();

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per side; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
      Path media = lecture.lecture("silence");
      return media == null ? 2 : new SilenceBenchmark(System.out).run(media, lecture.testdata(), runs);
    }
  }

  @Command(
      name = "layout",
      mixinStandardHelpOptions = true,
      description = {
        "Layout detection speed (one thread) next to ffmpeg's scene detection on the same file, and accuracy: region",
        "IoU and slide-change precision/recall on the synthetic lectures, on real composites built from",
        "../shared/testmedia (Opencast camera + slides) and on the ETH lecture clips. Without --input, a 10-minute",
        "720p H.264/AAC lecture is built from testdata/lectures/lecture-clean.mp4."
      })
  static final class Layout implements Callable<Integer> {
    @Mixin BenchLecture lecture = new BenchLecture();

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs per side; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--shared-media", description = "Real test media (default: ../shared/testmedia beside the project).")
    Path sharedMedia;

    @Override
    public Integer call() throws Exception {
      Path media = lecture.lecture("layout");
      if (media == null) {
        return 2;
      }
      java.util.List<Double> truth = lecture.builtFromFixtures()
          ? LayoutBenchmark.repeatedTruth(lecture.testdata().resolve("lectures/lecture-clean.truth.json"),
              lecture.minutes * 60)
          : null;
      Path shared = sharedMedia != null ? sharedMedia : lecture.sharedMedia();
      return new LayoutBenchmark(System.out).run(media, truth, lecture.testdata(), shared, lecture.workDir(), runs);
    }
  }

  @Command(
      name = "transcription",
      mixinStandardHelpOptions = true,
      description = {
        "Offline transcription (pocketsphinx): WER on the real speech in ../shared/testmedia/audio (JFK, LibriVox),",
        "wrapped engine next to the pocketsphinx_continuous CLI on the same audio; speed per core; and the wall time",
        "of a long lecture (built from testdata/lectures/lecture-clean.mp4, --minutes) with chunks in parallel."
      })
  static final class Transcription implements Callable<Integer> {
    @Mixin BenchLecture lecture = new BenchLecture();

    @Option(names = "--parallelism", defaultValue = "2", description = "Chunks recognised at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--chunk-seconds", defaultValue = "300", description = "Target chunk length (default: ${DEFAULT-VALUE}).")
    double chunkSeconds;

    @Option(names = "--pocketsphinx-args", defaultValue = "-maxhmmpf 3000",
        description = "Extra pocketsphinx_continuous flags for both sides (default: '${DEFAULT-VALUE}', the pipeline's "
            + "default; '' for the engine's own search).")
    String pocketsphinxArgs;

    @Option(names = "--skip-long", description = "Only the WER part.")
    boolean skipLong;

    @Option(names = "--shared-audio", description = "Real speech folder (default: ../shared/testmedia/audio beside the project).")
    Path sharedAudio;

    @Override
    public Integer call() throws Exception {
      Path audio = sharedAudio != null ? sharedAudio
          : lecture.sharedMedia() == null ? null : lecture.sharedMedia().resolve("audio");
      Path media = null;
      if (!skipLong) {
        media = lecture.lecture("transcription");
        if (media == null) {
          return 2;
        }
      }
      TranscriptionConfig config = TranscriptionConfig.defaults().withChunkSeconds(chunkSeconds)
          .withPocketsphinxArgs(pocketsphinxArgs);
      Path tmp = Files.createTempDirectory("lhx-bench-transcription-");
      try {
        return new TranscriptionBenchmark(System.out, config).run(audio, media, parallelism, tmp);
      } finally {
        try (var s = Files.list(tmp)) {
          for (Path p : s.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(tmp);
      }
    }
  }

  @Command(
      name = "segmentation",
      mixinStandardHelpOptions = true,
      description = {
        "Offline topic segmentation: Pk and WindowDiff against human boundaries for every *.ref / *.dev transcript",
        "in --dir (one sentence per line, '==========' at each boundary: the physics-lecture corpus in",
        "../shared/testmedia/topicseg/physics-lectures/{manual,asr}), and the time of a 60-minute transcript built",
        "from those lectures through the whole offline content analyzer. Ends with 'mean Pk=<x> WindowDiff=<y>'."
      })
  static final class Segmentation implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Folder of *.ref / *.dev transcripts with boundaries.")
    Path dir;

    @Option(names = "--minutes", defaultValue = "60", description = "Length of the timed transcript (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--skip-timing", description = "Only Pk and WindowDiff.")
    boolean skipTiming;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(dir)) {
        System.err.println("lhx bench segmentation: not a folder: " + dir);
        return 2;
      }
      return new SegmentationBenchmark(System.out).run(dir, !skipTiming, minutes);
    }
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = {
        "Search quality: every *.ref / *.dev transcript in --dir (Choi format: the physics lectures in",
        "../shared/testmedia/topicseg/physics-lectures/{manual,asr}) timed at 150 words a minute, segmented and",
        "chunked by the production content analysis, indexed by the production indexer (real embedding model) and",
        "queried in each mode (lexical, semantic, hybrid) through the production ranking. --queries is JSON Lines:",
        "{\"query\": ..., \"kind\": \"exact\"|\"paraphrase\", \"relevant\": [{\"lecture\": <file name>,",
        "\"segment\": <0-based reference segment>}]} (default: the bundled set for the physics lectures). One line",
        "per mode with each kind's figures; the last line is the default mode's 'recall@1=... recall@5=... mrr@10=...'."
      })
  static final class Search implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Folder of *.ref / *.dev transcripts with boundaries.")
    Path dir;

    @Option(names = "--queries", description = "JSON Lines query file (default: the bundled physics-lecture queries).")
    Path queries;

    @Option(names = "--mode", defaultValue = "hybrid", description = "The default mode, reported last (default: ${DEFAULT-VALUE}).")
    io.lecturehighlights.transforms.search.SearchMode mode;

    @Option(names = "--rrf-k", defaultValue = "60", description = "Reciprocal rank fusion's k (default: ${DEFAULT-VALUE}, lhx search's).")
    int rrfK;

    @Option(names = "--also-rrf-k", split = ",", paramLabel = "K",
        description = "Also report hybrid at these values of k, from the same index (tuning), e.g. 10,30.")
    List<Integer> otherKs = new ArrayList<>();

    @Option(names = "--verbose", description = "Also print each query's rank of its first hit in each mode.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(dir)) {
        System.err.println("lhx bench search: not a folder: " + dir);
        return 2;
      }
      if (queries != null && !Files.isRegularFile(queries)) {
        System.err.println("lhx bench search: no query file " + queries);
        return 2;
      }
      if (rrfK < 1 || otherKs.stream().anyMatch(k -> k < 1)) {
        System.err.println("lhx bench search: --rrf-k and --also-rrf-k must be at least 1");
        return 2;
      }
      List<String> lines = queries != null ? Files.readAllLines(queries) : SearchBenchmark.bundledQueries();
      return new SearchBenchmark(System.out).run(dir, lines, mode, rrfK, otherKs, verbose);
    }
  }

  @Command(
      name = "search-scale",
      mixinStandardHelpOptions = true,
      description = {
        "Search at archive size: embedding throughput of the production model (per core) on every passage of the",
        "lectures in --dir, then an index of --chunks generated topic chunks (real chunks with a third of their words",
        "swapped, real vectors plus noise; see SearchScaleBenchmark) built by the production indexer a batch of",
        "lectures per commit: build rate, size per lecture-hour, and query latency p50/p95 per mode through the",
        "production ranking with the real model embedding each query (the bundled query set, or --queries)."
      })
  static final class SearchScale implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Folder of *.ref / *.dev transcripts with boundaries.")
    Path dir;

    @Option(names = "--queries", description = "JSON Lines query file (default: the bundled physics-lecture queries).")
    Path queries;

    @Option(names = "--chunks", defaultValue = "100000", description = "Topic chunks in the archive (default: ${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--lectures-per-commit", defaultValue = "300",
        description = "Lectures per index update, as batches arrive (default: ${DEFAULT-VALUE}).")
    int lecturesPerCommit;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed passes over the queries per mode (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--e2e-cpu-seconds", defaultValue = "935",
        description = "CPU seconds of a 60-minute lecture end to end, for the embedding's share (default: ${DEFAULT-VALUE}, "
            + "lhx bench e2e in docs/benchmarks.md).")
    double e2eCpuSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated archive (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(dir)) {
        System.err.println("lhx bench search-scale: not a folder: " + dir);
        return 2;
      }
      if (queries != null && !Files.isRegularFile(queries)) {
        System.err.println("lhx bench search-scale: no query file " + queries);
        return 2;
      }
      if (chunks < 1 || lecturesPerCommit < 1 || repeats < 1 || e2eCpuSeconds <= 0) {
        System.err.println("lhx bench search-scale: --chunks, --lectures-per-commit, --repeats and --e2e-cpu-seconds "
            + "must be positive");
        return 2;
      }
      List<String> lines = queries != null ? Files.readAllLines(queries) : SearchBenchmark.bundledQueries();
      return new SearchScaleBenchmark(System.out).run(dir, lines, chunks, lecturesPerCommit, repeats, e2eCpuSeconds,
          seed);
    }
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "lhx serve under concurrent search requests: starts the service over an output folder (or targets --url),",
        "sends --requests searches from --concurrency clients at once (the query set's queries in turn) and prints",
        "p50/p95/p99/max latency, requests per second and errors. Exit 1 when a request failed."
      })
  static final class Serve implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, defaultValue = "lhx-out/demo",
        description = "The output folder to serve, with its search index (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--url", description = "An lhx serve already running (e.g. http://127.0.0.1:8080) instead of "
        + "one started here over --output.")
    java.net.URI url;

    @Option(names = "--queries", description = "JSON Lines with a \"query\" per line (default: the bundled "
        + "physics-lecture queries of lhx bench search).")
    Path queries;

    @Option(names = "--requests", defaultValue = "2000", description = "Searches to send (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--concurrency", defaultValue = "200",
        description = "Clients sending at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--warmup", defaultValue = "50", description = "Searches before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
      if (url == null && !Files.isDirectory(output.resolve(io.lecturehighlights.transforms.search.SearchIndex.FOLDER))) {
        System.err.println("lhx bench serve: " + output + " has no search index (search-index/): run a batch into it "
            + "first (./lhx demo writes lhx-out/demo)");
        return 2;
      }
      if (url != null && !"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        System.err.println("lhx bench serve: --url must be an http:// or https:// address, not " + url);
        return 2;
      }
      if (queries != null && !Files.isRegularFile(queries)) {
        System.err.println("lhx bench serve: no query file " + queries);
        return 2;
      }
      if (requests < 1 || concurrency < 1 || warmup < 0) {
        System.err.println("lhx bench serve: --requests and --concurrency must be at least 1, --warmup 0 or more");
        return 2;
      }
      List<String> qs = ServeBenchmark.queries(queries != null ? Files.readAllLines(queries)
          : SearchBenchmark.bundledQueries());
      return new ServeBenchmark(System.out).run(output, url, qs, requests, concurrency, warmup);
    }
  }

  @Command(
      name = "media",
      mixinStandardHelpOptions = true,
      description = {
        "Recordings from other tools: the media matrix (frame sizes, pixel aspect, rotation, interlacing, frame",
        "rates, codecs, containers, audio layouts) through validation, layout sampling and rendering, each case's",
        "outcome and times, rendering next to the ffmpeg CLI doing the same cut; then validation of long files in",
        "each container next to the ffmpeg CLI reading every packet. Ends with a 'summary:' line; exit 1 when a",
        "case fails."
      })
  static final class Media implements Callable<Integer> {
    @Option(names = "--case", defaultValue = ".", description = "Only the cases whose name matches this regular expression (default: all).")
    String cases;

    @Option(names = "--long-minutes", defaultValue = "60", description = "Length of the long files for the validation part; 0 skips it (default: ${DEFAULT-VALUE}).")
    double longMinutes;

    @Option(names = "--work-dir", description = "Where sources and clips are written (default: the lhx work folder).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
      Path work = LhxEnvironment.workDir(workDir).resolve("bench-media");
      return new MediaBenchmark(System.out).run(work, java.util.regex.Pattern.compile(cases), longMinutes);
    }
  }

  @Command(
      name = "ocr",
      mixinStandardHelpOptions = true,
      description = {
        "Slide OCR (Tesseract): title exact-match rate and character error rate on 48 generated slides (3 fonts,",
        "2 type sizes, light and dark themes, 720p and 1080p, JPEG-compressed) and on the real ETH slide frame in",
        "../shared/testmedia/images; time per slide and memory. Under a minute. Ends with a 'summary:' line."
      })
  static final class Ocr implements Callable<Integer> {
    @Mixin OcrInputs inputs = new OcrInputs();

    @Override
    public Integer call() throws Exception {
      return new OcrBenchmark(System.out).run(inputs.sharedMedia(), inputs.languages, inputs.slidePattern());
    }
  }

  @Command(
      name = "slides",
      mixinStandardHelpOptions = true,
      description = {
        "Slides in the layout stage: slide-change precision/recall within 0.5 s on the real clips of",
        "../shared/testmedia (ETH clips as they are and disturbed, the Matterhorn slide stream) and on generated",
        "cases (transients, animation, fades, builds, cuts; the fixture lectures); OCR title exact-match rate and",
        "CER on the generated slide set and the real ETH frame, and end to end from recordings of generated slides",
        "(1366x768 dark, 1920x1080 light accent, 1280x720 stored turned, 854x480 small) through layout detection",
        "and the slide reader; then the cost on two --minutes lectures (the fixture lecture repeated, and distinct",
        "generated slides of --slide-seconds each, built once into the work folder), each in its own JVM: layout",
        "stage and slide reading time, their ratio (target <= 15 %), OCR runs, decoded frames, peak memory.",
        "Ends with a 'summary:' line."
      })
  static final class Slides implements Callable<Integer> {
    @Mixin OcrInputs inputs = new OcrInputs();

    @Option(names = "--runs", defaultValue = "1", description = "Timed runs per long lecture; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--minutes", defaultValue = "60", description = "Length of the long lectures (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--slide-seconds", defaultValue = "90", description = "How long each slide of the generated long lecture is shown (default: ${DEFAULT-VALUE}).")
    double slideSeconds;

    @Option(names = "--skip-long", description = "Leave out the long lectures (accuracy only).")
    boolean skipLong;

    @Option(names = "--videos", defaultValue = ".", description = "Only the end-to-end recordings whose name (1366x768-dark, 1920x1080-light-accent, 1280x720-turned, 854x480-small) matches this regular expression (default: all).")
    String videos;

    @Option(names = "--work-dir", description = "Where recordings and long lectures are built and kept (default: $LHX_HOME or ~/.lecture-highlights).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
      Path td = inputs.testdata();
      if (td == null) {
        System.err.println("lhx bench slides: no testdata folder found (--testdata)");
        return 2;
      }
      if (runs < 1 || minutes < 0 || slideSeconds <= 0) {
        System.err.println("lhx bench slides: --runs must be at least 1, --minutes at least 0, --slide-seconds positive");
        return 2;
      }
      return new SlidesBenchmark(System.out).run(new SlidesBenchmark.Options(td, inputs.sharedMedia(),
          LhxEnvironment.workDir(workDir), inputs.languages, inputs.slidePattern(),
          java.util.regex.Pattern.compile(videos), skipLong ? 0 : minutes, slideSeconds, runs));
    }
  }

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description = {
        "Clip rendering speed next to the bundled ffmpeg CLI doing the same work in the same run (same cuts, filter",
        "graph with subtitles and fades, libx264 veryfast crf 23 + AAC), with default and with one codec thread; each",
        "clip format (vertical, landscape, square) next to the CLI, and all three from one decode against one; and",
        "the peak memory of rendering the same clip from a 10-minute and from a long source (child JVMs). Without",
        "--input, a 10-minute 720p lecture is built from testdata/lectures/lecture-clean.mp4 and rendered with its",
        "picture-in-picture layout and sentences as subtitles. Ends with a 'summary:' line."
      })
  static final class Render implements Callable<Integer> {
    @Mixin BenchLecture lecture = new BenchLecture();

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs per side; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--clip-seconds", defaultValue = "60", description = "Length of the clip, in three intervals (default: ${DEFAULT-VALUE}).")
    double clipSeconds;

    @Option(names = "--long-hours", defaultValue = "2", description = "Length of the long source for the memory check (default: ${DEFAULT-VALUE}).")
    double longHours;

    @Option(names = "--skip-memory", description = "Only the speed part.")
    boolean skipMemory;

    @Override
    public Integer call() throws Exception {
      Path media = lecture.lecture("render");
      if (media == null) {
        return 2;
      }
      // Layout and subtitles come from ground truth: the built lecture's fixture, or a fixture given as --input.
      Path truth = lecture.builtFromFixtures()
          ? lecture.testdata().resolve("lectures/lecture-clean.truth.json")
          : media.resolveSibling(media.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".truth.json");
      if (!Files.isRegularFile(truth)) {
        truth = null;
      }
      Path work = lecture.workDir();
      Files.createDirectories(work);
      return new RenderBenchmark(System.out).run(media, truth, work, runs, clipSeconds, !skipMemory, longHours);
    }
  }

  @Command(
      name = "e2e",
      mixinStandardHelpOptions = true,
      description = {
        "A long lecture through the whole pipeline as `lhx batch` runs it (own JVM with ./lhx's flags, embedded Flink",
        "and PostgreSQL, offline engines): wall time, CPU per stage, peak memory (sampled from /proc), against the",
        "targets (60 minutes in <= 12 min wall, <= 3 GiB peak RSS) and next to the FFmpeg CLI decoding the lecture once.",
        "Without --input, a lecture of --minutes is built from testdata/lectures/lecture-clean.mp4 (cached)."
      })
  static final class EndToEnd implements Callable<Integer> {
    @Option(names = "--input", description = "Lecture to process (default: one built from the fixtures).")
    Path input;

    @Option(names = "--minutes", defaultValue = "60", description = "Length of the built lecture (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--testdata", description = "The project's testdata folder (default: found from here or the jar).")
    Path testdata;

    @Option(names = "--work-dir", description = "Built media, the run's work folder and outputs (default: $LHX_HOME or ~/.lecture-highlights).")
    Path workDir;

    @Option(names = "--jar", description = "The lhx jar the batch runs from (default: the one running, or benchmarks/target/lhx.jar).")
    Path jar;

    @Option(names = "--xmx", defaultValue = "6g", description = "Heap limit of the batch JVM, as ./lhx sets it (default: ${DEFAULT-VALUE}).")
    String xmx;

    @Option(names = "--skip-reference", description = "Leave out the FFmpeg CLI decode of the lecture.")
    boolean skipReference;

    @Override
    public Integer call() throws Exception {
      Path work = LhxEnvironment.workDir(workDir);
      Path media = input;
      if (media == null) {
        Path td = testdata != null ? testdata : LhxEnvironment.findTestdata();
        if (td == null) {
          System.err.println("lhx bench e2e: no --input and no testdata folder found");
          return 2;
        }
        media = SilenceBenchmark.longLecture(td.resolve("lectures/lecture-clean.mp4"), work, minutes);
      }
      Path lhxJar = jar != null ? jar : selfJar();
      if (lhxJar == null || !Files.isRegularFile(lhxJar)) {
        System.err.println("lhx bench e2e: no lhx jar found; build it (mvn package) or pass --jar");
        return 2;
      }
      Path dir = work.resolve("bench/e2e");
      Files.createDirectories(dir);
      return new EndToEndBenchmark(System.out).run(media, lhxJar, dir, xmx, !skipReference,
          jobId -> stageSpans(dir.resolve("home"), jobId));
    }

    /** The jar this command runs from, or benchmarks/target/lhx.jar beside target/classes. */
    private static Path selfJar() {
      try {
        Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isRegularFile(self) ? self : self.getParent().resolve("lhx.jar");
      } catch (Exception e) {
        return null;
      }
    }

    /** The job's stages as processing_logs recorded them, from the run's embedded database. */
    private static List<EndToEndBenchmark.StageSpan> stageSpans(Path home, String jobId) {
      List<EndToEndBenchmark.StageSpan> spans = new ArrayList<>();
      try {
        for (JobRepository.LogRow r : LhxEnvironment.processingLogs(home, jobId)) {
          if (r.startedAt != null && r.endedAt != null) {
            spans.add(new EndToEndBenchmark.StageSpan(r.stage, r.startedAt.getTime(), r.endedAt.getTime()));
          }
        }
      } catch (Migrations.DatabaseUnavailable | SQLException e) {
        System.err.println("lhx bench e2e: cannot read the stage times: " + e.getMessage());
      }
      return spans;
    }
  }
}
