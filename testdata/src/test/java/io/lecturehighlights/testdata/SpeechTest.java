package io.lecturehighlights.testdata;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pieces of the narration path that need no espeak-ng. */
class SpeechTest {

    @Test
    void upsamplingKeepsOriginalSamplesAtEvenPositions() {
        float[] x = new float[200];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.3);
        float[] y = Speech.upsample2x(x);
        assertEquals(400, y.length);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[2 * i]);
        // Odd samples interpolate a slow sine closely (away from the edges).
        for (int i = 40; i < 160; i++) assertEquals(Math.sin((i + 0.5) * 0.3), y[2 * i + 1], 1e-3);
    }

    @Test
    void longestQuietRunCountsSamplesBelowMinus50Dbfs() {
        float[] x = new float[1000];
        java.util.Arrays.fill(x, 0.5f);
        for (int i = 100; i < 400; i++) x[i] = 0.001f;   // -60 dBFS
        for (int i = 600; i < 650; i++) x[i] = 0f;
        assertEquals(300, Speech.longestQuietRun(x));
    }

    @Test
    void punctuationInsideASentenceIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Speech.checkText("First, we pause."));
        Speech.checkText("Newton's laws are simple.");
    }
}
