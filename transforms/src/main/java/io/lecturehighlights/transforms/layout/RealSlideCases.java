package io.lecturehighlights.transforms.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Slide-change cases on real pixels, with known truth: the Opencast ETH lecture clips
 * (../shared/testmedia/video/opencast-eth-lecture, 640x480) as they are, and re-encoded (25 fps, H.264, a key frame
 * every 3 s) by the ffmpeg executable bundled with JavaCV with one disturbance each that is not a slide change: an
 * odd white frame, a pointer crossing the slide in 1 s, a box flashed over the slide for 1 s, a 0.5 s fade-in from
 * black at the start (a 1 s fade makes these 10-15 s clips camera_only for RegionFinder: the fade is more than a
 * tenth of their sample pairs), a panel sliding in over 1 s and staying (an animation: a build at most). Never committed: they
 * are rebuilt into a temporary folder.
 */
public final class RealSlideCases {
  /** One clip and its true slide changes (seconds); {@code derived} when re-encoded with a disturbance. */
  public record Case(String name, Path file, List<Double> changes, boolean derived) {}

  private RealSlideCases() {}

  /** The three clips as they are: segment_0 (a change at 2.03 s), ingest_av (3.0 s), av (none). */
  public static List<Case> originals(Path eth) {
    return List.of(new Case("segment_0.mp4", eth.resolve("segment_0.mp4"), List.of(2.03), false),
        new Case("ingest_av.mov", eth.resolve("ingest_av.mov"), List.of(3.0), false),
        new Case("av.mov", eth.resolve("av.mov"), List.of(), false));
  }

  /** The disturbed clips, built into {@code dir} (reused when already there). */
  public static List<Case> derived(Path eth, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path av = eth.resolve("av.mov");
    List<Case> out = new ArrayList<>();
    out.add(build(dir, "av-odd-frame", av, "fps=25,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:"
        + "enable='eq(n,125)'", List.of()));
    out.add(build(dir, "av-pointer-crossing", av, "fps=25[v];color=c=black:s=90x90:r=25[p];"
        + "[v][p]overlay=x='-90+(t-4)*730':y=200:enable='between(t,4,5)':shortest=1", List.of()));
    out.add(build(dir, "av-flash-1s", av, "fps=25,drawbox=x=40:y=40:w=560:h=400:color=white:t=fill:"
        + "enable='between(t,5,6)',drawbox=x=80:y=80:w=420:h=36:color=black:t=fill:enable='between(t,5,6)',"
        + "drawbox=x=80:y=160:w=360:h=24:color=gray:t=fill:enable='between(t,5,6)'", List.of()));
    out.add(build(dir, "av-fade-in", av, "fps=25,fade=t=in:st=0:d=0.5", List.of()));
    out.add(build(dir, "av-animation-1s", av, "fps=25[v];color=c=0x3366cc:s=200x120:r=25[p];"
        + "[v][p]overlay=x='max(420,640-(t-5)*220)':y=330:enable='gte(t,5)':shortest=1", List.of()));
    out.add(build(dir, "segment_0-fade-in", eth.resolve("segment_0.mp4"), "fps=25,fade=t=in:st=0:d=0.5",
        List.of(2.03)));
    out.add(build(dir, "ingest_av-pointer-crossing", eth.resolve("ingest_av.mov"), "fps=25[v];"
        + "color=c=black:s=90x90:r=25[p];[v][p]overlay=x='-90+(t-8)*730':y=200:enable='between(t,8,9)':shortest=1",
        List.of(3.0)));
    return out;
  }

  private static Case build(Path dir, String name, Path source, String filter, List<Double> changes)
      throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".mp4");
    if (!Files.isRegularFile(file)) {
      RealComposites.ffmpeg(name, "-i", source.toString(), "-filter_complex", "[0:v]" + filter + ",format=yuv420p[o]",
          "-map", "[o]", "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "75", "-threads", "2",
          file.toString());
    }
    return new Case(name, file, changes, true);
  }
}
