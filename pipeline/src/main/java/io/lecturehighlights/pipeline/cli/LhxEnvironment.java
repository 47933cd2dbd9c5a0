package io.lecturehighlights.pipeline.cli;

import io.lecturehighlights.transforms.db.JobRepository;
import io.lecturehighlights.transforms.db.Migrations;
import io.lecturehighlights.transforms.db.PooledDataSources;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * What commands outside this package ({@link LhxExtension}s: the benchmarks) share with lhx's own: the work folder,
 * the project's testdata and the results database of a work folder.
 */
public final class LhxEnvironment {
  private LhxEnvironment() {}

  /** The given folder, else $LHX_HOME, else ~/.lecture-highlights (as {@code --work-dir} of every command). */
  public static Path workDir(Path override) {
    return BatchSettings.workDir(override);
  }

  /** ./testdata, or testdata in the project the jar was built in; null when neither exists. */
  public static Path findTestdata() {
    return DemoCommand.findTestdata();
  }

  /**
   * A job's processing_logs rows (one per stage) from the database lhx uses with this work folder and no database
   * options: its embedded PostgreSQL, started for the call when no command is running it.
   */
  public static List<JobRepository.LogRow> processingLogs(Path workDir, String jobId)
      throws Migrations.DatabaseUnavailable, SQLException {
    try (ResultsDatabase db = ResultsDatabase.open(new DatabaseSettings(), workDir)) {
      return new JobRepository(PooledDataSources.get(db.config())).logs(jobId);
    }
  }
}
