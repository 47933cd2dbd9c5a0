package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where {@code lhx serve} reads jobs and results: an output folder's files ({@link OutputFolder}) or the results
 * database's tables ({@link ResultsTables}). Both answer in the same JSON, written by {@link ApiJson}, so a client
 * cannot tell (and need not care) which one a service reads.
 */
public interface JobSource {
  /** {@code GET /api/jobs}: one page of the jobs that pass the filter, by {@link JobListing#of}. */
  ObjectNode jobs(JobListing.Filter filter, JobListing.Paging paging) throws IOException;

  /** One job's record in job.json's shape; 404 ({@link ApiError}) for an unknown job. */
  ObjectNode job(String jobId) throws IOException;

  /** {@code GET /api/jobs/{jobId}}: see {@link ApiJson#status}. */
  ObjectNode status(String jobId) throws IOException;

  /** {@code GET /api/jobs/{jobId}/results}: see {@link ApiJson#results}. */
  ObjectNode results(String jobId) throws IOException;

  /** The job's source video as recorded (a local path, file:// or s3:// URI); 404 when there is none. */
  String videoUri(String jobId) throws IOException;

  /**
   * A file that {@code /out/<relative>} sends, already checked to stay inside the folder it belongs to, or null.
   */
  @Nullable Path file(String relative) throws IOException;

  /** "folder" or "database": what {@code /api/health} says the service reads. */
  String kind();
}
