package io.lecturehighlights.transforms.transcription;

import io.lecturehighlights.schemas.TranscriptSegment;
import io.lecturehighlights.schemas.TranscriptWord;
import io.lecturehighlights.transforms.common.StageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline recognition with Debian's CMU pocketsphinx ({@code pocketsphinx_continuous -time yes}) as a subprocess:
 * one process per chunk, ~110 MB, single threaded, so chunks on different cores run truly in parallel.
 * With {@code -time yes} it prints, per utterance, the hypothesis line followed by one line per word:
 * {@code word start end posterior}. Fillers ({@code <s>}, {@code </s>}, {@code <sil>}, {@code [NOISE]}) are dropped
 * and alternative pronunciations ({@code read(2)}) folded back to the word.
 */
public final class PocketsphinxEngine implements SpeechEngine {
  private static final Pattern WORD_LINE =
      Pattern.compile("^(\\S+) (-?\\d+(?:\\.\\d+)?) (-?\\d+(?:\\.\\d+)?) (-?\\d+(?:\\.\\d+)?)$");
  private static final Pattern ALTERNATIVE = Pattern.compile("\\(\\d+\\)$");

  private final TranscriptionConfig config;

  public PocketsphinxEngine(TranscriptionConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return TranscriptionConfig.POCKETSPHINX;
  }

  /** The exact command line for a WAV file (the benchmark runs the same command to compare). */
  public List<String> command(Path wav) {
    List<String> cmd = new ArrayList<>(List.of(config.pocketsphinxBinary(), "-hmm", config.pocketsphinxHmm(),
        "-lm", config.pocketsphinxLm(), "-dict", config.pocketsphinxDict()));
    if (!config.pocketsphinxArgs().isEmpty()) {
      cmd.addAll(List.of(config.pocketsphinxArgs().split("\\s+")));
    }
    cmd.addAll(List.of("-infile", wav.toString(), "-time", "yes"));
    return cmd;
  }

  /** Fails fast, with the install command, when the recogniser or its model is missing. */
  public void checkInstalled() throws StageException {
    for (String p : List.of(config.pocketsphinxHmm(), config.pocketsphinxLm(), config.pocketsphinxDict())) {
      if (!Files.exists(Path.of(p))) {
        throw new StageException("engine_unavailable", "pocketsphinx model file " + p
            + " not found (apt-get install -y pocketsphinx pocketsphinx-en-us)");
      }
    }
  }

  @Override
  public Result transcribe(Path wav, double durationSeconds) throws StageException {
    checkInstalled();
    Path log = null;
    try {
      log = Files.createTempFile("lhx-pocketsphinx-", ".log");
      Process p;
      try {
        p = new ProcessBuilder(command(wav)).redirectError(log.toFile()).start();
      } catch (IOException e) {
        throw new StageException("engine_unavailable", "cannot run " + config.pocketsphinxBinary() + ": "
            + e.getMessage() + " (apt-get install -y pocketsphinx pocketsphinx-en-us)");
      }
      p.getOutputStream().close();
      // Output is small (a line per word); read it fully, then wait with a deadline for pathological cases.
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      long timeoutMs = Math.round((60 + durationSeconds * config.engineTimeoutFactor()) * 1000);
      if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new StageException("engine_timeout", "pocketsphinx did not finish within " + timeoutMs / 1000 + " s");
      }
      if (p.exitValue() != 0) {
        throw new StageException("engine_failed", "pocketsphinx exited with " + p.exitValue() + ": " + tail(log));
      }
      return new Result(parseSegments(stdout), parseWords(stdout), "en", 1, 0);
    } catch (IOException e) {
      throw new StageException("engine_failed", "pocketsphinx I/O error: " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StageException("engine_failed", "interrupted while waiting for pocketsphinx", true, e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // a stray temp log is harmless
        }
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    for (int i = Math.max(0, lines.size() - 3); i < lines.size(); i++) {
      sb.append(lines.get(i).trim()).append(' ');
    }
    return sb.toString().trim();
  }

  static boolean isFiller(String token) {
    return token.startsWith("<") || token.startsWith("[") || token.startsWith("++");
  }

  /** Words with their times and posteriors, fillers removed. */
  public static List<TranscriptWord> parseWords(String stdout) {
    List<TranscriptWord> words = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      Matcher m = WORD_LINE.matcher(line.trim());
      if (!m.matches() || isFiller(m.group(1))) {
        continue;
      }
      String w = ALTERNATIVE.matcher(m.group(1)).replaceFirst("");
      words.add(new TranscriptWord(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), w,
          Math.max(0.0, Math.min(1.0, Double.parseDouble(m.group(4))))));
    }
    return words;
  }

  /** One segment per utterance: its hypothesis text, timed by its first and last real word. */
  public static List<TranscriptSegment> parseSegments(String stdout) {
    List<TranscriptSegment> segments = new ArrayList<>();
    String text = null;
    double start = Double.NaN;
    double end = Double.NaN;
    for (String raw : stdout.split("\n")) {
      String line = raw.trim();
      Matcher m = WORD_LINE.matcher(line);
      if (m.matches()) {
        if (!isFiller(m.group(1))) {
          if (Double.isNaN(start)) {
            start = Double.parseDouble(m.group(2));
          }
          end = Double.parseDouble(m.group(3));
        }
        continue;
      }
      if (text != null && !text.isEmpty() && !Double.isNaN(start)) {
        segments.add(new TranscriptSegment(start, end, text));
      }
      text = line;
      start = Double.NaN;
      end = Double.NaN;
    }
    if (text != null && !text.isEmpty() && !Double.isNaN(start)) {
      segments.add(new TranscriptSegment(start, end, text));
    }
    return segments;
  }

  /** The hypothesis text of a run (what the CLI prints), for comparing with the CLI in the benchmark. */
  public static String hypothesis(String stdout) {
    StringBuilder sb = new StringBuilder();
    for (TranscriptSegment s : parseSegments(stdout)) {
      sb.append(s.getText()).append(' ');
    }
    return sb.toString().trim();
  }
}
