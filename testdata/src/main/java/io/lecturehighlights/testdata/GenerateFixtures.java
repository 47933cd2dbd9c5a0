package io.lecturehighlights.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes the whole fixture set into a folder (normally the testdata module itself):
 * {@code lectures/} (good lectures + truth JSON + captions), {@code malformed/}, {@code manifest.jsonl},
 * {@code manifest.csv}. Usage: {@code GenerateFixtures <testdata-dir>}.
 */
public final class GenerateFixtures {

    public static final String COURSE = "PHYS 101";
    public static final String SEMESTER = "fall-2026";
    public static final String INSTRUCTOR = "Prof. Maria Okafor";

    /**
     * Result of FaceDetectabilityTest (OpenCV haarcascade_frontalface_default, run on the camera inset):
     * the cartoon face is found in nearly every sampled frame of each lecture. Kept as a constant so the
     * generator needs no OpenCV at runtime; the test re-checks it against the committed videos.
     */
    static final Boolean FACE_DETECTABLE = Boolean.TRUE;

    private GenerateFixtures() {}

    /** A fixture: its spec, title, whether captions are written (vtt/srt/none) and manifest extras. */
    record Fixture(LectureSpec spec, String title, String captions, String jobId, boolean faststart) {}

    static List<Fixture> lectures() {
        List<Fixture> out = new ArrayList<>();

        // 1. Clean, 1280x720, picture-in-picture, camera bottom-right.
        out.add(new Fixture(new LectureSpec("lecture-clean.mp4", 1280, 720, "picture_in_picture",
                new Rect(0, 0, 1280, 720), new Rect(944, 464, 320, 240),
                1.5,
                List.of(
                        line("Welcome back everyone.", 0.6),
                        line("Today we talk about Newton's laws of motion.", 1.0),
                        line("The first law says that an object keeps moving unless a force acts on it.", 0.2),
                        line("We call this property inertia.", 2.0),
                        line("The second law says force equals mass times acceleration.", 0.25),
                        line("Push twice as hard and the cart speeds up twice as fast.", 0.15),
                        line("A heavier cart needs a bigger push.", 0.7),
                        line("The third law says every action has an equal and opposite reaction.", 0.3),
                        line("When you push on a wall the wall pushes back.", 3.5),
                        line("Next time we will solve real problems.", 0)),
                1.2,
                List.of(
                        slide("Newton's Laws of Motion", "none",
                                "Lecture 3 of PHYS 101", "Forces and how objects respond", "Three laws that explain everyday motion",
                                "Reading: chapter 4 sections 1 to 5"),
                        slide("First Law: Inertia", "boxes",
                                "An object at rest stays at rest", "A moving object keeps its velocity",
                                "Unless a net external force acts on it", "Inertia grows with mass"),
                        slide("Second Law: F = m a", "plot",
                                "Net force equals mass times acceleration", "Double the force: double the acceleration",
                                "Double the mass: half the acceleration", "Units: 1 N = 1 kg m/s^2"),
                        slide("Third Law: Action and Reaction", "boxes",
                                "Forces always come in pairs", "Equal in size and opposite in direction",
                                "They act on different objects", "Example: pushing against a wall")),
                List.of(1, 3, 6), null, 101L, 3, COURSE, FACE_DETECTABLE),
                "Newton's Laws of Motion", "vtt", "phys101-fall2026-l03", true));

        // 2. Pink noise at -40 dBFS, 960x540, side-by-side (slides left, camera right).
        out.add(new Fixture(new LectureSpec("lecture-noisy.mp4", 960, 540, "side_by_side",
                new Rect(0, 90, 640, 360), new Rect(656, 90, 296, 360),
                0.8,
                List.of(
                        line("Good morning and welcome to work and energy.", 0.25),
                        line("Work is done when a force moves an object.", 0.8),
                        line("We measure work and energy in joules.", 1.5),
                        line("Kinetic energy is the energy of motion.", 0.15),
                        line("Doubling the speed gives four times the kinetic energy.", 2.5),
                        line("Potential energy is stored energy of position.", 0.3),
                        line("A book on a high shelf has more potential energy than one on the floor.", 0.6),
                        line("In a closed system the total energy stays the same.", 0.2),
                        line("Energy changes form but is never created or destroyed.", 1.2),
                        line("Please read chapter seven before next time.", 0)),
                2.0,
                List.of(
                        slide("Work and Energy", "none",
                                "Work: W = F d", "Measured in joules (J)", "Only the force along the motion counts",
                                "Lecture 4 of PHYS 101"),
                        slide("Kinetic Energy", "plot",
                                "KE = 1/2 m v^2", "Grows with the square of speed", "2x speed gives 4x energy"),
                        slide("Potential Energy", "bars",
                                "PE = m g h", "Stored energy of position", "Higher shelf: more energy"),
                        slide("Conservation of Energy", "none",
                                "Total energy of a closed system is constant", "Energy changes form",
                                "Never created or destroyed", "Read chapter 7 for next time")),
                List.of(2, 4, 6), -40.0, 202L, 4, COURSE, FACE_DETECTABLE),
                "Work and Energy", "srt", "phys101-fall2026-l04", false));

        // 3. 4:3 content pillarboxed in 1280x720 (black bars left/right), camera inset top-right of the content.
        out.add(new Fixture(new LectureSpec("lecture-letterboxed.mp4", 1280, 720, "picture_in_picture",
                new Rect(160, 0, 960, 720), new Rect(880, 16, 224, 168),
                1.0,
                List.of(
                        line("In this short lecture we look at waves and how they travel.", 0.2),
                        line("A wave carries energy from one place to another without carrying matter.", 1.2),
                        line("The distance between two crests is called the wavelength.", 0.3),
                        line("The number of crests passing each second is the frequency.", 0.15),
                        line("Wave speed equals wavelength times frequency.", 2.0),
                        line("Sound waves in air travel at about three hundred and forty meters per second.", 0.6),
                        line("That is all for today so see you next week.", 0)),
                1.0,
                List.of(
                        slide("Waves", "wave",
                                "A travelling disturbance", "Carries energy not matter", "Transverse and longitudinal"),
                        slide("Wavelength and Frequency", "wave",
                                "Wavelength: crest to crest", "Frequency: crests per second", "v = f x wavelength"),
                        slide("Sound", "bars",
                                "A longitudinal pressure wave", "About 340 m/s in air", "Faster in water and steel")),
                List.of(1, 4), null, 303L, 5, COURSE, FACE_DETECTABLE),
                "Waves", null, null, false));

        // 4. Audio only (AAC in an .m4a), no picture at all.
        out.add(new Fixture(new LectureSpec("lecture-audio-only.m4a", 0, 0, "audio_only", null, null,
                0.7,
                List.of(
                        line("This is a short audio recording about momentum.", 0.25),
                        line("Momentum is mass times velocity.", 1.5),
                        line("In a collision the total momentum is conserved.", 0.7),
                        line("Try the practice problems at the end of the chapter.", 0)),
                1.3, null, null, null, 404L, 6, COURSE, null),
                "Momentum (audio only)", null, "phys101-fall2026-l06", false));
        return out;
    }

