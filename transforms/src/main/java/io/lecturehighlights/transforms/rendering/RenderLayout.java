package io.lecturehighlights.transforms.rendering;

import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LayoutPeriod;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.transforms.rendering.SubtitleCues.Cue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the picture of a clip comes from and where it goes: the FFmpeg filter graph (one input, one output, no pad
 * labels at its ends) that turns a source frame into an output frame, the output size, and where subtitles sit.
 *
 * <ul>
 *   <li>original: the source frame (without letterbox bars, when the layout found them) scaled down to fit
 *       {@code maxOriginalWidth x maxOriginalHeight}, aspect kept;</li>
 *   <li>vertical, screen and camera: the screen region scaled to the full width on top, the camera region cropped to
 *       fill the rest below, heights from {@code splitRatio};</li>
 *   <li>vertical, screen only: the screen fitted into the 9:16 frame, centred on black;</li>
 *   <li>vertical, camera only: the camera region cropped to fill the frame;</li>
 *   <li>vertical, no usable layout: the whole picture fitted and centred, as in original mode;</li>
 *   <li>landscape (16:9): the lecture's own composition (the picture inside any bars) fitted and centred, since a
 *       lecture is recorded for a wide frame; the screen alone fitted for screen-only; the camera cropped to fill for
 *       camera-only;</li>
 *   <li>square: as vertical, with the screen at its natural height for the full width (at most three quarters of the
 *       frame) over the camera; the layout's split ratio is a share of a 9:16 frame and does not apply;</li>
 *   <li>audio-only source: a plain dark frame of the output size (an "audiogram") that carries the subtitles.</li>
 * </ul>
 *
 * <p>Picture in picture, stacked (vertical, square): the camera inset lies inside the screen region, and the camera is
 * shown again below, so the inset is painted over in the screen part (FFmpeg's delogo: interpolated from the slide
 * pixels around it, which on a slide is its background colour) rather than cropped out, which would cut away a
 * quarter of the slide. A camera with a known {@code person} (the lecturer's median face) is cropped around the
 * person instead of around its centre.
 *
 * <p>A lecture whose layout changes is planned per period ({@link #planPeriods}): every period gets its own plan of
 * the same output size, and a clip switches plans where the period changes.
 */
public final class RenderLayout {
  public static final String STACKED = "stacked";
  public static final String SCREEN = "screen";
  public static final String CAMERA = "camera";
  public static final String FRAME = "frame";
  public static final String AUDIOGRAM = "audiogram";

  /** A pixel rectangle (origin top left). */
  public record Box(int x, int y, int w, int h) {}

  /** vertical, landscape, square or original: the Clip's layout field. */
  public final String mode;
  /** stacked, screen, camera, frame or audiogram. */
  public final String kind;
  public final int width;
  public final int height;
  /** The layout part of the filter graph, from the source frame to the output frame. */
  public final String filter;
  /** The source region shown as the screen, and where it lands in the output (null when there is no screen). */
  public final @Nullable Box screenSource;
  public final @Nullable Box screenTarget;
  /** Where the camera lands in the output (the band below the screen, or the whole frame); null without a camera. */
  public @Nullable Box cameraTarget;
  /**
   * The source region shown in {@link #cameraTarget}: the part around the person when the layout knows one, else the
   * whole camera region (of which the band shows the middle, or the upper part when rows are cut).
   */
  public @Nullable Box cameraSource;
  /** Subtitle font size in pixels and the band (top, bottom) where the subtitle box can be. */
  public final int fontSize;
  public final int subtitleTop;
  public final int subtitleBottom;
  /** The y of the last text line's bottom edge. */
  final int textBottom;
  /** Subtitles at the top of the frame instead of the bottom. */
  private final boolean top;

  private RenderLayout(String mode, String kind, int width, int height, String filter, @Nullable Box screenSource,
      @Nullable Box screenTarget, RenderConfig c) {
    this.mode = mode;
    this.kind = kind;
    this.width = width;
    this.height = height;
    this.filter = filter;
    this.screenSource = screenSource;
    this.screenTarget = screenTarget;
    // Font: a share of the height, but never so big that a full line of maxChars overflows the width
    // (DejaVu Sans Bold averages ~0.62 em per character in English text).
    int byHeight = (int) Math.round(c.fontSizeRatio() * height);
    int byWidth = (int) Math.floor(0.94 * width / (c.maxCharsPerLine() * 0.62));
    this.fontSize = Math.max(8, Math.min(byHeight, byWidth));
    int margin = (int) Math.round((c.narrow() ? 0.10 : 0.06) * height);
    this.top = RenderConfig.TOP.equals(c.subtitlePosition());
    // At the top, lines hang from the margin (a one-line cue sits on the first line); at the bottom they stand on it.
    this.textBottom = top ? Math.min(height, margin + c.maxLines() * linePitch()) : height - margin;
    int pad = Math.round(fontSize * 0.14f) + 1;
    this.subtitleTop = Math.max(0, textBottom - c.maxLines() * linePitch() - pad);
    this.subtitleBottom = Math.min(height, textBottom + pad);
  }

  /** Distance between the tops of two subtitle lines. */
  int linePitch() {
    return Math.round(fontSize * 1.45f);
  }

  int boxBorder() {
    return Math.round(fontSize * 0.35f);
  }

  /**
   * Plans a clip's picture.
   *
   * @param layout the lecture's layout, or null when layout detection failed
   * @param sourceWidth the source's frame size (ignored when {@code hasVideo} is false)
   */
  public static RenderLayout plan(@Nullable Layout layout, int sourceWidth, int sourceHeight, boolean hasVideo,
      RenderConfig c) {
    return plan(layout, null, sourceWidth, sourceHeight, hasVideo, c);
  }

  /** A stretch of the source, [start, end) in source seconds, shown with one plan. */
  public record Stretch(double start, double end, RenderLayout plan) {
    boolean holds(double t) {
      return t >= start && t < end;
    }
  }

  /**
   * Plans each layout period of the lecture: one stretch per period (neighbours that plan the same picture joined),
   * covering all source times (the first starts at minus infinity, the last ends at plus infinity, so a frame a
   * little outside the detected periods still has a plan). Every plan of one config has the same output size. A
   * lecture without periods (no layout, an audio-only file, data from before periods) gets the one dominant plan.
   */
  public static List<Stretch> planPeriods(@Nullable Layout layout, int sourceWidth, int sourceHeight,
      boolean hasVideo, RenderConfig c) {
    List<Stretch> out = new ArrayList<>();
    if (layout == null || layout.getPeriods().isEmpty() || !hasVideo) {
      out.add(new Stretch(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
          plan(layout, sourceWidth, sourceHeight, hasVideo, c)));
      return out;
    }
    List<LayoutPeriod> periods = layout.getPeriods();
    for (int i = 0; i < periods.size(); i++) {
      LayoutPeriod p = periods.get(i);
      double start = i == 0 ? Double.NEGATIVE_INFINITY : p.getStart();
      double end = i == periods.size() - 1 ? Double.POSITIVE_INFINITY : periods.get(i + 1).getStart();
      Layout pl = periodLayout(layout, p);
      Box person = scaled(p.getPerson(), layout, sourceWidth, sourceHeight);
      RenderLayout plan = plan(pl, person, sourceWidth, sourceHeight, true, c);
      Stretch last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.plan.filter.equals(plan.filter)) {
        out.set(out.size() - 1, new Stretch(last.start, end, last.plan));
      } else {
        out.add(new Stretch(start, end, plan));
      }
    }
    return out;
  }

  /**
   * The lecture's layout as it is during one period: the period's type and regions. A period from before periods
   * had regions borrows the lecture's when it has the dominant type; otherwise it has none (and is planned from its
   * type alone: the whole picture as screen or camera, or fitted).
   */
  static Layout periodLayout(Layout layout, LayoutPeriod p) {
    boolean own = p.getScreen() != null || p.getCamera() != null || p.getContent() != null;
    boolean dominant = p.getType().equals(layout.getType());
    Layout.Builder b = Layout.newBuilder(layout).setType(p.getType());
    if (own) {
      b.setScreen(p.getScreen()).setCamera(p.getCamera())
          .setContent(p.getContent() != null ? p.getContent() : layout.getContent())
          // The lecture's split ratio is its dominant layout's; a period's stacked split is its screen's own height.
          .setSplitRatio(dominant && sameRect(p.getScreen(), layout.getScreen()) ? layout.getSplitRatio() : null);
    } else if (!dominant) {
      b.setScreen(null).setCamera(null).setSplitRatio(null);
    }
    return b.build();
  }

  private static boolean sameRect(@Nullable Rect a, @Nullable Rect b) {
    return a == null ? b == null : a.equals(b);
  }

  private static RenderLayout plan(@Nullable Layout layout, @Nullable Box person, int sourceWidth, int sourceHeight,
      boolean hasVideo, RenderConfig c) {
    String mode = c.layoutMode();
    boolean original = RenderConfig.ORIGINAL.equals(mode);
    if (!hasVideo || sourceWidth < 2 || sourceHeight < 2) {
      int w = original ? even(c.maxOriginalWidth()) : c.frameWidth();
      int h = original ? even(c.maxOriginalHeight()) : c.frameHeight();
      return new RenderLayout(mode, AUDIOGRAM, w, h, "setsar=1", null, null, c);
    }
    Box full = new Box(0, 0, sourceWidth, sourceHeight);
    Box content = layout == null ? null : scaled(layout.getContent(), layout, sourceWidth, sourceHeight);
    Box picture = content != null ? content : full;
    if (original) {
      double f = Math.min(1.0, Math.min(c.maxOriginalWidth() / (double) picture.w(),
          c.maxOriginalHeight() / (double) picture.h()));
      int w = Math.max(2, even(picture.w() * f));
      int h = Math.max(2, even(picture.h() * f));
      String filter = crop(picture, full) + String.format(Locale.ROOT, "scale=%d:%d,setsar=1", w, h);
      return new RenderLayout(mode, FRAME, w, h, filter, picture, new Box(0, 0, w, h), c);
    }
    int w = c.frameWidth();
    int h = c.frameHeight();
    boolean landscape = RenderConfig.LANDSCAPE.equals(mode);
    String type = layout == null || layout.getType() == null ? "none" : layout.getType();
    Box screen = layout == null ? null : scaled(layout.getScreen(), layout, sourceWidth, sourceHeight);
    Box camera = layout == null ? null : scaled(layout.getCamera(), layout, sourceWidth, sourceHeight);
    // The layout's split ratio is the screen's share of a 9:16 frame: other shapes use the screen's natural height.
    Double split = layout == null || !c.vertical() ? null : layout.getSplitRatio();
    if (type.equals("screen_only") && screen == null) {
      screen = picture;
    }
    if (type.equals("camera_only") && camera == null) {
      camera = picture;
    }
    boolean useScreen = screen != null && !type.equals("camera_only") && (split == null || split > 0.001);
    boolean useCamera = camera != null && !type.equals("screen_only") && (split == null || split < 0.999);
    if (useScreen && useCamera && landscape) {
      // A wide frame holds the lecture's own composition (screen and camera as recorded) without cropping.
      return fitted(mode, FRAME, picture, full, w, h, c);
    }
    if (useScreen && useCamera) {
      double ratio = split != null ? split
          : Math.min(0.75, w / (double) h * screen.h() / (double) screen.w());
      int top = Math.max(2, Math.min(h - 2, even(h * ratio)));
      int bottom = h - top;
      Box target = fit(screen, w, top, 0);
      String filter = String.format(Locale.ROOT,
          "split=2[lhs][lhc];[lhs]%s%sscale=%d:%d:force_original_aspect_ratio=decrease:force_divisible_by=2,"
              + "pad=%d:%d:(ow-iw)/2:(oh-ih)/2:black[lht];"
              + "[lhc]%s[lhb];"
              + "[lht][lhb]vstack=inputs=2,setsar=1",
          crop(screen, full), hideInset(screen, camera), w, top, w, top, cover(camera, person, full, w, bottom));
      RenderLayout stacked = new RenderLayout(mode, STACKED, w, h, filter, screen, target, c);
      stacked.cameraTarget = new Box(0, top, w, bottom);
      stacked.cameraSource = person == null ? camera : aroundPerson(camera, person, w / (double) bottom);
      return stacked;
    }
    if (useScreen) {
      return fitted(mode, SCREEN, screen, full, w, h, c);
    }
    if (useCamera) {
      String filter = cover(camera, person, full, w, h) + ",setsar=1";
      RenderLayout framed = new RenderLayout(mode, CAMERA, w, h, filter, null, null, c);
      framed.cameraTarget = new Box(0, 0, w, h);
      framed.cameraSource = person == null ? camera : aroundPerson(camera, person, w / (double) h);
      return framed;
    }
    return fitted(mode, FRAME, picture, full, w, h, c);
  }

  private static RenderLayout fitted(String mode, String kind, Box region, Box full, int w, int h, RenderConfig c) {
    String filter = crop(region, full) + String.format(Locale.ROOT,
        "scale=%d:%d:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=%d:%d:(ow-iw)/2:(oh-ih)/2:black,"
            + "setsar=1", w, h, w, h);
    Box target = fit(region, w, h, 0);
    return new RenderLayout(mode, kind, w, h, filter, region, target, c);
  }

  /**
   * Where a region lands when scaled to fit a w x h band starting at y0 and centred: the same arithmetic as FFmpeg's
   * scale with force_original_aspect_ratio=decrease and force_divisible_by=2, then pad.
   */
  static Box fit(Box region, int w, int h, int y0) {
    int fw = (int) Math.min(w, Math.round(h * (double) region.w() / region.h()));
    int fh = (int) Math.min(h, Math.round(w * (double) region.h() / region.w()));
    fw = Math.max(1, fw / 2) * 2;
    fh = Math.max(1, fh / 2) * 2;
    return new Box((w - fw) / 2, y0 + (h - fh) / 2, fw, fh);
  }

  /**
   * The camera filling a w x h band: without a person, scaled to cover and cropped around its centre (a third from
   * the top when rows are cut); with one, the source is first cropped to the band's shape around the person, so a lecturer
   * standing off-centre stays in the picture.
   */
  private static String cover(Box camera, @Nullable Box person, Box full, int w, int h) {
    if (person == null) {
      // A band wider than the camera (the square's strip) keeps the upper part: a lecturer's head is rarely low.
      return crop(camera, full) + String.format(Locale.ROOT,
          "scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d:(iw-ow)/2:(ih-oh)/3", w, h, w, h);
    }
    return crop(aroundPerson(camera, person, w / (double) h), full)
        + String.format(Locale.ROOT, "scale=%d:%d", w, h);
  }

  /** The largest part of the camera with the given aspect ratio, centred on the person as far as the camera allows. */
  static Box aroundPerson(Box camera, Box person, double aspect) {
    int cw = camera.w();
    int ch = camera.h();
    if (cw / (double) ch > aspect) {
      cw = Math.max(2, Math.min(camera.w(), even(ch * aspect)));
    } else {
      ch = Math.max(2, Math.min(camera.h(), even(cw / aspect)));
    }
    int px = person.x() + person.w() / 2;
    int py = person.y() + person.h() / 2;
    int x = Math.max(camera.x(), Math.min(camera.x() + camera.w() - cw, px - cw / 2)) & ~1;
    // A face sits in the upper part of a portrait: leave it a third from the top, not in the middle.
    int y = Math.max(camera.y(), Math.min(camera.y() + camera.h() - ch, py - ch / 3)) & ~1;
    return new Box(x, y, cw, ch);
  }

  /**
   * A delogo over the camera inset when it lies inside the screen region (picture in picture), in the screen crop's
   * coordinates, a little larger than the inset to take in its border; empty otherwise. delogo needs a pixel of
   * picture on every side, so the painted area stops one pixel short of the screen's edges.
   */
  static String hideInset(Box screen, Box camera) {
    int x0 = Math.max(camera.x(), screen.x());
    int y0 = Math.max(camera.y(), screen.y());
    int x1 = Math.min(camera.x() + camera.w(), screen.x() + screen.w());
    int y1 = Math.min(camera.y() + camera.h(), screen.y() + screen.h());
    if (x1 <= x0 || y1 <= y0 || (x1 - x0) * (long) (y1 - y0) < 0.5 * camera.w() * (long) camera.h()) {
      return "";
    }
    int m = Math.max(4, Math.round(0.01f * screen.w()));
    int lx = Math.max(1, x0 - screen.x() - m);
    int ly = Math.max(1, y0 - screen.y() - m);
    int rx = Math.min(screen.w() - 1, x1 - screen.x() + m);
    int ry = Math.min(screen.h() - 1, y1 - screen.y() + m);
    if (rx - lx < 2 || ry - ly < 2) {
      return "";
    }
    return String.format(Locale.ROOT, "delogo=x=%d:y=%d:w=%d:h=%d,", lx, ly, rx - lx, ry - ly);
  }

  private static String crop(Box region, Box full) {
    if (region.equals(full)) {
      return "";
    }
    return String.format(Locale.ROOT, "crop=%d:%d:%d:%d,", region.w(), region.h(), region.x(), region.y());
  }

  /**
   * A layout rectangle in source pixels: scaled when the layout was measured on a frame of another size, clamped to
   * the frame and made even (4:2:0 chroma); null when missing or too small to show.
   */
  static @Nullable Box scaled(@Nullable Rect r, Layout layout, int sw, int sh) {
    if (r == null) {
      return null;
    }
    double fx = layout.getFrameWidth() > 0 ? sw / (double) layout.getFrameWidth() : 1;
    double fy = layout.getFrameHeight() > 0 ? sh / (double) layout.getFrameHeight() : 1;
    int x0 = Math.max(0, (int) Math.floor(r.getX() * fx));
    int y0 = Math.max(0, (int) Math.floor(r.getY() * fy));
    int x1 = Math.min(sw, (int) Math.ceil((r.getX() + r.getW()) * fx));
    int y1 = Math.min(sh, (int) Math.ceil((r.getY() + r.getH()) * fy));
    x0 &= ~1;
    y0 &= ~1;
    int w = (x1 - x0) & ~1;
    int h = (y1 - y0) & ~1;
    if (w < 16 || h < 16) {
      return null;
    }
    return new Box(x0, y0, w, h);
  }

  private static int even(double v) {
    return 2 * (int) Math.round(v / 2);
  }

  /**
   * The subtitle part of the graph: one drawtext per cue line (this FFmpeg's drawtext draws a newline as a missing
   * glyph), each line centred, shown while {@code start <= t < end} in clip time. Each line's text goes to its own
   * file in {@code textDir}, so no spoken text ever needs filter-graph escaping. Empty when there are no cues.
   */
  public String drawtext(List<Cue> cues, Path textDir, RenderConfig c) throws IOException {
    StringBuilder sb = new StringBuilder();
    int bv = Math.round(fontSize * 0.14f);
    String style = RenderConfig.OUTLINE.equals(c.subtitleStyle())
        ? String.format(Locale.ROOT, "borderw=%d:bordercolor=%s", Math.max(2, Math.round(fontSize * 0.08f)),
            c.subtitleBackColor())
        : String.format(Locale.ROOT, "box=1:boxcolor=%s@0.6:boxborderw=%d|%d", c.subtitleBackColor(), bv, boxBorder());
    int firstLine = textBottom - c.maxLines() * linePitch();
    for (int i = 0; i < cues.size(); i++) {
      Cue cue = cues.get(i);
      int n = cue.lines().size();
      for (int j = 0; j < n; j++) {
        Path file = textDir.resolve(String.format(Locale.ROOT, "cue-%04d-%d.txt", i, j));
        Files.writeString(file, cue.lines().get(j), StandardCharsets.UTF_8);
        // y_align=font: every line box has the font's full height, so lines sit on a regular pitch.
        sb.append(String.format(Locale.ROOT,
            ",drawtext=fontfile=%s:textfile=%s:expansion=none:fontsize=%d:fontcolor=%s:y_align=font:"
                + "x=(w-text_w)/2:y=%d:%s:enable='gte(t,%.3f)*lt(t,%.3f)'",
            c.fontFile(), file.toAbsolutePath(), fontSize, c.subtitleColor(),
            top ? firstLine + j * linePitch() : textBottom - (n - j) * linePitch(), style, cue.start(), cue.end()));
      }
    }
    return sb.toString();
  }
}
