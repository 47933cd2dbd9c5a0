package io.lecturehighlights.transforms.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;

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
    List<String> cmd = new ArrayList<>(List.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), "-hide_banner",
        "-loglevel", "error", "-y"));
    cmd.addAll(List.of(args));
    Path target = Path.of(args[args.length - 1]);
    Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
    cmd.set(cmd.size() - 1, tmp.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      Files.deleteIfExists(tmp);
      throw new IOException("ffmpeg could not compose " + name + ": " + log);
    }
    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
