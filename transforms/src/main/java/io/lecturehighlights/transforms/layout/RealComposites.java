package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;
import io.lecturehighlights.transforms.media.FfmpegTool;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Real-pixel layouts with known rectangles, composed at test time by the ffmpeg executable bundled with JavaCV from
 * the two real streams of one Opencast lecture (../shared/testmedia/video/matterhorn-sidebyside: CAMERA.mp4 960x720,
 * SCREEN.mp4 1200x900). Never committed: they are rebuilt into a temporary folder.
 */
public final class RealComposites {
  /** One composed video and where its regions are. */
  public record Composite(String name, Path file, String type, Box screen, Box camera) {}

  private RealComposites() {}

  public static List<Composite> build(Path matterhorn, Path dir) throws IOException, InterruptedException {
    Path screen = matterhorn.resolve("SCREEN.mp4");
    Path camera = matterhorn.resolve("CAMERA.mp4");
    List<Composite> out = new ArrayList<>();
    // Slides full frame (1200x900), camera 320x240 inset 16 px from the bottom-right corner.
    out.add(compose("pip-bottom-right", screen, camera, dir,
        "[0:v]fps=25,format=yuv420p[s];[1:v]scale=320:240[c];[s][c]overlay=864:644:shortest=1[v]",
        RegionFinder.PICTURE_IN_PICTURE, Box.ofSize(0, 0, 1200, 900), Box.ofSize(864, 644, 320, 240)));
    // Slides scaled to 1280x960, a 384x288 camera flush in the top-left corner.
    out.add(compose("pip-top-left", screen, camera, dir,
        "[0:v]fps=25,scale=1280:960,format=yuv420p[s];[1:v]scale=384:288[c];[s][c]overlay=0:0:shortest=1[v]",
        RegionFinder.PICTURE_IN_PICTURE, Box.ofSize(0, 0, 1280, 960), Box.ofSize(0, 0, 384, 288)));
    // 16:9 frame with the 4:3 slides pillarboxed and a camera inset at the content's top-right.
    out.add(compose("pip-pillarboxed-top-right", screen, camera, dir,
        "[0:v]fps=25,scale=960:720,pad=1280:720:160:0:black,format=yuv420p[s];[1:v]scale=256:192[c];"
            + "[s][c]overlay=848:24:shortest=1[v]",
        RegionFinder.PICTURE_IN_PICTURE, Box.ofSize(160, 0, 960, 720), Box.ofSize(848, 24, 256, 192)));
    // Side by side: slides left, camera right, both 960x720.
    out.add(compose("side-by-side", screen, camera, dir,
        "[0:v]fps=25,scale=960:720,format=yuv420p[s];[1:v]format=yuv420p[c];[s][c]hstack=inputs=2:shortest=1[v]",
        RegionFinder.SIDE_BY_SIDE, Box.ofSize(0, 0, 960, 720), Box.ofSize(960, 0, 960, 720)));
    // Side by side on a black 1920x1080 canvas: a 640x480 camera on the left, the slides 1200x900 on the right.
    out.add(compose("side-by-side-camera-left", screen, camera, dir,
        "color=c=black:s=1920x1080:r=25[bg];[0:v]fps=25,scale=1200:900[s];[1:v]scale=640:480[c];"
            + "[bg][c]overlay=40:300:shortest=1[t];[t][s]overlay=680:90:shortest=1,format=yuv420p[v]",
        RegionFinder.SIDE_BY_SIDE, Box.ofSize(680, 90, 1200, 900), Box.ofSize(40, 300, 640, 480)));
    // A small 240x180 camera 24 px from the bottom-left corner of 1440x1080 slides.
    out.add(compose("pip-bottom-left-small", screen, camera, dir,
        "[0:v]fps=25,scale=1440:1080,format=yuv420p[s];[1:v]scale=240:180[c];[s][c]overlay=24:876:shortest=1[v]",
        RegionFinder.PICTURE_IN_PICTURE, Box.ofSize(0, 0, 1440, 1080), Box.ofSize(24, 876, 240, 180)));
    // Camera only, re-encoded as 1280x720 with pillarbox bars.
    out.add(compose("camera-only", screen, camera, dir,
        "[1:v]scale=960:720,pad=1280:720:160:0:black,format=yuv420p[v]",
        RegionFinder.CAMERA_ONLY, null, Box.ofSize(160, 0, 960, 720)));
    return out;
  }

