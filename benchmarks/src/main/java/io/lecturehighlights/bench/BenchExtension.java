package io.lecturehighlights.bench;

import io.lecturehighlights.pipeline.cli.LhxExtension;

/** Adds {@code lhx bench} to the command line (META-INF/services/io.lecturehighlights.pipeline.cli.LhxExtension). */
public final class BenchExtension implements LhxExtension {
  @Override
  public Object command() {
    return new BenchCommand();
  }
}
