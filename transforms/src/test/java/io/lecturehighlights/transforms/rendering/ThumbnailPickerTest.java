package io.lecturehighlights.transforms.rendering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LayoutPeriod;
import io.lecturehighlights.schemas.Rect;
import io.lecturehighlights.transforms.rendering.RenderLayout.Box;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThumbnailPickerTest {
  private static final int W = 64;
  private static final int H = 48;
  private static final double FPS = 10;

  /** A packed 4:2:0 picture whose luma is {@code a} blended towards {@code b} by {@code t}. */
  private static ByteBuffer blend(int[] a, int[] b, double t) {
    ByteBuffer buf = ByteBuffer.allocate(PackedYuvFrames.size(W, H));
    for (int i = 0; i < W * H; i++) {
      buf.put(i, (byte) Math.round(a[i] * (1 - t) + b[i] * t));
    }
    return buf;
  }

  /** Sharp text-like stripes, vertical or horizontal: two different slides with the same sharpness. */
  private static int[] stripes(boolean vertical) {
    int[] p = new int[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        p[y * W + x] = ((vertical ? x : y) / 3) % 2 == 0 ? 30 : 220;
      }
    }
    return p;
  }

  @Test
  void aSettledSlideBeatsTheCrossFadeBetweenTwoSlides() {
    int[] a = stripes(true);
    int[] b = stripes(false);
    ThumbnailPicker p = new ThumbnailPicker(0, 10, List.of(), null);
    double t = 0;
    // Two frames of slide A, a one-second cross-fade, then slide B settles.
    for (int i = 0; i < 2; i++, t += 1 / FPS) {
      p.offer(blend(a, b, 0), W, H, t);
    }
    double fadeStart = t;
    for (int i = 1; i <= 10; i++, t += 1 / FPS) {
      p.offer(blend(a, b, i / 10.0), W, H, t);
    }
    double fadeEnd = t;
    for (int i = 0; i < 5; i++, t += 1 / FPS) {
      p.offer(blend(a, b, 1), W, H, t);
    }
    double best = p.bestTime();
    assertFalse(best >= fadeStart && best < fadeEnd - 1e-9, "picked a frame of the fade: " + best);
    // The first picture has nothing to compare with: it is never the pick.
    assertTrue(best > 0, "" + best);
  }

  @Test
  void framesNearAKnownSlideChangeLoseToAnyOtherAndTheWindowIsTheStart() {
    int[] a = stripes(true);
    // A still picture throughout; the layout stage says a slide changed at 1.0 s.
    ThumbnailPicker p = new ThumbnailPicker(0.5, 20, List.of(1.0), null);
    for (double t = 0; t < 8; t += 1 / FPS) {
      p.offer(blend(a, a, 0), W, H, t);
    }
    double best = p.bestTime();
    assertTrue(Math.abs(best - 1.0) >= ThumbnailPicker.GUARD_SECONDS, "" + best);
    assertTrue(best >= 0.5 && best < 0.5 + ThumbnailPicker.WINDOW_SECONDS, "" + best);
    // Only frames near the change: the best of them rather than none.
    ThumbnailPicker near = new ThumbnailPicker(0.8, 1.2, List.of(1.0), null);
    for (double t = 0.7; t < 1.2; t += 1 / FPS) {
      near.offer(blend(a, a, 0), W, H, t);
    }
    assertTrue(near.bestTime() > 0.8 - 1e-6 && near.bestTime() < 1.2, "" + near.bestTime());
  }

  @Test
  void sharpnessIsMeasuredOnTheSubject() {
    int[] half = new int[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        half[y * W + x] = x < W / 2 ? (x / 3 % 2 == 0 ? 30 : 220) : 128;
      }
    }
    ByteBuffer pic = blend(half, half, 0);
    double left = ThumbnailPicker.sharpness(pic, W, H, new Box(0, 0, W / 2, H));
    double right = ThumbnailPicker.sharpness(pic, W, H, new Box(W / 2, 0, W / 2, H));
    assertTrue(left > 20 && right == 0, left + " / " + right);
    assertEquals(0, ThumbnailPicker.motion(ThumbnailPicker.sample(pic, W, H), ThumbnailPicker.sample(pic, W, H)));
  }

  @Test
  void theSubjectIsTheSlideOrForCameraOnlyTheCamera() {
    Layout pip = Layout.newBuilder().setJobId("t").setType("picture_in_picture").setFrameWidth(1280)
        .setFrameHeight(720).setScreen(new Rect(0, 0, 1280, 720)).setCamera(new Rect(944, 464, 320, 240)).build();
    assertEquals(new Box(0, 0, 1280, 720), ClipRenderer.subject(pip, 1280, 720));
    Layout camera = Layout.newBuilder(pip).setType("camera_only").setScreen(null).build();
    assertEquals(new Box(944, 464, 320, 240), ClipRenderer.subject(camera, 1280, 720));
    assertEquals(null, ClipRenderer.subject(null, 1280, 720));
    Layout switching = Layout.newBuilder(pip).setSlideChanges(List.of(5.0)).setSlideBuilds(List.of(7.5))
        .setPeriods(List.of(new LayoutPeriod(0.0, 9.0, "picture_in_picture", null, null, null, null),
            new LayoutPeriod(9.0, 20.0, "camera_only", null, null, null, null))).build();
    assertEquals(List.of(5.0, 7.5, 9.0), ThumbnailPicker.transitions(switching));
  }
}
