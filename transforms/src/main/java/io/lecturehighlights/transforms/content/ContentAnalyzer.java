package io.lecturehighlights.transforms.content;

import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.transforms.common.StageException;

/**
 * Turns a lecture's transcript and cues into topic segments with importance. Implementations are plain classes
 * (no Beam); one instance may be reused for many lectures from one thread and must be closed when done.
 */
public interface ContentAnalyzer extends AutoCloseable {

  /** Segments of the lecture, ordered and non-overlapping; bad input or a failed service is a StageException. */
  ContentSegments analyze(ContentRequest request) throws StageException;

  @Override
  default void close() {}
}
