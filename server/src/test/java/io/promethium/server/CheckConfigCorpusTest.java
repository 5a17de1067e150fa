package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * {@code promethium check config} over Prometheus 2.42's config test data (kept by the config
 * module): every good file passes with exit 0, every bad file listed with its expected error fails
 * with exit 1 and that error, as {@code promtool check config} would.
 */
class CheckConfigCorpusTest {
  static final Path CORPUS = Path.of("../config/src/test/resources/prometheus-config");

  @TestFactory
  Stream<DynamicTest> checkConfigAgreesWithTheCorpus() throws IOException {
    Map<String, String> expectedErrors = new HashMap<>();
    for (String line : Files.readAllLines(CORPUS.resolve("expected-errors.tsv"))) {
      if (!line.startsWith("#") && line.contains("\t")) {
        String[] f = line.split("\t", 2);
        expectedErrors.put(f[0], f[1]);
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS.resolve("testdata"))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".good.yml")) {
          tests.add(DynamicTest.dynamicTest(name, () -> {
            Run r = check(f);
            assertThat(r.code).as("stderr: %s", r.err).isZero();
            assertThat(r.out).contains(" SUCCESS: " + f + " is valid prometheus config file syntax");
          }));
        } else if (expectedErrors.containsKey(name)) {
          tests.add(DynamicTest.dynamicTest(name, () -> {
            Run r = check(f);
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).startsWith("  FAILED: ").contains(expectedErrors.get(name));
          }));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(100);
    return tests.stream();
  }

  record Run(int code, String out, String err) {}

  static Run check(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ServerCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("check", "config", file.toString());
    return new Run(code, out.toString(), err.toString());
  }
}
