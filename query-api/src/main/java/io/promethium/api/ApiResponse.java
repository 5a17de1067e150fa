package io.promethium.api;

import io.vertx.core.buffer.Buffer;

/**
 * What an endpoint answers: status, content type and body, plus an optional Content-Encoding
 * (remote read answers snappy-compressed protobuf).
 */
public record ApiResponse(int status, String contentType, Buffer body, String contentEncoding) {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  public static ApiResponse json(Buffer body) {
    return new ApiResponse(200, JSON, body, null);
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null, null, null);
  }

  /** A plain-text error as Go's http.Error writes it (message plus newline). */
  public static ApiResponse text(int status, String message) {
    return new ApiResponse(status, TEXT, Buffer.buffer(message + "\n"), null);
  }

  public static ApiResponse error(ApiException e) {
    return new ApiResponse(e.type().httpStatus(), JSON, ApiJson.error(e.type(), e.getMessage()), null);
  }
}
