package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.JobIds;
import io.lecturehighlights.transforms.ingest.ManifestParser;
import io.lecturehighlights.transforms.ingest.ReadUploadEvents;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The lectures a batch input names, as the pipeline's first step ({@link ReadUploadEvents}) sees them: manifest rows
 * through {@link ManifestParser}, glob matches with {@link JobIds#derive} of the matched location, so job ids and
 * locations are the ones the job will use. Needs {@link FileSystems} configured for remote inputs.
 */
final class InputListing {
  /** One lecture of the input; {@code error}: why the manifest row is unusable, or null. */
  record Entry(UploadEvent event, String error, long sizeBytes) {}

  private InputListing() {}

  /**
   * @throws FileNotFoundException the manifest does not exist
   * @throws IOException the manifest or the glob cannot be read
   * @throws IllegalArgumentException the manifest is not valid CSV
   */
  static List<Entry> list(String input) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (ReadUploadEvents.isManifest(input)) {
      MatchResult.Metadata m;
      try {
        m = FileSystems.matchSingleFileSpec(input);
      } catch (FileNotFoundException e) {
        throw new FileNotFoundException("manifest not found: " + input);
      }
      String content;
      try (var in = Channels.newInputStream(FileSystems.open(m.resourceId()))) {
        content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      // The location as the job's FileIO.match gives it, so relative rows resolve the same way.
      String location = m.resourceId().toString();
      for (ManifestParser.Row row : ManifestParser.parse(location, content, System.currentTimeMillis())) {
        out.add(new Entry(row.event, row.error, -1));
      }
      return out;
    }
    MatchResult r = FileSystems.match(input);
    if (r.status() == MatchResult.Status.NOT_FOUND) {
      return out;
    }
    if (r.status() != MatchResult.Status.OK) {
      throw new IOException("cannot list " + input + " (" + r.status() + ")");
    }
    for (MatchResult.Metadata m : r.metadata()) {
      String location = m.resourceId().toString();
      out.add(new Entry(UploadEvent.newBuilder()
          .setJobId(JobIds.derive(location))
          .setVideoUri(location)
          .setMetadata(LectureMetadata.newBuilder().build())
          .setSource("glob:" + input)
          .setReceivedAtMillis(System.currentTimeMillis())
          .build(), null, m.sizeBytes()));
    }
    return out;
  }

  /** The distinct job ids of an input (a lecture listed twice is one job); empty when it cannot be read. */
  static Set<String> jobIds(String input) {
    Set<String> ids = new LinkedHashSet<>();
    try {
      for (Entry e : list(input)) {
        ids.add(e.event().getJobId());
      }
    } catch (IOException | RuntimeException e) {
      // Progress then counts from the total alone.
    }
    return ids;
  }
}
