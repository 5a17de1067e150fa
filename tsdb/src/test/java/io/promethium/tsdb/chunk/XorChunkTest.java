package io.promethium.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.tsdb.SampleIterator;
import io.promethium.tsdb.StaleNaN;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class XorChunkTest {

  static Stream<Arguments> cases() {
    Random r = new Random(42);
    double[] edge = {
      StaleNaN.VALUE, Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L),
      Double.longBitsToDouble(0xfff0000000000abcL), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, 1.0, 42
    };
    return Stream.of(
        Arguments.of("regular 15s scrape, counter", ts(r, 120, 1_700_000_000_000L, 15_000, 0), counter(r, 120)),
        Arguments.of("jittered timestamps, random doubles", ts(r, 120, 1_700_000_000_000L, 15_000, 500), rand(r, 120)),
        Arguments.of("edge values", ts(r, edge.length, 0, 1, 0), edge),
        Arguments.of("huge timestamps", new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE},
            new double[] {1, 2, 3, StaleNaN.VALUE, -0.0, 5}),
        Arguments.of("random gaps in every bucket", gaps(r, 300), rand(r, 300)),
        Arguments.of("single sample", new long[] {-5}, new double[] {StaleNaN.VALUE}),
        Arguments.of("random bit patterns", ts(r, 200, -1_000_000, 7, 3), bits(r, 200)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void snapshotBytesEqualsToBytesAtEveryCountAndReopens(String name, long[] ts, double[] vs) {
    XorChunk c = new XorChunk();
    assertThat(c.snapshotBytes()).isEqualTo(c.toBytes());
    for (int i = 0; i < ts.length; i++) {
      c.append(ts[i], vs[i]);
      byte[] snap = c.snapshotBytes();
      assertThat(snap).as("after %d samples", i + 1).isEqualTo(c.toBytes());
      XorChunk back = XorChunk.fromBytes(snap, 0, snap.length);
      assertThat(back.numSamples()).isEqualTo(i + 1);
      assertThat(back.maxTime()).isEqualTo(ts[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void roundTripsBitExactly(String name, long[] ts, double[] vs) {
    XorChunk c = new XorChunk();
    for (int i = 0; i < ts.length; i++) {
      c.append(ts[i], vs[i]);
    }
    assertThat(c.numSamples()).isEqualTo(ts.length);
    assertThat(c.minTime()).isEqualTo(ts[0]);
    assertThat(c.maxTime()).isEqualTo(ts[ts.length - 1]);
    assertSamples(c.iterator(), ts, vs);
    byte[] bytes = c.toBytes();
    assertThat(bytes.length).isEqualTo(c.byteSize());
    assertSamples(XorChunk.iterator(bytes, 0, bytes.length), ts, vs);

    // A chunk rebuilt from bytes keeps appending exactly where the original stopped.
    int half = ts.length / 2 + 1;
    XorChunk first = new XorChunk();
    for (int i = 0; i < half; i++) {
      first.append(ts[i], vs[i]);
    }
    byte[] padded = new byte[first.byteSize() + 3];
    System.arraycopy(first.toBytes(), 0, padded, 3, first.byteSize());
    XorChunk resumed = XorChunk.fromBytes(padded, 3, first.byteSize());
    assertThat(resumed.maxTime()).isEqualTo(ts[half - 1]);
    for (int i = half; i < ts.length; i++) {
      resumed.append(ts[i], vs[i]);
    }
    assertThat(resumed.toBytes()).isEqualTo(bytes);
  }

  @Test
  void seekFindsFirstSampleAtOrAfterTarget() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < 10; i++) {
      c.append(i * 10L, i);
    }
    SampleIterator it = c.iterator();
    assertThat(it.seek(35)).isTrue();
    assertThat(it.t()).isEqualTo(40);
    assertThat(it.seek(20)).isTrue(); // stays put
    assertThat(it.t()).isEqualTo(40);
    assertThat(it.next()).isTrue();
    assertThat(it.v()).isEqualTo(5.0);
    assertThat(it.seek(91)).isFalse();
    assertThat(it.next()).isFalse();
  }

  @Test
  void iteratorSeesOnlySamplesPublishedBeforeIt() {
    XorChunk c = new XorChunk();
    c.append(1, 1);
    c.append(2, 2);
    SampleIterator it = c.iterator();
    c.append(3, 3);
    int n = 0;
    while (it.next()) {
      n++;
    }
    assertThat(n).isEqualTo(2);
  }

  @Test
  void regularScrapesCompressWell() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < XorChunk.TARGET_SAMPLES; i++) {
      c.append(1_700_000_000_000L + i * 15_000L, 1000 + i);
    }
    // Gorilla on a steady counter: well under 2 bytes per sample.
    assertThat(c.byteSize()).isLessThan(2 * XorChunk.TARGET_SAMPLES);
  }

  private static void assertSamples(SampleIterator it, long[] ts, double[] vs) {
    for (int i = 0; i < ts.length; i++) {
      assertThat(it.next()).as("sample %d present", i).isTrue();
      assertThat(it.t()).as("t of sample %d", i).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(it.v())).as("bits of sample %d", i)
          .isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
    assertThat(it.next()).isFalse();
  }

  private static long[] ts(Random r, int n, long start, long step, int jitter) {
    long[] t = new long[n];
    long cur = start;
    for (int i = 0; i < n; i++) {
      t[i] = cur;
      cur += step + (jitter == 0 ? 0 : r.nextInt(jitter));
    }
    return t;
  }

  private static long[] gaps(Random r, int n) {
    long[] buckets = {0, 1, 8191, 8192, 65535, 65536, 524287, 524288, 1L << 40};
    long[] t = new long[n];
    long cur = 1000;
    for (int i = 0; i < n; i++) {
      t[i] = cur;
      cur += 1 + buckets[r.nextInt(buckets.length)];
    }
    return t;
  }

  private static double[] counter(Random r, int n) {
    double[] v = new double[n];
    double cur = 0;
    for (int i = 0; i < n; i++) {
      cur += r.nextInt(10);
      v[i] = cur;
    }
    return v;
  }

  private static double[] rand(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian() * 1e6;
    }
    return v;
  }

  private static double[] bits(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Double.longBitsToDouble(r.nextLong());
    }
    return v;
  }
}
