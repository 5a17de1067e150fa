package io.promethium.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class PostingsSnapshotTest {
  private static final long PROBE = 0x1234_5678_9abc_def0L;
  private final SymbolTable symbols = new SymbolTable();
  private final PostingsBuilder builder = new PostingsBuilder();
  private final PostingsIndex expected = new PostingsIndex();
  private final int[] refs = {1, 2, 3, 7, 8, 100};
  private final long[] hashes = {11, 22, 33, 77, 88, 1000};
  private final int[] checksums = {-1, 2, -3, 7, 8, Integer.MIN_VALUE};

  PostingsSnapshotTest() {
    for (int ref : refs) {
      Labels l = Labels.of("__name__", ref % 2 == 0 ? "even" : "odd", "job", "j" + (ref % 3), "ref", Integer.toString(ref));
      int[] ids = new int[l.size() * 2];
      for (int i = 0; i < l.size(); i++) {
        ids[2 * i] = symbols.id(l.name(i));
        ids[2 * i + 1] = symbols.id(l.value(i));
      }
      builder.add(ref, ids, 0, ids.length);
      expected.add(ref, l);
    }
    builder.seal();
  }

  private byte[] encoded() {
    return PostingsSnapshot.encode(PROBE, 5, refs.length, refs, hashes, checksums, builder);
  }

  @Test
  void roundTripsSeriesAndPostings() {
    PostingsSnapshot s = PostingsSnapshot.decode(encoded(), PROBE, symbols.array(), symbols.size());
    assertThat(s.deletions()).isEqualTo(5);
    assertThat(Arrays.copyOf(s.refs(), s.count())).containsExactly(refs);
    assertThat(Arrays.copyOf(s.hashes(), s.count())).containsExactly(hashes);
    assertThat(Arrays.copyOf(s.checksums(), s.count())).containsExactly(checksums);
    assertThat(s.lowerBound(0)).isZero();
    assertThat(s.lowerBound(4)).isEqualTo(3);
    assertThat(s.lowerBound(7)).isEqualTo(3);
    assertThat(s.lowerBound(101)).isEqualTo(6);
    PostingsIndex index = new PostingsIndex();
    s.installInto(index, symbols.array(), new RoaringBitmap());
    assertSameIndex(index, expected);
  }

  @Test
  void staleRefsAreLeftOut() {
    PostingsSnapshot s = PostingsSnapshot.decode(encoded(), PROBE, symbols.array(), symbols.size());
    PostingsIndex index = new PostingsIndex();
    s.installInto(index, symbols.array(), RoaringBitmap.bitmapOf(3, 100));
    assertThat(index.seriesCount()).isEqualTo(4);
    assertThat(index.select(Matcher.equal("ref", "100")).isEmpty()).isTrue();
    assertThat(index.select(Matcher.equal("__name__", "odd")).toArray()).containsExactly(1, 7);
    // A pair left without series disappears, as it would from a rebuilt index.
    assertThat(index.labelValues("ref", null)).containsExactly("1", "2", "7", "8");
  }

  @Test
  void refusesWhatAStartMustNotTrust() {
    byte[] ok = encoded();
    assertThatThrownBy(() -> PostingsSnapshot.decode(ok, PROBE + 1, symbols.array(), symbols.size()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different build");
    // Symbols the store does not have (fewer loaded than the snapshot uses).
    assertThatThrownBy(() -> PostingsSnapshot.decode(ok, PROBE, symbols.array(), 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown symbols");
    byte[] garbage = "definitely not a snapshot".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> PostingsSnapshot.decode(garbage, PROBE, symbols.array(), symbols.size()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an index snapshot");
    for (int cut : new int[] {0, 10, 30, ok.length / 2, ok.length - 1}) {
      byte[] truncated = Arrays.copyOf(ok, cut);
      assertThatThrownBy(() -> PostingsSnapshot.decode(truncated, PROBE, symbols.array(), symbols.size()))
          .as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class);
    }
    byte[] longer = Arrays.copyOf(ok, ok.length + 1);
    assertThatThrownBy(() -> PostingsSnapshot.decode(longer, PROBE, symbols.array(), symbols.size()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the last pair");
  }

  @Test
  void refsMustAscend() {
    int[] unordered = {1, 3, 2, 7, 8, 100};
    assertThatThrownBy(() -> PostingsSnapshot.encode(PROBE, 0, 6, unordered, hashes, checksums, builder))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend");
  }

  private static void assertSameIndex(PostingsIndex actual, PostingsIndex expected) {
    assertThat(actual.seriesCount()).isEqualTo(expected.seriesCount());
    RoaringBitmap all = expected.select();
    assertThat(actual.labelNames(all)).isEqualTo(expected.labelNames(all));
    for (String name : expected.labelNames(all)) {
      assertThat(actual.labelValues(name, null)).isEqualTo(expected.labelValues(name, null));
      for (String value : expected.labelValues(name, null)) {
        assertThat(actual.select(Matcher.equal(name, value))).as("%s=%s", name, value)
            .isEqualTo(expected.select(Matcher.equal(name, value)));
      }
    }
  }
}
