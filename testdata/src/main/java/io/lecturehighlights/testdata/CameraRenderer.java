package io.lecturehighlights.testdata;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/**
 * The "camera" inset: a cartoon lecturer in front of a bookshelf. The head sways and bobs
 * continuously, the mouth follows the narration's loudness, the eyes blink now and then, and
 * every frame gets a little illumination flicker and sensor grain, so the inset changes on every
 * frame like a real webcam while the slides stay still. The face is drawn with shaded features
 * (dark brows and eye sockets over lighter cheeks, a bright nose bridge) because that is the
 * light/dark pattern a Haar frontal-face cascade looks for.
 */
public final class CameraRenderer {

    private final int w;
    private final int h;
    private final long seed;
    private final BufferedImage background;
    private final BufferedImage frame;
    private final boolean[] blinkFrames;

    public CameraRenderer(int w, int h, long seed, int totalFrames) {
        this.w = w;
        this.h = h;
        this.seed = seed;
        this.background = drawBackground(w, h, seed);
        this.frame = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        // Blinks: 3 frames every 3-6 s at seeded times.
        this.blinkFrames = new boolean[Math.max(totalFrames, 1)];
        Random r = new Random(seed ^ 0x5EEDL);
        int f = 40 + r.nextInt(60);
        while (f < totalFrames) {
            for (int k = 0; k < 3 && f + k < totalFrames; k++) blinkFrames[f + k] = true;
            f += 75 + r.nextInt(75);
        }
    }