    /** The short lecture that MalformedFixtures encodes and then cuts. */
    static LectureSpec brokenBase() {
        return new LectureSpec("broken-base.mp4", 640, 360, "picture_in_picture",
                new Rect(0, 0, 640, 360), new Rect(464, 232, 160, 112), 0.5,
                List.of(line("This file is only here to be broken.", 0.7),
                        line("Nobody should ever be able to watch it to the end.", 0)),
                0.5,
                List.of(slide("Broken on purpose", "none", "Cut in the middle", "Used by validation tests")),
                List.of(), null, 505L, 0, COURSE, null);
    }

    private static LectureSpec.Line line(String text, double gapAfter) {
        return new LectureSpec.Line(text, gapAfter);
    }

    private static LectureSpec.Slide slide(String title, String diagram, String... bullets) {
        return new LectureSpec.Slide(title, List.of(bullets), diagram);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path lectures = root.resolve("lectures");
        Path malformed = root.resolve("malformed");
        // FFmpeg/x264 are chatty on stderr; keep only errors.
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        Path work = Files.createTempDirectory("lh-testdata-");
        long t0 = System.nanoTime();
        try {
            clean(lectures);
            clean(malformed);
            Speech speech = new Speech(work.resolve("espeak"));
            LectureGenerator gen = new LectureGenerator(speech);
            List<LectureGenerator.Result> results = new ArrayList<>();
            for (Fixture f : lectures()) {
                long s = System.nanoTime();
                LectureGenerator.Result r = gen.generate(f.spec(), lectures, f.faststart());
                results.add(r);
                if ("vtt".equals(f.captions())) Captions.writeVtt(r, lectures.resolve(captionsName(f)));
                if ("srt".equals(f.captions())) Captions.writeSrt(r, lectures.resolve(captionsName(f)));
                System.out.printf(Locale.ROOT, "%-28s %6.2f s  %2d sentences  %7d bytes  (%.1f s)%n",
                        f.spec().fileName(), r.track().durationSeconds(), r.track().sentences.size(),
                        Files.size(lectures.resolve(f.spec().fileName())), (System.nanoTime() - s) / 1e9);
            }
            MalformedFixtures.generate(malformed, gen, speech, work);
            writeManifests(root);
            System.out.printf(Locale.ROOT, "fixtures written to %s in %.1f s%n", root, (System.nanoTime() - t0) / 1e9);
        } finally {
            deleteTree(work);
        }
    }

