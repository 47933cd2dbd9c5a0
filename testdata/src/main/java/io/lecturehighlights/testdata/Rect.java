package io.lecturehighlights.testdata;

/** A pixel rectangle in the video frame, origin top left (same shape as the pipeline's Rect schema). */
public record Rect(int x, int y, int w, int h) {
    public Rect union(Rect o) {
        if (o == null) return this;
        int x0 = Math.min(x, o.x);
        int y0 = Math.min(y, o.y);
        int x1 = Math.max(x + w, o.x + o.w);
        int y1 = Math.max(y + h, o.y + o.h);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }
}
