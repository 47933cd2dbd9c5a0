package io.lecturehighlights.transforms.validate;

import io.lecturehighlights.transforms.media.MediaProbe;

import static io.lecturehighlights.transforms.validate.RejectionReasons.*;

import io.lecturehighlights.transforms.media.AudioStream;
import io.lecturehighlights.schemas.AudioTrack;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.media.SingleFile;
import io.lecturehighlights.transforms.common.StageException;
import io.lecturehighlights.transforms.media.VideoGeometry;
import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.media.SpeechTrackChooser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Decides whether an upload can be processed, and if not, says exactly why. Checks run cheapest first:
 * the name, the extension, the file itself, then the container and its streams.
 */
public final class UploadValidator {
  private final ValidationConfig config;
  private final SpeechTrackChooser chooser = new SpeechTrackChooser();

  public UploadValidator(ValidationConfig config) {
    this.config = config;
  }

  public MediaInfo validate(UploadEvent event) throws StageException {
    String uri = event.getVideoUri();
    if (!JobIds.isValid(event.getJobId())) {
      throw new StageException(INVALID_JOB_ID,
          "job id '" + printable(event.getJobId()) + "' may only use letters, digits, '.', '_' and '-' (1-128 chars)");
    }
    checkSafeName(uri);
    String ext = extension(uri);
    if (!ValidationConfig.SUPPORTED_EXTENSIONS.contains(ext)) {
      throw new StageException(UNSUPPORTED_EXTENSION,
          (ext.isEmpty() ? "file has no extension" : "extension '." + ext + "' is not a supported lecture format")
              + " (supported: " + String.join(", ", new java.util.TreeSet<>(ValidationConfig.SUPPORTED_EXTENSIONS)) + ")");
    }
    long size = checkFile(uri);
    try (LocalMediaFile media = LocalMediaFile.open(uri)) {
      return probe(media.path(), size, ext);
    } catch (IOException e) {
      throw new StageException(STORAGE_UNAVAILABLE, "could not read " + uri + ": " + e.getMessage(), true, e);
    }
  }

