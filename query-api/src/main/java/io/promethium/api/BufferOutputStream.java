package io.promethium.api;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/** An OutputStream appending to a Vert.x Buffer, so JSON is generated straight into the response body. */
final class BufferOutputStream extends OutputStream {
  private final Buffer buffer;

  BufferOutputStream(Buffer buffer) {
    this.buffer = buffer;
  }

  @Override
  public void write(int b) {
    buffer.appendByte((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    buffer.appendBytes(b, off, len);
  }
}
