package io.lecturehighlights.pipeline.cli;

/**
 * A subcommand of {@code lhx} that lives outside this module, found at start with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/io.lecturehighlights.pipeline.cli.LhxExtension} file naming the implementation):
 * {@code lhx bench} from the benchmarks module, which is in the launcher's jar but not in the job jar.
 */
public interface LhxExtension {
  /** A new picocli command object (a class annotated with {@code @Command}); its name is the subcommand's. */
  Object command();
}
