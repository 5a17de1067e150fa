package io.promethium.scrape.textparse;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.tsdb.LabelsBuilder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random byte mutations of real pages must give entries or a clean {@link ExpositionParseException}:
 * no other exception, and no hang (every call to next() consumes input, so the number of entries
 * is bounded by the body length).
 */
class ParserFuzzTest {
  private static final String[] SEEDS = {
    "promtestdata.txt", "alltypes.5mfs.om.txt", "1histogram.om.txt"
  };
  private static final byte[] INTERESTING = "{}=\",# \n\t\\\u0000\u00ffeE+-.0_pPxIi".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

  @Test
  void mutatedInputsFailCleanly() {
    Random rnd = new Random(42);
    int parsedOk = 0;
    int rejected = 0;
    for (String seed : SEEDS) {
      byte[] original = ParserTestSupport.resource(seed);
      for (int round = 0; round < 300; round++) {
        byte[] b = mutate(original, rnd);
        for (ExpositionFormat f : ExpositionFormat.values()) {
          if (runToEnd(f.newParser(b, b.length))) {
            parsedOk++;
          } else {
            rejected++;
          }
        }
      }
    }
    // Both outcomes must occur, else the mutations are not exercising the parsers.
    assertThat(parsedOk).isPositive();
    assertThat(rejected).isPositive();
  }

  @Test
  void randomBytesFailCleanly() {
    Random rnd = new Random(7);
    for (int round = 0; round < 3000; round++) {
      byte[] b = new byte[rnd.nextInt(64)];
      for (int i = 0; i < b.length; i++) {
        b[i] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : INTERESTING[rnd.nextInt(INTERESTING.length)];
      }
      for (ExpositionFormat f : ExpositionFormat.values()) {
        runToEnd(f.newParser(b, b.length));
      }
    }
  }

  /** True when the input parsed to the end; false on a parse exception. Anything else propagates. */
  private static boolean runToEnd(ExpositionParser p) {
    LabelsBuilder lb = new LabelsBuilder();
    int limit = p.buffer().length + 2;
    try {
      for (int steps = 0; ; steps++) {
        assertThat(steps).as("entries for %d bytes", p.buffer().length).isLessThanOrEqualTo(limit);
        Entry e = p.next();
        switch (e) {
          case EOF -> {
            return true;
          }
          case SERIES -> {
            p.labels(lb);
            p.value();
            if (p.hasExemplar()) {
              p.exemplarLabels(lb);
            }
          }
          case HELP -> p.help();
          case TYPE -> assertThat(p.type()).isNotNull();
          case UNIT -> p.unit();
          case COMMENT -> p.comment();
        }
      }
    } catch (ExpositionParseException expected) {
      assertThat(expected.reason()).isNotEmpty();
      return false;
    }
  }

  private static byte[] mutate(byte[] in, Random rnd) {
    byte[] b = in.clone();
    int n = 1 + rnd.nextInt(4);
    for (int k = 0; k < n; k++) {
      int at = rnd.nextInt(b.length);
      switch (rnd.nextInt(4)) {
        case 0 -> b[at] = (byte) rnd.nextInt(256);
        case 1 -> b[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
        case 2 -> {
          // truncate
          b = java.util.Arrays.copyOf(b, at);
          if (b.length == 0) {
            return b;
          }
        }
        default -> {
          // duplicate a slice
          int len = Math.min(rnd.nextInt(40), b.length - at);
          byte[] out = new byte[b.length + len];
          System.arraycopy(b, 0, out, 0, at + len);
          System.arraycopy(b, at, out, at + len, b.length - at);
          b = out;
        }
      }
    }
    return b;
  }
}
