package io.lecturehighlights.pipeline.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own errors (a request it refuses before Javalin sees it: an ambiguous path such as {@code %2e%2e} or an
 * encoded slash, a header too large) in the service's JSON shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.getOutputStream().write(body(code, message));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    return ByteBuffer.wrap(body(status, reason));
  }

  static byte[] body(int status, String message) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("status", status);
    // Jetty's 400s are mostly paths it will not map to a file: an encoded '.', '..' or '/' segment.
    n.put("reason", status == 400 ? "the request was refused as malformed or ambiguous (e.g. an encoded '.', '..' or "
        + "'/' in the path)" : "the request was refused: " + (message == null || message.isBlank() ? status : message));
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
