package io.lecturehighlights.transforms.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_BB;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_BT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_TB;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_TT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_sample_aspect_ratio;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.IntPointer;

/**
 * How a video stream's stored pictures become what a player shows: the rotation its display matrix asks for (phones
 * store portrait video as landscape plus a 90° flag), the sample aspect ratio (PAL/NTSC broadcast and DV store 720
 * non-square pixels per line) and interlacing. Every analysis and every rendered clip works in display pixels, so a
 * region found by layout detection is the region a person sees, and a clip is upright with round circles.
 *
 * <p>Rotation follows the ffmpeg CLI's autorotate: the display matrix's rotation rounded to a quarter turn, clockwise
 * positive as shown. The display size is the stored size with non-square pixels widened (or heightened) to square
 * ones, then turned; both sides even, as 4:2:0 needs.
 */
public final class VideoGeometry implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Stored picture size, as decoded. */
  public final int storedWidth;
  public final int storedHeight;
  /** Clockwise quarter turns to apply for display: 0, 90, 180 or 270. */
  public final int rotation;
  /** Sample (pixel) aspect ratio, num/den; 1/1 for square pixels. */
  public final int sarNum;
  public final int sarDen;
  /** Whether the pictures are interlaced fields, and which field comes first. */
  public final boolean interlaced;
  public final boolean topFieldFirst;

  public VideoGeometry(int storedWidth, int storedHeight, int rotation, int sarNum, int sarDen, boolean interlaced,
      boolean topFieldFirst) {
    this.storedWidth = storedWidth;
    this.storedHeight = storedHeight;
    this.rotation = Math.floorMod(rotation, 360);
    boolean sane = sarNum > 0 && sarDen > 0 && sarNum / (double) sarDen > 0.2 && sarNum / (double) sarDen < 5;
    this.sarNum = sane ? sarNum : 1;
    this.sarDen = sane ? sarDen : 1;
    this.interlaced = interlaced;
    this.topFieldFirst = topFieldFirst;
  }

  /** Square pixels, no rotation, progressive. */
  public static VideoGeometry plain(int width, int height) {
    return new VideoGeometry(width, height, 0, 1, 1, false, true);
  }

  /** Reads the geometry of a demuxed video stream (after avformat_find_stream_info). */
  public static VideoGeometry of(AVFormatContext format, AVStream stream) {
    AVCodecParameters par = stream.codecpar();
    AVRational sar = av_guess_sample_aspect_ratio(format, stream, (AVFrame) null);
    int order = par.field_order();
    boolean interlaced = order == AV_FIELD_TT || order == AV_FIELD_BB || order == AV_FIELD_TB
        || order == AV_FIELD_BT;
    boolean tff = order == AV_FIELD_TT || order == AV_FIELD_TB;
    return new VideoGeometry(par.width(), par.height(), rotationOf(par), sar.num(), sar.den(), interlaced, tff);
  }

  /** The display matrix's rotation as clockwise quarter turns (0 when there is none). */
  static int rotationOf(AVCodecParameters par) {
    AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
        AV_PKT_DATA_DISPLAYMATRIX);
    if (sd == null || sd.isNull() || sd.size() < 36 || sd.data() == null) {
      return 0;
    }
    double ccw = av_display_rotation_get(new IntPointer(sd.data()));
    return quarterTurns(ccw);
  }

  /** FFmpeg's counter-clockwise degrees to clockwise quarter turns; NaN (a degenerate matrix) is no rotation. */
  static int quarterTurns(double counterClockwiseDegrees) {
    if (Double.isNaN(counterClockwiseDegrees)) {
      return 0;
    }
    long quarter = Math.round(-counterClockwiseDegrees / 90.0);
    return (int) Math.floorMod(quarter * 90, 360L);
  }

  public boolean squarePixels() {
    return sarNum == sarDen;
  }

  /** Whether the pictures need any change before use. */
  public boolean needsNormalising() {
    return rotation != 0 || !squarePixels() || interlaced || (storedWidth & 1) != 0 || (storedHeight & 1) != 0;
  }

  /** Width of an upright, square-pixel picture: what a player shows. */
  public int displayWidth() {
    return rotation % 180 == 0 ? squareWidth() : squareHeight();
  }

  public int displayHeight() {
    return rotation % 180 == 0 ? squareHeight() : squareWidth();
  }

  /** The stored frame with non-square pixels made square (before rotation): widened, never narrowed. */
  int squareWidth() {
    return sarNum > sarDen ? even(storedWidth * (double) sarNum / sarDen) : even(storedWidth);
  }

  int squareHeight() {
    return sarNum < sarDen ? even(storedHeight * (double) sarDen / sarNum) : even(storedHeight);
  }

  /**
   * The FFmpeg filter chain (comma separated, no pad labels; empty when nothing is needed) that turns a stored frame
   * into the display frame: deinterlace (bwdif, one frame per frame, the parity given explicitly because frames pushed
   * through a filter graph lose their field flags), square the pixels, then turn.
   */
  public String filterChain() {
    List<String> parts = new ArrayList<>();
    if (interlaced) {
      parts.add("bwdif=mode=send_frame:parity=" + (topFieldFirst ? "tff" : "bff") + ":deint=all");
    }
    if (!squarePixels() || (storedWidth & 1) != 0 || (storedHeight & 1) != 0) {
      parts.add(String.format(Locale.ROOT, "scale=%d:%d", squareWidth(), squareHeight()));
    }
    parts.add("setsar=1");
    switch (rotation) {
      case 90 -> parts.add("transpose=clock");
      case 180 -> parts.add("hflip,vflip");
      case 270 -> parts.add("transpose=cclock");
      default -> { }
    }
    return String.join(",", parts);
  }

  /**
   * Turns a packed single-plane picture (grey, or packed BGR with {@code channels} bytes per pixel) by this geometry's
   * rotation. Returns the input when there is nothing to turn.
   */
  public byte[] rotate(byte[] picture, int width, int height, int channels) {
    if (rotation == 0) {
      return picture;
    }
    byte[] out = new byte[picture.length];
    int ow = rotation == 180 ? width : height;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int nx;
        int ny;
        switch (rotation) {
          case 90 -> {
            nx = height - 1 - y;
            ny = x;
          }
          case 180 -> {
            nx = width - 1 - x;
            ny = height - 1 - y;
          }
          default -> {
            nx = y;
            ny = width - 1 - x;
          }
        }
        System.arraycopy(picture, (y * width + x) * channels, out, (ny * ow + nx) * channels, channels);
      }
    }
    return out;
  }

  /** For logs and job records, e.g. "720x576 SAR 64:45 interlaced (tff) -> 1024x576". */
  public String describe() {
    StringBuilder sb = new StringBuilder().append(storedWidth).append('x').append(storedHeight);
    if (!squarePixels()) {
      sb.append(" SAR ").append(sarNum).append(':').append(sarDen);
    }
    if (rotation != 0) {
      sb.append(" rotated ").append(rotation);
    }
    if (interlaced) {
      sb.append(" interlaced (").append(topFieldFirst ? "tff" : "bff").append(')');
    }
    if (needsNormalising()) {
      sb.append(" -> ").append(displayWidth()).append('x').append(displayHeight());
    }
    return sb.toString();
  }

  private static int even(double v) {
    return Math.max(2, 2 * (int) Math.round(v / 2));
  }

  @Override
  public String toString() {
    return describe();
  }
}
