package io.lecturehighlights.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the truth's "faceDetectable" against OpenCV's stock Haar frontal-face cascade, run on the
 * camera inset of each committed lecture's keyframes (one every 3 s; decoding only keyframes keeps this fast).
 * "Detectable" means found in at least 80% of sampled frames, each hit overlapping the truth's faceRegion.
 */
class FaceDetectabilityTest {

    private static final String CASCADE =
            "org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path cascadeFile;
    private static CascadeClassifier cascade;

    @BeforeAll
    static void loadCascade() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        cascadeFile = Files.createTempFile(tmp, "haar-", ".xml");
        try (InputStream in = CascadeClassifier.class.getClassLoader().getResourceAsStream(CASCADE)) {
            if (in == null) throw new IllegalStateException("cascade not on the classpath: " + CASCADE);
            Files.copy(in, cascadeFile, StandardCopyOption.REPLACE_EXISTING);
        }
        cascade = new CascadeClassifier(cascadeFile.toString());
        assertTrue(!cascade.empty(), "cascade failed to load");
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (cascade != null) cascade.close();
        if (cascadeFile != null) Files.deleteIfExists(cascadeFile);
    }

    static Stream<Path> lecturesWithCamera() throws Exception {
        return FixtureFiles.truthFiles().filter(p -> {
            try {
                return !JSON.readTree(p.toFile()).path("layout").path("camera").isNull()
                        && JSON.readTree(p.toFile()).path("layout").has("camera");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("lecturesWithCamera")
    void haarCascadeAgreesWithTruth(Path truthFile) throws Exception {
        JsonNode truth = JSON.readTree(truthFile.toFile());
        JsonNode cam = truth.path("layout").path("camera");
        JsonNode face = truth.path("faceRegion");
        Path video = truthFile.resolveSibling(truth.path("file").asText());
        int sampled = 0;
        int found = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
             OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            g.setVideoOption("skip_frame", "nokey");   // keyframes only
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                Mat full = conv.convert(f);
                Mat roi = new Mat(full, new Rect(cam.path("x").asInt(), cam.path("y").asInt(),
                        cam.path("w").asInt(), cam.path("h").asInt()));
                Mat gray = new Mat();
                cvtColor(roi, gray, COLOR_BGR2GRAY);
                equalizeHist(gray, gray);
                RectVector faces = new RectVector();
                cascade.detectMultiScale(gray, faces, 1.1, 3, 0, new Size(24, 24), new Size());
                sampled++;
                for (long i = 0; i < faces.size(); i++) {
                    Rect r = faces.get(i);
                    int cx = cam.path("x").asInt() + r.x() + r.width() / 2;
                    int cy = cam.path("y").asInt() + r.y() + r.height() / 2;
                    // The hit's centre must lie on the truth's face region.
                    if (cx >= face.path("x").asInt() && cx <= face.path("x").asInt() + face.path("w").asInt()
                            && cy >= face.path("y").asInt() && cy <= face.path("y").asInt() + face.path("h").asInt()) {
                        found++;
                        break;
                    }
                }
                gray.close();
                roi.close();
            }
        }
        System.out.printf("%s: Haar face found in %d of %d keyframes%n", truth.path("file").asText(), found, sampled);
        assertTrue(sampled >= 5, "too few keyframes sampled: " + sampled);
        boolean detectable = found >= 0.8 * sampled;
        assertEquals(truth.path("faceDetectable").asBoolean(), detectable,
                "faceDetectable in truth disagrees with the cascade: found " + found + "/" + sampled);
    }
}
