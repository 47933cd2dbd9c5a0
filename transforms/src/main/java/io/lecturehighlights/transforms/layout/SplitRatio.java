package io.lecturehighlights.transforms.layout;

import io.lecturehighlights.transforms.media.Box;

/**
 * The share of a 9:16 frame given to the screen when a vertical clip stacks the screen over the camera. The
 * screen always gets the full output width (any narrower and its text shrinks), so its share is the height it
 * needs at that width: 9/16 x (screen height / screen width), 0.32 for a 16:9 screen, 0.42 for 4:3. The camera
 * keeps at least {@link #MIN_CAMERA_SHARE} (a tall screen is then fitted, not cropped).
 */
public final class SplitRatio {
  public static final double MIN_CAMERA_SHARE = 0.25;

  private SplitRatio() {}

  /** Null for layout none or audio_only; 1 for screen only; 0 for camera only. */
  public static Double choose(String type, Box screen, Box camera) {
    switch (type) {
      case RegionFinder.NONE:
      case RegionFinder.AUDIO_ONLY:
        return null;
      case RegionFinder.SCREEN_ONLY:
        return 1.0;
      case RegionFinder.CAMERA_ONLY:
        return 0.0;
      default:
        if (screen == null || screen.isEmpty()) {
          return 0.0;
        }
        double natural = 9.0 / 16.0 * screen.h() / (double) screen.w();
        double ratio = Math.min(1.0 - MIN_CAMERA_SHARE, natural);
        return Math.round(ratio * 1000) / 1000.0;
    }
  }
}
