package io.promethium.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.promethium.tsdb.Labels;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A streaming JSON body in Prometheus's envelope. Values are written straight into a Vert.x
 * Buffer by Jackson's generator; no object tree is built. Usage: {@code success()}, write
 * {@code data} with {@link #gen()}, then {@link #finish(List)}.
 */
public final class ApiJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final Buffer buffer;
  private final JsonGenerator gen;

  private ApiJson(int initialSize) {
    buffer = Buffer.buffer(initialSize);
    try {
      gen = FACTORY.createGenerator(new BufferOutputStream(buffer), JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gen.setCharacterEscapes(GoJsonEscapes.INSTANCE);
  }

  /** Starts {@code {"status":"success","data":}; the caller writes the data value next. */
  public static ApiJson success() {
    ApiJson j = new ApiJson(256);
    try {
      j.gen.writeStartObject();
      j.gen.writeStringField("status", "success");
      j.gen.writeFieldName("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return j;
  }

  /** A complete error envelope. */
  public static Buffer error(ErrorType type, String message) {
    ApiJson j = new ApiJson(128);
    try {
      j.gen.writeStartObject();
      j.gen.writeStringField("status", "error");
      j.gen.writeStringField("errorType", type.wireName());
      j.gen.writeStringField("error", message);
      j.gen.writeEndObject();
      j.gen.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return j.buffer;
  }

  public JsonGenerator gen() {
    return gen;
  }

  /** Closes the envelope, adding {@code warnings} only when there are any, and returns the body. */
  public Buffer finish(List<String> warnings) {
    try {
      if (warnings != null && !warnings.isEmpty()) {
        gen.writeArrayFieldStart("warnings");
        for (String w : warnings) {
          gen.writeString(w);
        }
        gen.writeEndArray();
      }
      gen.writeEndObject();
      gen.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer;
  }

  /** A label set as a JSON object in label order: {@code {"__name__":"up","job":"x"}}. */
  public static void writeLabels(JsonGenerator g, Labels labels) throws IOException {
    g.writeStartObject();
    for (int i = 0, n = labels.size(); i < n; i++) {
      g.writeStringField(labels.name(i), labels.value(i));
    }
    g.writeEndObject();
  }

  // Per-thread scratch for number text, so writing a sample allocates nothing in the common cases.
  private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[32]);

  /** A sample pair {@code [1435781451.781,"1"]}: timestamp as a JSON number, value as a Go-formatted string. */
  public static void writePoint(JsonGenerator g, long t, double v) throws IOException {
    g.writeStartArray();
    writeTimestamp(g, t);
    double abs = Math.abs(v);
    if (abs < 1e15 && abs == Math.rint(abs) && !(v == 0 && Double.doubleToRawLongBits(v) < 0)) {
      char[] buf = SCRATCH.get();
      int start = formatLong(buf, (long) v);
      g.writeString(buf, start, buf.length - start);
    } else {
      g.writeString(GoFloat.json(v));
    }
    g.writeEndArray();
  }

  /** Milliseconds as seconds: integer part, then a dot and exactly 3 digits only when non-zero. */
  public static void writeTimestamp(JsonGenerator g, long t) throws IOException {
    if (t == Long.MIN_VALUE) {
      g.writeNumber(timestampString(t));
      return;
    }
    char[] buf = SCRATCH.get();
    long abs = Math.abs(t);
    int end = buf.length;
    int pos = end;
    long frac = abs % 1000;
    if (frac != 0) {
      for (int i = 0; i < 3; i++) {
        buf[--pos] = (char) ('0' + frac % 10);
        frac /= 10;
      }
      buf[--pos] = '.';
    }
    long secs = abs / 1000;
    do {
      buf[--pos] = (char) ('0' + secs % 10);
      secs /= 10;
    } while (secs != 0);
    if (t < 0) {
      buf[--pos] = '-';
    }
    g.writeNumber(buf, pos, end - pos);
  }

  /** Writes the decimal digits of {@code v} right-aligned into {@code buf}; returns the start index. */
  private static int formatLong(char[] buf, long v) {
    int pos = buf.length;
    long abs = Math.abs(v);
    do {
      buf[--pos] = (char) ('0' + abs % 10);
      abs /= 10;
    } while (abs != 0);
    if (v < 0) {
      buf[--pos] = '-';
    }
    return pos;
  }

  public static String timestampString(long t) {
    boolean neg = t < 0;
    long abs = neg ? -t : t;
    long frac = abs % 1000;
    StringBuilder sb = new StringBuilder(16);
    if (neg) {
      sb.append('-');
    }
    sb.append(abs / 1000);
    if (frac != 0) {
      sb.append('.');
      if (frac < 100) {
        sb.append('0');
      }
      if (frac < 10) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb.toString();
  }
}
