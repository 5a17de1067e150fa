package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusDurationTest {

  // Cases of Prometheus' model.ParseDuration / Duration.String round trip.
  @ParameterizedTest
  @CsvSource({
    "0, 0, 0s",
    "0s, 0, 0s",
    "324ms, 324, 324ms",
    "3s, 3000, 3s",
    "5m, 300000, 5m",
    "1h, 3600000, 1h",
    "4d, 345600000, 4d",
    "4d1h, 349200000, 4d1h",
    "14d, 1209600000, 2w",
    "3w, 1814400000, 3w",
    "1w5d, 1036800000, 12d",
    "15d, 1296000000, 15d",
    "1y1d, 31622400000, 366d",
    "10y, 315360000000, 10y",
    "1h30m, 5400000, 1h30m",
    "90m, 5400000, 1h30m",
    "500ms, 500, 500ms",
    "1y, 31536000000, 1y",
    "1m1s1ms, 61001, 1m1s1ms",
  })
  void parsesAndFormats(String in, long millis, String formatted) {
    Duration d = PrometheusDuration.parse(in);
    assertThat(d.toMillis()).isEqualTo(millis);
    assertThat(PrometheusDuration.format(d)).isEqualTo(formatted);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1.5h", "1s1h", "1m1m", "h", "-1s", "1 s", "1sec", "5mm", "1Y"})
  void rejectsWithPrometheusMessage(String in) {
    assertThatThrownBy(() -> PrometheusDuration.parse(in))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a valid duration string: \"" + in + "\"");
  }
}
