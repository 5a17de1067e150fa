package io.promethium.api;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of an HTTP request an endpoint reads, captured on the event loop so the endpoint can run
 * on a worker thread. Parameters follow Go's {@code r.Form}: form-encoded body values first, then
 * the URL's, so {@link #param} returns the body's value when both are present.
 */
public final class ApiRequest {
  private final String method;
  private final MultiMap form;
  private final MultiMap query;
  private final Map<String, String> pathParams;
  private final MultiMap headers;
  private final Buffer body;
  private final CancelSignal cancel;

  public ApiRequest(String method, MultiMap form, MultiMap query, Map<String, String> pathParams, MultiMap headers,
      Buffer body, CancelSignal cancel) {
    this.method = method;
    this.form = form;
    this.query = query;
    this.pathParams = pathParams;
    this.headers = headers;
    this.body = body;
    this.cancel = cancel;
  }

  /** Fires when the client disconnects before the response is written. */
  public CancelSignal cancel() {
    return cancel;
  }

  public String method() {
    return method;
  }

  /** The first value of a parameter, or {@code ""} when absent (Go's FormValue). */
  public String param(String name) {
    String v = form == null ? null : form.get(name);
    if (v == null) {
      v = query == null ? null : query.get(name);
    }
    return v == null ? "" : v;
  }

  /** Whether the parameter was given at all, even empty. */
  public boolean has(String name) {
    return (form != null && form.contains(name)) || (query != null && query.contains(name));
  }

  /** All values of a repeatable parameter such as {@code match[]}. */
  public List<String> params(String name) {
    List<String> out = new ArrayList<>();
    if (form != null) {
      out.addAll(form.getAll(name));
    }
    if (query != null) {
      out.addAll(query.getAll(name));
    }
    return out;
  }

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public String header(String name) {
    return headers == null ? null : headers.get(name);
  }

  /** The raw body (remote read/write), empty when none was sent. */
  public Buffer body() {
    return body == null ? Buffer.buffer() : body;
  }
}
