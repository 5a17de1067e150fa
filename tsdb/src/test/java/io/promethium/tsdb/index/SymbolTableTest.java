package io.promethium.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SymbolTableTest {
  @Test
  void internsAndNumbersManySymbols() {
    SymbolTable t = new SymbolTable();
    for (int i = 0; i < 5000; i++) { // well past the initial capacity
      String s = new String("v" + i);
      assertThat(t.intern(s)).isSameAs(s);
      assertThat(t.intern(new String("v" + i))).isSameAs(s);
      assertThat(t.id("v" + i)).isEqualTo(i);
    }
    assertThat(t.size()).isEqualTo(5000);
    assertThat(t.get(4321)).isEqualTo("v4321");
    assertThatThrownBy(() -> t.get(5000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tracksWhatIsPersisted() {
    SymbolTable t = new SymbolTable();
    t.load(0, "a");
    t.load(1, "b");
    assertThat(t.persistedCount()).isEqualTo(2);
    assertThat(t.id("c")).isEqualTo(2);
    assertThat(t.persistedCount()).isEqualTo(2);
    t.markPersisted(3);
    assertThat(t.persistedCount()).isEqualTo(3);
    assertThat(t.intern(new String("b"))).isSameAs(t.get(1));
  }
}
