package io.lecturehighlights.transforms.media;

import java.io.Serializable;

/** An axis-aligned pixel rectangle [x0, x1) x [y0, y1). */
public record Box(int x0, int y0, int x1, int y1) implements Serializable {

  public static Box ofSize(int x, int y, int w, int h) {
    return new Box(x, y, x + w, y + h);
  }

  public int w() {
    return x1 - x0;
  }

  public int h() {
    return y1 - y0;
  }

  public long area() {
    return (long) Math.max(0, w()) * Math.max(0, h());
  }

  public boolean isEmpty() {
    return x1 <= x0 || y1 <= y0;
  }

  public Box intersect(Box o) {
    return new Box(Math.max(x0, o.x0), Math.max(y0, o.y0), Math.min(x1, o.x1), Math.min(y1, o.y1));
  }

  public boolean contains(double x, double y) {
    return x >= x0 && x < x1 && y >= y0 && y < y1;
  }

  /** Intersection over union; 0 when either is empty. */
  public double iou(Box o) {
    Box i = intersect(o);
    if (i.isEmpty()) {
      return 0;
    }
    double inter = i.area();
    return inter / (area() + o.area() - inter);
  }

  /** This rectangle in another pixel grid (e.g. analysis pixels to frame pixels), clamped to it. */
  public Box scale(double sx, double sy, int maxW, int maxH) {
    return new Box(clamp((int) Math.round(x0 * sx), maxW), clamp((int) Math.round(y0 * sy), maxH),
        clamp((int) Math.round(x1 * sx), maxW), clamp((int) Math.round(y1 * sy), maxH));
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /** Mirror images, for searching one corner's geometry in all four corners. */
  public Box flip(boolean fx, boolean fy, int w, int h) {
    int nx0 = fx ? w - x1 : x0;
    int nx1 = fx ? w - x0 : x1;
    int ny0 = fy ? h - y1 : y0;
    int ny1 = fy ? h - y0 : y1;
    return new Box(nx0, ny0, nx1, ny1);
  }

  @Override
  public String toString() {
    return "[" + x0 + "," + y0 + " " + w() + "x" + h() + "]";
  }
}
