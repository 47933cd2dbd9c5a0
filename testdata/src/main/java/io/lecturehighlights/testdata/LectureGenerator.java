package io.lecturehighlights.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Renders, encodes and describes one synthetic lecture. */
public final class LectureGenerator {

    public static final int FPS = 25;
    /** Audio samples per video frame (44100 / 25): the timeline is built in whole frames. */
    public static final int SAMPLES_PER_FRAME = Speech.SAMPLE_RATE / FPS;
    /** Keyframe every 3 s: realistic for lecture capture and keeps seeking cheap. */
    public static final int GOP_FRAMES = 3 * FPS;
    public static final int AUDIO_BITRATE = 96_000;
    /** A pause counts as a silence from this length on. */
    public static final double MIN_SILENCE_SECONDS = 0.5;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Speech speech;

    public LectureGenerator(Speech speech) {
        this.speech = speech;
    }

    /** What was generated: the audio timeline and slide-change frames, for the truth JSON and captions. */
    public record Result(LectureSpec spec, AudioTrack track, List<Integer> slideChangeFrames, Rect faceRegion,
                         double longestInternalGap) {}

    public Result generate(LectureSpec spec, Path outDir, boolean faststart) throws IOException, InterruptedException {
        List<Speech.Utterance> utts = new ArrayList<>();
        double longestGap = 0;
        for (LectureSpec.Line line : spec.lines()) {
            Speech.Utterance u = speech.say(line.text());
            utts.add(u);
            longestGap = Math.max(longestGap, u.longestInternalGapSeconds());
        }
        checkDesignedGaps(spec);
        int quantum = spec.hasVideo() ? SAMPLES_PER_FRAME : 1;
        AudioTrack track = AudioTrack.build(spec, utts, quantum);
        List<Integer> changes = slideChangeFrames(spec, track);
        Path out = outDir.resolve(spec.fileName());
        Files.createDirectories(outDir);
        Rect face = encode(spec, track, changes, out, faststart);
        Result result = new Result(spec, track, changes, face, longestGap);
        writeTruth(result, outDir.resolve(truthName(spec.fileName())));
        return result;
    }

    public static String truthName(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.')) + ".truth.json";
    }

    /** The fixtures must exercise both sides of the 0.5 s rule, far enough from it that ms rounding cannot flip one. */
    private static void checkDesignedGaps(LectureSpec spec) {
        for (int i = 0; i < spec.lines().size() - 1; i++) {
            double g = spec.lines().get(i).gapAfter();
            if (g > 0.3 && g < 0.6) {
                throw new IllegalArgumentException(spec.fileName() + ": gap " + g + " s is too close to the 0.5 s threshold");
            }
        }
    }

