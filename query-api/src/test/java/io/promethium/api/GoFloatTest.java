package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {
  /** Expected strings are Go's strconv output; the first rows are the 2.42 captures 06/07/58. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1e-7|1e-07",
      "1e21|1e+21",
      "123456.789|123456.789",
      "0.30000000000000004|0.30000000000000004",
      "-0.0|-0",
      "1.5|1.5",
      "2|2",
      "0.19999999999999998|0.19999999999999998",
      "Infinity|+Inf",
      "-Infinity|-Inf",
      "NaN|NaN",
      "0|0",
      "1e-6|0.000001",
      "9.99e-7|9.99e-07",
      "1e20|100000000000000000000",
      "1.2345678901234568e17|123456789012345680",
      "1e15|1000000000000000",
      "1.7976931348623157e308|1.7976931348623157e+308",
      "4.9e-324|5e-324",
      "-1e-7|-1e-07",
      "-123.25|-123.25",
      "0.1|0.1",
      "1795313184.5|1795313184.5",
      "2.5e-5|0.000025",
      "1.25e22|1.25e+22",
  })
  void jsonMatchesGo(String in, String expected) {
    assertThat(GoFloat.json(Double.parseDouble(in))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1|1",
      "0.5|0.5",
      "123456|123456",
      "1000000|1e+06",
      "1500000|1.5e+06",
      "1234567.5|1.2345675e+06",
      "0.0001|0.0001",
      "0.00001|1e-05",
      "-2.5|-2.5",
      "1e21|1e+21",
      "Infinity|+Inf",
      "NaN|NaN",
      "1.7976931348623157e308|1.7976931348623157e+308",
  })
  void expositionMatchesGoG(String in, String expected) {
    assertThat(GoFloat.exposition(Double.parseDouble(in))).isEqualTo(expected);
  }
}
