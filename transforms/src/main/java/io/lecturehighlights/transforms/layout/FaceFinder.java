package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Frontal faces with OpenCV's stock Haar cascade, which ships inside the bytedeco opencv jar; it is copied to a
 * temporary file once per instance because the classifier loads from a path. Not thread-safe (one per DoFn).
 */
public final class FaceFinder implements AutoCloseable {
  static final String CASCADE =
      "org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

  private final CascadeClassifier cascade;

  public FaceFinder() {
    Path tmp = null;
    try (InputStream in = FaceFinder.class.getClassLoader().getResourceAsStream(CASCADE)) {
      if (in == null) {
        throw new IllegalStateException("the Haar cascade is not on the classpath: " + CASCADE);
      }
      tmp = Files.createTempFile("lhx-haar-", ".xml");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      cascade = new CascadeClassifier(tmp.toString());
      if (cascade.empty()) {
        throw new IllegalStateException("the Haar cascade did not load");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  /** Faces in a grayscale picture (row-major luma), at least {@code minSize} pixels wide. */
  public List<Box> find(byte[] gray, int width, int height, int minSize) {
    List<Box> out = new ArrayList<>();
    try (BytePointer data = new BytePointer(gray);
        Mat img = new Mat(height, width, opencv_core.CV_8UC1, data);
        Mat eq = new Mat();
        RectVector found = new RectVector()) {
      opencv_imgproc.equalizeHist(img, eq);
      cascade.detectMultiScale(eq, found, 1.15, 5, 0, new Size(minSize, minSize), new Size());
      for (long i = 0; i < found.size(); i++) {
        Rect r = found.get(i);
        out.add(Box.ofSize(r.x(), r.y(), r.width(), r.height()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    cascade.close();
  }
}
