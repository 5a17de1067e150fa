package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiJsonTest {
  /** Timestamps as Prometheus's marshalPointJSON writes them; values as jsonutil.MarshalValue. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1795313184000|1|[1795313184,\"1\"]",
      "1500|1.5|[1.500,\"1.5\"]",
      "250|-3|[0.250,\"-3\"]",
      "1795313098730|0|[1795313098.730,\"0\"]",
      "1795313098001|-0.0|[1795313098.001,\"-0\"]",
      "-1500|1e21|[-1.500,\"1e+21\"]",
      "-5|NaN|[-0.005,\"NaN\"]",
      "0|Infinity|[0,\"+Inf\"]",
      "999|-Infinity|[0.999,\"-Inf\"]",
      "1000|123456789012345|[1,\"123456789012345\"]",
      "1000|1234567890123456|[1,\"1234567890123456\"]",
      "1000|0.1|[1,\"0.1\"]",
  })
  void writesPointsLikePrometheus(long t, double v, String expected) throws Exception {
    ApiJson json = ApiJson.success();
    ApiJson.writePoint(json.gen(), t, v);
    Buffer b = json.finish(List.of());
    assertThat(b.toString()).isEqualTo("{\"status\":\"success\",\"data\":" + expected + "}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1795313184000|1795313184", "1500|1.500", "-1500|-1.500", "7|0.007"})
  void timestampStringMatchesStreamedForm(long t, String expected) {
    assertThat(ApiJson.timestampString(t)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void warningsOnlyWhenPresent() throws Exception {
    ApiJson json = ApiJson.success();
    json.gen().writeString("x");
    assertThat(json.finish(List.of("partial data")).toString())
        .isEqualTo("{\"status\":\"success\",\"data\":\"x\",\"warnings\":[\"partial data\"]}");
    assertThat(ApiJson.error(ErrorType.TIMEOUT, "t").toString())
        .isEqualTo("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"t\"}");
  }
}
