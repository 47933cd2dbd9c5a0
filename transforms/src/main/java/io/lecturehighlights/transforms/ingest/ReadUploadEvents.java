package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.transforms.common.JobIds;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.validate.RejectionReasons;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Turns a batch input into upload events: either a manifest (JSON Lines or CSV, one lecture per row) or a
 * file glob (every match is a lecture). Unusable manifest rows come out as validation failures.
 */
public class ReadUploadEvents
    extends PTransform<PBegin, WithFailures.Result<PCollection<UploadEvent>, Failure>> {

  static final TupleTag<UploadEvent> EVENTS = new TupleTag<>() {};
  static final TupleTag<Failure> BAD_ROWS = new TupleTag<>() {};

  private final String input;
  private final boolean manifest;

  private ReadUploadEvents(String input, boolean manifest) {
    super("Read upload events");
    this.input = input;
    this.manifest = manifest;
  }

  /** A manifest when the input names a .jsonl/.ndjson/.json/.csv file, otherwise a glob of videos. */
  public static ReadUploadEvents from(String input) {
    return new ReadUploadEvents(input, isManifest(input));
  }

  public static boolean isManifest(String input) {
    String l = input.toLowerCase(Locale.ROOT);
    return l.endsWith(".jsonl") || l.endsWith(".ndjson") || l.endsWith(".json") || l.endsWith(".csv");
  }

  @Override
  public WithFailures.Result<PCollection<UploadEvent>, Failure> expand(PBegin begin) {
    if (manifest) {
      PCollectionTuple rows = begin
          .apply("Find manifest", FileIO.match().filepattern(input)
              .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
          .apply("Open manifest", FileIO.readMatches())
          .apply("Parse manifest rows",
              ParDo.of(new ParseManifestFn()).withOutputTags(EVENTS, TupleTagList.of(BAD_ROWS)));
      return WithFailures.Result.of(rows.get(EVENTS), rows.get(BAD_ROWS));
    }
    PCollection<UploadEvent> events = begin
        .apply("Find videos", FileIO.match().filepattern(input)
            .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW_IF_WILDCARD))
        .apply("Make upload events", ParDo.of(new MatchToEventFn(input)));
    PCollection<Failure> none =
        begin.apply("No bad rows in a glob", Create.empty(AvroCoder.of(Failure.class)));
    return WithFailures.Result.of(events, none);
  }

  static class ParseManifestFn extends DoFn<FileIO.ReadableFile, UploadEvent> {
    private final Counter eventsIn = Metrics.counter(Stages.METRICS_NAMESPACE, "events_in");

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      String location = file.getMetadata().resourceId().toString();
      List<ManifestParser.Row> rows;
      try {
        rows = ManifestParser.parse(location, file.readFullyAsUTF8String(), System.currentTimeMillis());
      } catch (IllegalArgumentException unreadable) {
        // The whole manifest is unusable (e.g. broken CSV quoting): one failed job says so.
        eventsIn.inc();
        UploadEvent manifestEvent = UploadEvent.newBuilder()
            .setJobId(JobIds.derive(location))
            .setVideoUri(location)
            .setMetadata(LectureMetadata.newBuilder().build())
            .setSource("manifest:" + location)
            .setReceivedAtMillis(System.currentTimeMillis())
            .build();
        out.get(BAD_ROWS).output(Failures.of(manifestEvent, Stages.VALIDATION,
            RejectionReasons.INVALID_MANIFEST_ROW, unreadable.getMessage(), false, 1));
        return;
      }
      for (ManifestParser.Row row : rows) {
        eventsIn.inc();
        if (row.error == null) {
          out.get(EVENTS).output(row.event);
        } else {
          out.get(BAD_ROWS).output(Failures.of(row.event, Stages.VALIDATION,
              RejectionReasons.INVALID_MANIFEST_ROW, row.error, false, 1));
        }
      }
    }
  }

  static class MatchToEventFn extends DoFn<MatchResult.Metadata, UploadEvent> {
    private final String pattern;
    private final Counter eventsIn = Metrics.counter(Stages.METRICS_NAMESPACE, "events_in");

    MatchToEventFn(String pattern) {
      this.pattern = pattern;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata m, OutputReceiver<UploadEvent> out) {
      String location = m.resourceId().toString();
      eventsIn.inc();
      out.output(UploadEvent.newBuilder()
          .setJobId(JobIds.derive(location))
          .setVideoUri(location)
          .setMetadata(LectureMetadata.newBuilder().build())
          .setSource("glob:" + pattern)
          .setReceivedAtMillis(System.currentTimeMillis())
          .build());
    }
  }
}
