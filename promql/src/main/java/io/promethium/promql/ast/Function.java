package io.promethium.promql.ast;

import static io.promethium.promql.ast.ValueType.MATRIX;
import static io.promethium.promql.ast.ValueType.SCALAR;
import static io.promethium.promql.ast.ValueType.STRING;
import static io.promethium.promql.ast.ValueType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions of Prometheus 2.42 (float samples) with their signatures. {@code variadic} as in
 * Prometheus: 0 = exactly the listed arguments; n &gt; 0 = the last listed argument is optional and
 * may occur up to n times; -1 = the last listed argument may repeat without limit.
 */
public enum Function {
  ABS("abs", VECTOR, 0, VECTOR),
  ABSENT("absent", VECTOR, 0, VECTOR),
  ABSENT_OVER_TIME("absent_over_time", VECTOR, 0, MATRIX),
  ACOS("acos", VECTOR, 0, VECTOR),
  ACOSH("acosh", VECTOR, 0, VECTOR),
  ASIN("asin", VECTOR, 0, VECTOR),
  ASINH("asinh", VECTOR, 0, VECTOR),
  ATAN("atan", VECTOR, 0, VECTOR),
  ATANH("atanh", VECTOR, 0, VECTOR),
  AVG_OVER_TIME("avg_over_time", VECTOR, 0, MATRIX),
  CEIL("ceil", VECTOR, 0, VECTOR),
  CHANGES("changes", VECTOR, 0, MATRIX),
  CLAMP("clamp", VECTOR, 0, VECTOR, SCALAR, SCALAR),
  CLAMP_MAX("clamp_max", VECTOR, 0, VECTOR, SCALAR),
  CLAMP_MIN("clamp_min", VECTOR, 0, VECTOR, SCALAR),
  COS("cos", VECTOR, 0, VECTOR),
  COSH("cosh", VECTOR, 0, VECTOR),
  COUNT_OVER_TIME("count_over_time", VECTOR, 0, MATRIX),
  DAYS_IN_MONTH("days_in_month", VECTOR, 1, VECTOR),
  DAY_OF_MONTH("day_of_month", VECTOR, 1, VECTOR),
  DAY_OF_WEEK("day_of_week", VECTOR, 1, VECTOR),
  DAY_OF_YEAR("day_of_year", VECTOR, 1, VECTOR),
  DEG("deg", VECTOR, 0, VECTOR),
  DELTA("delta", VECTOR, 0, MATRIX),
  DERIV("deriv", VECTOR, 0, MATRIX),
  EXP("exp", VECTOR, 0, VECTOR),
  FLOOR("floor", VECTOR, 0, VECTOR),
  HISTOGRAM_QUANTILE("histogram_quantile", VECTOR, 0, SCALAR, VECTOR),
  HOLT_WINTERS("holt_winters", VECTOR, 0, MATRIX, SCALAR, SCALAR),
  HOUR("hour", VECTOR, 1, VECTOR),
  IDELTA("idelta", VECTOR, 0, MATRIX),
  INCREASE("increase", VECTOR, 0, MATRIX),
  IRATE("irate", VECTOR, 0, MATRIX),
  LABEL_REPLACE("label_replace", VECTOR, 0, VECTOR, STRING, STRING, STRING, STRING),
  LABEL_JOIN("label_join", VECTOR, -1, VECTOR, STRING, STRING, STRING),
  LAST_OVER_TIME("last_over_time", VECTOR, 0, MATRIX),
  LN("ln", VECTOR, 0, VECTOR),
  LOG10("log10", VECTOR, 0, VECTOR),
  LOG2("log2", VECTOR, 0, VECTOR),
  MAX_OVER_TIME("max_over_time", VECTOR, 0, MATRIX),
  MIN_OVER_TIME("min_over_time", VECTOR, 0, MATRIX),
  MINUTE("minute", VECTOR, 1, VECTOR),
  MONTH("month", VECTOR, 1, VECTOR),
  PI("pi", SCALAR, 0),
  PREDICT_LINEAR("predict_linear", VECTOR, 0, MATRIX, SCALAR),
  PRESENT_OVER_TIME("present_over_time", VECTOR, 0, MATRIX),
  QUANTILE_OVER_TIME("quantile_over_time", VECTOR, 0, SCALAR, MATRIX),
  RAD("rad", VECTOR, 0, VECTOR),
  RATE("rate", VECTOR, 0, MATRIX),
  RESETS("resets", VECTOR, 0, MATRIX),
  ROUND("round", VECTOR, 1, VECTOR, SCALAR),
  SCALAR_FN("scalar", SCALAR, 0, VECTOR),
  SGN("sgn", VECTOR, 0, VECTOR),
  SIN("sin", VECTOR, 0, VECTOR),
  SINH("sinh", VECTOR, 0, VECTOR),
  SORT("sort", VECTOR, 0, VECTOR),
  SORT_DESC("sort_desc", VECTOR, 0, VECTOR),
  SQRT("sqrt", VECTOR, 0, VECTOR),
  STDDEV_OVER_TIME("stddev_over_time", VECTOR, 0, MATRIX),
  STDVAR_OVER_TIME("stdvar_over_time", VECTOR, 0, MATRIX),
  SUM_OVER_TIME("sum_over_time", VECTOR, 0, MATRIX),
  TAN("tan", VECTOR, 0, VECTOR),
  TANH("tanh", VECTOR, 0, VECTOR),
  TIME("time", SCALAR, 0),
  TIMESTAMP("timestamp", VECTOR, 0, VECTOR),
  VECTOR_FN("vector", VECTOR, 0, SCALAR),
  YEAR("year", VECTOR, 1, VECTOR);

  private static final Map<String, Function> BY_NAME = new HashMap<>();

  static {
    for (Function f : values()) {
      BY_NAME.put(f.fname, f);
    }
  }

  private final String fname;
  private final ValueType returnType;
  private final int variadic;
  private final List<ValueType> argTypes;

  Function(String name, ValueType returnType, int variadic, ValueType... argTypes) {
    this.fname = name;
    this.returnType = returnType;
    this.variadic = variadic;
    this.argTypes = List.of(argTypes);
  }

  /** The function with this exact (case-sensitive) name, or null. */
  public static Function byName(String name) {
    return BY_NAME.get(name);
  }

  public String functionName() {
    return fname;
  }

  public ValueType returnType() {
    return returnType;
  }

  public int variadic() {
    return variadic;
  }

  public List<ValueType> argTypes() {
    return argTypes;
  }

  /**
   * Functions whose result depends on the evaluation time itself (Prometheus's
   * AtModifierUnsafeFunctions): pinning their selectors with {@code @} does not make them step-invariant.
   */
  public boolean isAtModifierUnsafe() {
    return this == PREDICT_LINEAR || this == TIME || this == TIMESTAMP || this == DAYS_IN_MONTH || this == DAY_OF_MONTH || this == DAY_OF_WEEK
        || this == DAY_OF_YEAR || this == HOUR || this == MINUTE || this == MONTH || this == YEAR;
  }
}