  /** Rejects control characters and '..' segments anywhere in the location. */
  public static void checkSafeName(String uri) throws StageException {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        throw new StageException(UNSAFE_NAME,
            String.format("location contains control character U+%04X at position %d: %s", (int) c, i, printable(uri)));
      }
    }
    String path = uri.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    if (Arrays.asList(path.split("[/\\\\]")).contains("..")) {
      throw new StageException(UNSAFE_NAME, "location uses path traversal ('..'): " + uri);
    }
    if (uri.isBlank()) {
      throw new StageException(UNSAFE_NAME, "location is empty");
    }
  }

  static String extension(String uri) {
    String name = uri.substring(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1);
    int q = name.indexOf('?');
    if (q >= 0) {
      name = name.substring(0, q);
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Existence, readability and size, without opening the container. Returns the size in bytes. */
  private long checkFile(String uri) throws StageException {
    long size;
    if (LocalMediaFile.isLocal(uri)) {
      Path p = LocalMediaFile.localPath(uri);
      if (!Files.exists(p)) {
        throw new StageException(MISSING_FILE, "file not found: " + uri);
      }
      if (!Files.isRegularFile(p)) {
        throw new StageException(NOT_A_FILE, "not a regular file: " + uri);
      }
      if (!Files.isReadable(p)) {
        throw new StageException(UNREADABLE_FILE, "file is not readable (permissions): " + uri);
      }
      try {
        size = Files.size(p);
      } catch (IOException e) {
        throw new StageException(UNREADABLE_FILE, "cannot read file size of " + uri + ": " + e.getMessage());
      }
    } else {
      try {
        MatchResult.Metadata m = SingleFile.metadata(uri);
        size = m.sizeBytes();
      } catch (FileNotFoundException e) {
        throw new StageException(MISSING_FILE, "object not found: " + uri);
      } catch (IOException e) {
        throw new StageException(STORAGE_UNAVAILABLE, "storage error for " + uri + ": " + e.getMessage(), true, e);
      }
    }
    if (size == 0) {
      throw new StageException(EMPTY_FILE, "file is empty (0 bytes): " + uri);
    }
    if (size > config.maxSizeBytes()) {
      throw new StageException(FILE_TOO_LARGE,
          String.format("file is %s, over the limit of %s", bytes(size), bytes(config.maxSizeBytes())));
    }
    return size;
  }

  private MediaInfo probe(Path file, long size, String ext) throws StageException {
    MediaProbe.Result r;
    try {
      r = MediaProbe.probe(file);
    } catch (MediaProbe.OpenException e) {
      throw classifyOpenFailure(file, e);
    }
    if (!supportedContainer(r.container, ext)) {
      throw new StageException(UNSUPPORTED_CONTAINER, "container '" + r.container + "' is not a supported "
          + (ValidationConfig.SUPPORTED_AUDIO_EXTENSIONS.contains(ext) ? "audio or video" : "video") + " container");
    }
    if (r.audioCodec == null) {
      throw new StageException(NO_AUDIO_STREAM,
          "no audio stream: a lecture needs its audio for silences and transcription"
              + (r.videoCodec != null ? " (found only " + r.videoCodec + " video)" : ""));
    }
    if (!(r.durationSeconds > 0) || Double.isInfinite(r.durationSeconds)) {
      throw new StageException(INVALID_DURATION, "container declares no usable duration");
    }
    if (r.durationSeconds > config.maxDurationSeconds()) {
      throw new StageException(DURATION_TOO_LONG,
          String.format("duration %s is over the limit of %s", hms(r.durationSeconds), hms(config.maxDurationSeconds())));
    }
    checkComplete(r);
    VideoGeometry geometry = r.videoCodec != null ? r.geometry : null;
    // Several audio tracks (room and lapel microphones): every stage decodes the one with the lecturer's speech.
    SpeechTrackChooser.Choice choice = chooser.choose(file, r.audioStreams, r.durationSeconds);
    AudioStream chosen = choice.chosen();
    return MediaInfo.newBuilder()
        .setContainer(r.container)
        .setDurationSeconds(r.durationSeconds)
        .setSizeBytes(size)
        .setBitRate(r.bitRate > 0 ? r.bitRate : null)
        .setVideoCodec(r.videoCodec)
        .setWidth(geometry != null ? geometry.displayWidth() : null)
        .setHeight(geometry != null ? geometry.displayHeight() : null)
        .setRotation(geometry != null ? geometry.rotation : 0)
        .setPixelAspectRatio(geometry != null && !geometry.squarePixels()
            ? geometry.sarNum + ":" + geometry.sarDen : null)
        .setInterlaced(geometry != null && geometry.interlaced)
        .setFrameRate(r.videoCodec != null && r.frameRate > 0 ? r.frameRate : null)
        .setAudioCodec(chosen != null ? chosen.codec : r.audioCodec)
        .setAudioSampleRate(chosen != null ? chosen.sampleRate : r.audioSampleRate)
        .setAudioChannels(chosen != null ? chosen.channels : r.audioChannels)
        .setAudioStreamIndex(chosen != null ? chosen.index : null)
        .setAudioTracks(audioTracks(choice))
        .build();
  }

  private static List<AudioTrack> audioTracks(SpeechTrackChooser.Choice choice) {
    List<AudioTrack> out = new ArrayList<>(choice.tracks.size());
    for (int i = 0; i < choice.tracks.size(); i++) {
      AudioStream t = choice.tracks.get(i);
      double share = choice.speechShare[i];
      out.add(AudioTrack.newBuilder()
          .setIndex(t.index)
          .setCodec(t.codec)
          .setChannels(t.channels)
          .setSampleRate(t.sampleRate)
          .setLanguage(t.language)
          .setIsDefault(t.isDefault)
          .setSpeechShare(Double.isNaN(share) ? null : Math.round(share * 1000) / 1000.0)
          .build());
    }
    return out;
  }

  /**
   * Truncated uploads keep their header (so the declared duration) but lose the data at the end. Only missing
   * data counts: streams that end at different times (audio running on after the screen recording stopped,
   * audio that starts late) are a valid lecture whose duration is the longest stream's.
   */
  private static void checkComplete(MediaProbe.Result r) throws StageException {
    double tolerance = Math.max(1.0, 0.02 * r.durationSeconds);
    String declared = String.format("the container declares %.1f s", r.durationSeconds);
    String error = r.readError != null ? " (" + r.readError + ")" : "";
    if (!Double.isNaN(r.missingDataFromSeconds)) {
      throw new StageException(TRUNCATED_FILE, String.format(
          "file is truncated: the container's index points past the end of the file, so the media data from"
              + " %.1f s on is missing (%s)", r.missingDataFromSeconds, declared));
    }
    if (r.readError != null) {
      throw new StageException(TRUNCATED_FILE, "file is truncated or damaged: the last packets cannot be read"
          + error + "; " + declared);
    }
    if (Double.isNaN(r.mediaEndSeconds) || r.mediaEndSeconds < r.durationSeconds - tolerance) {
      throw new StageException(TRUNCATED_FILE,
          String.format("file is truncated: %s but media data %s", declared,
              Double.isNaN(r.mediaEndSeconds) ? "could not be read near the end"
                  : String.format("ends at %.1f s (%s)", r.mediaEndSeconds, streamEnds(r))));
    }
  }

  private static String streamEnds(MediaProbe.Result r) {
    StringBuilder b = new StringBuilder();
    if (r.videoCodec != null) {
      b.append(Double.isNaN(r.videoEndSeconds) ? "video: none found" : String.format("video to %.1f s", r.videoEndSeconds));
    }
    if (r.audioCodec != null) {
      b.append(b.length() > 0 ? ", " : "").append(Double.isNaN(r.audioEndSeconds) ? "audio: none found"
          : String.format("audio to %.1f s", r.audioEndSeconds));
    }
    return b.toString();
  }

  /**
   * Whether FFmpeg's demuxer name (which can list several formats, "mov,mp4,m4a,3gp,3g2,mj2") names a supported
   * container for a file with this extension. Video containers are accepted under any supported extension; the
   * audio-only formats (MP3, WAV, FLAC, Ogg, ADTS AAC) only under an audio extension, so a WAV named .mp4 is still
   * refused as not being the video container its name claims.
   */
  static boolean supportedContainer(String demuxerName, String extension) {
    boolean audioName = ValidationConfig.SUPPORTED_AUDIO_EXTENSIONS.contains(extension);
    for (String f : demuxerName.split(",")) {
      String format = f.trim();
      if (ValidationConfig.SUPPORTED_CONTAINERS.contains(format)
          || (audioName && ValidationConfig.SUPPORTED_AUDIO_CONTAINERS.contains(format))) {
        return true;
      }
    }
    return false;
  }

  /** FFmpeg could not open the file: tell text, an unknown format and a damaged container apart. */
  private static StageException classifyOpenFailure(Path file, MediaProbe.OpenException e) {
    byte[] head = new byte[4096];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException io) {
      return new StageException(UNREADABLE_FILE, "cannot read " + file.getFileName() + ": " + io.getMessage());
    }
    if (looksLikeText(head, n)) {
      return new StageException(NOT_A_VIDEO, "not a video: the file holds plain text, not a media container");
    }
    String container = knownContainerSignature(head, n);
    if (container != null) {
      return new StageException(CORRUPT_CONTAINER,
          "the " + container + " container is truncated or corrupt and cannot be opened (FFmpeg: " + e.getMessage() + ")");
    }
    return new StageException(NOT_A_VIDEO,
        "not a video: no known media container found (FFmpeg: " + e.getMessage() + ")");
  }

  static boolean looksLikeText(byte[] b, int n) {
    if (n == 0) {
      return false;
    }
    int printable = 0;
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xff;
      if (c == 0) {
        return false;
      }
      if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f) || c >= 0x80) {
        printable++;
      }
    }
    return printable >= 0.95 * n;
  }

  static String knownContainerSignature(byte[] b, int n) {
    if (n >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
      return "MP4/QuickTime";
    }
    if (n >= 8 && ((b[4] == 'm' && b[5] == 'd' && b[6] == 'a' && b[7] == 't')
        || (b[4] == 'm' && b[5] == 'o' && b[6] == 'o' && b[7] == 'v')
        || (b[4] == 'w' && b[5] == 'i' && b[6] == 'd' && b[7] == 'e'))) {
      return "MP4/QuickTime";
    }
    if (n >= 4 && (b[0] & 0xff) == 0x1a && (b[1] & 0xff) == 0x45 && (b[2] & 0xff) == 0xdf && (b[3] & 0xff) == 0xa3) {
      return "Matroska/WebM";
    }
    if (n >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F') {
      return "RIFF (AVI/WAV)";
    }
    if (n >= 4 && b[0] == 'f' && b[1] == 'L' && b[2] == 'a' && b[3] == 'C') {
      return "FLAC";
    }
    if (n >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S') {
      return "Ogg";
    }
    if (n >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
      return "MP3 (ID3)";
    }
    if (n >= 1 && (b[0] & 0xff) == 0x47) {
      return "MPEG-TS";
    }
    return null;
  }

  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }

  static String bytes(long b) {
    if (b >= (1L << 30)) {
      return String.format("%.2f GiB", b / (double) (1L << 30));
    }
    if (b >= (1L << 20)) {
      return String.format("%.1f MiB", b / (double) (1L << 20));
    }
    return b + " bytes";
  }

  static String hms(double s) {
    long t = Math.round(s);
    return String.format("%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
  }
}
