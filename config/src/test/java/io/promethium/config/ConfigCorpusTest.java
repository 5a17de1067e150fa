package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Prometheus 2.42's {@code config/testdata}: every {@code *.good.yml} (and the agent-mode files,
 * which are valid server configs too) loads; every {@code *.bad.yml} is rejected with an error
 * containing upstream's expected text ({@code expected-errors.tsv}).
 */
class ConfigCorpusTest {

  static Path corpusDir() {
    try {
      return Path.of(ConfigCorpusTest.class.getResource("/prometheus-config/testdata").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> expectedErrors() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Path tsv = corpusDir().resolveSibling("expected-errors.tsv");
    for (String line : Files.readAllLines(tsv)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      out.put(line.substring(0, tab), line.substring(tab + 1));
    }
    return out;
  }

  static List<Path> files(String suffix) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(corpusDir())) {
      s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(out::add);
    }
    return out;
  }

  @TestFactory
  List<DynamicTest> goodFilesLoad() throws IOException {
    List<Path> good = new ArrayList<>(files(".good.yml"));
    for (Path p : files(".yml")) {
      if (p.getFileName().toString().startsWith("agent_mode.") && !good.contains(p)) {
        good.add(p);
      }
    }
    assertThat(good).hasSize(21);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path p : good) {
      tests.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
        PrometheusConfig c = ConfigLoader.load(p);
        assertThat(c.originalYaml()).isEqualTo(Files.readString(p));
      }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> badFilesAreRejectedWithPrometheusMessage() throws IOException {
    Map<String, String> expected = expectedErrors();
    List<Path> bad = files(".bad.yml");
    bad.removeIf(p -> p.getFileName().toString().equals("static_config.bad.yml"));
    assertThat(bad).hasSize(expected.size());
    List<DynamicTest> tests = new ArrayList<>();
    for (Path p : bad) {
      String name = p.getFileName().toString();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        String want = expected.get(name);
        assertThat(want).as("expected error for " + name).isNotNull();
        try {
          ConfigLoader.load(p);
          fail(name + " loaded but Prometheus rejects it with: " + want);
        } catch (ConfigException e) {
          assertThat(e.getMessage()).contains(want).startsWith("parsing YAML file " + p);
          assertThat(e.line()).as("line of " + name).isPositive();
        }
      }));
    }
    return tests;
  }

  @Test
  void targetGroupFilesWithInvalidLabelNameAreRejected() throws IOException {
    for (String f : List.of("static_config.bad.yml", "static_config.bad.json")) {
      String text = Files.readString(corpusDir().resolve(f));
      assertThatThrownBy(() -> ConfigLoader.loadTargetGroup(text))
          .as(f)
          .isInstanceOf(ConfigException.class)
          .hasMessageMatching("line \\d+: \"(oops:this-label-is-invalid|not:valid_label)\" is not a valid label name");
    }
  }
}
