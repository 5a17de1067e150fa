package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores written before session 7 have a zstd-compressed RocksDB WAL (the WAL is uncompressed
 * now). The fixture is such a store as a real server left it: Promethium at 71415f4 scraping
 * itself every second, killed with {@code kill -9} after 12 s, before its first checkpoint, so
 * every sample is only in the compressed WAL. It must open and replay all of them.
 */
class CompressedWalStoreTest {
  private static final String FIXTURE = "/stores/zstd-wal-killed";

  @Test
  void aKilledStoreWithACompressedWalReplaysEverySampleItAnswered(@TempDir Path dir) throws Exception {
    Path data = copyFixture(dir);
    byte[] wal = Files.readAllBytes(data.resolve("000004.log"));
    // First record: type 9 (kSetCompressionType) with compression type 7 (kZSTD).
    assertThat(wal[6]).as("WAL record type").isEqualTo((byte) 9);
    assertThat(wal[7]).as("WAL compression type").isEqualTo((byte) 7);

    List<String> expected = Files.readAllLines(Path.of(resource(FIXTURE + ".expected.csv")), StandardCharsets.UTF_8);
    try (Tsdb db = Tsdb.open(TsdbOptions.of(data).withCheckpointInterval(0))) {
      for (String name : List.of("up", "scrape_samples_scraped")) {
        Map<Labels, List<long[]>> read = TsdbTestSupport.read(db, Long.MIN_VALUE, Long.MAX_VALUE, true,
            Matcher.equal("__name__", name), Matcher.equal("job", "fixture"));
        assertThat(read).hasSize(1);
        List<String> replayed = new ArrayList<>();
        for (long[] s : read.values().iterator().next()) {
          replayed.add(name + ", " + s[0] + ", " + text(Double.longBitsToDouble(s[1])));
        }
        List<String> answered = expected.stream().filter(l -> l.startsWith(name + ", ")).toList();
        assertThat(answered).hasSizeGreaterThanOrEqualTo(11);
        // The kill came up to a second after the query: one more scrape may have been committed.
        assertThat(replayed).startsWith(answered.toArray(String[]::new));
        assertThat(replayed.size()).isBetween(answered.size(), answered.size() + 1);
      }
    }
  }

  /** The API's text for the integral values these series hold. */
  private static String text(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static Path copyFixture(Path dir) throws IOException, URISyntaxException {
    Path from = Path.of(resource(FIXTURE));
    Path to = dir.resolve("data");
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName().toString()));
      }
    }
    return to;
  }

  private static java.net.URI resource(String name) throws URISyntaxException {
    return CompressedWalStoreTest.class.getResource(name).toURI();
  }
}
