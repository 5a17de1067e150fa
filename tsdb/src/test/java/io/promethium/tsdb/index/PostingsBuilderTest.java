package io.promethium.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * Postings built in bulk (as at start) against the index filled one series at a time: the same
 * refs for every label pair, whether built by one builder or by several over ranges of refs, with
 * runs of series sharing labels, gaps between refs, label sets of changing size, and refs that
 * come out of order or twice.
 */
class PostingsBuilderTest {
  record Series(int ref, Labels labels) {}

  @Test
  void oneBuilderMatchesTheIndexFilledSeriesBySeries() {
    List<Series> series = meshLikeSeries(new Random(11), 3_000, false);
    assertSamePostings(series, build(series, 1));
  }

  @Test
  void buildersOverRangesOfRefsFillOneIndexInAnyOrder() {
    List<Series> series = meshLikeSeries(new Random(12), 3_000, false);
    assertSamePostings(series, build(series, 4));
  }

  @Test
  void refsOutOfOrderOrRepeatedStillGiveTheRightSets() {
    List<Series> series = meshLikeSeries(new Random(13), 2_000, true);
    assertSamePostings(series, build(series, 1));
  }

  /**
   * Targets of 20–80 series created together (consecutive refs sharing job, instance and pod),
   * each series with a name, a code and sometimes a bucket label; gaps where series were deleted.
   */
  private static List<Series> meshLikeSeries(Random r, int n, boolean shuffled) {
    List<Series> out = new ArrayList<>();
    int ref = 1;
    while (out.size() < n) {
      String pod = "pod-" + r.nextInt(40);
      int size = 20 + r.nextInt(60);
      for (int i = 0; i < size && out.size() < n; i++) {
        LabelsBuilder b = new LabelsBuilder();
        b.set("__name__", "m" + r.nextInt(5));
        b.set("job", "mesh");
        b.set("pod", pod);
        b.set("code", Integer.toString(200 + 100 * r.nextInt(4)));
        if (r.nextInt(3) == 0) {
          b.set("le", Integer.toString(r.nextInt(4)));
        }
        out.add(new Series(ref, b.build()));
        ref += r.nextInt(10) == 0 ? 2 + r.nextInt(5) : 1;
      }
    }
    if (shuffled) {
      for (int i = 0; i < out.size() / 10; i++) {
        int a = r.nextInt(out.size());
        int b = r.nextInt(out.size());
        Series t = out.get(a);
        out.set(a, out.get(b));
        out.set(b, t);
      }
      out.add(out.get(r.nextInt(out.size()))); // one series twice
    }
    return out;
  }

  /** Bulk-builds the index with {@code builders} builders over consecutive slices, added last first. */
  private static PostingsIndex build(List<Series> series, int builders) {
    SymbolTable symbols = new SymbolTable();
    List<PostingsBuilder> parts = new ArrayList<>();
    int per = (series.size() + builders - 1) / builders;
    int[] ids = new int[64];
    for (int from = 0; from < series.size(); from += per) {
      PostingsBuilder b = new PostingsBuilder();
      for (Series s : series.subList(from, Math.min(series.size(), from + per))) {
        int n = 1; // ids from index 1, as the series record decoder leaves them
        for (int i = 0; i < s.labels().size(); i++) {
          ids[n++] = symbols.id(s.labels().name(i));
          ids[n++] = symbols.id(s.labels().value(i));
        }
        b.add(s.ref(), ids, 1, n - 1);
      }
      b.seal();
      parts.add(b);
    }
    PostingsIndex index = new PostingsIndex();
    for (int i = parts.size() - 1; i >= 0; i--) {
      parts.get(i).buildInto(index, symbols);
    }
    return index;
  }

  private static void assertSamePostings(List<Series> series, PostingsIndex built) {
    PostingsIndex expected = new PostingsIndex();
    for (Series s : series) {
      expected.add(s.ref(), s.labels());
    }
    TreeMap<String, Integer> expectedPairs = pairs(expected);
    assertThat(pairs(built)).isEqualTo(expectedPairs);
    for (String pair : expectedPairs.keySet()) {
      String[] nv = pair.split("=", 2);
      RoaringBitmap want = expected.select(Matcher.equal(nv[0], nv[1]));
      assertThat(built.select(Matcher.equal(nv[0], nv[1]))).as(pair).isEqualTo(want);
    }
    assertThat(built.seriesCount()).isEqualTo(expected.seriesCount());
    assertThat(built.select(Matcher.notEqual("job", "none"))).isEqualTo(expected.select(Matcher.notEqual("job", "none")));
  }

  private static TreeMap<String, Integer> pairs(PostingsIndex index) {
    TreeMap<String, Integer> m = new TreeMap<>();
    index.forEachPair((name, value, n) -> m.put(name + "=" + value, n));
    return m;
  }
}
