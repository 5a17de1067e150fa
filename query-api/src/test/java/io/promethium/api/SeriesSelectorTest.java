package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.tsdb.Matcher;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesSelectorTest {
  /** Matchers rendered with Matcher.toString, joined by ";". */
  @ParameterizedTest
  @CsvSource(delimiterString = " => ", value = {
      "up => __name__=\"up\"",
      "  up   => __name__=\"up\"",
      "{job=\"a\"} => job=\"a\"",
      "up{job=~\"a|b\",env!=\"x\"} => __name__=\"up\";job=~\"a|b\";env!=\"x\"",
      "{__name__=\"x\", job!~'y.*'} => __name__=\"x\";job!~\"y.*\"",
      "{a=`raw\\n`} => a=\"raw\\\\n\"",
      "{a=\"q\\\"uote\"} => a=\"q\\\"uote\"",
      "{a=\"b\",} => a=\"b\"",
      "job:up:sum{ a = \"1\" } => __name__=\"job:up:sum\";a=\"1\"",
      "{} => ''",
      "up{__name__=\"x\"} => __name__=\"up\";__name__=\"x\"",
  })
  void parses(String in, String expected) {
    Matcher[] ms = SeriesSelector.parse(in);
    String rendered = String.join(";", Arrays.stream(ms).map(Matcher::toString).toList());
    assertThat(rendered).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "up{|1:4: parse error: unexpected end of input inside braces",
      "up{a=\"b\"} x|1:11: parse error: unexpected identifier \"x\"",
      "{a=\"b|1:4: parse error: unterminated quoted string",
      "{a~\"b\"}|1:3: parse error: unexpected character inside braces: '~'",
      "up{a=~\"(\"}|1:4: parse error: error parsing regexp: missing closing ): `^(?:()$`",
      "''|1:1: parse error: unexpected end of input",
  })
  void rejects(String in, String message) {
    assertThatThrownBy(() -> SeriesSelector.parse(in)).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"up|true", "{a=\"\"}|false", "{a=~\".*\"}|false", "{a=~\".+\"}|true",
      "{a!=\"\"}|true", "{}|false"})
  void nonEmptyMatcherRule(String in, boolean expected) {
    assertThat(SeriesSelector.hasNonEmptyMatcher(SeriesSelector.parse(in))).isEqualTo(expected);
  }
}
