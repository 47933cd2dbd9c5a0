package io.lecturehighlights.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lhx}: the Lecture Highlights command line. */
@Command(
    name = "lhx",
    mixinStandardHelpOptions = true,
    versionProvider = Lhx.Version.class,
    description = "Turns recorded lectures into highlight clips with subtitles, on Apache Beam and Flink.",
    subcommands = {BatchCommand.class, StreamCommand.class, DemoCommand.class, JobsCommand.class, StatusCommand.class,
        RetryFailedCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
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
    return new CommandLine(new Lhx()).setCaseInsensitiveEnumValuesAllowed(true)
        .setAllowOptionsAsOptionParameters(true);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Lhx.class.getPackage().getImplementationVersion();
      return new String[] {"lhx " + (v == null ? "development build" : v)};
    }
  }
}
