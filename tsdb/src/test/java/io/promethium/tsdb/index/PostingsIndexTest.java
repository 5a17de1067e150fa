package io.promethium.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.MatchType;
import io.promethium.tsdb.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** The index against a brute-force oracle: every series checked with {@link Matcher#matches}. */
class PostingsIndexTest {
  static final String[] NAMES = {"__name__", "job", "instance", "code", "path"};
  static final String[] VALUES = {"a", "b", "ab", "abc", "b.c", "5xx", "500", "503", "404", "foo\nbar", "x|y"};
  static final String[] REGEXES = {
    ".*", ".+", "a.*", "ab.*", "5..", "50[03]", "a|b", "a|", "", "a", "(a|ab)c?", ".*b.*", "x\\|y", "foo.*", "[ab]+"
  };

  @Test
  void matcherCombinationsAgreeWithBruteForce() {
    Random r = new Random(7);
    PostingsIndex index = new PostingsIndex();
    List<Labels> series = new ArrayList<>();
    for (int ref = 1; ref <= 400; ref++) {
      LabelsBuilder b = new LabelsBuilder();
      for (String name : NAMES) {
        if (r.nextInt(4) != 0) { // labels are often missing: that is what empty-matching matchers select
          b.set(name, VALUES[r.nextInt(VALUES.length)]);
        }
      }
      Labels l = b.build();
      series.add(l);
      index.add(ref, l);
    }
    int checked = 0;
    for (int round = 0; round < 3000; round++) {
      int n = 1 + r.nextInt(3);
      Matcher[] ms = new Matcher[n];
      for (int i = 0; i < n; i++) {
        ms[i] = randomMatcher(r);
      }
      RoaringBitmap got = index.select(ms);
      RoaringBitmap want = new RoaringBitmap();
      for (int i = 0; i < series.size(); i++) {
        boolean all = true;
        for (Matcher m : ms) {
          all &= m.matches(series.get(i).get(m.name()));
        }
        if (all) {
          want.add(i + 1);
        }
      }
      assertThat(got).as("select %s", List.of(ms)).isEqualTo(want);
      checked += want.getCardinality();
      // labelValues and labelNames restricted to the selection agree with the oracle too.
      TreeSet<String> values = new TreeSet<>();
      TreeSet<String> names = new TreeSet<>();
      want.forEach((int ref) -> {
        Labels l = series.get(ref - 1);
        if (l.has("job")) {
          values.add(l.get("job"));
        }
        for (int i = 0; i < l.size(); i++) {
          names.add(l.name(i));
        }
      });
      assertThat(index.labelValues("job", got)).containsExactlyElementsOf(values);
      assertThat(index.labelNames(got)).containsExactlyElementsOf(names);
    }
    assertThat(checked).isGreaterThan(10_000); // the random selectors select something
  }

  @Test
  void removedSeriesDisappearFromPostings() {
    PostingsIndex index = new PostingsIndex();
    index.add(1, Labels.of("a", "x"));
    index.add(2, Labels.of("a", "y"));
    index.removeAll(RoaringBitmap.bitmapOf(1));
    assertThat(index.select(Matcher.regex("a", ".*")).toArray()).containsExactly(2);
    assertThat(index.labelValues("a", null)).containsExactly("y");
    assertThat(index.seriesCount()).isEqualTo(1);
  }

  private static Matcher randomMatcher(Random r) {
    MatchType type = MatchType.values()[r.nextInt(4)];
    String name = r.nextInt(10) == 0 ? "absent" : NAMES[r.nextInt(NAMES.length)];
    String value = type.isRegex()
        ? REGEXES[r.nextInt(REGEXES.length)]
        : (r.nextInt(6) == 0 ? "" : VALUES[r.nextInt(VALUES.length)]);
    return Matcher.of(type, name, value);
  }
}
