package io.lecturehighlights.pipeline.serve;

/**
 * A request the service answers with an error: the HTTP status and a reason a person can act on. Handlers throw it;
 * one exception handler turns it into {@code {"status": .., "reason": ..}}, so every error has the same shape.
 */
public class ApiError extends RuntimeException {
  private final int status;

  public ApiError(int status, String reason) {
    super(reason);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiError badRequest(String reason) {
    return new ApiError(400, reason);
  }

  public static ApiError notFound(String reason) {
    return new ApiError(404, reason);
  }
}
