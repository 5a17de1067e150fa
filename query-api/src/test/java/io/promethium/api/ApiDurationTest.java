package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiDurationTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "15|15000000000",
      "15.5|15500000000",
      "0.5|500000000",
      "0.0001|100000",
      "-1|-1000000000",
      "0|0",
      "1m|60000000000",
      "1m0s|60000000000",
      "1m30s|90000000000",
      "1h|3600000000000",
      "2d|172800000000000",
      "1w|604800000000000",
      "1y|31536000000000000",
      "100ms|100000000",
      "1s500ms|1500000000",
  })
  void parses(String in, long expectedNanos) {
    assertThat(ApiDuration.parseNanos(in)).isEqualTo(expectedNanos);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1ns", "", "1.5m", "5m1h", "1x", "m", "1mm", "-1m", "1e400"})
  void rejects(String in) {
    String suffix = in.equals("1e400") ? " to a valid duration. It overflows int64" : " to a valid duration";
    assertThatThrownBy(() -> ApiDuration.parseNanos(in)).hasMessage("cannot parse \"" + in + "\"" + suffix);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"0|0s", "15000|15s", "90000|1m30s", "1296000000|15d", "100|100ms"})
  void formats(long ms, String expected) {
    assertThat(ApiDuration.format(ms)).isEqualTo(expected);
  }
}
