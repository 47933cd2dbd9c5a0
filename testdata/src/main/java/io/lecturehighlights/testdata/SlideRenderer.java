package io.lecturehighlights.testdata;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws slides with Java2D: white page, dark title band, black bullet text, optional diagram.
 * High contrast and lots of text so OCR, scene-change and layout detectors have something real to chew on.
 * Each slide is rendered once and blitted every frame (slides are static between changes).
 */
public final class SlideRenderer {

    /** A fixed family installed with the JDK's fontconfig (DejaVu on Debian) keeps renders identical across runs. */
    private static final String FONT = "DejaVu Sans";

    private SlideRenderer() {}

    public static BufferedImage render(LectureSpec.Slide slide, int w, int h, int index, int count, String footer) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);

            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);

            // Title band: colour differs per slide so a scene-change detector sees a clear jump.
            Color[] bands = {new Color(20, 40, 100), new Color(110, 20, 30), new Color(10, 80, 50), new Color(70, 30, 100)};
            int bandH = Math.round(h * 0.17f);
            g.setColor(bands[index % bands.length]);
            g.fillRect(0, 0, w, bandH);

            int margin = Math.round(w * 0.05f);
            Font title = new Font(FONT, Font.BOLD, Math.max(10, Math.round(h * 0.075f)));
            g.setFont(title);
            g.setColor(Color.WHITE);
            FontMetrics tm = g.getFontMetrics();
            g.drawString(fit(slide.title(), tm, w - 2 * margin), margin, (bandH + tm.getAscent() - tm.getDescent()) / 2);

            boolean diagram = slide.diagram() != null && !slide.diagram().equals("none");
            int textW = diagram ? Math.round(w * 0.56f) - margin : w - 2 * margin;
            Font body = new Font(FONT, Font.PLAIN, Math.max(8, Math.round(h * 0.048f)));
            g.setFont(body);
            g.setColor(Color.BLACK);
            FontMetrics bm = g.getFontMetrics();
            int y = bandH + Math.round(h * 0.06f) + bm.getAscent();
            int lineH = Math.round(bm.getHeight() * 1.15f);
            int dot = Math.max(3, bm.getAscent() / 4);
            for (String bullet : slide.bullets()) {
                List<String> wrapped = wrap(bullet, bm, textW - 2 * dot - margin / 2);
                g.fillOval(margin, y - bm.getAscent() / 2 - dot / 2, dot, dot);
                for (String line : wrapped) {
                    g.drawString(line, margin + 2 * dot + margin / 4, y);
                    y += lineH;
                }
                y += lineH / 3;
            }

            if (diagram) {
                drawDiagram(g, slide.diagram(), Math.round(w * 0.60f), bandH + Math.round(h * 0.08f),
                        Math.round(w * 0.35f), Math.round(h * 0.55f), body);
            }

            Font small = new Font(FONT, Font.PLAIN, Math.max(7, Math.round(h * 0.03f)));
            g.setFont(small);
            g.setColor(new Color(90, 90, 90));
            FontMetrics sm = g.getFontMetrics();
            String foot = footer + "   " + (index + 1) + "/" + count;
            g.drawString(foot, margin, h - sm.getDescent() - Math.round(h * 0.02f));
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawDiagram(Graphics2D g, String kind, int x, int y, int w, int h, Font font) {
        g.setStroke(new BasicStroke(Math.max(2f, w / 90f)));
        g.setColor(Color.BLACK);
        switch (kind) {
            case "plot" -> {
                // Axes and a parabola: position against time under constant acceleration.
                g.drawLine(x, y + h, x + w, y + h);
                g.drawLine(x, y, x, y + h);
                Path2D p = new Path2D.Double();
                for (int i = 0; i <= 40; i++) {
                    double t = i / 40.0;
                    double px = x + t * w;
                    double py = y + h - t * t * h * 0.95;
                    if (i == 0) p.moveTo(px, py); else p.lineTo(px, py);
                }
                g.setColor(new Color(200, 30, 30));
                g.draw(p);
                g.setColor(Color.BLACK);
                g.setFont(font.deriveFont(font.getSize2D() * 0.8f));
                g.drawString("t", x + w - g.getFontMetrics().stringWidth("t"), y + h + g.getFontMetrics().getAscent());
                g.drawString("x", x - g.getFontMetrics().stringWidth("x") - 4, y + g.getFontMetrics().getAscent());
            }
            case "boxes" -> {
                // Two blocks and force arrows.
                int bw = w / 3;
                int bh = h / 3;
                g.setColor(new Color(30, 90, 200));
                g.fillRect(x, y + h / 3, bw, bh);
                g.setColor(new Color(230, 140, 20));
                g.fillRect(x + w - bw, y + h / 3, bw, bh);
                g.setColor(Color.BLACK);
                int my = y + h / 2;
                arrow(g, x + bw, my, x + w / 2 - 4, my);
                arrow(g, x + w - bw, my, x + w / 2 + 4, my);
                g.setFont(font);
                g.setColor(Color.WHITE);
                g.drawString("A", x + bw / 3, my + g.getFontMetrics().getAscent() / 2);
                g.drawString("B", x + w - bw + bw / 3, my + g.getFontMetrics().getAscent() / 2);
            }
            case "wave" -> {
                Path2D p = new Path2D.Double();
                for (int i = 0; i <= 120; i++) {
                    double t = i / 120.0;
                    double px = x + t * w;
                    double py = y + h / 2.0 - Math.sin(t * 4 * Math.PI) * h * 0.35;
                    if (i == 0) p.moveTo(px, py); else p.lineTo(px, py);
                }
                g.drawLine(x, y + h / 2, x + w, y + h / 2);
                g.setColor(new Color(20, 120, 60));
                g.draw(p);
            }
            case "bars" -> {
                int[] vals = {3, 7, 5, 9, 4};
                int bw = w / (vals.length * 2);
                Color[] cs = {new Color(200, 30, 30), new Color(30, 90, 200), new Color(20, 140, 60),
                        new Color(230, 140, 20), new Color(120, 40, 160)};
                for (int i = 0; i < vals.length; i++) {
                    int bh = vals[i] * h / 10;
                    g.setColor(cs[i]);
                    g.fillRect(x + i * 2 * bw + bw / 2, y + h - bh, bw, bh);
                }
                g.setColor(Color.BLACK);
                g.drawLine(x, y + h, x + w, y + h);
            }
            default -> throw new IllegalArgumentException("unknown diagram " + kind);
        }
    }

    private static void arrow(Graphics2D g, int x0, int y0, int x1, int y1) {
        g.drawLine(x0, y0, x1, y1);
        double a = Math.atan2(y1 - y0, x1 - x0);
        int len = 12;
        g.drawLine(x1, y1, (int) (x1 - len * Math.cos(a - 0.5)), (int) (y1 - len * Math.sin(a - 0.5)));
        g.drawLine(x1, y1, (int) (x1 - len * Math.cos(a + 0.5)), (int) (y1 - len * Math.sin(a + 0.5)));
    }

    private static String fit(String s, FontMetrics fm, int maxW) {
        if (fm.stringWidth(s) <= maxW) return s;
        while (s.length() > 1 && fm.stringWidth(s + "...") > maxW) s = s.substring(0, s.length() - 1);
        return s + "...";
    }

    static List<String> wrap(String text, FontMetrics fm, int maxW) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : text.split(" ")) {
            String cand = cur.length() == 0 ? word : cur + " " + word;
            if (fm.stringWidth(cand) > maxW && cur.length() > 0) {
                lines.add(cur.toString());
                cur = new StringBuilder(word);
            } else {
                cur = new StringBuilder(cand);
            }
        }
        if (cur.length() > 0) lines.add(cur.toString());
        return lines;
    }
}
