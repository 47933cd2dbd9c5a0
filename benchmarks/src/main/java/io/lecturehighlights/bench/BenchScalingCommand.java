package io.lecturehighlights.bench;

import io.lecturehighlights.pipeline.cli.LhxEnvironment;
import io.lecturehighlights.transforms.common.Stages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lhx bench scaling}: see {@link ScalingBenchmark} and {@link CapacityPlan}. */
@Command(
    name = "scaling",
    mixinStandardHelpOptions = true,
    description = {
      "Batch speed-up from parallelism: the same batch of long lectures (built from testdata/lectures, cached in the",
      "work folder) through 'lhx batch' on the embedded runner at each --parallelism, each run in its own JVM; wall",
      "time, speed-up, CPU time and each stage's slot-seconds. Then the machine's own two-core ceiling (the recogniser",
      "and a one-thread x264 encode, alone and two at once) and a capacity plan for --archive-hours from the last",
      "run's per-stage cost per lecture-hour. Ends with a 'summary:' line."
    })
final class BenchScalingCommand implements Callable<Integer> {
  @Option(names = "--lectures", defaultValue = "6", description = "Lectures in the batch (default: ${DEFAULT-VALUE}).")
  int lectures;

  @Option(names = "--minutes", defaultValue = "5", description = "Length of each lecture (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--parallelism", split = ",", defaultValue = "1,2",
      description = "Parallelisms to run, the first is the baseline (default: ${DEFAULT-VALUE}).")
  List<Integer> parallelisms;

  @Option(names = "--archive-hours", defaultValue = "3000",
      description = "Lecture-hours of the archive to plan for (default: ${DEFAULT-VALUE}).")
  double archiveHours;

  @Option(names = "--taskmanagers", split = ",", defaultValue = "1,2,4,8,16",
      description = "TaskManager counts to give the time for (default: ${DEFAULT-VALUE}).")
  List<Integer> taskManagers;

  @Option(names = "--deadline-hours", defaultValue = "168",
      description = "Deadline to size the cluster for (default: ${DEFAULT-VALUE} h, a week).")
  double deadlineHours;

  @Option(names = "--testdata", description = "The project's testdata folder (default: found from here or the jar).")
  Path testdata;

  @Option(names = "--work-dir", description = "Where the lectures are built and the runs write "
      + "(<work-dir>/bench/scaling; default: $LHX_HOME or ~/.lecture-highlights).")
  Path workDir;

  @Option(names = "--child-heap", defaultValue = "4g", description = "-Xmx of each run's JVM (default: ${DEFAULT-VALUE}).")
  String childHeap;

  @Option(names = "--render-threads", defaultValue = "per-slot",
      description = "Codec threads per clip render in every run: per-slot (cores / the highest --parallelism, the "
          + "same share of the machine per slot in every run, as on a TaskManager with one slot per core), auto "
          + "(the pipeline's default: a render alone on the worker takes every core) or a number. "
          + "Default: ${DEFAULT-VALUE}.")
  String renderThreads;

  @Option(names = "--chunk-seconds", defaultValue = "60",
      description = "Transcription chunk length in every run (default: ${DEFAULT-VALUE}, so a lecture of a few "
          + "minutes has several chunks, as a long lecture has at the pipeline's default of 120 s: with only one "
          + "chunk per lecture, Flink's hash partitioning of a handful of chunks can leave a slot idle).")
  double chunkSeconds;

  @Option(names = "--pin-cores",
      description = "Run each parallelism on as many cores as it has slots (taskset -c 0..p-1; the JVM and its "
          + "recognisers alike): one slot per core, as on the session TaskManagers. Without it, parallelism 1 also "
          + "uses the idle cores.")
  boolean pinCores;

  @Option(names = "--reference-only",
      description = "Only measure the machine's own two-core ceiling (the recogniser and a one-thread x264 encode, "
          + "alone on one core, then two at once on two; about a minute) and skip the batches.")
  boolean referenceOnly;

