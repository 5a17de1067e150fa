package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

/** The scrape cache's key hash is MurmurHash3 x64 128 exactly: checked against commons-codec. */
class Murmur3Hash128Test {
  private final Murmur3Hash128 h = new Murmur3Hash128();

  private void assertMatchesReference(byte[] b, int from, int to) {
    long[] ref = MurmurHash3.hash128x64(b, from, to - from, 0);
    long lo = h.hash(b, from, to);
    assertThat(new long[] {lo, h.high()}).as("bytes [%d, %d)", from, to).containsExactly(ref);
  }

  @Test
  void everyLengthAndOffsetAroundTheBlockSize() {
    byte[] b = new byte[100];
    new SplittableRandom(7).nextBytes(b);
    for (int from = 0; from < 17; from++) {
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
  void randomLongInputs() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(2000)];
      r.nextBytes(b);
      int from = b.length == 0 ? 0 : r.nextInt(b.length);
      assertMatchesReference(b, from, from + r.nextInt(b.length - from + 1));
    }
  }
}
