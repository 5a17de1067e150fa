package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kubernetes label/field selector strings in {@code kubernetes_sd_configs.selectors}. */
class KubernetesSelectorSyntaxTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "app=web", "app==web", "app!=web", "app=", "example.com/app=web",
      "app in (a, b)", "app in (a,b),tier notin (cache)", "!canary", "canary", "a=b,!c,d in (e)",
      "environment notin (prod, qa)", "group in (group1)"})
  void validLabelSelectors(String s) {
    assertThatCode(() -> KubernetesSelectorSyntax.checkLabelSelector(s)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"app in ()", "app in (a", "app in a", "app=b c", "a=b,", "=b", "app=we$b",
      "app ~ web"})
  void invalidLabelSelectors(String s) {
    assertThatThrownBy(() -> KubernetesSelectorSyntax.checkLabelSelector(s))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unable to parse requirement: ")
        .hasMessageEndingWith("in label selector '" + s + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "metadata.name=x", "spec.nodeName==n1", "status.phase!=Running",
      "metadata.name=x,spec.nodeName=y", "a=b,"})
  void validFieldSelectors(String s) {
    assertThatCode(() -> KubernetesSelectorSyntax.checkFieldSelector(s)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"metadata.status-Running", "a=b,c"})
  void invalidFieldSelectors(String s) {
    assertThatThrownBy(() -> KubernetesSelectorSyntax.checkFieldSelector(s))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid selector: '" + s + "'; can't understand '");
  }
}
