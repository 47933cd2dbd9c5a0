package io.lecturehighlights.transforms.common;

import io.lecturehighlights.schemas.Clip;
import io.lecturehighlights.schemas.ClipTask;
import io.lecturehighlights.schemas.ContentSegments;
import io.lecturehighlights.schemas.DeadLetter;
import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.Highlights;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.Layout;
import io.lecturehighlights.schemas.LectureAnalysis;
import io.lecturehighlights.schemas.SilenceResult;
import io.lecturehighlights.schemas.StageEvent;
import io.lecturehighlights.schemas.TopicChunk;
import io.lecturehighlights.schemas.Transcript;
import io.lecturehighlights.schemas.TranscriptionChunk;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.schemas.ValidatedLecture;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/** The generated Avro classes are the pipeline's element types; this makes Beam encode them as Avro. */
public final class AvroCoders {
  private AvroCoders() {}

  public static void registerAll(Pipeline pipeline) {
    CoderRegistry r = pipeline.getCoderRegistry();
    r.registerCoderForClass(UploadEvent.class, AvroCoder.of(UploadEvent.class));
    r.registerCoderForClass(ValidatedLecture.class, AvroCoder.of(ValidatedLecture.class));
    r.registerCoderForClass(SilenceResult.class, AvroCoder.of(SilenceResult.class));
    r.registerCoderForClass(Transcript.class, AvroCoder.of(Transcript.class));
    r.registerCoderForClass(TranscriptionChunk.class, AvroCoder.of(TranscriptionChunk.class));
    r.registerCoderForClass(Layout.class, AvroCoder.of(Layout.class));
    r.registerCoderForClass(ContentSegments.class, AvroCoder.of(ContentSegments.class));
    r.registerCoderForClass(Highlights.class, AvroCoder.of(Highlights.class));
    r.registerCoderForClass(Clip.class, AvroCoder.of(Clip.class));
    r.registerCoderForClass(Failure.class, AvroCoder.of(Failure.class));
    r.registerCoderForClass(JobStatus.class, AvroCoder.of(JobStatus.class));
    r.registerCoderForClass(StageEvent.class, AvroCoder.of(StageEvent.class));
    r.registerCoderForClass(LectureAnalysis.class, AvroCoder.of(LectureAnalysis.class));
    r.registerCoderForClass(ClipTask.class, AvroCoder.of(ClipTask.class));
    r.registerCoderForClass(TopicChunk.class, AvroCoder.of(TopicChunk.class));
    r.registerCoderForClass(DeadLetter.class, AvroCoder.of(DeadLetter.class));
  }
}
