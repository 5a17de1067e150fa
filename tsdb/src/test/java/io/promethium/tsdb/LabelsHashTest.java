package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The series-identity hash: a function of the strings only, the same however the set is built. */
class LabelsHashTest {
  @Test
  void equalSetsHashEquallyWhateverTheirStringInstances() {
    Labels a = Labels.of("__name__", "up", "job", "node");
    Labels b = Labels.of(new String("job".toCharArray()), new String("node".toCharArray()), "__name__",
        new String("up".toCharArray()));
    assertThat(a).isEqualTo(b);
    assertThat(a.hash()).isEqualTo(b.hash());
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
  }

  @Test
  void equalityDoesNotNeedTheHashAndDifferentSetsDiffer() {
    assertThat(Labels.of("a", "b")).isEqualTo(Labels.of("a", "b")).isNotEqualTo(Labels.of("a", "c"));
    // Same strings, split differently between name and value.
    assertThat(Labels.of("ab", "c").hash()).isNotEqualTo(Labels.of("a", "bc").hash());
    assertThat(Labels.of("a", "b", "c", "d").hash()).isNotEqualTo(Labels.of("c", "d").hash());
  }

  @Test
  void hashOfSymbolIdsMatchesTheBuiltSet() {
    String[] symbols = {"__name__", "istio_requests_total", "reporter", "destination", "response_code", "200"};
    int[] ids = {99, 0, 1, 2, 3, 4, 5}; // a leading slot, as the record decoder leaves it
    Labels built = Labels.of("__name__", "istio_requests_total", "reporter", "destination", "response_code", "200");
    long[] keys = new long[symbols.length];
    for (int i = 0; i < symbols.length; i++) {
      keys[i] = Labels.symbolHashKey(symbols[i]);
    }
    assertThat(Labels.hashOfKeys(keys, ids, 1, 6)).isEqualTo(built.hash());
  }
}
