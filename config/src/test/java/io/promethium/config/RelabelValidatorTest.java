package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The target-label template rule of relabel validation (corpus relabel/CASES.md §1). */
class RelabelValidatorTest {

  private static RelabelConfig replaceInto(String target) {
    return new RelabelConfig(List.of("a"), ";", "(.*)", 0, target, "$1", RelabelAction.REPLACE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"label${1}", "${1}label", "$1", "asd$2asd", "_${1}_", "foo${bar}foo", "l"})
  void acceptsTemplatedTargets(String target) {
    assertThatCode(() -> RelabelValidator.validate(replaceInto(target))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-label", "${", "$", "${}", "foo${", "-foo${1}bar-", "42lab"})
  void rejectsInvalidTargets(String target) {
    assertThatThrownBy(() -> RelabelValidator.validate(replaceInto(target)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("\"" + target + "\" is invalid 'target_label' for replace action");
  }

  @org.junit.jupiter.api.Test
  void hashmodTargetMustBePlainLabelName() {
    RelabelConfig c = new RelabelConfig(List.of("a"), ";", "(.*)", 8, "${1}", "$1", RelabelAction.HASHMOD);
    assertThatThrownBy(() -> RelabelValidator.validate(c))
        .hasMessage("\"${1}\" is invalid 'target_label' for hashmod action");
  }

  @org.junit.jupiter.api.Test
  void regexIsAnchoredAndRe2() {
    assertThatThrownBy(() -> RelabelValidator.compileAnchored("(a)\\1"))
        .hasMessageStartingWith("error parsing regexp");
    org.assertj.core.api.Assertions.assertThat(RelabelValidator.compileAnchored("f|o").matches("foo")).isFalse();
    org.assertj.core.api.Assertions.assertThat(RelabelValidator.compileAnchored("f.*").matches("foo")).isTrue();
  }
}