    /** Face ellipse (skin only) for a frame, in inset coordinates, ignoring the small tilt. */
    public Rect faceBox(int frameIndex, double fps) {
        double t = frameIndex / fps;
        double fw = faceWidth();
        double fh = fw * 1.28;
        double cx = w / 2.0 + dx(t);
        double cy = h * 0.46 + dy(t);
        int x0 = (int) Math.floor(cx - fw / 2);
        int y0 = (int) Math.floor(cy - fh / 2);
        int x1 = (int) Math.ceil(cx + fw / 2);
        int y1 = (int) Math.ceil(cy + fh / 2);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    private double faceWidth() {
        return Math.min(w, h) * 0.40;
    }

    private double dx(double t) {
        return w * (0.05 * Math.sin(2 * Math.PI * t / 6.1) + 0.015 * Math.sin(2 * Math.PI * t / 2.3 + 1.0));
    }

    private double dy(double t) {
        return h * 0.025 * Math.sin(2 * Math.PI * t / 4.7 + 0.5);
    }

    private double tilt(double t) {
        return Math.toRadians(3.0 * Math.sin(2 * Math.PI * t / 7.3 + 2.0));
    }

    /**
     * Renders one frame.
     *
     * @param mouthOpen 0 (closed) .. 1 (wide open), from the narration's loudness around this frame
     */
    public BufferedImage render(int frameIndex, double fps, double mouthOpen) {
        double t = frameIndex / fps;
        Graphics2D g = frame.createGraphics();
        try {
            g.drawImage(background, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double fw = faceWidth();
            double fh = fw * 1.28;
            double cx = w / 2.0 + dx(t);
            double cy = h * 0.46 + dy(t);

            // Torso and neck move with the head, a little less.
            double tx = w / 2.0 + dx(t) * 0.6;
            g.setColor(new Color(40, 70, 130));
            g.fill(new RoundRectangle2D.Double(tx - fw * 1.25, cy + fh * 0.55, fw * 2.5, h, fw * 0.8, fw * 0.8));
            g.setColor(new Color(235, 235, 235));
            Path2D collar = new Path2D.Double();
            collar.moveTo(tx - fw * 0.28, cy + fh * 0.55);
            collar.lineTo(tx, cy + fh * 0.78);
            collar.lineTo(tx + fw * 0.28, cy + fh * 0.55);
            collar.closePath();
            g.fill(collar);
            g.setColor(new Color(196, 150, 118));
            g.fill(new RoundRectangle2D.Double(cx - fw * 0.2, cy + fh * 0.3, fw * 0.4, fh * 0.32, fw * 0.1, fw * 0.1));

            AffineTransform saved = g.getTransform();
            g.rotate(tilt(t), cx, cy);
            drawHead(g, cx, cy, fw, fh, mouthOpen, frameIndex < blinkFrames.length && blinkFrames[frameIndex]);
            g.setTransform(saved);
        } finally {
            g.dispose();
        }
        applyCameraNoise(frameIndex, t);
        return frame;
    }

    private void drawHead(Graphics2D g, double cx, double cy, double fw, double fh, double mouthOpen, boolean blink) {
        Color hair = new Color(55, 35, 25);
        // Hair behind the head.
        g.setColor(hair);
        g.fill(new Ellipse2D.Double(cx - fw * 0.56, cy - fh * 0.60, fw * 1.12, fh * 0.85));
        // Ears.
        g.setColor(new Color(214, 160, 128));
        g.fill(new Ellipse2D.Double(cx - fw * 0.58, cy - fh * 0.08, fw * 0.18, fh * 0.22));
        g.fill(new Ellipse2D.Double(cx + fw * 0.40, cy - fh * 0.08, fw * 0.18, fh * 0.22));
        // Face: lighter in the middle, darker towards the edges, like a lit face.
        g.setPaint(new RadialGradientPaint(new Point2D.Double(cx, cy - fh * 0.05), (float) (fw * 0.62),
                new float[] {0f, 0.7f, 1f},
                new Color[] {new Color(240, 200, 170), new Color(222, 174, 140), new Color(180, 130, 100)},
                MultipleGradientPaint.CycleMethod.NO_CYCLE));
        g.fill(new Ellipse2D.Double(cx - fw / 2, cy - fh / 2, fw, fh));
        // Fringe over the forehead.
        g.setColor(hair);
        g.fill(new Arc2D.Double(cx - fw * 0.52, cy - fh * 0.56, fw * 1.04, fh * 0.42, 0, 180, Arc2D.CHORD));
        g.fill(new Ellipse2D.Double(cx - fw * 0.52, cy - fh * 0.42, fw * 0.3, fh * 0.14));

        double eyeY = cy - fh * 0.06;
        double eyeDx = fw * 0.2;
        // Eye sockets: a shadow band across the eyes (the strongest Haar cue).
        g.setColor(new Color(170, 120, 95));
        for (int s = -1; s <= 1; s += 2) {
            g.fill(new Ellipse2D.Double(cx + s * eyeDx - fw * 0.15, eyeY - fh * 0.075, fw * 0.30, fh * 0.15));
        }
        // Brows.
        g.setColor(new Color(45, 28, 20));
        g.setStroke(new BasicStroke((float) (fh * 0.035), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int s = -1; s <= 1; s += 2) {
            Path2D brow = new Path2D.Double();
            brow.moveTo(cx + s * (eyeDx - fw * 0.13), eyeY - fh * 0.10);
            brow.quadTo(cx + s * eyeDx, eyeY - fh * 0.145, cx + s * (eyeDx + fw * 0.13), eyeY - fh * 0.105);
            g.draw(brow);
        }
        // Eyes.
        for (int s = -1; s <= 1; s += 2) {
            double ex = cx + s * eyeDx;
            if (blink) {
                g.setColor(new Color(60, 35, 25));
                g.setStroke(new BasicStroke((float) (fh * 0.02)));
                g.draw(new Arc2D.Double(ex - fw * 0.1, eyeY - fh * 0.03, fw * 0.2, fh * 0.06, 180, 180, Arc2D.OPEN));
                continue;
            }
            g.setColor(new Color(245, 245, 240));
            g.fill(new Ellipse2D.Double(ex - fw * 0.1, eyeY - fh * 0.035, fw * 0.2, fh * 0.07));
            g.setColor(new Color(70, 45, 30));
            double ir = fh * 0.033;
            g.fill(new Ellipse2D.Double(ex - ir, eyeY - ir, 2 * ir, 2 * ir));
            g.setColor(Color.BLACK);
            g.fill(new Ellipse2D.Double(ex - ir * 0.5, eyeY - ir * 0.5, ir, ir));
            g.setColor(new Color(40, 25, 20));
            g.setStroke(new BasicStroke((float) (fh * 0.012)));
            g.draw(new Arc2D.Double(ex - fw * 0.1, eyeY - fh * 0.035, fw * 0.2, fh * 0.07, 0, 180, Arc2D.OPEN));
        }
        // Nose: bright bridge, shadow down one side, dark nostrils.
        g.setColor(new Color(246, 212, 184));
        g.fill(new RoundRectangle2D.Double(cx - fw * 0.04, eyeY, fw * 0.08, fh * 0.17, fw * 0.05, fw * 0.05));
        g.setColor(new Color(185, 135, 105));
        g.setStroke(new BasicStroke((float) (fh * 0.012)));
        g.draw(new Arc2D.Double(cx - fw * 0.09, cy + fh * 0.06, fw * 0.18, fh * 0.08, 200, 140, Arc2D.OPEN));
        g.setColor(new Color(95, 55, 40));
        g.fill(new Ellipse2D.Double(cx - fw * 0.06, cy + fh * 0.10, fw * 0.04, fh * 0.025));
        g.fill(new Ellipse2D.Double(cx + fw * 0.02, cy + fh * 0.10, fw * 0.04, fh * 0.025));
        // Mouth: lips, opening with the voice.
        double my = cy + fh * 0.25;
        double mw = fw * 0.34;
        double open = fh * (0.015 + 0.07 * Math.max(0, Math.min(1, mouthOpen)));
        g.setColor(new Color(150, 60, 60));
        g.fill(new Ellipse2D.Double(cx - mw / 2, my - open / 2 - fh * 0.02, mw, open + fh * 0.04));
        g.setColor(new Color(60, 15, 20));
        g.fill(new Ellipse2D.Double(cx - mw * 0.4, my - open / 2, mw * 0.8, open));
        // Chin shadow.
        g.setColor(new Color(200, 150, 118));
        g.fill(new Arc2D.Double(cx - fw * 0.18, cy + fh * 0.36, fw * 0.36, fh * 0.1, 200, 140, Arc2D.CHORD));
    }

    /** Global flicker (mains-like) plus per-pixel grain, both seeded: the inset never repeats exactly. */
    private void applyCameraNoise(int frameIndex, double t) {
        byte[] px = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
        double gain = 1.0 + 0.015 * Math.sin(2 * Math.PI * t / 3.7) + 0.006 * Math.sin(2 * Math.PI * t * 1.3);
        long s = seed * 0x9E3779B97F4A7C15L + frameIndex * 0xBF58476D1CE4E5B9L + 1;
        for (int i = 0; i < px.length; i++) {
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            int grain = (int) ((s >>> 40) % 7) - 3;          // -3..3 levels
            int v = (int) Math.round((px[i] & 0xff) * gain) + grain;
            px[i] = (byte) Math.max(0, Math.min(255, v));
        }
    }

    private static BufferedImage drawBackground(int w, int h, long seed) {
        BufferedImage bg = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bg.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            // Wall: a soft vertical gradient.
            g.setPaint(new GradientPaint(0, 0, new Color(150, 165, 160), 0, h, new Color(105, 115, 112)));
            g.fillRect(0, 0, w, h);
            Random r = new Random(seed ^ 0xBACC0L);
            // Bookshelf on the right: wooden frame, rows of coloured spines.
            int sx = (int) (w * 0.70);
            g.setColor(new Color(100, 70, 45));
            g.fillRect(sx, 0, w - sx, h);
            int rows = 4;
            for (int row = 0; row < rows; row++) {
                int y0 = row * h / rows + 6;
                int y1 = (row + 1) * h / rows - 4;
                int x = sx + 5;
                while (x < w - 4) {
                    int bw = 4 + r.nextInt(8);
                    int bh = (y1 - y0) - r.nextInt(Math.max(1, (y1 - y0) / 4));
                    g.setColor(Color.getHSBColor(r.nextFloat(), 0.4f + 0.4f * r.nextFloat(), 0.35f + 0.5f * r.nextFloat()));
                    g.fillRect(x, y1 - bh, Math.min(bw, w - 4 - x), bh);
                    x += bw + 1;
                }
                g.setColor(new Color(80, 55, 35));
                g.fillRect(sx, y1, w - sx, 5);
            }
            // A framed picture on the left wall.
            int fx = (int) (w * 0.05);
            int fy = (int) (h * 0.10);
            g.setColor(new Color(50, 40, 30));
            g.fillRect(fx, fy, (int) (w * 0.16), (int) (h * 0.2));
            g.setColor(new Color(120, 160, 200));
            g.fillRect(fx + 4, fy + 4, (int) (w * 0.16) - 8, (int) (h * 0.2) - 8);
            g.setColor(new Color(60, 120, 60));
            g.fillOval(fx + 6, fy + (int) (h * 0.1), (int) (w * 0.12), (int) (h * 0.08));
            // Subtle wall texture: faint seeded speckles.
            for (int i = 0; i < w * h / 60; i++) {
                int x = r.nextInt(sx);
                int y = r.nextInt(h);
                int d = r.nextInt(17) - 8;
                int base = 130 - y * 40 / Math.max(1, h);
                g.setColor(new Color(clamp(base + 15 + d), clamp(base + 30 + d), clamp(base + 25 + d)));
                g.fillRect(x, y, 1 + r.nextInt(2), 1 + r.nextInt(2));
            }
        } finally {
            g.dispose();
        }
        return bg;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
