package io.lecturehighlights.testdata;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files an ingest stage must reject, each for one specific reason. File name to expected rejection
 * code is {@link #EXPECTED}; the README written beside them says the same in prose.
 */
public final class MalformedFixtures {

    /** File name to the rejection code the validator should produce, in manifest order. */
    public static final Map<String, String> EXPECTED = new LinkedHashMap<>();
    /** Why, for the README. */
    private static final Map<String, String> WHY = new LinkedHashMap<>();

    static {
        add("empty.mp4", "empty_file", "0 bytes.");
        add("notes-named-as-video.mp4", "not_a_video",
                "Plain UTF-8 text (lecture notes) with a .mp4 name: no container signature at all.");
        add("truncated-moov-missing.mp4", "corrupt_container",
                "A valid MP4 whose moov atom was at the end, cut to 50% of its bytes: it starts like an MP4 "
                        + "(ftyp, mdat) but has no moov, so no demuxer can open it.");
        add("truncated-faststart.mp4", "truncated_file",
                "A faststart MP4 (moov at the front) cut to 60%: it opens and reports streams and a duration, "
                        + "but the mdat box declares more bytes than the file has, so the media data runs out early.");
        add("no-audio.mp4", "no_audio_stream", "A valid H.264 MP4 (4 s of slides) with no audio stream.");
        add("audio-only-wav-named.mp4", "unsupported_container",
                "A RIFF/WAVE file (16-bit PCM speech, no video) named .mp4: the content is WAV, not an MP4/MOV/MKV/WebM container.");
        add("slides.gif", "unsupported_extension", "A real, tiny GIF image: .gif is not an accepted video extension.");
    }

    private static void add(String name, String code, String why) {
        EXPECTED.put(name, code);
        WHY.put(name, why);
    }

    private MalformedFixtures() {}

    public static void generate(Path dir, LectureGenerator gen, Speech speech, Path work) throws Exception {
        Files.createDirectories(dir);

        Files.write(dir.resolve("empty.mp4"), new byte[0]);

        Files.writeString(dir.resolve("notes-named-as-video.mp4"), """
                PHYS 101 lecture notes (not a video)
                ====================================
                1. Newton's first law: an object keeps moving unless a force acts on it.
                2. Newton's second law: F = m a.
                3. Newton's third law: every action has an equal and opposite reaction.
                This text file was saved with a .mp4 name by mistake.
                """, StandardCharsets.UTF_8);

        // Two short real lectures to cut: one with moov at the end (FFmpeg's default), one faststart.
        LectureSpec base = GenerateFixtures.brokenBase();
        Path tmp = work.resolve("malformed-src");
        Files.createDirectories(tmp);
        gen.generate(base, tmp, false);
        Path plain = tmp.resolve(base.fileName());
        if (!isMoovAfterMdat(plain)) throw new IllegalStateException("expected moov after mdat in " + plain);
        truncate(plain, dir.resolve("truncated-moov-missing.mp4"), 0.50);
        if (topLevelBoxes(dir.resolve("truncated-moov-missing.mp4")).contains("moov")) {
            throw new IllegalStateException("truncated-moov-missing.mp4 still has a moov");
        }

        LectureSpec fsSpec = withName(base, "broken-base-faststart.mp4");
        gen.generate(fsSpec, tmp, true);
        Path fast = tmp.resolve(fsSpec.fileName());
        if (isMoovAfterMdat(fast)) throw new IllegalStateException("faststart did not move moov to the front");
        truncate(fast, dir.resolve("truncated-faststart.mp4"), 0.60);

        writeNoAudio(dir.resolve("no-audio.mp4"));

        // Speech as 22050 Hz PCM WAV: even samples of the 44.1 kHz utterance are espeak-ng's own samples.
        Speech.Utterance u = speech.say("This recording is a wave file with the wrong name.");
        writeWav(dir.resolve("audio-only-wav-named.mp4"), u.samples(), 2);

        BufferedImage gif = SlideRenderer.render(new LectureSpec.Slide("Slides as GIF",
                List.of("Not a video"), "none"), 160, 90, 0, 1, "PHYS 101");
        if (!ImageIO.write(gif, "gif", dir.resolve("slides.gif").toFile())) throw new IOException("no GIF writer");

        writeReadme(dir.resolve("README.md"));
    }

    private static LectureSpec withName(LectureSpec s, String name) {
        return new LectureSpec(name, s.width(), s.height(), s.layoutType(), s.screen(), s.camera(), s.leadingSilence(),
                s.lines(), s.trailingSilence(), s.slides(), s.slideAfterLine(), s.noiseDbfs(), s.seed(),
                s.lectureNumber(), s.courseTitle(), s.faceDetectable());
    }

    private static void truncate(Path src, Path dst, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(src);
        int n = (int) Math.round(all.length * fraction);
        Files.write(dst, java.util.Arrays.copyOf(all, n));
    }

    /** 4 s of a slide and a blinking cursor, H.264 only. */
    private static void writeNoAudio(Path out) throws IOException {
        int w = 320;
        int h = 180;
        BufferedImage slide = SlideRenderer.render(new LectureSpec.Slide("No audio here",
                List.of("This clip has a video stream only", "The validator must reject it"), "none"), w, h, 0, 1, "PHYS 101");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), w, h, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(LectureGenerator.FPS);
            rec.setGopSize(LectureGenerator.GOP_FRAMES);
            rec.setVideoOption("preset", "veryfast");
            rec.setVideoOption("crf", "30");
            rec.setVideoOption("threads", "2");
            rec.start();
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            for (int f = 0; f < 4 * LectureGenerator.FPS; f++) {
                var g = img.createGraphics();
                g.drawImage(slide, 0, 0, null);
                if ((f / 12) % 2 == 0) {
                    g.setColor(java.awt.Color.RED);
                    g.fillRect(w - 20, h - 20, 10, 10);
                }
                g.dispose();
                rec.record(conv.convert(img));
            }
            rec.stop();
        }
    }

    /** Writes every {@code step}-th sample as 16-bit PCM mono WAV at 44100/step Hz. */
    static void writeWav(Path out, float[] samples, int step) throws IOException {
        int n = samples.length / step;
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            int v = Math.max(-32768, Math.min(32767, Math.round(samples[i * step] * 32767f)));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat fmt = new AudioFormat(Speech.SAMPLE_RATE / (float) step, 16, 1, true, false);
        try (AudioInputStream ais = new AudioInputStream(new ByteArrayInputStream(pcm), fmt, n)) {
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, out.toFile());
        }
    }

    /** Top-level ISO-BMFF box types in file order (stops at the first box that runs past the end). */
    public static List<String> topLevelBoxes(Path file) throws IOException {
        List<String> types = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long pos = 0;
            long len = f.length();
            while (pos + 8 <= len) {
                f.seek(pos);
                long size = f.readInt() & 0xffffffffL;
                byte[] t = new byte[4];
                f.readFully(t);
                String type = new String(t, StandardCharsets.ISO_8859_1);
                if (size == 1) size = f.readLong();
                else if (size == 0) size = len - pos;
                types.add(type);
                if (size < 8) break;
                pos += size;
            }
        }
        return types;
    }

    private static boolean isMoovAfterMdat(Path file) throws IOException {
        List<String> boxes = topLevelBoxes(file);
        return boxes.indexOf("moov") > boxes.indexOf("mdat");
    }

    private static void writeReadme(Path path) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Malformed inputs\n\n")
                .append("Generated by `io.lecturehighlights.testdata.GenerateFixtures` (see ../README.md). Each file must be\n")
                .append("rejected by the validation stage with exactly the code below; none of them may crash the pipeline.\n\n")
                .append("| File | Expected rejection | What it is |\n|---|---|---|\n");
        for (var e : EXPECTED.entrySet()) {
            sb.append("| `").append(e.getKey()).append("` | `").append(e.getValue()).append("` | ")
                    .append(WHY.get(e.getKey())).append(" |\n");
        }
        sb.append("\nThe manifest (../manifest.jsonl) also has two rows with no file behind them:\n\n")
                .append("| Row `video` | Expected rejection |\n|---|---|\n")
                .append("| `lectures/missing-lecture.mp4` | `missing_file` |\n")
                .append("| `../../etc/passwd.mp4` | `unsafe_name` (path traversal); never opened |\n");
        Files.writeString(path, sb.toString(), StandardCharsets.UTF_8);
    }
}
