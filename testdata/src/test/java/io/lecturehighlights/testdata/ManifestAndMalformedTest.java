package io.lecturehighlights.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifests point at what they should, and each malformed file is broken in exactly its intended way. */
class ManifestAndMalformedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void quiet() {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    @Test
    void manifestJsonlCoversEveryFixture() throws Exception {
        Path root = FixtureFiles.root();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("manifest.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) rows.add(JSON.readTree(line));
        }
        Set<String> videos = new HashSet<>();
        Set<String> allowed = Set.of("video", "jobId", "title", "course", "semester", "lectureNumber", "instructor", "captions");
        for (JsonNode r : rows) {
            r.fieldNames().forEachRemaining(f -> assertTrue(allowed.contains(f), "unexpected field " + f));
            assertTrue(videos.add(r.path("video").asText()), "duplicate row " + r);
            if (r.has("captions")) assertTrue(Files.isRegularFile(root.resolve(r.path("captions").asText())));
        }
        try (var s = Files.list(root.resolve("lectures"))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".mp4") || n.endsWith(".m4a")) {
                    assertTrue(videos.contains("lectures/" + n), "lecture not in manifest: " + n);
                    JsonNode row = rows.stream().filter(r -> r.path("video").asText().equals("lectures/" + n)).findFirst().orElseThrow();
                    assertEquals("PHYS 101", row.path("course").asText());
                    assertEquals("fall-2026", row.path("semester").asText());
                    assertTrue(row.path("lectureNumber").isInt());
                    assertFalse(row.path("instructor").asText().isBlank());
                }
            }
        }
        for (String m : MalformedFixtures.EXPECTED.keySet()) assertTrue(videos.contains("malformed/" + m), m);
        assertTrue(videos.contains("lectures/missing-lecture.mp4"));
        assertFalse(Files.exists(root.resolve("lectures/missing-lecture.mp4")));
        assertTrue(videos.contains("../../etc/passwd.mp4"));
        assertEquals(4 + MalformedFixtures.EXPECTED.size() + 2, rows.size());
    }

    @Test
    void manifestCsvHasGoodLecturesOnly() throws Exception {
        Path root = FixtureFiles.root();
        List<String> lines = Files.readAllLines(root.resolve("manifest.csv"), StandardCharsets.UTF_8);
        assertEquals("video,jobId,title,course,semester,lectureNumber,instructor,captions", lines.get(0));
        assertEquals(4, lines.size() - 1);
        for (String l : lines.subList(1, lines.size())) {
            String video = l.substring(0, l.indexOf(','));
            assertTrue(video.startsWith("lectures/") && Files.isRegularFile(root.resolve(video)), l);
            assertEquals(8, l.split(",", -1).length, "no quoted commas expected: " + l);
        }
    }

    @Test
    void malformedFilesAreBrokenAsDocumented() throws Exception {
        Path dir = FixtureFiles.root().resolve("malformed");
        String readme = Files.readString(dir.resolve("README.md"));
        for (var e : MalformedFixtures.EXPECTED.entrySet()) {
            assertTrue(Files.isRegularFile(dir.resolve(e.getKey())), e.getKey());
            assertTrue(readme.contains("`" + e.getKey() + "` | `" + e.getValue() + "`"), "README row for " + e.getKey());
        }
        assertEquals(0, Files.size(dir.resolve("empty.mp4")));

        byte[] notes = Files.readAllBytes(dir.resolve("notes-named-as-video.mp4"));
        assertTrue(new String(notes, StandardCharsets.UTF_8).startsWith("PHYS 101 lecture notes"));

        List<String> cut = MalformedFixtures.topLevelBoxes(dir.resolve("truncated-moov-missing.mp4"));
        assertEquals("ftyp", cut.get(0));
        assertTrue(cut.contains("mdat") && !cut.contains("moov"), cut.toString());
        assertThrows(Exception.class, () -> open(dir.resolve("truncated-moov-missing.mp4")));

        Path fast = dir.resolve("truncated-faststart.mp4");
        List<String> fs = MalformedFixtures.topLevelBoxes(fast);
        assertTrue(fs.indexOf("moov") >= 0 && fs.indexOf("moov") < fs.indexOf("mdat"), fs.toString());
        assertTrue(mdatEnd(fast) > Files.size(fast), "mdat should run past the end of the file");
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(fast.toFile())) {
            g.start();   // the header is intact: it opens, reports streams and the full duration...
            assertTrue(g.hasVideo() && g.hasAudio());
            assertTrue(g.getLengthInTime() > 3_000_000L);
            g.stop();
        }

        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(dir.resolve("no-audio.mp4").toFile())) {
            g.start();
            assertTrue(g.hasVideo());
            assertFalse(g.hasAudio());
            g.stop();
        }

        byte[] wav = Arrays.copyOf(Files.readAllBytes(dir.resolve("audio-only-wav-named.mp4")), 12);
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("WAVE", new String(wav, 8, 4, StandardCharsets.US_ASCII));

        byte[] gif = Arrays.copyOf(Files.readAllBytes(dir.resolve("slides.gif")), 6);
        assertEquals("GIF89a", new String(gif, StandardCharsets.US_ASCII));
    }

    private static void open(Path p) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(p.toFile())) {
            g.start();
            g.stop();
        }
    }

    /** Offset where the mdat box says it ends. */
    private static long mdatEnd(Path file) throws Exception {
        try (var f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long pos = 0;
            while (pos + 8 <= f.length()) {
                f.seek(pos);
                long size = f.readInt() & 0xffffffffL;
                byte[] t = new byte[4];
                f.readFully(t);
                if (size == 1) size = f.readLong();
                if (new String(t, StandardCharsets.ISO_8859_1).equals("mdat")) return pos + size;
                pos += size;
            }
        }
        return -1;
    }
}
