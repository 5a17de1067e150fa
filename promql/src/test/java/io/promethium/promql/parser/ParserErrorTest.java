package io.promethium.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parse and type errors, table-driven from {@code parser/errors-2.42.tsv}: each row is a query and
 * the exact error Prometheus 2.42.0 prints for it (captured with {@code promtool check rules}). A
 * third column, where present, is our text for syntax errors that ANTLR words differently; the
 * position must still be Prometheus's.
 */
class ParserErrorTest {
  record Row(String query, String prometheus, String ours) {}

  @TestFactory
  Stream<DynamicTest> errorsMatchPrometheus() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/parser/errors-2.42.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        rows.add(new Row(cols[0], cols[1], cols.length > 2 ? cols[2] : null));
      }
    }
    return rows.stream().map(r -> DynamicTest.dynamicTest(r.query(), () -> check(r)));
  }

  private static void check(Row r) {
    if (r.prometheus().isEmpty()) {
      assertThat(QueryParser.parse(r.query())).isNotNull();
      return;
    }
    String want = r.ours() != null ? r.ours() : r.prometheus();
    String position = r.prometheus().substring(0, r.prometheus().indexOf(": parse error"));
    assertThatThrownBy(() -> QueryParser.parse(r.query()))
        .isInstanceOf(ParseException.class)
        .hasMessage(want)
        .hasMessageStartingWith(position + ": parse error: ");
  }
}
