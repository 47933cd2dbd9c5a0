package io.lecturehighlights.testdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The narration timeline: trimmed sentences placed at exact sample offsets with designed gaps,
 * optionally with pink noise over the whole track. Sample indices here ARE the ground truth.
 */
public final class AudioTrack {

    /** A sentence's sample span [start, end) on the timeline. */
    public record Span(int start, int end, String text) {}

    /**
     * Under noise, the part of a sentence that can be heard at all: speech whose 10 ms RMS is at least this far
     * above the noise RMS. The faint decay of a word below the noise floor cannot be located by any detector (or
     * listener), so silence truth for noisy lectures starts and ends where the speech is audible.
     */
    public static final double AUDIBLE_SNR_DB = 6.0;

    public final int sampleRate = Speech.SAMPLE_RATE;
    /** Speech only (drives the cartoon mouth). */
    public final float[] speech;
    /** What gets encoded: speech plus noise. */
    public final float[] mix;
    public final List<Span> sentences;
    /** Measured RMS of the added noise in dBFS, or null. */
    public final Double noiseRmsDbfs;

    private AudioTrack(float[] speech, float[] mix, List<Span> sentences, Double noiseRmsDbfs) {
        this.speech = speech;
        this.mix = mix;
        this.sentences = sentences;
        this.noiseRmsDbfs = noiseRmsDbfs;
    }

    public int length() {
        return mix.length;
    }

    /**
     * The audible part of each sentence: the placed span itself on clean audio; under noise, trimmed at both ends in
     * 10 ms windows to where the clean speech's RMS is {@link #AUDIBLE_SNR_DB} above the noise's.
     */
    public List<Span> audibleSentences() {
        if (noiseRmsDbfs == null) {
            return sentences;
        }
        int win = sampleRate / 100;
        double min = Math.pow(10, (noiseRmsDbfs + AUDIBLE_SNR_DB) / 10.0); // mean square
        List<Span> out = new ArrayList<>();
        for (Span s : sentences) {
            int start = s.start();
            while (start + win <= s.end() && meanSquare(speech, start, win) < min) start += win;
            int end = s.end();
            while (end - win >= start && meanSquare(speech, end - win, win) < min) end -= win;
            out.add(end > start ? new Span(start, end, s.text()) : s);
        }
        return out;
    }

    private static double meanSquare(float[] x, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) sum += (double) x[i] * x[i];
        return sum / n;
    }

    public double durationSeconds() {
        return mix.length / (double) sampleRate;
    }

    /**
     * @param lengthQuantum the total length is rounded up to a multiple of this many samples
     *                      (one video frame: 1764 at 25 fps) so audio and video end together.
     */
    public static AudioTrack build(LectureSpec spec, List<Speech.Utterance> utts, int lengthQuantum) {
        int sr = Speech.SAMPLE_RATE;
        List<Span> spans = new ArrayList<>();
        int pos = samples(spec.leadingSilence(), sr);
        for (int i = 0; i < utts.size(); i++) {
            Speech.Utterance u = utts.get(i);
            spans.add(new Span(pos, pos + u.length(), u.text()));
            pos += u.length();
            if (i < utts.size() - 1) pos += samples(spec.lines().get(i).gapAfter(), sr);
        }
        int total = pos + samples(spec.trailingSilence(), sr);
        total = ((total + lengthQuantum - 1) / lengthQuantum) * lengthQuantum;

        float[] speech = new float[total];
        for (int i = 0; i < utts.size(); i++) {
            System.arraycopy(utts.get(i).samples(), 0, speech, spans.get(i).start(), utts.get(i).length());
        }
        float[] mix = speech.clone();
        Double measured = null;
        if (spec.noiseDbfs() != null) {
            float[] noise = pinkNoise(total, spec.noiseDbfs(), spec.seed());
            double sum = 0;
            for (int i = 0; i < total; i++) {
                mix[i] += noise[i];
                sum += (double) noise[i] * noise[i];
            }
            measured = 20 * Math.log10(Math.sqrt(sum / total));
        }
        for (float v : mix) {
            if (Math.abs(v) >= 1f) throw new IllegalStateException(spec.fileName() + ": mix clips");
        }
        return new AudioTrack(speech, mix, spans, measured);
    }

    /** Seconds to samples, rounded to the nearest sample. */
    static int samples(double seconds, int sr) {
        return (int) Math.round(seconds * sr);
    }

    /**
     * Seeded pink (1/f) noise scaled so its RMS over the whole track is exactly {@code dbfs}
     * (full scale = 1.0). Paul Kellet's "refined" filter over Gaussian white noise: accurate to
     * about 0.05 dB from 9 Hz up, cheap, and fully deterministic for a given seed.
     */
    static float[] pinkNoise(int n, double dbfs, long seed) {
        Random r = new Random(seed);
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        double[] x = new double[n];
        // Warm the filter up so the start has no transient.
        for (int i = -4096; i < n; i++) {
            double w = r.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            double p = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115926;
            if (i >= 0) x[i] = p;
        }
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[i] -= mean;                 // no DC: an RMS meter should see only the noise
            sum += x[i] * x[i];
        }
        double gain = Math.pow(10, dbfs / 20.0) / Math.sqrt(sum / n);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (x[i] * gain);
        return out;
    }
}