  @Option(names = "--batch-arg", paramLabel = "ARG",
      description = "Extra 'lhx batch' argument for every run, e.g. --batch-arg=--clip-layout=original (repeatable).")
  List<String> batchArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Path td = testdata != null ? testdata : LhxEnvironment.findTestdata();
    if (td == null || !Files.isDirectory(td.resolve("lectures"))) {
      System.err.println("lhx bench scaling: no testdata/lectures found; run it from the project folder or pass --testdata");
      return 2;
    }
    if (lectures < 1 || minutes < 1 || parallelisms.isEmpty() || parallelisms.stream().anyMatch(p -> p < 1)) {
      System.err.println("lhx bench scaling: --lectures, --minutes and every --parallelism must be at least 1");
      return 2;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    if (pinCores && parallelisms.stream().anyMatch(p -> p > cores)) {
      System.err.println("lhx bench scaling: --pin-cores needs a core per slot; " + cores + " cores here");
      return 2;
    }
    List<String> args = new ArrayList<>(List.of("--transcription-chunk-seconds", Double.toString(chunkSeconds)));
    args.addAll(batchArgs);
    String threads;
    switch (renderThreads) {
      case "auto" -> threads = "auto (the pipeline's default)";
      case "per-slot" -> {
        int t = Math.max(1, cores / parallelisms.stream().mapToInt(Integer::intValue).max().orElse(1));
        args.add("--pipeline-arg=--renderThreads=" + t);
        threads = t + " (per slot: " + cores + " cores / parallelism " + parallelisms.stream()
            .mapToInt(Integer::intValue).max().orElse(1) + ")";
      }
      default -> {
        int t;
        try {
          t = Integer.parseInt(renderThreads);
        } catch (NumberFormatException e) {
          t = -1;
        }
        if (t < 1) {
          System.err.println("lhx bench scaling: --render-threads must be per-slot, auto or a number >= 1");
          return 2;
        }
        args.add("--pipeline-arg=--renderThreads=" + t);
        threads = Integer.toString(t);
      }
    }
    System.out.printf(Locale.ROOT, "Codec threads per clip render: %s; transcription chunks of %.0f s%n", threads,
        chunkSeconds);
    ScalingBenchmark.Settings s = new ScalingBenchmark.Settings(lectures, minutes, parallelisms, td,
        LhxEnvironment.workDir(workDir), childHeap, args, pinCores);
    ScalingBenchmark bench = new ScalingBenchmark(System.out);
    if (referenceOnly) {
      if (cores < 2) {
        System.err.println("lhx bench scaling: the reference needs two cores");
        return 2;
      }
      List<CoreScalingReference.Measurement> ms = bench.reference(s);
      System.out.printf(Locale.ROOT, "%nsummary: two-core ceiling %s%n", CoreScalingReference.ceilings(ms));
      return 0;
    }
    List<ScalingBenchmark.Run> runs = bench.run(s);
    ScalingBenchmark.Run base = runs.get(0);
    ScalingBenchmark.Run last = runs.get(runs.size() - 1);
    List<CoreScalingReference.Measurement> reference = cores >= 2 ? bench.reference(s) : List.of();
    if (!reference.isEmpty()) {
      double ceiling = CoreScalingReference.jobCeiling(base.stageSeconds(), Stages.TRANSCRIPTION,
          reference.get(0).ceiling(), reference.get(1).ceiling());
      double speedUp = base.wallSeconds() / last.wallSeconds();
      System.out.printf(Locale.ROOT, "this batch's two-core ceiling on this machine (stage shares at p=%d): %.2fx; "
          + "measured %.2fx = %.0f %% of it%n", base.parallelism(), ceiling, speedUp, 100 * speedUp / ceiling);
    }
    boolean allDone = runs.stream().allMatch(r -> r.rc() == 0 && r.completed() == lectures);
    if (!allDone) {
      System.out.println("\nnot every run completed every lecture (see the logs above): no capacity plan");
    } else {
      CapacityPlan plan = new CapacityPlan(new CapacityPlan.Measured(lectures * minutes / 60.0, last.wallSeconds(),
          last.parallelism(), last.stageSeconds()));
      plan.print(System.out, ScalingBenchmark.STAGES, archiveHours, taskManagers, deadlineHours, String.format(
          Locale.ROOT, "%d slot%s on %d cores as measured here; flink-conf/session: one slot per core, 5120m per "
              + "TaskManager", last.parallelism(), last.parallelism() == 1 ? "" : "s",
          cores));
    }
    System.out.printf(Locale.ROOT, "%nsummary: %d x %d min%s, p=%d %.1f s, p=%d %.1f s, speed-up %.2fx%s%s%n",
        lectures, minutes, pinCores ? ", one core per slot" : "", base.parallelism(), base.wallSeconds(),
        last.parallelism(), last.wallSeconds(), base.wallSeconds() / last.wallSeconds(),
        reference.isEmpty() ? "" : "; machine's two-core ceiling " + CoreScalingReference.ceilings(reference),
        allDone ? "" : " (INCOMPLETE RUNS)");
    return allDone ? 0 : 1;
  }
}
