package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gzip framing as Go's reader handles it: members, optional header fields, trailer checks, errors;
 * every case for both decoders (zlib, and libdeflate where the machine has it, which CI's does).
 */
class BodyInflaterTest {
  /** libdeflate where available; {@link #libdeflateIsUsedWhereTheMachineHasIt} says where it must be. */
  static Stream<Arguments> decoders() {
    return NativeDeflate.Loader.available()
        ? Stream.of(Arguments.of("zlib"), Arguments.of("libdeflate"))
        : Stream.of(Arguments.of("zlib"));
  }

  private static BodyInflater inflater(String decoder) {
    if (decoder.equals("zlib")) {
      return new BodyInflater(null);
    }
    BodyInflater inf = new BodyInflater(NativeDeflate.open());
    assertThat(inf.isNative()).as("libdeflate available (Java 22+, libdeflate.so.0)").isTrue();
    return inf;
  }

  @Test
  void libdeflateIsUsedWhereTheMachineHasIt() {
    boolean installed = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libdeflate.so.0"))
        || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libdeflate.so.0"));
    org.junit.jupiter.api.Assumptions.assumeTrue(installed && Runtime.version().feature() >= 22,
        "needs Java 22+ and Debian's libdeflate0");
    assertThat(NativeDeflate.Loader.available()).isTrue();
    assertThat(new BodyInflater().isNative()).isTrue();
  }

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

  @ParameterizedTest
  @MethodSource("decoders")
  void inflatesAndIsReusable(String decoder) throws Exception {
    BodyInflater inf = inflater(decoder);
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

  @ParameterizedTest
  @MethodSource("decoders")
  void optionalHeaderFieldsAreSkipped(String decoder) {
    byte[] extra = {4, 0, 'a', 'b', 'c', 'd'};
    byte[] name = "metrics.txt\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] comment = "hi\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] hcrc = {0x12, 0x34};
    BodyInflater inf = inflater(decoder);
    assertThat(inflate(inf, member(4 | 8 | 16 | 2, concat(extra, name, comment, hcrc), TEXT), 0)).isNull();
    assertThat(result(inf)).isEqualTo(TEXT);
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void concatenatedMembersAreOneBody(String decoder) {
    byte[] a = "a 1\n".getBytes(StandardCharsets.UTF_8);
    byte[] b = "b 2\n".getBytes(StandardCharsets.UTF_8);
    BodyInflater inf = inflater(decoder);
    assertThat(inflate(inf, concat(member(0, new byte[0], a), member(8, "n\0".getBytes(), b)), 0)).isNull();
    assertThat(new String(result(inf), StandardCharsets.UTF_8)).isEqualTo("a 1\nb 2\n");
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void errorsReadAsGos(String decoder) throws Exception {
    BodyInflater inf = inflater(decoder);
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

  @ParameterizedTest
  @MethodSource("decoders")
  void sizeLimitAppliesToTheInflatedBody(String decoder) throws Exception {
    BodyInflater inf = inflater(decoder);
    assertThat(inflate(inf, gzip(TEXT), TEXT.length - 1)).isEqualTo("body size limit exceeded");
    assertThat(inflate(inf, gzip(TEXT), TEXT.length)).isNull();
    assertThat(result(inf)).isEqualTo(TEXT);
    // Over two members: the limit is on the whole body.
    byte[] two = concat(member(0, new byte[0], TEXT), member(0, new byte[0], TEXT));
    assertThat(inflate(inf, two, 2L * TEXT.length - 1)).isEqualTo("body size limit exceeded");
    assertThat(inflate(inf, two, 2L * TEXT.length)).isNull();
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void bodiesLargerThanTheBufferOrTheirTrailerSaysGrowIt(String decoder) throws Exception {
    BodyInflater inf = inflater(decoder);
    byte[] big = "x".repeat(3_000_000).getBytes(StandardCharsets.UTF_8);
    assertThat(inflate(inf, gzip(big), 0)).isNull();
    assertThat(result(inf)).isEqualTo(big);
    // The last member's size field is the only hint, and it understates a two-member body.
    byte[] small = "y 1\n".getBytes(StandardCharsets.UTF_8);
    assertThat(inflate(inf, concat(member(0, new byte[0], big), member(0, new byte[0], small)), 0)).isNull();
    assertThat(result(inf)).isEqualTo(concat(big, small));
  }

  /** libdeflate's answer for any input, broken or not, is zlib's: same bytes, same error text. */
  @Test
  void bothDecodersAgreeOnMutatedBodies() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(NativeDeflate.Loader.available(), "libdeflate not available");
    BodyInflater zlib = inflater("zlib");
    BodyInflater fast = inflater("libdeflate");
    SplittableRandom r = new SplittableRandom(11);
    byte[] good = gzip(TEXT);
    for (int i = 0; i < 3000; i++) {
      byte[] b = good.clone();
      switch (r.nextInt(4)) {
        case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
        case 2 -> {
          for (int k = r.nextInt(1, 20); k > 0; k--) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          }
        }
        default -> b = concat(b, Arrays.copyOf(good, r.nextInt(good.length)));
      }
      long limit = r.nextInt(5) == 0 ? r.nextInt(TEXT.length * 2) : 0;
      String expected = inflate(zlib, b, limit);
      assertThat(inflate(fast, b, limit)).as("case %d", i).isEqualTo(expected);
      if (expected == null) {
        assertThat(result(fast)).isEqualTo(result(zlib));
      }
    }
  }
}