    /** Each slide change sits on the video frame nearest the middle of the pause after its line. */
    private static List<Integer> slideChangeFrames(LectureSpec spec, AudioTrack track) {
        List<Integer> frames = new ArrayList<>();
        if (spec.slideAfterLine() == null) return frames;
        for (int line : spec.slideAfterLine()) {
            AudioTrack.Span a = track.sentences.get(line);
            AudioTrack.Span b = track.sentences.get(line + 1);
            double mid = (a.end() + b.start()) / 2.0 / Speech.SAMPLE_RATE;
            int f = (int) Math.round(mid * FPS);
            frames.add(f);
        }
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i) <= frames.get(i - 1)) throw new IllegalArgumentException(spec.fileName() + ": slide changes out of order");
        }
        return frames;
    }

    private Rect encode(LectureSpec spec, AudioTrack track, List<Integer> changes, Path out, boolean faststart)
            throws IOException {
        int totalFrames = track.length() / SAMPLES_PER_FRAME;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), spec.width(), spec.height(), 1)) {
            if (spec.hasVideo()) {
                rec.setFormat("mp4");
                rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setFrameRate(FPS);
                rec.setGopSize(GOP_FRAMES);
                // veryfast + CRF 30: small files, still sharp enough for slide text.
                rec.setVideoOption("preset", "veryfast");
                rec.setVideoOption("crf", "30");
                // Fixed thread count so re-encoding on another machine gives the same bitstream.
                rec.setVideoOption("threads", "2");
            } else {
                rec.setFormat("ipod");   // the .m4a flavour of MP4
            }
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(Speech.SAMPLE_RATE);
            rec.setAudioChannels(1);
            rec.setAudioBitrate(AUDIO_BITRATE);
            if (faststart) rec.setOption("movflags", "+faststart");
            rec.setMetadata("title", spec.courseTitle() + " lecture " + spec.lectureNumber() + " (synthetic)");
            rec.start();

            if (!spec.hasVideo()) {
                for (int off = 0; off < track.length(); off += 4096) {
                    int n = Math.min(4096, track.length() - off);
                    rec.recordSamples(Speech.SAMPLE_RATE, 1, FloatBuffer.wrap(Arrays.copyOfRange(track.mix, off, off + n)));
                }
                rec.stop();
                return null;
            }

            String footer = spec.courseTitle() + "  Lecture " + spec.lectureNumber();
            Rect sc = spec.screen();
            List<BufferedImage> slides = new ArrayList<>();
            for (int i = 0; i < spec.slides().size(); i++) {
                slides.add(SlideRenderer.render(spec.slides().get(i), sc.w(), sc.h(), i, spec.slides().size(), footer));
            }
            Rect cam = spec.camera();
            CameraRenderer camera = cam == null ? null : new CameraRenderer(cam.w(), cam.h(), spec.seed(), totalFrames);
            BufferedImage canvas = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_3BYTE_BGR);
            Color bars = spec.layoutType().equals("side_by_side") ? new Color(24, 24, 28) : Color.BLACK;
            Rect faceRegion = null;
            int shown = -1;
            try (Java2DFrameConverter conv = new Java2DFrameConverter()) {
                for (int f = 0; f < totalFrames; f++) {
                    int slide = 0;
                    while (slide < changes.size() && f >= changes.get(slide)) slide++;
                    Graphics2D g = canvas.createGraphics();
                    if (slide != shown) {
                        // Slides are static: repaint the whole canvas only when the slide changes.
                        g.setColor(bars);
                        g.fillRect(0, 0, spec.width(), spec.height());
                        g.drawImage(slides.get(slide), sc.x(), sc.y(), null);
                        shown = slide;
                    }
                    if (camera != null) {
                        double mouth = rms(track.speech, f * SAMPLES_PER_FRAME, SAMPLES_PER_FRAME) / 0.12;
                        g.drawImage(camera.render(f, FPS, mouth), cam.x(), cam.y(), null);
                        Rect fb = camera.faceBox(f, FPS);
                        Rect inFrame = new Rect(cam.x() + fb.x(), cam.y() + fb.y(), fb.w(), fb.h());
                        faceRegion = inFrame.union(faceRegion);
                    }
                    g.dispose();
                    Frame frame = conv.convert(canvas);
                    rec.record(frame);
                    int off = f * SAMPLES_PER_FRAME;
                    rec.recordSamples(Speech.SAMPLE_RATE, 1,
                            FloatBuffer.wrap(Arrays.copyOfRange(track.mix, off, off + SAMPLES_PER_FRAME)));
                }
            }
            rec.stop();
            return faceRegion;
        }
    }

    private static double rms(float[] x, int off, int n) {
        double s = 0;
        for (int i = off; i < off + n && i < x.length; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / n);
    }

    static double sec(long samples) {
        return Math.round(samples * 1000.0 / Speech.SAMPLE_RATE) / 1000.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static void writeTruth(Result r, Path path) throws IOException {
        LectureSpec spec = r.spec();
        AudioTrack track = r.track();
        ObjectNode root = JSON.createObjectNode();
        root.put("file", spec.fileName());
        root.put("generator", "io.lecturehighlights.testdata.GenerateFixtures");
        root.put("durationSeconds", sec(track.length()));
        if (spec.hasVideo()) {
            root.put("width", spec.width());
            root.put("height", spec.height());
            root.put("fps", FPS);
            root.put("frames", track.length() / SAMPLES_PER_FRAME);
        } else {
            root.putNull("width");
            root.putNull("height");
            root.putNull("fps");
            root.putNull("frames");
        }
        ObjectNode audio = root.putObject("audio");
        audio.put("codec", "aac");
        audio.put("sampleRate", Speech.SAMPLE_RATE);
        audio.put("channels", 1);
        audio.put("bitrate", AUDIO_BITRATE);
        audio.put("speechPeakDbfs", round3(20 * Math.log10(Speech.PEAK)));
        audio.put("trimThresholdDbfs", Speech.SILENCE_DBFS);
        audio.put("longestPauseInsideSentenceSeconds", round3(r.longestInternalGap()));
        if (spec.hasVideo()) {
            ObjectNode video = root.putObject("video");
            video.put("codec", "h264");
            video.put("pixelFormat", "yuv420p");
            video.put("gopFrames", GOP_FRAMES);
        } else {
            root.putNull("video");
        }
        if (spec.noiseDbfs() == null) {
            root.putNull("noiseDbfs");
        } else {
            root.put("noiseDbfs", spec.noiseDbfs());
            root.put("noiseType", "pink");
        }
        root.put("minSilenceSeconds", MIN_SILENCE_SECONDS);

        List<AudioTrack.Span> audible = track.audibleSentences();
        root.put("silenceTruth", track.noiseRmsDbfs == null
                ? "gaps between sentences trimmed where the sample magnitude falls below " + Speech.SILENCE_DBFS + " dBFS"
                : "gaps between the audible parts of sentences: clean narration at least " + AudioTrack.AUDIBLE_SNR_DB
                        + " dB above the noise RMS in 10 ms windows");
        ArrayNode sentences = root.putArray("sentences");
        for (int i = 0; i < track.sentences.size(); i++) {
            AudioTrack.Span s = track.sentences.get(i);
            ObjectNode n = sentences.addObject();
            n.put("start", sec(s.start()));
            n.put("end", sec(s.end()));
            n.put("text", s.text());
            if (track.noiseRmsDbfs != null) {
                n.put("audibleStart", sec(audible.get(i).start()));
                n.put("audibleEnd", sec(audible.get(i).end()));
            }
        }
        ArrayNode silences = root.putArray("silences");
        ArrayNode shortGaps = root.putArray("shortGaps");
        int minSamples = (int) Math.round(MIN_SILENCE_SECONDS * Speech.SAMPLE_RATE);
        int prevEnd = 0;
        for (int i = 0; i <= audible.size(); i++) {
            int start = prevEnd;
            int end = i < audible.size() ? audible.get(i).start() : track.length();
            if (end > start) {
                ObjectNode n = (end - start >= minSamples ? silences : shortGaps).addObject();
                n.put("start", sec(start));
                n.put("end", sec(end));
            }
            if (i < audible.size()) prevEnd = audible.get(i).end();
        }
        double speechSeconds = 0;
        for (AudioTrack.Span s : track.sentences) speechSeconds += (s.end() - s.start()) / (double) Speech.SAMPLE_RATE;
        root.put("speechSeconds", round3(speechSeconds));

        ArrayNode changes = root.putArray("slideChanges");
        for (int f : r.slideChangeFrames()) changes.add(round3(f / (double) FPS));
        ArrayNode slides = root.putArray("slides");
        if (spec.hasVideo()) {
            for (int i = 0; i < spec.slides().size(); i++) {
                ObjectNode n = slides.addObject();
                n.put("start", i == 0 ? 0.0 : round3(r.slideChangeFrames().get(i - 1) / (double) FPS));
                n.put("end", i < r.slideChangeFrames().size()
                        ? round3(r.slideChangeFrames().get(i) / (double) FPS) : sec(track.length()));
                n.put("title", spec.slides().get(i).title());
            }
        }

        ObjectNode layout = root.putObject("layout");
        layout.put("type", spec.layoutType());
        putRect(layout, "screen", spec.screen());
        putRect(layout, "camera", spec.camera());
        putRect(root, "faceRegion", r.faceRegion());
        if (spec.faceDetectable() == null) root.putNull("faceDetectable");
        else root.put("faceDetectable", spec.faceDetectable());

        Files.writeString(path, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }

    private static void putRect(ObjectNode parent, String name, Rect r) {
        if (r == null) {
            parent.putNull(name);
            return;
        }
        ObjectNode n = parent.putObject(name);
        n.put("x", r.x());
        n.put("y", r.y());
        n.put("w", r.w());
        n.put("h", r.h());
    }
}
