package io.lecturehighlights.testdata;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Narration synthesized with espeak-ng (a subprocess), brought to the generator's sample rate,
 * trimmed to its audible extent and checked for internal pauses.
 *
 * <p>The trimmed sample boundaries are the ground truth for "speech starts/ends here": everything
 * outside them is dropped, so the gaps between sentences are digital silence (plus noise, if any).
 */
public final class Speech {

    /** Output sample rate. espeak-ng writes 22050 Hz; 44100 is exactly 2x, so no fractional resampling. */
    public static final int SAMPLE_RATE = 44_100;
    /** espeak-ng's native rate. */
    static final int ESPEAK_RATE = 22_050;
    /** "Near silence": sample magnitude below -50 dBFS (full scale = 1.0). */
    public static final double SILENCE_DBFS = -50.0;
    public static final double SILENCE_AMPLITUDE = Math.pow(10, SILENCE_DBFS / 20.0);
    /** No run of near-silent samples inside a sentence may reach this; a 0.5 s pause detector must never split one. */
    public static final double MAX_INTERNAL_GAP_SECONDS = 0.3;
    /** Each sentence is normalized to this peak (-6 dBFS) so levels are uniform and there is headroom for noise. */
    static final double PEAK = 0.5;

    /** One synthesized sentence: its text and its trimmed samples at {@link #SAMPLE_RATE}. */
    public record Utterance(String text, float[] samples, double longestInternalGapSeconds) {
        public int length() {
            return samples.length;
        }
    }

    private final Path workDir;

    public Speech(Path workDir) {
        this.workDir = workDir;
    }

    /** Synthesizes, upsamples, normalizes, trims and verifies one sentence. */
    public Utterance say(String text) throws IOException, InterruptedException {
        checkText(text);
        float[] raw = espeak(text);
        float[] up = upsample2x(raw);
        normalizePeak(up, PEAK);
        int start = 0;
        while (start < up.length && Math.abs(up[start]) < SILENCE_AMPLITUDE) start++;
        int end = up.length;
        while (end > start && Math.abs(up[end - 1]) < SILENCE_AMPLITUDE) end--;
        if (end - start < SAMPLE_RATE / 4) {
            throw new IllegalStateException("espeak-ng produced (almost) no audible speech for: " + text);
        }
        float[] trimmed = java.util.Arrays.copyOfRange(up, start, end);
        double gap = longestQuietRun(trimmed) / (double) SAMPLE_RATE;
        if (gap >= MAX_INTERNAL_GAP_SECONDS) {
            // Fail loudly: a pause this long inside a sentence would make the ground truth wrong.
            throw new IllegalStateException(String.format(
                    "sentence has an internal pause of %.3f s (>= %.1f s) below %.0f dBFS: \"%s\"",
                    gap, MAX_INTERNAL_GAP_SECONDS, SILENCE_DBFS, text));
        }
        return new Utterance(text, trimmed, gap);
    }

    /** Punctuation inside a sentence makes espeak pause; only a final full stop or question mark is allowed. */
    static void checkText(String text) {
        String body = text.substring(0, text.length() - 1);
        for (char c : body.toCharArray()) {
            if (!(Character.isLetterOrDigit(c) || c == ' ' || c == '\'')) {
                throw new IllegalArgumentException("avoid punctuation inside sentences (espeak pauses): " + text);
            }
        }
    }

    /** Longest run of consecutive samples below the silence amplitude. */
    static int longestQuietRun(float[] x) {
        int best = 0;
        int run = 0;
        for (float v : x) {
            if (Math.abs(v) < SILENCE_AMPLITUDE) {
                run++;
                if (run > best) best = run;
            } else {
                run = 0;
            }
        }
        return best;
    }

    private float[] espeak(String text) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path wav = Files.createTempFile(workDir, "espeak-", ".wav");
        try {
            // -v en-us -s 150: the voice and rate the fixtures were designed with; the text is an argument, not a shell string.
            Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), text)
                    .redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("espeak-ng timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException("espeak-ng failed (" + p.exitValue() + "): " + new String(out, StandardCharsets.UTF_8)
                        + " -- is espeak-ng installed? (apt-get install -y espeak-ng)");
            }
            return readMono16(wav, ESPEAK_RATE);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** Reads a 16-bit PCM mono WAV at the expected rate into floats in [-1, 1). */
    static float[] readMono16(Path wav, int expectedRate) throws IOException {
        try (AudioInputStream ais = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = ais.getFormat();
            if (f.getChannels() != 1 || f.getSampleSizeInBits() != 16 || (int) f.getSampleRate() != expectedRate
                    || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IOException("unexpected espeak-ng output format: " + f);
            }
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ais.transferTo(bos);
            byte[] b = bos.toByteArray();
            float[] x = new float[b.length / 2];
            boolean big = f.isBigEndian();
            for (int i = 0; i < x.length; i++) {
                int lo = b[2 * i + (big ? 1 : 0)] & 0xff;
                int hi = b[2 * i + (big ? 0 : 1)];
                x[i] = (short) ((hi << 8) | lo) / 32768f;
            }
            return x;
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IOException(e);
        }
    }

    /**
     * 2x interpolation with a Blackman-windowed sinc (64 taps per phase). Even output samples are the
     * input samples themselves, so timing maps exactly: input sample n sits at output sample 2n.
     */
    static float[] upsample2x(float[] x) {
        final int k = 32;
        double[] h = new double[2 * k];
        for (int j = 0; j < 2 * k; j++) {
            double t = (j - k) + 0.5;              // offset of the tap from the new sample, in input samples
            double sinc = Math.sin(Math.PI * t) / (Math.PI * t);
            double w = 0.42 + 0.5 * Math.cos(Math.PI * t / k) + 0.08 * Math.cos(2 * Math.PI * t / k);
            h[j] = sinc * w;
        }
        float[] y = new float[x.length * 2];
        for (int n = 0; n < x.length; n++) {
            y[2 * n] = x[n];
            double acc = 0;
            for (int j = 0; j < 2 * k; j++) {
                int idx = n + 1 + (j - k);        // taps around position n + 0.5
                if (idx >= 0 && idx < x.length) acc += h[j] * x[idx];
            }
            y[2 * n + 1] = (float) acc;
        }
        return y;
    }

    static void normalizePeak(float[] x, double peak) {
        float max = 0;
        for (float v : x) max = Math.max(max, Math.abs(v));
        if (max == 0) return;
        float g = (float) (peak / max);
        for (int i = 0; i < x.length; i++) x[i] *= g;
    }
}