    static String captionsName(Fixture f) {
        String base = f.spec().fileName().substring(0, f.spec().fileName().lastIndexOf('.'));
        return base + "." + f.captions();
    }

    /** Removes only files this generator writes, so stray hand-made files are noticed rather than lost. */
    private static void clean(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && (n.endsWith(".mp4") || n.endsWith(".m4a") || n.endsWith(".json")
                        || n.endsWith(".vtt") || n.endsWith(".srt") || n.endsWith(".gif") || n.equals("README.md"))) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static void writeManifests(Path root) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder jsonl = new StringBuilder();
        StringBuilder csv = new StringBuilder("video,jobId,title,course,semester,lectureNumber,instructor,captions\n");
        for (Fixture f : lectures()) {
            ObjectNode n = json.createObjectNode();
            String video = "lectures/" + f.spec().fileName();
            String captions = f.captions() == null ? null : "lectures/" + captionsName(f);
            n.put("video", video);
            if (f.jobId() != null) n.put("jobId", f.jobId());   // one good lecture has none: the pipeline derives it
            n.put("title", f.title());
            n.put("course", COURSE);
            n.put("semester", SEMESTER);
            n.put("lectureNumber", f.spec().lectureNumber());
            n.put("instructor", INSTRUCTOR);
            if (captions != null) n.put("captions", captions);
            jsonl.append(json.writeValueAsString(n)).append('\n');
            csv.append(String.join(",", csvField(video), csvField(f.jobId()), csvField(f.title()), csvField(COURSE),
                    csvField(SEMESTER), Integer.toString(f.spec().lectureNumber()), csvField(INSTRUCTOR),
                    csvField(captions))).append('\n');
        }
        for (var e : MalformedFixtures.EXPECTED.entrySet()) {
            ObjectNode n = json.createObjectNode();
            n.put("video", "malformed/" + e.getKey());
            n.put("jobId", "malformed-" + e.getKey().replaceAll("\\.[a-z0-9]+$", ""));
            n.put("title", "Malformed input (" + e.getValue() + ")");
            n.put("course", COURSE);
            n.put("semester", SEMESTER);
            jsonl.append(json.writeValueAsString(n)).append('\n');
        }
        ObjectNode missing = json.createObjectNode();
        missing.put("video", "lectures/missing-lecture.mp4");
        missing.put("jobId", "missing-lecture");
        missing.put("title", "A lecture whose file was never uploaded");
        missing.put("course", COURSE);
        jsonl.append(json.writeValueAsString(missing)).append('\n');
        ObjectNode unsafe = json.createObjectNode();
        unsafe.put("video", "../../etc/passwd.mp4");
        unsafe.put("jobId", "unsafe-path");
        unsafe.put("title", "Path traversal attempt");
        jsonl.append(json.writeValueAsString(unsafe)).append('\n');
        Files.writeString(root.resolve("manifest.jsonl"), jsonl.toString(), StandardCharsets.UTF_8);
        Files.writeString(root.resolve("manifest.csv"), csv.toString(), StandardCharsets.UTF_8);
    }

    /** RFC 4180 quoting; null becomes an empty field. */
    static String csvField(String s) {
        if (s == null) return "";
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }
}
