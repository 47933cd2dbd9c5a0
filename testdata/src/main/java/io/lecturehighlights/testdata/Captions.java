package io.lecturehighlights.testdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** "Existing captions" for the manifest: one cue per sentence, timed from the exact truth. */
final class Captions {

    private Captions() {}

    static void writeVtt(LectureGenerator.Result r, Path out) throws IOException {
        StringBuilder sb = new StringBuilder("WEBVTT\n\n");
        int i = 1;
        for (AudioTrack.Span s : r.track().sentences) {
            sb.append(i++).append('\n')
                    .append(ts(s.start(), '.')).append(" --> ").append(ts(s.end(), '.')).append('\n')
                    .append(s.text()).append("\n\n");
        }
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
    }

    static void writeSrt(LectureGenerator.Result r, Path out) throws IOException {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        for (AudioTrack.Span s : r.track().sentences) {
            sb.append(i++).append('\n')
                    .append(ts(s.start(), ',')).append(" --> ").append(ts(s.end(), ',')).append('\n')
                    .append(s.text()).append("\n\n");
        }
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String ts(int samples, char sep) {
        long ms = Math.round(samples * 1000.0 / Speech.SAMPLE_RATE);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60, sep, ms % 1000);
    }
}
