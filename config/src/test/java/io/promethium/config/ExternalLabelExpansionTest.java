package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream's TestExpandExternalLabels on external_labels.good.yml, with TEST unset and set. */
class ExternalLabelExpansionTest {

  private static PrometheusConfig load() throws IOException {
    return ConfigLoader.loadString(
        Files.readString(ConfigCorpusTest.corpusDir().resolve("external_labels.good.yml")));
  }

  @Test
  void withoutTheVariable() throws IOException {
    PrometheusConfig c = ExternalLabelExpansion.apply(load(), name -> null);
    assertThat(c.global().externalLabels()).isEqualTo(Map.of(
        "bar", "foo", "baz", "foobar", "foo", "", "qux", "foo${TEST}", "xyz", "foo$bar"));
  }

  @Test
  void withTheVariable() throws IOException {
    PrometheusConfig c = ExternalLabelExpansion.apply(load(), name -> name.equals("TEST") ? "TestValue" : null);
    assertThat(c.global().externalLabels()).isEqualTo(Map.of(
        "bar", "foo", "baz", "fooTestValuebar", "foo", "TestValue", "qux", "foo${TEST}", "xyz", "foo$bar"));
  }

  @Test
  void withoutExpansionValuesStayLiteral() throws IOException {
    assertThat(load().global().externalLabels()).containsEntry("foo", "${TEST}").containsEntry("xyz", "foo$$bar");
  }
}
