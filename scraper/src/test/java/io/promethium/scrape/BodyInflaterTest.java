package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Gzip framing as Go's reader handles it: members, optional header fields, trailer checks, errors. */
class BodyInflaterTest {
  private static final byte[] TEXT = "# TYPE a counter\na{b=\"c\"} 1\n".repeat(2000).getBytes(StandardCharsets.UTF_8);

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
      gz.write(data);
    }
    return bo.toByteArray();
  }

  /** A member with the given flag byte and header extras, built by hand. */
  private static byte[] member(int flags, byte[] extras, byte[] data) {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    bo.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 255});
    bo.writeBytes(extras);
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    byte[] buf = new byte[data.length + 1024];
    int n = d.deflate(buf);
    d.end();
    bo.write(buf, 0, n);
    CRC32 crc = new CRC32();
    crc.update(data);
    le32(bo, (int) crc.getValue());
    le32(bo, data.length);
    return bo.toByteArray();
  }

  private static void le32(ByteArrayOutputStream bo, int v) {
    bo.write(v);
    bo.write(v >>> 8);
    bo.write(v >>> 16);
    bo.write(v >>> 24);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      bo.writeBytes(p);
    }
    return bo.toByteArray();
  }

  private static String inflate(BodyInflater inf, byte[] src, long limit) {
    return inf.inflate(src, src.length, limit);
  }

  private static byte[] result(BodyInflater inf) {
    return Arrays.copyOf(inf.buffer(), inf.length());
  }

  @Test
  void inflatesAndIsReusable() throws Exception {
    BodyInflater inf = new BodyInflater();
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 20; i++) {
      byte[] data = new byte[r.nextInt(600_000)];
      for (int j = 0; j < data.length; j++) {
        data[j] = (byte) ('a' + r.nextInt(r.nextBoolean() ? 3 : 26));
      }
      assertThat(inflate(inf, gzip(data), 0)).isNull();
      assertThat(result(inf)).isEqualTo(data);
    }
  }

  @Test
  void optionalHeaderFieldsAreSkipped() {
    byte[] extra = {4, 0, 'a', 'b', 'c', 'd'};
    byte[] name = "metrics.txt\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] comment = "hi\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] hcrc = {0x12, 0x34};
    BodyInflater inf = new BodyInflater();
    assertThat(inflate(inf, member(4 | 8 | 16 | 2, concat(extra, name, comment, hcrc), TEXT), 0)).isNull();
    assertThat(result(inf)).isEqualTo(TEXT);
  }

  @Test
  void concatenatedMembersAreOneBody() {
    byte[] a = "a 1\n".getBytes(StandardCharsets.UTF_8);
    byte[] b = "b 2\n".getBytes(StandardCharsets.UTF_8);
    BodyInflater inf = new BodyInflater();
    assertThat(inflate(inf, concat(member(0, new byte[0], a), member(8, "n\0".getBytes(), b)), 0)).isNull();
    assertThat(new String(result(inf), StandardCharsets.UTF_8)).isEqualTo("a 1\nb 2\n");
  }

  @Test
  void errorsReadAsGos() throws Exception {
    BodyInflater inf = new BodyInflater();
    byte[] good = gzip(TEXT);
    assertThat(inflate(inf, TEXT, 0)).as("not gzip").isEqualTo("gzip: invalid header");
    assertThat(inflate(inf, new byte[0], 0)).as("empty").isEqualTo("EOF");
    assertThat(inflate(inf, Arrays.copyOf(good, good.length - 3), 0)).as("trailer cut").isEqualTo("unexpected EOF");
    assertThat(inflate(inf, Arrays.copyOf(good, good.length / 2), 0)).as("data cut").isEqualTo("unexpected EOF");
    assertThat(inflate(inf, Arrays.copyOf(good, 5), 0)).as("header cut").isEqualTo("unexpected EOF");
    byte[] badCrc = good.clone();
    badCrc[badCrc.length - 8] ^= 1;
    assertThat(inflate(inf, badCrc, 0)).isEqualTo("gzip: invalid checksum");
    byte[] badSize = good.clone();
    badSize[badSize.length - 1] ^= 1;
    assertThat(inflate(inf, badSize, 0)).isEqualTo("gzip: invalid checksum");
    assertThat(inflate(inf, concat(good, "junk".getBytes()), 0)).as("trailing garbage").isEqualTo("gzip: invalid header");
    byte[] reserved = member(0x20, new byte[0], TEXT);
    assertThat(inflate(inf, reserved, 0)).isEqualTo("gzip: invalid header");
    byte[] corrupt = good.clone();
    Arrays.fill(corrupt, 10, 20, (byte) 0xff);
    assertThat(inflate(inf, corrupt, 0)).startsWith("flate: corrupt input");
    // And it still works after every failure.
    assertThat(inflate(inf, good, 0)).isNull();
    assertThat(result(inf)).isEqualTo(TEXT);
  }

  @Test
  void sizeLimitAppliesToTheInflatedBody() throws Exception {
    BodyInflater inf = new BodyInflater();
    assertThat(inflate(inf, gzip(TEXT), TEXT.length - 1)).isEqualTo("body size limit exceeded");
    assertThat(inflate(inf, gzip(TEXT), TEXT.length)).isNull();
  }
}
