package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/** layout.jpg: one frame of the lecture with the screen (green) and camera (orange) rectangles drawn on it. */
final class LayoutThumbnail {
  private LayoutThumbnail() {}

  static byte[] render(byte[] bgr, int tw, int th, int frameW, int frameH, String type, Box screen, Box camera) {
    double sx = tw / (double) frameW;
    double sy = th / (double) frameH;
    int thick = Math.max(2, tw / 320);
    try (BytePointer data = new BytePointer(bgr);
        Mat img = new Mat(th, tw, opencv_core.CV_8UC3, data);
        BytePointer jpg = new BytePointer();
        IntPointer params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 85)) {
      if (screen != null) {
        draw(img, screen.scale(sx, sy, tw, th), new Scalar(60, 200, 60, 0), thick);
      }
      if (camera != null) {
        draw(img, camera.scale(sx, sy, tw, th), new Scalar(0, 140, 255, 0), thick);
      }
      putText(img, type, new Point(8 + thick, 24 + thick), FONT_HERSHEY_SIMPLEX, Math.max(0.6, tw / 1200.0),
          new Scalar(0, 0, 0, 0), thick + 2, LINE_AA, false);
      putText(img, type, new Point(8 + thick, 24 + thick), FONT_HERSHEY_SIMPLEX, Math.max(0.6, tw / 1200.0),
          new Scalar(255, 255, 255, 0), Math.max(1, thick - 1), LINE_AA, false);
      if (!opencv_imgcodecs.imencode(".jpg", img, jpg, params)) {
        return null;
      }
      byte[] out = new byte[(int) jpg.limit()];
      jpg.get(out);
      return out;
    }
  }

  private static void draw(Mat img, Box b, Scalar color, int thick) {
    int inset = thick / 2;
    rectangle(img, new Rect(b.x0() + inset, b.y0() + inset, Math.max(1, b.w() - 2 * inset),
        Math.max(1, b.h() - 2 * inset)), color, thick, LINE_AA, 0);
  }
}
