package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The select path's shortcuts keep {@link Labels}' order and the iterator contract. */
class TsdbQuerierTest {
  @TempDir Path dir;

  @Test
  void labelOrderWithReferenceShortcutsEqualsLabelsCompareTo() {
    Random r = new Random(5);
    String[] names = {"__name__", "a", "app", "b", "code", "zone"};
    String[] values = {"x", "xy", "y", "", "200", "2000", "Z"};
    List<Labels> sets = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      LabelsBuilder b = new LabelsBuilder();
      for (String name : names) {
        if (r.nextInt(3) != 0) {
          // Fresh copies half of the time: equal strings need not be the same reference.
          String v = values[r.nextInt(values.length)];
          b.set(r.nextBoolean() ? new String(name) : name, r.nextBoolean() ? new String(v) : v);
        }
      }
      sets.add(b.build());
    }
    for (Labels x : sets) {
      for (Labels y : sets) {
        assertThat(Integer.signum(TsdbQuerier.compareLabels(x, y))).as("%s vs %s", x, y)
            .isEqualTo(Integer.signum(x.compareTo(y)));
      }
    }
  }

  @Test
  void firstIteratorOfASelectedSeriesStartsAtItsFirstSampleInRange() throws Exception {
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
      Labels l = Labels.of("__name__", "m", "job", "a");
      Appender app = db.appender();
      for (long t = 0; t <= 100_000; t += 10_000) {
        app.append(0, l, t, t / 1000.0);
      }
      app.commit();
      for (int mode = 0; mode < 4; mode++) {
        try (Querier q = db.querier(25_000, 65_000)) {
          SeriesSet set = q.select(true, null, Matcher.equal("job", "a"));
          assertThat(set.next()).isTrue();
          Series s = set.at();
          SampleIterator it = s.iterator();
          List<Long> ts = new ArrayList<>();
          switch (mode) {
            case 0 -> {
              while (it.next()) {
                ts.add(it.t());
              }
            }
            case 1 -> { // seek before the first sample in range: stays on it
              assertThat(it.seek(0)).isTrue();
              do {
                ts.add(it.t());
              } while (it.next());
            }
            case 2 -> { // seek past it
              assertThat(it.seek(45_000)).isTrue();
              do {
                ts.add(it.t());
              } while (it.next());
            }
            default -> { // a second iterator is independent and complete
              it.next();
              it.next();
              SampleIterator again = s.iterator();
              while (again.next()) {
                ts.add(again.t());
                assertThat(again.v()).isEqualTo(again.t() / 1000.0);
              }
            }
          }
          List<Long> want = mode == 2 ? List.of(50_000L, 60_000L) : List.of(30_000L, 40_000L, 50_000L, 60_000L);
          assertThat(ts).as("mode %d", mode).isEqualTo(want);
          assertThat(set.next()).isFalse();
        }
      }
    }
  }
}
