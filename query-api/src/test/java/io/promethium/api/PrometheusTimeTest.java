package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTimeTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1795313184|1795313184000",
      "1.5|1500",
      "0.25|250",
      "-1.5|-1500",
      "1e3|1000000",
      "1795313184.7811|1795313184781",
      "1795313184.7816|1795313184782",
      "2026-11-22T00:00:00.5Z|1795305600500",
      "2026-11-22T00:00:00Z|1795305600000",
      "2026-11-22T01:00:00+01:00|1795305600000",
      "1970-01-01T00:00:00.123456789Z|123",
      // Grafana's exemplar probe sends milliseconds where seconds are expected (capture 55)
      "1795311997000|1795311997000000",
  })
  void parsesLikePrometheus(String in, long expectedMs) {
    assertThat(PrometheusTime.parse(in)).isEqualTo(expectedMs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", " 1", "1d", "0x10", "Infinity", "NaN", "1.", "2026-11-22"})
  void rejectsWithPrometheusMessage(String in) {
    // "1." is accepted by Go; everything else here is rejected by Prometheus too.
    if (in.equals("1.")) {
      assertThat(PrometheusTime.parse(in)).isEqualTo(1000);
      return;
    }
    assertThatThrownBy(() -> PrometheusTime.parse(in))
        .hasMessage("cannot parse \"" + in + "\" to a valid timestamp");
  }

  @Test
  void minAndMaxTimesMatchPrometheus() {
    // web/api/v1/api.go: minTime/maxTime and their RFC 3339 renderings (api_test.go uses them too)
    assertThat(PrometheusTime.MIN_TIME_MS).isEqualTo(-9223309901257974000L);
    assertThat(PrometheusTime.MAX_TIME_MS).isEqualTo(9223309901257974999L);
    assertThat(PrometheusTime.MIN_TIME_FORMATTED).isEqualTo("-292273086-05-16T16:47:06Z");
    assertThat(PrometheusTime.MAX_TIME_FORMATTED).isEqualTo("292277025-08-18T07:12:54.999999999Z");
    assertThat(PrometheusTime.parse(PrometheusTime.MIN_TIME_FORMATTED)).isEqualTo(PrometheusTime.MIN_TIME_MS);
    assertThat(PrometheusTime.parse(PrometheusTime.MAX_TIME_FORMATTED)).isEqualTo(PrometheusTime.MAX_TIME_MS);
  }

  @Test
  void formatsRfc3339LikeGo() {
    assertThat(PrometheusTime.formatRfc3339Millis(1795313188228L)).isEqualTo("2026-11-22T02:06:28.228Z");
    assertThat(PrometheusTime.formatRfc3339Millis(1795313188000L)).isEqualTo("2026-11-22T02:06:28Z");
    assertThat(PrometheusTime.formatRfc3339Millis(1795313188200L)).isEqualTo("2026-11-22T02:06:28.2Z");
    assertThat(PrometheusTime.formatRfc3339Millis(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
  }
}
