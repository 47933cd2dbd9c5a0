package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.media.LocalMediaFile;
import io.lecturehighlights.transforms.search.ChunkEmbedder;
import io.lecturehighlights.transforms.search.EmbeddingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lhx serve}: the read-only web service over an output folder or the results database, on Javalin. The
 * handlers are thin: jobs and results come from a {@link JobSource} (the folder, {@link OutputFolder}, or the
 * database, {@link ResultsTables}; both answer through {@link ApiJson}), paging is {@link JobListing}, search
 * {@link SearchService}, ranges {@link ByteRange}, pages {@link Pages}. Every error answers
 * {@code {"status": n, "reason": "..."}}.
 */
public final class ServeApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServeApp.class);
  static final String TOKEN_COOKIE = "lhx_token";
  static final String TOKEN_PARAM = "access_token";

  /**
   * @param output the output folder (local); with a database only its files are served (may then be null)
   * @param bind the address to listen on (loopback unless told otherwise)
   * @param port the port, 0 for any free one
   * @param token the bearer token every request but the health check needs, or null for none
   * @param s3 presigned links for sources (and, with a database, job folders) in S3, or null when none can be signed
   * @param database the results database jobs, results and search come from, or null to read the folder
   */
  public record Settings(@Nullable Path output, String bind, int port, @Nullable String token,
      @Nullable PresignedLinks s3, @Nullable DataSource database) {
    public Settings {
      if (output == null && database == null) {
        throw new IllegalArgumentException("lhx serve needs an output folder or a database");
      }
    }

    /** Over an output folder alone. */
    public Settings(Path output, String bind, int port, @Nullable String token, @Nullable PresignedLinks s3) {
      this(output, bind, port, token, s3, null);
    }

    @Override
    public String toString() {
      // Never the token itself: settings end up in logs.
      return "Settings[output=" + output + ", database=" + (database != null) + ", bind=" + bind + ", port=" + port
          + ", token=" + (token == null ? "none" : "set") + "]";
    }
  }

  private final Settings settings;
  private final @Nullable OutputFolder folder;
  private final JobSource jobs;
  private final SearchService search;
  private final @Nullable String tokenCookie;
  private final Javalin app;

  private ServeApp(Settings settings, @Nullable OutputFolder folder, JobSource jobs, SearchService search) {
    this.settings = settings;
    this.folder = folder;
    this.jobs = jobs;
    this.search = search;
    this.tokenCookie = settings.token() == null ? null : cookieValue(settings.token());
    this.app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      // Media is sent with exact lengths and ranges; compressing it would only cost CPU.
      cfg.http.disableCompression();
      cfg.startupWatcherEnabled = false;
      JsonErrorHandler errors = new JsonErrorHandler();
      cfg.jetty.modifyServer(server -> server.setErrorHandler(errors));
      cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
    });
    routes();
  }

  /**
   * Starts the service; {@link #port()} says where it listens. With a database, jobs, results and search come from
   * it and the folder (if any) only serves files; without one, everything comes from the folder.
   */
  public static ServeApp start(Settings settings, ChunkEmbedder embedder) throws IOException {
    return start(settings, folder -> new SearchService(folder.root(), embedder),
        (db, links) -> new SearchService(db, embedder, links));
  }

  /**
   * As {@link #start(Settings, ChunkEmbedder)}, queries embedded by the model the index or the rows were built with,
   * reached as {@code models} says (a cloud model's key).
   */
  public static ServeApp start(Settings settings, EmbeddingConfig models) throws IOException {
    return start(settings, folder -> new SearchService(folder.root(), models),
        (db, links) -> new SearchService(db, models, links));
  }

  private static ServeApp start(Settings settings, Function<OutputFolder, SearchService> ofFolder,
      BiFunction<DataSource, SearchService.ResultLinks, SearchService> ofDatabase)
      throws IOException {
    OutputFolder folder = settings.output() == null ? null : OutputFolder.open(settings.output());
    ServeApp s;
    if (settings.database() != null) {
      ResultsTables tables = new ResultsTables(settings.database(), folder, settings.s3());
      s = new ServeApp(settings, folder, tables, ofDatabase.apply(settings.database(), tables.searchLinks()));
    } else {
      s = new ServeApp(settings, folder, folder, ofFolder.apply(folder));
    }
    s.app.start(settings.bind(), settings.port());
    return s;
  }

  public int port() {
    return app.port();
  }

  private void routes() {
    app.before(this::guard);
    app.get("/api/health", ctx -> {
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("status", "ok");
      n.put("searchIndex", search.available());
      n.put("source", jobs.kind());
      json(ctx, n);
    });
    app.get("/api/jobs", ctx -> json(ctx, jobs.jobs(
        new JobListing.Filter(ctx.queryParam("course"), ctx.queryParam("semester"), ctx.queryParam("status")),
        JobListing.paging(ctx.queryParam("limit"), ctx.queryParam("offset"), ctx.queryParam("cursor")))));
    app.get("/api/jobs/{jobId}", ctx -> json(ctx, jobs.status(ctx.pathParam("jobId"))));
    app.get("/api/jobs/{jobId}/results", ctx -> json(ctx, jobs.results(ctx.pathParam("jobId"))));
    app.get("/api/search", ctx -> json(ctx, search.search(SearchService.query(ctx.queryParam("q"),
        ctx.queryParam("course"), ctx.queryParam("semester"), ctx.queryParam("lecture"), ctx.queryParam("limit"),
        ctx.queryParam("mode")))));
    // The batch index when there is a folder; the database alone has no index page, search is the way in.
    app.get("/", ctx -> ctx.redirect(folder != null ? Links.FILES + "index.html" : "/search", HttpStatus.FOUND));
    app.get("/search", ctx -> html(ctx, Pages.search()));
    app.get("/watch/{jobId}", ctx -> html(ctx, Pages.watch(jobs.job(ctx.pathParam("jobId")), seconds(ctx))));
    app.get("/clip/{jobId}/{index}", ctx -> html(ctx, Pages.clip(jobs.job(ctx.pathParam("jobId")),
        clip(ctx.pathParam("jobId"), ctx.pathParam("index")))));
    app.get("/video/{jobId}", this::video);
    app.head("/video/{jobId}", this::video);
    app.get(Links.FILES + "<path>", this::file);
    app.head(Links.FILES + "<path>", this::file);
    app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "the service failed on this request: " + e.getClass().getSimpleName());
    });
    app.error(404, ctx -> {
      String type = ctx.res().getContentType();
      if (type == null || !type.startsWith("application/json")) {
        error(ctx, 404, "no such page or API: " + ctx.path());
      }
    });
    app.error(405, ctx -> error(ctx, 405, "this service is read-only: " + ctx.method() + " is not allowed here"));
  }

  /**
   * The bearer token, when one is set: {@code Authorization: Bearer <token>}, or the cookie a browser gets by opening
   * any page once with {@code ?access_token=<token>} (a video element cannot send a header). The health check is open
   * for probes. Compared in constant time; never logged.
   */
  private void guard(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    if (settings.token() == null || ctx.path().equals("/api/health")) {
      return;
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        && same(cookieValue(auth.substring(7).trim()), tokenCookie)) {
      return;
    }
    if (same(ctx.cookie(TOKEN_COOKIE), tokenCookie)) {
      return;
    }
    String given = ctx.queryParam(TOKEN_PARAM);
    if (given != null && same(cookieValue(given), tokenCookie) && ctx.method() == HandlerType.GET) {
      ctx.header("Set-Cookie", TOKEN_COOKIE + "=" + tokenCookie + "; Path=/; HttpOnly; SameSite=Strict");
      // The same page without the token in its address (history, referrers).
      throw new Redirect(ctx.path());
    }
    ctx.header("WWW-Authenticate", "Bearer");
    throw new ApiError(401, "this service needs its token: send 'Authorization: Bearer <token>' (the value of the "
        + "environment variable lhx serve's --token-env names), or open a page once with ?" + TOKEN_PARAM + "=<token>");
  }

  /** Stops the remaining handlers and redirects. */
  private static final class Redirect extends ApiError {
    Redirect(String to) {
      super(302, to);
    }
  }

  private void video(Context ctx) throws IOException {
    String jobId = ctx.pathParam("jobId");
    String uri = jobs.videoUri(jobId);
    if (uri.startsWith("s3://")) {
      if (settings.s3() == null) {
        throw new ApiError(503, "the video of " + jobId + " is in S3 and this service cannot sign links to it");
      }
      try {
        ctx.redirect(settings.s3().get(uri).toString(), HttpStatus.FOUND);
      } catch (RuntimeException e) {
        throw new ApiError(503, "cannot sign a link to the video of " + jobId + ": " + e.getMessage());
      }
      return;
    }
    if (!LocalMediaFile.isLocal(uri)) {
      throw ApiError.notFound("the video of " + jobId + " is at " + uri + ", which this service cannot serve");
    }
    Path p = LocalMediaFile.localPath(uri);
    if (!Files.isRegularFile(p)) {
      throw ApiError.notFound("the video of " + jobId + " is no longer at its location");
    }
    send(ctx, p);
  }

  private void file(Context ctx) throws IOException {
    String rel = ctx.pathParam("path");
    Path p = jobs.file(rel);
    if (p == null || !Files.isRegularFile(p)) {
      throw ApiError.notFound("no file " + rel + " here");
    }
    send(ctx, p);
  }

  /** A file, whole (200) or the one range asked for (206), with Accept-Ranges so players know they can seek. */
  private static void send(Context ctx, Path file) throws IOException {
    long size = Files.size(file);
    ctx.header("Accept-Ranges", "bytes");
    ByteRange range;
    try {
      range = ByteRange.parse(ctx.header("Range"), size);
    } catch (ByteRange.Unsatisfiable e) {
      ctx.header("Content-Range", "bytes */" + size);
      throw new ApiError(416, e.getMessage());
    }
    long start = 0;
    long length = size;
    if (range != null) {
      ctx.status(206);
      ctx.header("Content-Range", range.contentRange(size));
      start = range.start();
      length = range.length();
    }
    ctx.contentType(OutputFolder.contentType(file));
    ctx.header("Content-Length", Long.toString(length));
    if (ctx.method() == HandlerType.HEAD) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      OutputStream os = ctx.outputStream();
      WritableByteChannel out = Channels.newChannel(os);
      long pos = start;
      long end = start + length;
      while (pos < end) {
        long n = ch.transferTo(pos, end - pos, out);
        if (n <= 0) {
          break;
        }
        pos += n;
      }
      os.flush();
    } catch (IOException e) {
      // A player that seeks drops its connection mid-file: normal, nothing to answer.
      LOG.debug("sending {} stopped: {}", file.getFileName(), e.toString());
    }
  }

  private ObjectNode clip(String jobId, String index) throws IOException {
    int n;
    try {
      n = Integer.parseInt(index);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("a clip number is a whole number, not '" + index + "'");
    }
    for (JsonNode c : jobs.results(jobId).path("clips")) {
      if (c.path("index").asInt() == n) {
        return (ObjectNode) c;
      }
    }
    throw ApiError.notFound("job " + jobId + " has no clip " + n);
  }

  private static double seconds(Context ctx) {
    String t = ctx.queryParam("t");
    if (t == null || t.isBlank()) {
      return 0;
    }
    try {
      double s = Double.parseDouble(t.trim());
      if (s >= 0 && Double.isFinite(s)) {
        return s;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw ApiError.badRequest("t is a time in seconds, 0 or more, not '" + t + "'");
  }

  private static void json(Context ctx, JsonNode n) throws JsonProcessingException {
    ctx.contentType("application/json").result(Json.COMPACT.writeValueAsString(n));
  }

  private static void html(Context ctx, String page) {
    ctx.contentType("text/html; charset=utf-8").result(page);
  }

  private static void error(Context ctx, int status, String reason) {
    if (status == 302) {
      ctx.redirect(reason, HttpStatus.FOUND);
      return;
    }
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("status", status);
    n.put("reason", reason);
    ctx.status(status);
    try {
      json(ctx, n);
    } catch (JsonProcessingException e) {
      ctx.result(reason);
    }
  }

  /** What the cookie holds: a digest of the token, so the token itself is never echoed back to a browser. */
  private static String cookieValue(String token) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(("lhx-serve:" + token).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean same(@Nullable String a, @Nullable String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    app.stop();
    search.close();
  }
}