  /**
   * Webcam windows that share the non-screen part of the frame with static panels (issue #20): a course title bar,
   * the lecturer's name, a logo, a dark-gray bar, drawn with Java2D and overlaid as still images, stacked above and
   * below the webcam in the same column (side by side) or in the same corner (picture in picture), at 720p and
   * 1080p. The camera truth is the webcam window alone, not the column or corner block it sits in.
   */
  public static List<Composite> withPanels(Path matterhorn, Path dir) throws IOException, InterruptedException {
    Path screen = matterhorn.resolve("SCREEN.mp4");
    Path camera = matterhorn.resolve("CAMERA.mp4");
    List<Composite> out = new ArrayList<>();
    // 1280x720: slides 960x720 on the left; a 320x240 webcam over a 320x480 info panel (course, lecturer, logo).
    out.add(composeWithPanels("sbs-webcam-over-panel-720p", screen, camera, dir, 1280, 720,
        Box.ofSize(0, 0, 960, 720), Box.ofSize(960, 0, 320, 240),
        List.of(new Panel(Box.ofSize(960, 240, 320, 480), new Color(0x1d3557), true, true)),
        RegionFinder.SIDE_BY_SIDE));
    // 1920x1080: slides 1440x1080 on the left; a title bar above and a name panel below a 480x360 webcam.
    out.add(composeWithPanels("sbs-panels-around-webcam-1080p", screen, camera, dir, 1920, 1080,
        Box.ofSize(0, 0, 1440, 1080), Box.ofSize(1440, 180, 480, 360),
        List.of(new Panel(Box.ofSize(1440, 0, 480, 180), new Color(0xb5651d), false, false),
            new Panel(Box.ofSize(1440, 540, 480, 540), new Color(0x264653), true, true)),
        RegionFinder.SIDE_BY_SIDE));
    // 1920x1080: the column on the left (webcam 480x360 at the top, an info panel, then a dark-gray bar), slides
    // 1440x1080 on the right.
    out.add(composeWithPanels("sbs-camera-left-panel-and-bar-1080p", screen, camera, dir, 1920, 1080,
        Box.ofSize(480, 0, 1440, 1080), Box.ofSize(0, 0, 480, 360),
        List.of(new Panel(Box.ofSize(0, 360, 480, 600), new Color(0x5a189a), true, true),
            new Panel(Box.ofSize(0, 960, 480, 120), new Color(0x3a3a3a), false, false)),
        RegionFinder.SIDE_BY_SIDE));
    // 1280x720 slides with a bottom-right inset: a 320x240 webcam over a 320x80 name plate (a lower third).
    out.add(composeWithPanels("pip-webcam-over-nameplate-720p", screen, camera, dir, 1280, 720,
        Box.ofSize(0, 0, 1280, 720), Box.ofSize(936, 380, 320, 240),
        List.of(new Panel(Box.ofSize(936, 620, 320, 80), new Color(0x2a9d8f), true, false)),
        RegionFinder.PICTURE_IN_PICTURE));
    // 1920x1080 slides with a top-right inset: a 384x72 course title bar over a 384x288 webcam.
    out.add(composeWithPanels("pip-title-over-webcam-1080p", screen, camera, dir, 1920, 1080,
        Box.ofSize(0, 0, 1920, 1080), Box.ofSize(1512, 96, 384, 288),
        List.of(new Panel(Box.ofSize(1512, 24, 384, 72), new Color(0x9d0208), false, false)),
        RegionFinder.PICTURE_IN_PICTURE));
    return out;
  }

