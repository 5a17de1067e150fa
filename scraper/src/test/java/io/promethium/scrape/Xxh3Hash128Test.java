package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.openhft.hashing.LongTupleHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The scrape cache's key hash is XXH3-128 exactly: against xxHash's own command-line tool for every
 * length class of the algorithm (0, 1–3, 4–8, 9–16, 17–128, 129–240, long inputs of one, several
 * and partial blocks), and against a Java port of the reference on random inputs and offsets.
 */
class Xxh3Hash128Test {
  private static final LongTupleHashFunction REFERENCE = LongTupleHashFunction.xx128();

  private final Xxh3Hash128 h = new Xxh3Hash128();

  @ParameterizedTest(name = "{0} bytes")
  @CsvFileSource(resources = "/xxh3/xxhsum-vectors.csv", commentCharacter = '#')
  void matchesXxhsum(int length, String low, String high) {
    byte[] b = new byte[length + 5];
    for (int i = 0; i < length; i++) {
      b[i + 3] = (byte) (7 * i + 13);
    }
    long lo = h.hash(b, 3, 3 + length); // at an offset, with bytes after the range
    assertThat(new long[] {lo, h.high()})
        .containsExactly(Long.parseUnsignedLong(low, 16), Long.parseUnsignedLong(high, 16));
  }

  @Test
  void everyLengthUpToThreeBlocksAtSeveralOffsets() {
    SplittableRandom r = new SplittableRandom(7);
    byte[] b = new byte[3 * 1024 + 80];
    r.nextBytes(b);
    for (int from = 0; from < 9; from += 4) {
      for (int to = from; to <= b.length; to++) {
        assertMatchesReference(b, from, to);
      }
    }
  }

  @Test
  void istioSeriesText() {
    byte[] b = ("istio_requests_total{connection_security_policy=\"mutual_tls\",destination_app=\"reviews\","
        + "destination_canonical_revision=\"v1\",destination_canonical_service=\"reviews\",response_code=\"200\"}")
        .getBytes(StandardCharsets.UTF_8);
    assertMatchesReference(b, 0, b.length);
  }

  @Test
  void randomInputsAndRanges() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 3000; i++) {
      byte[] b = new byte[r.nextInt(6000)];
      r.nextBytes(b);
      int from = b.length == 0 ? 0 : r.nextInt(b.length);
      assertMatchesReference(b, from, from + r.nextInt(b.length - from + 1));
    }
  }

  private void assertMatchesReference(byte[] b, int from, int to) {
    long[] ref = REFERENCE.hashBytes(b, from, to - from);
    long lo = h.hash(b, from, to);
    assertThat(new long[] {lo, h.high()}).as("bytes [%d, %d)", from, to).containsExactly(ref);
  }
}
