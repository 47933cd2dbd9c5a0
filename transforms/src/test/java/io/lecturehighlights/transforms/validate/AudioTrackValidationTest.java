package io.lecturehighlights.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.schemas.AudioTrack;
import io.lecturehighlights.schemas.JobState;
import io.lecturehighlights.schemas.JobStatus;
import io.lecturehighlights.schemas.MediaInfo;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.output.JobFiles;
import io.lecturehighlights.transforms.testing.Fixtures;
import io.lecturehighlights.transforms.testing.MultiTrackMedia;
import io.lecturehighlights.transforms.testing.MultiTrackMedia.Track;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation records which audio track the stages will decode, and every track it saw, through to job.json. */
class AudioTrackValidationTest {
  @TempDir Path tmp;
  private final UploadValidator validator = new UploadValidator(ValidationConfig.defaults());

  @Test
  void theSpeechTrackIsChosenAndEveryTrackListed() throws Exception {
    Path f = MultiTrackMedia.make(tmp, "room-lapel.mp4", Track.NOISE, Track.SPEECH, 0);
    MediaInfo m = validator.validate(UploadValidatorTest.event(f.toString()));
    assertEquals(2, m.getAudioStreamIndex());
    assertEquals(2, m.getAudioTracks().size());
    AudioTrack room = m.getAudioTracks().get(0);
    AudioTrack lapel = m.getAudioTracks().get(1);
    assertEquals(1, room.getIndex());
    assertTrue(room.getIsDefault());
    assertTrue(room.getSpeechShare() < 0.05, "room " + room.getSpeechShare());
    assertEquals(2, lapel.getIndex());
    assertFalse(lapel.getIsDefault());
    assertTrue(lapel.getSpeechShare() > 0.3, "lapel " + lapel.getSpeechShare());
    assertEquals("aac", lapel.getCodec());
    assertEquals(1, lapel.getChannels());
    assertEquals(16000, lapel.getSampleRate());
    assertEquals(16000, m.getAudioSampleRate());

    JsonNode job = Json.MAPPER.readTree(JobFiles.bytes(JobFiles.job(JobStatus.newBuilder().setJobId("j")
        .setSource("test").setStatus(JobState.COMPLETED).setMedia(m).setUpdatedAtMillis(0).build())));
    JsonNode media = job.get("media");
    assertEquals(2, media.get("audioStreamIndex").asInt());
    assertEquals(2, media.get("audioTracks").size());
    assertTrue(media.get("audioTracks").get(1).get("chosen").asBoolean());
    assertFalse(media.get("audioTracks").get(0).get("chosen").asBoolean());
    assertTrue(media.get("audioTracks").get(0).get("default").asBoolean());
    assertTrue(media.get("audioTracks").get(1).get("speechShare").asDouble() > 0.3);
  }

  @Test
  void aSingleTrackIsRecordedWithoutMeasuring() throws Exception {
    MediaInfo m = validator.validate(UploadValidatorTest.event(Fixtures.lecture("lecture-clean.mp4").toString()));
    assertEquals(1, m.getAudioTracks().size());
    assertEquals(m.getAudioTracks().get(0).getIndex(), m.getAudioStreamIndex());
    assertNull(m.getAudioTracks().get(0).getSpeechShare());
  }

  @Test
  void mediaRecordsFromBeforeTracksStillRead() throws Exception {
    // An old record: MediaInfo as written before audioStreamIndex and audioTracks existed.
    org.apache.avro.Schema old = new org.apache.avro.Schema.Parser().parse("{\"type\":\"record\",\"name\":\"MediaInfo\","
        + "\"namespace\":\"io.lecturehighlights.schemas\",\"fields\":[{\"name\":\"container\",\"type\":\"string\"},"
        + "{\"name\":\"durationSeconds\",\"type\":\"double\"},{\"name\":\"sizeBytes\",\"type\":\"long\"},"
        + "{\"name\":\"audioCodec\",\"type\":\"string\"},{\"name\":\"audioSampleRate\",\"type\":\"int\"},"
        + "{\"name\":\"audioChannels\",\"type\":\"int\"}]}");
    org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(old);
    r.put("container", "mov");
    r.put("durationSeconds", 60.0);
    r.put("sizeBytes", 10L);
    r.put("audioCodec", "aac");
    r.put("audioSampleRate", 48000);
    r.put("audioChannels", 2);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
    new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(old).write(r, enc);
    enc.flush();
    MediaInfo back = new org.apache.avro.specific.SpecificDatumReader<MediaInfo>(old, MediaInfo.getClassSchema())
        .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    assertNull(back.getAudioStreamIndex());
    assertTrue(back.getAudioTracks().isEmpty());
    assertEquals(-1, io.lecturehighlights.transforms.media.SpeechTrackChooser.chosenStream(back));
  }
}
