package io.lecturehighlights.transforms.transcription;

import io.lecturehighlights.transforms.common.StageException;

/** Builds the engine a {@link TranscriptionConfig} names. */
public final class SpeechEngines {
  private SpeechEngines() {}

  public static SpeechEngine create(TranscriptionConfig config) throws StageException {
    switch (config.engine()) {
      case TranscriptionConfig.POCKETSPHINX:
        return new PocketsphinxEngine(config);
      case TranscriptionConfig.WHISPER_API:
        return new WhisperApiEngine(config);
      case TranscriptionConfig.CAPTIONS_ONLY:
        throw new StageException("no_captions", "engine is captions-only and the lecture has no captions");
      default:
        throw new StageException("engine_unavailable", "unknown transcription engine " + config.engine());
    }
  }
}
