package io.lecturehighlights.bench;

import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.AudioLevelReader;
import io.lecturehighlights.transforms.transcription.AudioExtractor;
import io.lecturehighlights.transforms.transcription.ChunkPlanner;
import io.lecturehighlights.transforms.transcription.PocketsphinxEngine;
import io.lecturehighlights.transforms.transcription.SpeechEngine;
import io.lecturehighlights.transforms.transcription.TranscriptionConfig;
import io.lecturehighlights.transforms.transcription.Wer;
import io.lecturehighlights.transforms.media.MediaProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accuracy and speed of the offline transcription path (pocketsphinx).
 *
 * <ol>
 *   <li>WER on real speech (JFK, LibriVox from ../shared/testmedia/audio, all 16 kHz mono WAV) for the wrapped
 *       engine (the pipeline's path: our decode to 16 kHz WAV + {@link PocketsphinxEngine}) and for the
 *       pocketsphinx_continuous CLI run by hand on the same WAV with the same model and flags;
 *   <li>speed of one recogniser on one core (x realtime);
 *   <li>wall time for a long lecture with its chunks recognised in parallel: planned by {@link ChunkPlanner} and run
 *       on a pool of {@code parallelism} threads (one pocketsphinx process each), which is what the Reshuffled chunks
 *       get on a worker with that many slots.
 * </ol>
 */
public final class TranscriptionBenchmark {
  private final PrintStream out;
  private final TranscriptionConfig config;

  public TranscriptionBenchmark(PrintStream out, TranscriptionConfig config) {
    this.out = out;
    this.config = config;
  }

  public int run(Path sharedAudio, Path longLecture, int parallelism, Path tmp) throws Exception {
    out.printf(Locale.ROOT, "Transcription benchmark: %s, %d cores available%n", config.describe(),
        Runtime.getRuntime().availableProcessors());
    if (sharedAudio != null && Files.isDirectory(sharedAudio)) {
      accuracy(sharedAudio, tmp);
    } else {
      out.println("(no real speech found at " + sharedAudio + ": WER skipped; pass --shared-audio)");
    }
    if (longLecture != null) {
      speed(longLecture, parallelism, tmp);
    }
    return 0;
  }

  private void accuracy(Path audio, Path tmp) throws Exception {
    Map<String, Path> files = new LinkedHashMap<>();
    Map<String, String> refs = new LinkedHashMap<>();
    files.put("jfk", audio.resolve("jfk/jfk.wav"));
    refs.put("jfk", Files.readString(audio.resolve("jfk/REFERENCE.txt")));
    Path libri = audio.resolve("pocketsphinx-librivox");
    Pattern line = Pattern.compile("^<s>\\s*(.*?)\\s*</s>\\s*\\((\\S+)\\)$");
    for (String l : Files.readAllLines(libri.resolve("transcription"))) {
      Matcher m = line.matcher(l.trim());
      if (m.matches()) {
        files.put(m.group(2), libri.resolve(m.group(2) + ".wav"));
        refs.put(m.group(2), m.group(1));
      }
    }
    out.printf("%n| audio | seconds | words | WER lhx (wrapped) | WER pocketsphinx_continuous CLI |%n"
        + "|---|---|---|---|---|%n");
    Wer oursAll = Wer.zero();
    Wer cliAll = Wer.zero();
    Wer oursLibri = Wer.zero();
    Wer cliLibri = Wer.zero();
    PocketsphinxEngine engine = new PocketsphinxEngine(config);
    for (Map.Entry<String, Path> f : files.entrySet()) {
      Path wav = tmp.resolve(f.getKey() + ".wav");
      AudioExtractor.extractWav(f.getValue(), 0, 0, wav);
      double seconds = AudioExtractor.wavSeconds(wav);
      SpeechEngine.Result r = engine.transcribe(wav, seconds);
      String ours = String.join(" ", r.words.stream().map(TranscriptWord::getWord).toList());
      // The CLI on the very same WAV. (On the originals it can differ: pocketsphinx_continuous skips a fixed
      // 44-byte header, so jfk.wav's LIST chunk reaches it as 34 bytes of noise. Our decode of these 16 kHz files
      // is bit-exact: AudioExtractorTest.sixteenKilohertzWavDecodesBitExact.)
      String cli = cli(engine, wav);
      Wer wo = Wer.of(refs.get(f.getKey()), ours);
      Wer wc = Wer.of(refs.get(f.getKey()), cli);
      oursAll = oursAll.plus(wo);
      cliAll = cliAll.plus(wc);
      if (!f.getKey().equals("jfk")) {
        oursLibri = oursLibri.plus(wo);
        cliLibri = cliLibri.plus(wc);
      }
      out.printf(Locale.ROOT, "| %s | %.1f | %d | %.1f %% | %.1f %% |%n", f.getKey(), seconds, wo.referenceWords,
          100 * wo.rate(), 100 * wc.rate());
      Files.deleteIfExists(wav);
    }
    out.printf(Locale.ROOT, "| LibriVox (5 clips) | | %d | %.1f %% | %.1f %% |%n", oursLibri.referenceWords,
        100 * oursLibri.rate(), 100 * cliLibri.rate());
    out.printf(Locale.ROOT, "| all | | %d | %.1f %% | %.1f %% |%n", oursAll.referenceWords, 100 * oursAll.rate(),
        100 * cliAll.rate());
    out.printf(Locale.ROOT, "%nWER difference lhx - CLI: %+.1f points (target within +-2)%n",
        100 * (oursAll.rate() - cliAll.rate()));
  }

  /** The CLI as a user runs it (no -time), same model and flags, on the same WAV; its hypothesis lines joined. */
  private static String cli(PocketsphinxEngine engine, Path wav) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(engine.command(wav));
    cmd = cmd.subList(0, cmd.size() - 2);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("pocketsphinx_continuous failed on " + wav);
    }
    return String.join(" ", text.strip().split("\\s*\n\\s*"));
  }

  /** One chunk's outcome in the speed run. */
  private record ChunkRun(double audioSeconds, double wallSeconds, int words) {}

  private void speed(Path lecture, int parallelism, Path tmp) throws Exception {
    double duration = MediaProbe.probe(lecture).durationSeconds;
    out.printf(Locale.ROOT, "%nLong lecture: %s (%.1f min), chunks of %.0f s, %d in parallel%n", lecture,
        duration / 60, config.chunkSeconds(), parallelism);
    double childCpu0 = childrenCpuSeconds();
    long t0 = System.nanoTime();
    List<ChunkPlanner.Chunk> plan = ChunkPlanner.plan(AudioLevelReader.read(lecture, 0.01),
        config.effectiveChunkSeconds(), config.chunkSearchSeconds());
    double planSeconds = (System.nanoTime() - t0) / 1e9;
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    List<Future<ChunkRun>> futures = new ArrayList<>();
    try {
      for (ChunkPlanner.Chunk c : plan) {
        futures.add(pool.submit(() -> runChunk(lecture, c, tmp)));
      }
      List<ChunkRun> runs = new ArrayList<>();
      for (Future<ChunkRun> f : futures) {
        runs.add(f.get());
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      double recogniserCpu = childrenCpuSeconds() - childCpu0;
      double serial = 0;
      double audio = 0;
      int words = 0;
      for (ChunkRun r : runs) {
        serial += r.wallSeconds;
        audio += r.audioSeconds;
        words += r.words;
      }
      out.printf(Locale.ROOT, "%n| measure | value |%n|---|---|%n");
      out.printf(Locale.ROOT, "| chunks | %d (planning %.1f s) |%n", plan.size(), planSeconds);
      out.printf(Locale.ROOT, "| audio transcribed | %.1f s, %d words |%n", audio, words);
      out.printf(Locale.ROOT, "| one recogniser (per core): sum of chunk times | %.1f s = %.2fx realtime |%n",
          serial, audio / serial);
      out.printf(Locale.ROOT, "| recogniser CPU time (all pocketsphinx processes) | %.1f s = %.2fx realtime per core |%n",
          recogniserCpu, audio / recogniserCpu);
      out.printf(Locale.ROOT, "| wall time, %d chunks in parallel | %.1f s = %.2fx realtime |%n", parallelism, wall,
          duration / wall);
      out.printf(Locale.ROOT, "| load average during the run (other processes compete for the cores) | %.2f |%n",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      out.printf(Locale.ROOT, "| parallel speed-up | %.2fx |%n", serial / wall);
      if (duration < 3600 - 1) {
        out.printf(Locale.ROOT, "| EXTRAPOLATED to a 60-minute lecture (linear in length) | %.1f min wall |%n",
            wall / duration * 3600 / 60);
      } else {
        out.printf(Locale.ROOT, "| measured 60-minute lecture | %.1f min wall |%n", wall / 60);
      }
      out.println("(target: a 60-minute lecture in under 10 minutes wall time on the 2-core machine)");
    } finally {
      pool.shutdownNow();
    }
  }

  /** CPU seconds (user + system) of this JVM's finished, reaped child processes, from /proc/self/stat. */
  static double childrenCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields after the command: state is index 0, so cutime (field 16) is 13 and cstime (17) is 14.
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private ChunkRun runChunk(Path lecture, ChunkPlanner.Chunk c, Path tmp) throws StageException, IOException {
    long t0 = System.nanoTime();
    Path wav = Files.createTempFile(tmp, "chunk-" + c.index + "-", ".wav");
    try {
      AudioExtractor.extractWav(lecture, c.start, c.end, wav);
      double seconds = AudioExtractor.wavSeconds(wav);
      SpeechEngine.Result r = new PocketsphinxEngine(config).transcribe(wav, seconds);
      return new ChunkRun(seconds, (System.nanoTime() - t0) / 1e9, r.words.size());
    } finally {
      Files.deleteIfExists(wav);
    }
  }
}
