package io.lecturehighlights.transforms.media;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.global.avformat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One audio stream as the container declares it. */
public final class AudioStream {
  /** Container stream index (what FFmpeg's stream_index and JavaCV's setAudioStream take). */
  public int index;
  public String codec;
  public int channels;
  public int sampleRate;
  public @Nullable String language;
  /** AV_DISPOSITION_DEFAULT: the track a player would pick. */
  public boolean isDefault;

  public static AudioStream of(int index, AVStream st) {
    AudioStream a = new AudioStream();
    a.index = index;
    a.codec = avcodec_get_name(st.codecpar().codec_id()).getString();
    a.channels = st.codecpar().ch_layout().nb_channels();
    a.sampleRate = st.codecpar().sample_rate();
    AVDictionaryEntry lang = av_dict_get(st.metadata(), "language", null, 0);
    a.language = lang == null || lang.value() == null ? null : lang.value().getString();
    a.isDefault = (st.disposition() & avformat.AV_DISPOSITION_DEFAULT) != 0;
    return a;
  }
}
