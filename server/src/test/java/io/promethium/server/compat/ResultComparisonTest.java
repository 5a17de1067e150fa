package io.promethium.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the compatibility harness counts as the same answer (METHOD.md §3, tolerance 1e-9). */
class ResultComparisonTest {
  private static final ResultComparison COMPARE = new ResultComparison(1e-9);

  private static JsonObject vector(String elements) {
    return new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + elements + "]}}");
  }

  private static JsonObject matrix(String elements) {
    return new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + elements + "]}}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      same value                     | {"metric":{"a":"1"},"value":[10,"1.5"]}  | {"metric":{"a":"1"},"value":[10,"1.5"]}  | true
      within 1e-9 relative           | {"metric":{},"value":[10,"1000000"]}     | {"metric":{},"value":[10,"1000000.0001"]} | true
      outside 1e-9 relative          | {"metric":{},"value":[10,"1000000"]}     | {"metric":{},"value":[10,"1000000.01"]}  | false
      NaN equals NaN                 | {"metric":{},"value":[10,"NaN"]}         | {"metric":{},"value":[10,"NaN"]}         | true
      NaN differs from a number      | {"metric":{},"value":[10,"NaN"]}         | {"metric":{},"value":[10,"0"]}           | false
      +Inf only equals +Inf          | {"metric":{},"value":[10,"+Inf"]}        | {"metric":{},"value":[10,"1e308"]}       | false
      timestamps must be identical   | {"metric":{},"value":[10,"1"]}           | {"metric":{},"value":[10.001,"1"]}       | false
      __name__ is part of the labels | {"metric":{"__name__":"up"},"value":[10,"1"]} | {"metric":{},"value":[10,"1"]}     | false
      series order is ignored        | {"metric":{"a":"1"},"value":[10,"1"]},{"metric":{"a":"2"},"value":[10,"2"]} | {"metric":{"a":"2"},"value":[10,"2"]},{"metric":{"a":"1"},"value":[10,"1"]} | true
      a missing series counts        | {"metric":{"a":"1"},"value":[10,"1"]},{"metric":{"a":"2"},"value":[10,"2"]} | {"metric":{"a":"1"},"value":[10,"1"]} | false
      """)
  void vectors(String name, String ref, String test, boolean same) {
    assertThat(COMPARE.difference(vector(ref), vector(test), "x", true) == null).as(name).isEqualTo(same);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      same points           | {"metric":{"a":"1"},"values":[[10,"1"],[20,"2"]]} | {"metric":{"a":"1"},"values":[[10,"1"],[20,"2"]]} | true
      a missing point       | {"metric":{"a":"1"},"values":[[10,"1"],[20,"2"]]} | {"metric":{"a":"1"},"values":[[20,"2"]]}          | false
      a shifted point       | {"metric":{"a":"1"},"values":[[10,"1"],[20,"2"]]} | {"metric":{"a":"1"},"values":[[10,"1"],[21,"2"]]} | false
      """)
  void matrices(String name, String ref, String test, boolean same) {
    assertThat(COMPARE.difference(matrix(ref), matrix(test), "x", false) == null).as(name).isEqualTo(same);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      sort keeps order          | sort(x)      | false
      sort_desc keeps order     | sort_desc(x) | false
      topk is compared as a set | topk(2, x)   | true
      """)
  void orderMattersOnlyForSort(String name, String query, boolean same) {
    JsonObject ascending = vector("{\"metric\":{\"a\":\"1\"},\"value\":[10,\"1\"]},{\"metric\":{\"a\":\"2\"},\"value\":[10,\"2\"]}");
    JsonObject descending = vector("{\"metric\":{\"a\":\"2\"},\"value\":[10,\"2\"]},{\"metric\":{\"a\":\"1\"},\"value\":[10,\"1\"]}");
    assertThat(COMPARE.difference(ascending, descending, query, true) == null).as(name).isEqualTo(same);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      both fail alike         | {"status":"error","errorType":"bad_data","error":"x"}  | {"status":"error","errorType":"bad_data","error":"y"} | true
      different errorType     | {"status":"error","errorType":"bad_data","error":"x"}  | {"status":"error","errorType":"execution","error":"x"} | false
      only ours fails         | {"status":"success","data":{"resultType":"scalar","result":[10,"1"]}} | {"status":"error","errorType":"execution","error":"x"} | false
      scalar vs vector        | {"status":"success","data":{"resultType":"scalar","result":[10,"1"]}} | {"status":"success","data":{"resultType":"vector","result":[]}} | false
      same scalar             | {"status":"success","data":{"resultType":"scalar","result":[10,"1"]}} | {"status":"success","data":{"resultType":"scalar","result":[10,"1"]}} | true
      """)
  void statusAndTypes(String name, String ref, String test, boolean same) {
    assertThat(COMPARE.difference(new JsonObject(ref), new JsonObject(test), "x", true) == null).as(name).isEqualTo(same);
  }
}