  /** A still panel: a coloured bar with a course title and, optionally, the lecturer's name and a logo block. */
  private record Panel(Box where, Color color, boolean lecturer, boolean logo) {}

  private static Composite composeWithPanels(String name, Path screen, Path camera, Path dir, int width, int height,
      Box screenBox, Box cameraBox, List<Panel> panels, String type) throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".mp4");
    if (!Files.isRegularFile(file)) {
      List<String> args = new ArrayList<>(List.of("-i", screen.toString(), "-i", camera.toString()));
      StringBuilder f = new StringBuilder();
      f.append(String.format(java.util.Locale.ROOT,
          "[0:v]fps=25,scale=%d:%d,pad=%d:%d:%d:%d:black[s];[1:v]scale=%d:%d[c];[s][c]overlay=%d:%d:shortest=1[b0]",
          screenBox.w(), screenBox.h(), width, height, screenBox.x0(), screenBox.y0(), cameraBox.w(), cameraBox.h(),
          cameraBox.x0(), cameraBox.y0()));
      for (int i = 0; i < panels.size(); i++) {
        Panel p = panels.get(i);
        Path png = dir.resolve(name + "-panel" + i + ".png");
        drawPanel(p, png);
        args.addAll(List.of("-loop", "1", "-framerate", "25", "-i", png.toString()));
        f.append(String.format(java.util.Locale.ROOT, ";[b%d][%d:v]overlay=%d:%d:shortest=1[b%d]", i, i + 2,
            p.where().x0(), p.where().y0(), i + 1));
      }
      f.append(";[b").append(panels.size()).append("]setsar=1,format=yuv420p[v]");
      args.addAll(List.of("-filter_complex", f.toString(), "-map", "[v]", "-map", "1:a", "-t", "5", "-c:v", "libx264",
          "-preset", "veryfast", "-crf", "23", "-threads", "2", "-c:a", "aac", "-shortest", file.toString()));
      ffmpeg(name, args.toArray(new String[0]));
    }
    return new Composite(name, file, type, screenBox, cameraBox);
  }

  private static void drawPanel(Panel p, Path png) throws IOException {
    int w = p.where().w();
    int h = p.where().h();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(p.color());
      g.fillRect(0, 0, w, h);
      int size = Math.max(12, Math.min(h / 3, w / 14));
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      int y = Math.min(h - 4, size + Math.max(4, h / 12));
      g.drawString("Climate Science 101", Math.max(4, w / 20), y);
      if (p.lecturer()) {
        g.setColor(new Color(0xe0e0e0));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, size * 3 / 4)));
        y += size + size / 2;
        g.drawString("Prof. Ada Lecturer", Math.max(4, w / 20), Math.min(h - 4, y));
        g.drawString("Institute of Earth Sciences", Math.max(4, w / 20), Math.min(h - 4, y + size));
      }
      if (p.logo()) {
        int s = Math.min(w, h) / 3;
        int x = w - s - w / 10;
        int ly = h - s - h / 10;
        g.setColor(new Color(0xf4a261));
        g.fillOval(x, ly, s, s);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(2, s / 12f)));
        g.drawRect(x + s / 4, ly + s / 4, s / 2, s / 2);
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(img, "png", png.toFile())) {
      throw new IOException("no PNG writer for " + png);
    }
  }

  /**
   * A layout that changes: 5 s of the slides alone, then 10 s of the slides with the camera inset of
   * {@code pip-bottom-right} (the camera clip played twice). Periods: screen_only [0, 5), picture_in_picture [5, 15).
   */
  public static Composite layoutChange(Path matterhorn, Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("layout-change.mp4");
    if (!Files.isRegularFile(file)) {
      ffmpeg("layout-change", "-stream_loop", "2", "-i", matterhorn.resolve("SCREEN.mp4").toString(),
          "-stream_loop", "1", "-i", matterhorn.resolve("CAMERA.mp4").toString(), "-filter_complex",
          "[0:v]fps=25,format=yuv420p,split[s1][s2];[s1]trim=0:5,setpts=PTS-STARTPTS[a];"
              + "[s2]trim=5:15,setpts=PTS-STARTPTS[s3];[1:v]scale=320:240,trim=0:10,setpts=PTS-STARTPTS[c];"
              + "[s3][c]overlay=864:644[b];[a][b]concat=n=2:v=1:a=0[v]",
          "-map", "[v]", "-t", "15", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-threads", "2",
          file.toString());
    }
    return new Composite("layout-change", file, RegionFinder.PICTURE_IN_PICTURE, Box.ofSize(0, 0, 1200, 900),
        Box.ofSize(864, 644, 320, 240));
  }

  /** Where {@link #layoutSwitches} draws its sync marks (frame pixels, inside the slides' top-left). */
  public static final Box SYNC_MARK = Box.ofSize(60, 40, 160, 120);
  /** When the sync marks show (two frames each) and their beeps start, seconds. */
  public static final double[] SYNC_TIMES = {3.6, 5.6};
  /** The continuous tone under {@link #layoutSwitches}' beeps: any dropped or repeated sample breaks its phase. */
  public static final double TONE_HZ = 440;
  public static final double BEEP_HZ = 3000;

  /**
   * Three layouts in 12 s at 1200x900, 25 fps: the slides alone [0, 4), the slides with the camera inset of
   * {@code pip-bottom-right} [4, 8), the camera alone, full frame [8, 12) (the lecturer stands right of centre). For
   * clips that switch framing: a black sync mark ({@link #SYNC_MARK}) on the slides for two frames at each of
   * {@link #SYNC_TIMES}, with an 80 ms {@link #BEEP_HZ} beep starting at the same instant; under the beeps a
   * continuous {@link #TONE_HZ} tone (48 kHz) in place of the speech, so that a render that drops or repeats audio
   * at a switch shows it as a phase jump. The marks are off the 4 fps layout sampling grid (they never reach layout
   * detection).
   */
  public static Composite layoutSwitches(Path matterhorn, Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("layout-switches.mp4");
    if (!Files.isRegularFile(file)) {
      StringBuilder mark = new StringBuilder();
      StringBuilder beep = new StringBuilder();
      for (double t : SYNC_TIMES) {
        // Half a frame either side of the two frames: frame times are not exact in floating point.
        mark.append(mark.length() == 0 ? "" : "+").append(String.format(java.util.Locale.ROOT,
            "between(t,%.3f,%.3f)", t - 0.02, t + 0.06));
        beep.append(beep.length() == 0 ? "" : "+").append(String.format(java.util.Locale.ROOT,
            "between(t,%.3f,%.3f)", t, t + 0.08));
      }
      ffmpeg("layout-switches", "-stream_loop", "2", "-i", matterhorn.resolve("SCREEN.mp4").toString(),
          "-stream_loop", "2", "-i", matterhorn.resolve("CAMERA.mp4").toString(),
          "-f", "lavfi", "-i", String.format(java.util.Locale.ROOT,
              "aevalsrc=exprs='0.2*sin(2*PI*%.0f*t)+0.5*sin(2*PI*%.0f*t)*(%s)':s=48000:d=12", TONE_HZ, BEEP_HZ, beep),
          "-filter_complex",
          "[0:v]fps=25,format=yuv420p,trim=0:8,setpts=PTS-STARTPTS,split[s1][s2];"
              + "[s1]trim=0:4,setpts=PTS-STARTPTS[a];[s2]trim=4:8,setpts=PTS-STARTPTS[s3];"
              + "[1:v]fps=25,format=yuv420p,split[c1][c2];"
              + "[c1]scale=320:240,trim=0:4,setpts=PTS-STARTPTS[ci];[s3][ci]overlay=864:644[b];"
              + "[c2]scale=1200:900,setsar=1,trim=4:8,setpts=PTS-STARTPTS[cf];"
              + "[a][b][cf]concat=n=3:v=1:a=0," + String.format(java.util.Locale.ROOT,
                  "drawbox=x=%d:y=%d:w=%d:h=%d:color=black:t=fill:enable='%s'", SYNC_MARK.x0(), SYNC_MARK.y0(),
                  SYNC_MARK.w(), SYNC_MARK.h(), mark) + "[v]",
          "-map", "[v]", "-map", "2:a", "-t", "12", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
          "-threads", "2", "-c:a", "aac", "-b:a", "192k", file.toString());
    }
    return new Composite("layout-switches", file, RegionFinder.PICTURE_IN_PICTURE, Box.ofSize(0, 0, 1200, 900),
        Box.ofSize(864, 644, 320, 240));
  }

  /**
   * A copy of a video with strong temporal noise over the whole picture (FFmpeg's noise filter, changing every
   * frame): a filmed projector or a grainy capture. The geometry and slide changes are those of the original.
   */
  public static Path withNoise(Path video, Path dir, int strength) throws IOException, InterruptedException {
    String name = video.getFileName().toString().replaceFirst("\\.[^.]+$", "") + "-noise" + strength;
    Path file = dir.resolve(name + ".mp4");
    if (!Files.isRegularFile(file)) {
      // ultrafast: quick to encode, and a key frame every 10 s whatever the content (no scene-cut detection).
      ffmpeg(name, "-i", video.toString(), "-vf", "noise=alls=" + strength + ":allf=t+u", "-c:v", "libx264",
          "-preset", "ultrafast", "-crf", "20", "-threads", "2", "-c:a", "copy", file.toString());
    }
    return file;
  }

  /** 3 s of black 640x360 video with silent audio: layout none. */
  public static Path blackVideo(Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("black.mp4");
    if (!Files.isRegularFile(file)) {
      ffmpeg("black", "-f", "lavfi", "-i", "color=c=black:s=640x360:r=25:d=3", "-f", "lavfi", "-i",
          "anullsrc=r=44100:cl=mono", "-t", "3", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac",
          file.toString());
    }
    return file;
  }

  /**
   * The inset of {@code pip-bottom-right} for 10 s, with the camera moving for the first 5 s and then frozen on its
   * last frame (a lecturer who stands still, a camera that stalls): one layout throughout.
   */
  public static Composite stillCamera(Path matterhorn, Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("still-camera.mp4");
    if (!Files.isRegularFile(file)) {
      ffmpeg("still-camera", "-stream_loop", "1", "-i", matterhorn.resolve("SCREEN.mp4").toString(),
          "-i", matterhorn.resolve("CAMERA.mp4").toString(), "-filter_complex",
          "[0:v]fps=25,format=yuv420p,trim=0:10,setpts=PTS-STARTPTS[s];"
              + "[1:v]scale=320:240,tpad=stop_mode=clone:stop_duration=6[c];[s][c]overlay=864:644[v]",
          "-map", "[v]", "-t", "10", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-threads", "2",
          file.toString());
    }
    return new Composite("still-camera", file, RegionFinder.PICTURE_IN_PICTURE, Box.ofSize(0, 0, 1200, 900),
        Box.ofSize(864, 644, 320, 240));
  }

  private static Composite compose(String name, Path screen, Path camera, Path dir, String filter, String type,
      Box screenBox, Box cameraBox) throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".mp4");
    if (!Files.isRegularFile(file)) {
      ffmpeg(name, "-i", screen.toString(), "-i", camera.toString(), "-filter_complex", filter, "-map", "[v]",
          "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-threads", "2", "-c:a", "aac",
          "-shortest", file.toString());
    }
    return new Composite(name, file, type, screenBox, cameraBox);
  }

  static void ffmpeg(String name, String... args) throws IOException, InterruptedException {
    FfmpegTool.run(name, args);
  }
}
