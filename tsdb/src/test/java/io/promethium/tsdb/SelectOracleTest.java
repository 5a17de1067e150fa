package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through {@link Tsdb#querier}: random selectors over series of which some live in the
 * head and some only on disk (evicted) return exactly the series a brute-force check selects,
 * sorted, with exactly their samples in the range.
 */
class SelectOracleTest {
  @TempDir Path dir;

  static final String[] VALUES = {"a", "b", "ab", "500", "503", "x.y"};
  static final String[] REGEXES = {".*", ".+", "a.*", "5..", "a|b", "", "ab?", "50[03]|x.*"};

  @Test
  void selectAgreesWithBruteForce() throws Exception {
    Random r = new Random(11);
    List<Labels> all = new ArrayList<>();
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0).withHeadIdleTime(10_000)
        .withBlockDuration(5_000))) {
      Appender app = db.appender();
      for (int i = 0; i < 120; i++) {
        LabelsBuilder b = new LabelsBuilder().set("__name__", "m" + (i % 3)).set("id", Integer.toString(i));
        for (String name : new String[] {"code", "job", "zone"}) {
          if (r.nextInt(3) != 0) {
            b.set(name, VALUES[r.nextInt(VALUES.length)]);
          }
        }
        Labels l = b.build();
        all.add(l);
        // Even series stop early and get evicted; odd ones keep going in the head.
        long end = i % 2 == 0 ? 8_000 : 40_000;
        for (long t = 0; t <= end; t += 1000) {
          app.append(0, l, t, i + t / 1000.0);
        }
        app.commit();
      }
      db.checkpoint();
      assertThat(db.headSeries()).isEqualTo(60);
      for (int round = 0; round < 300; round++) {
        Matcher[] ms = new Matcher[1 + r.nextInt(2)];
        for (int k = 0; k < ms.length; k++) {
          MatchType type = MatchType.values()[r.nextInt(4)];
          String name = new String[] {"__name__", "code", "job", "zone", "nope"}[r.nextInt(5)];
          String value = type.isRegex() ? REGEXES[r.nextInt(REGEXES.length)]
              : (name.equals("__name__") ? "m" + r.nextInt(3) : VALUES[r.nextInt(VALUES.length)]);
          ms[k] = Matcher.of(type, name, value);
        }
        long mint = r.nextInt(45_000) - 2_000;
        long maxt = mint + r.nextInt(20_000);
        Map<Labels, List<long[]>> got = TsdbTestSupport.read(db, mint, maxt, true, ms);
        List<Labels> want = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          Labels l = all.get(i);
          boolean ok = true;
          for (Matcher m : ms) {
            ok &= m.matches(l.get(m.name()));
          }
          long end = i % 2 == 0 ? 8_000 : 40_000;
          long first = Math.max(0, (mint + 999) / 1000 * 1000);
          if (ok && first <= Math.min(end, maxt)) {
            want.add(l);
          }
        }
        want.sort(null);
        assertThat(new ArrayList<>(got.keySet())).as("%s in [%d, %d]", List.of(ms), mint, maxt).isEqualTo(want);
        for (Map.Entry<Labels, List<long[]>> e : got.entrySet()) {
          int i = Integer.parseInt(e.getKey().get("id"));
          long end = i % 2 == 0 ? 8_000 : 40_000;
          List<long[]> samples = e.getValue();
          long t = Math.max(0, (mint + 999) / 1000 * 1000);
          for (long[] s : samples) {
            assertThat(s).containsExactly(t, Double.doubleToRawLongBits(i + t / 1000.0));
            t += 1000;
          }
          assertThat(t - 1000).isEqualTo(Math.min(end, maxt / 1000 * 1000));
        }
      }
    }
  }
}
