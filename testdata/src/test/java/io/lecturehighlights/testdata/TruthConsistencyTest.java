package io.lecturehighlights.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Re-reads every committed truth JSON and checks it against itself and against the media file it describes. */
class TruthConsistencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-9;

    @BeforeAll
    static void quiet() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    static Stream<Path> truthFiles() throws Exception {
        return FixtureFiles.truthFiles();
    }

    record Iv(double start, double end, String kind) {}

    private static List<Iv> intervals(JsonNode arr, String kind) {
        List<Iv> out = new ArrayList<>();
        for (JsonNode n : arr) out.add(new Iv(n.path("start").asDouble(), n.path("end").asDouble(), kind));
        return out;
    }

    /** Sentences as the silence truth sees them: their audible part under noise, as placed otherwise. */
    private static List<Iv> audibleSentences(JsonNode arr) {
        List<Iv> out = new ArrayList<>();
        for (JsonNode n : arr) {
            boolean audible = n.has("audibleStart");
            Iv placed = new Iv(n.path("start").asDouble(), n.path("end").asDouble(), "sentence");
            Iv a = audible ? new Iv(n.path("audibleStart").asDouble(), n.path("audibleEnd").asDouble(), "sentence") : placed;
            // The audible part lies inside the placed sentence.
            assertTrue(a.start() >= placed.start() - EPS && a.end() <= placed.end() + EPS && a.end() > a.start(), a + " in " + placed);
            out.add(a);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("truthFiles")
    void truthIsSelfConsistent(Path truthFile) throws Exception {
        JsonNode t = JSON.readTree(truthFile.toFile());
        String name = truthFile.getFileName().toString();
        assertEquals(name, t.path("file").asText().replaceAll("\\.[a-z0-9]+$", "") + ".truth.json");
        double duration = t.path("durationSeconds").asDouble();
        double minSilence = t.path("minSilenceSeconds").asDouble();
        assertEquals(0.5, minSilence);

        List<Iv> sentences = intervals(t.path("sentences"), "sentence");
        List<Iv> silences = intervals(t.path("silences"), "silence");
        List<Iv> shortGaps = intervals(t.path("shortGaps"), "shortGap");
        assertTrue(sentences.size() >= 3, name + ": too few sentences");
        for (JsonNode s : t.path("sentences")) assertFalse(s.path("text").asText().isBlank());

        assertSortedDisjoint(name, sentences);
        assertSortedDisjoint(name, silences);
        assertSortedDisjoint(name, shortGaps);
        for (Iv s : silences) assertTrue(s.end() - s.start() >= minSilence - EPS, name + ": silence shorter than 0.5 s: " + s);
        for (Iv g : shortGaps) assertTrue(g.end() - g.start() < minSilence, name + ": short gap not short: " + g);
        assertTrue(shortGaps.size() >= 1, name + ": needs short gaps that must not count");
        assertTrue(silences.size() >= 4, name + ": needs several silences");

        // Sentences, silences and short gaps tile [0, duration] exactly: nothing overlaps, nothing is missing.
        List<Iv> all = new ArrayList<>();
        all.addAll(audibleSentences(t.path("sentences")));
        all.addAll(silences);
        all.addAll(shortGaps);
        all.sort(Comparator.comparingDouble(Iv::start));
        assertSortedDisjoint(name, all);
        assertEquals(0.0, all.get(0).start(), EPS, name);
        assertEquals("silence", all.get(0).kind(), name + ": needs a leading silence");
        assertEquals(duration, all.get(all.size() - 1).end(), EPS, name);
        assertEquals("silence", all.get(all.size() - 1).kind(), name + ": needs a trailing silence");
        for (int i = 1; i < all.size(); i++) {
            assertEquals(all.get(i - 1).end(), all.get(i).start(), EPS, name + ": hole before " + all.get(i));
            // Sentences alternate with pauses: two pauses never touch, two sentences never touch.
            assertTrue(all.get(i - 1).kind().equals("sentence") != all.get(i).kind().equals("sentence"),
                    name + ": " + all.get(i - 1) + " then " + all.get(i));
        }
        double speech = sentences.stream().mapToDouble(s -> s.end() - s.start()).sum();
        assertEquals(t.path("speechSeconds").asDouble(), speech, 0.01, name);

        JsonNode layout = t.path("layout");
        String type = layout.path("type").asText();
        boolean hasVideo = !t.path("width").isNull();
        JsonNode changes = t.path("slideChanges");
        if (hasVideo) {
            int w = t.path("width").asInt();
            int h = t.path("height").asInt();
            assertTrue(List.of("picture_in_picture", "side_by_side", "screen_only").contains(type), type);
            assertEquals(25, t.path("fps").asInt());
            assertEquals(duration * 25, t.path("frames").asDouble(), 1e-6, name + ": duration is whole frames");
            JsonNode screen = layout.path("screen");
            assertInside(name, screen, 0, 0, w, h);
            JsonNode camera = layout.path("camera");
            if (type.equals("screen_only")) {
                assertTrue(camera.isNull());
            } else {
                assertInside(name, camera, 0, 0, w, h);
                assertInside(name, t.path("faceRegion"), camera.path("x").asInt(), camera.path("y").asInt(),
                        camera.path("w").asInt(), camera.path("h").asInt());
                if (type.equals("picture_in_picture")) {
                    assertInside(name, camera, screen.path("x").asInt(), screen.path("y").asInt(),
                            screen.path("w").asInt(), screen.path("h").asInt());
                } else {
                    assertTrue(screen.path("x").asInt() + screen.path("w").asInt() <= camera.path("x").asInt(),
                            name + ": side by side means screen left of camera");
                }
                assertFalse(t.path("faceDetectable").isNull());
            }
            assertTrue(changes.size() >= 2, name + ": needs slide changes");
            double prev = 0;
            for (JsonNode c : changes) {
                double v = c.asDouble();
                assertTrue(v > prev && v < duration, name + ": slide change " + v);
                assertEquals(Math.round(v * 25), v * 25, 1e-6, name + ": slide change on a frame boundary");
                prev = v;
            }
            assertEquals(changes.size() + 1, t.path("slides").size());
        } else {
            // No video stream: layout audio_only (layout "none" is a video with nothing visible).
            assertEquals("audio_only", type);
            assertTrue(layout.path("screen").isNull() && layout.path("camera").isNull());
            assertEquals(0, changes.size());
            assertTrue(t.path("faceDetectable").isNull());
        }
        assertTrue(t.path("noiseDbfs").isNull() || t.path("noiseDbfs").asDouble() < -20);

        // The media file: its probed duration and streams match the truth.
        Path media = truthFile.resolveSibling(t.path("file").asText());
        assertTrue(Files.isRegularFile(media), media + " missing");
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(media.toFile())) {
            g.start();
            double probed = g.getLengthInTime() / 1e6;
            assertEquals(duration, probed, 0.1, name + ": probed duration " + probed);
            assertTrue(g.hasAudio(), name + ": no audio stream");
            assertEquals("aac", g.getAudioCodecName());
            assertEquals(t.path("audio").path("sampleRate").asInt(), g.getSampleRate());
            assertEquals(t.path("audio").path("channels").asInt(), g.getAudioChannels());
            if (hasVideo) {
                assertTrue(g.hasVideo(), name + ": no video stream");
                assertEquals("h264", g.getVideoCodecName());
                assertEquals(t.path("width").asInt(), g.getImageWidth());
                assertEquals(t.path("height").asInt(), g.getImageHeight());
                assertEquals(25.0, g.getFrameRate(), 0.01);
            } else {
                assertFalse(g.hasVideo(), name + ": audio-only lecture has a video stream");
            }
            g.stop();
        }
    }

    private static void assertSortedDisjoint(String name, List<Iv> ivs) {
        for (int i = 0; i < ivs.size(); i++) {
            Iv a = ivs.get(i);
            assertTrue(a.start() < a.end(), name + ": empty interval " + a);
            if (i > 0) assertTrue(ivs.get(i - 1).end() <= a.start() + EPS, name + ": overlap/unsorted " + ivs.get(i - 1) + " " + a);
        }
    }

    private static void assertInside(String name, JsonNode r, int x, int y, int w, int h) {
        assertNotNull(r);
        assertFalse(r.isNull() || r.isMissingNode(), name + ": rect missing");
        int rx = r.path("x").asInt();
        int ry = r.path("y").asInt();
        int rw = r.path("w").asInt();
        int rh = r.path("h").asInt();
        assertTrue(rw > 0 && rh > 0 && rx >= x && ry >= y && rx + rw <= x + w && ry + rh <= y + h,
                name + ": " + r + " not inside " + x + "," + y + "," + w + "," + h);
    }
}
