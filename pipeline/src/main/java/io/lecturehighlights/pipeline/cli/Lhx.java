package io.lecturehighlights.pipeline.cli;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lhx}: the Lecture Highlights command line. Subcommands from other modules ({@code bench}) are
 * {@link LhxExtension}s found on the class path; help comes last.
 */
@Command(
    name = "lhx",
    mixinStandardHelpOptions = true,
    versionProvider = Lhx.Version.class,
    description = "Turns recorded lectures into highlight clips with subtitles, on Apache Beam and Flink.",
    subcommands = {BatchCommand.class, StreamCommand.class, EnqueueCommand.class, DemoCommand.class, JobsCommand.class,
        StatusCommand.class, RetryFailedCommand.class, SearchCommand.class, ServeCommand.class})
public final class Lhx implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The lhx command line. A {@code --pipeline-arg} value may look like an lhx option ({@code --parallelism=8}), so
   * JobOptions can say why it is refused instead of picocli reporting a missing parameter.
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Lhx());
    for (LhxExtension e : ServiceLoader.load(LhxExtension.class, Lhx.class.getClassLoader())) {
      cl.addSubcommand(e.command());
    }
    if (!cl.getSubcommands().containsKey("bench")) {
      cl.addSubcommand(new NoBench());
    }
    cl.addSubcommand(new CommandLine.HelpCommand());
    // After every subcommand is added: these settings reach only the subcommands present.
    return cl.setCaseInsensitiveEnumValuesAllowed(true).setAllowOptionsAsOptionParameters(true);
  }

  /** {@code lhx bench} from a jar without the benchmarks module (the job jar, the pipeline module's classes). */
  @Command(name = "bench", hidden = true)
  static final class NoBench implements Callable<Integer> {
    @CommandLine.Unmatched List<String> args;

    @Override
    public Integer call() {
      System.err.println("lhx bench is not in this jar: the benchmarks are in the launcher's jar, "
          + "benchmarks/target/lhx.jar (./lhx bench ... from the project folder)");
      return 2;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Lhx.class.getPackage().getImplementationVersion();
      return new String[] {"lhx " + (v == null ? "development build" : v)};
    }
  }
}
