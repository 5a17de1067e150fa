package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) and time.Duration.String() print. */
class GoFormatTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0", "1, 1", "-1, -1", "0.5, 0.5", "100000, 100000", "1000000, 1e+06", "1234567, 1.234567e+06",
    "123456789, 1.23456789e+08", "0.0001, 0.0001", "0.00001, 1e-05", "0.000012345, 1.2345e-05",
    "0.30000000000000004, 0.30000000000000004", "1.5e300, 1.5e+300", "NaN, NaN", "Infinity, +Inf", "-Infinity, -Inf",
    "12.25, 12.25", "999999, 999999"
  })
  void floatsAsGo(double v, String want) {
    StringBuilder sb = new StringBuilder();
    GoFormat.appendFloat(sb, v);
    assertThat(sb.toString()).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s", "300, 300ms", "1000, 1s", "1500, 1.5s", "15000, 15s", "60000, 1m0s", "90000, 1m30s",
    "3600000, 1h0m0s", "3723004, 1h2m3.004s", "1250, 1.25s"
  })
  void durationsAsGo(long ms, String want) {
    assertThat(GoFormat.duration(ms)).isEqualTo(want);
  }
}
