package io.lecturehighlights.transforms.ingest;

import io.lecturehighlights.transforms.common.JobIds;

import io.lecturehighlights.schemas.Failure;
import io.lecturehighlights.schemas.LectureMetadata;
import io.lecturehighlights.schemas.UploadEvent;
import io.lecturehighlights.transforms.common.Failures;
import io.lecturehighlights.transforms.common.FixedValues;
import io.lecturehighlights.transforms.common.Stages;
import io.lecturehighlights.transforms.validate.RejectionReasons;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Turns a batch input into upload events: either a manifest (JSON Lines or CSV, one lecture per row) or a
 * file glob (every match is a lecture). Unusable manifest rows come out as validation failures.
 */
public class ReadUploadEvents extends PTransform<PBegin, PCollectionTuple> {
  /** The upload events. */
  public static final TupleTag<UploadEvent> EVENTS = new TupleTag<>() {};
  /** Unusable manifest rows, as validation failures (none from a glob). */
  public static final TupleTag<Failure> BAD_ROWS = new TupleTag<>() {};
  /**
   * The input location, once: the batch's start. What a batch writes even when it is empty (failures.jsonl, the
   * datasets, index.html) can hang off it instead of a source of its own.
   */
  public static final TupleTag<String> LOCATION = new TupleTag<>() {};

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
  public PCollectionTuple expand(PBegin begin) {
    // A named source, not FileIO.match().filepattern (a Create, an Impulse on Flink): the job graph then opens
    // with this stage's name.
    PCollection<String> pattern = begin.apply(manifest ? "Manifest location" : "Video pattern",
        FixedValues.of(StringUtf8Coder.of(), List.of(input)));
    if (manifest) {
      PCollectionTuple rows = pattern
          .apply("Find manifest", ParDo.of(new MatchFn(EmptyMatchTreatment.DISALLOW)))
          .apply("Parse manifest rows",
              ParDo.of(new ParseManifestFn()).withOutputTags(EVENTS, TupleTagList.of(BAD_ROWS)));
      return PCollectionTuple.of(EVENTS, rows.get(EVENTS)).and(BAD_ROWS, rows.get(BAD_ROWS)).and(LOCATION, pattern);
    }
    // A glob has no bad rows: its failure output stays empty (an output of the same DoFn, not a source of its own).
    PCollectionTuple found = pattern
        .apply("Find videos", ParDo.of(new MatchFn(EmptyMatchTreatment.ALLOW_IF_WILDCARD)))
        .apply("Make upload events",
            ParDo.of(new MatchToEventFn(input)).withOutputTags(EVENTS, TupleTagList.of(BAD_ROWS)));
    found.get(BAD_ROWS).setCoder(AvroCoder.of(Failure.class));
    return PCollectionTuple.of(EVENTS, found.get(EVENTS)).and(BAD_ROWS, found.get(BAD_ROWS)).and(LOCATION, pattern);
  }

  /**
   * The files a pattern matches. Not FileIO.matchAll: its reshuffle adds a vertex (named after Flink's translator,
   * not the stage) to spread what is one manifest, and the lectures are spread over the workers later anyway.
   */
  static class MatchFn extends DoFn<String, MatchResult.Metadata> {
    private final EmptyMatchTreatment emptyMatch;

    MatchFn(EmptyMatchTreatment emptyMatch) {
      this.emptyMatch = emptyMatch;
    }

    @ProcessElement
    public void process(@Element String pattern, OutputReceiver<MatchResult.Metadata> out) throws IOException {
      for (MatchResult.Metadata m : FileSystems.match(pattern, emptyMatch).metadata()) {
        out.output(m);
      }
    }
  }

  static class ParseManifestFn extends DoFn<MatchResult.Metadata, UploadEvent> {
    private final Counter eventsIn = Metrics.counter(Stages.METRICS_NAMESPACE, "events_in");

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, MultiOutputReceiver out) throws IOException {
      String location = file.resourceId().toString();
      String text;
      try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      List<ManifestParser.Row> rows;
      try {
        rows = ManifestParser.parse(location, text, System.currentTimeMillis());
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
    public void process(@Element MatchResult.Metadata m, MultiOutputReceiver out) {
      String location = m.resourceId().toString();
      eventsIn.inc();
      out.get(EVENTS).output(UploadEvent.newBuilder()
          .setJobId(JobIds.derive(location))
          .setVideoUri(location)
          .setMetadata(LectureMetadata.newBuilder().build())
          .setSource("glob:" + pattern)
          .setReceivedAtMillis(System.currentTimeMillis())
          .build());
    }
  }
}
