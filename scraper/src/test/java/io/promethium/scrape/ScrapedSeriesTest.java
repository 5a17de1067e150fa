package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapedSeriesTest {
  private static ScrapedSeries of(long... refs) {
    ScrapedSeries s = new ScrapedSeries();
    for (long r : refs) {
      s.add(r);
    }
    return s;
  }

  /** What the writer marks stale: refs of {@code prev} that {@code cur} lacks, each once. */
  private static List<Long> absent(ScrapedSeries prev, ScrapedSeries cur) {
    List<Long> out = new ArrayList<>();
    for (int i = 0, n = prev.sameAs(cur) ? 0 : prev.size(); i < n; i++) {
      if (!cur.seenOrMark(prev.ref(i))) {
        out.add(prev.ref(i));
      }
    }
    return out;
  }

  @Test
  void absentRefsAreFoundOnceWhateverTheOrder() {
    Object[][] cases = {
      {new long[] {1, 2, 3}, new long[] {1, 2, 3}, List.of()},
      {new long[] {1, 2, 3}, new long[] {3, 1, 2}, List.of()},
      {new long[] {1, 2, 3}, new long[] {1, 3}, List.of(2L)},
      {new long[] {1, 2, 2, 3}, new long[] {1, 3}, List.of(2L)},
      {new long[] {1, 2, 3}, new long[] {2, 2, 4}, List.of(1L, 3L)},
      {new long[] {5}, new long[] {}, List.of(5L)},
      {new long[] {}, new long[] {7}, List.of()},
    };
    for (Object[] c : cases) {
      assertThat(absent(of((long[]) c[0]), of((long[]) c[1]))).as("%s", java.util.Arrays.toString((long[]) c[0]))
          .isEqualTo(c[2]);
    }
  }

  @Test
  void manyRefsGrowTheSetAndClearEmptiesIt() {
    ScrapedSeries prev = new ScrapedSeries();
    ScrapedSeries cur = new ScrapedSeries();
    for (long r = 1; r <= 5_000; r++) {
      prev.add(r * 7919);
      if (r % 10 != 0) {
        cur.add(r * 7919);
      }
    }
    assertThat(absent(prev, cur)).hasSize(500).allMatch(r -> (r / 7919) % 10 == 0);
    cur.clear();
    assertThat(cur.size()).isZero();
    cur.add(7919);
    assertThat(absent(prev, cur)).hasSize(4_999);
    assertThat(of(1, 2).sameAs(of(1, 2))).isTrue();
    assertThat(of(1, 2).sameAs(of(2, 1))).isFalse();
    ScrapedSeries zero = of(0, 1);
    assertThat(zero.size()).as("ref 0 means no series").isEqualTo(1);
  }
}
