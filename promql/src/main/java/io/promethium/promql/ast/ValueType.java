package io.promethium.promql.ast;

/** The four PromQL value types, named as Prometheus names them in error messages. */
public enum ValueType {
  SCALAR("scalar"),
  VECTOR("instant vector"),
  MATRIX("range vector"),
  STRING("string");

  private final String text;

  ValueType(String text) {
    this.text = text;
  }

  /** The name used in messages and in the HTTP API's resultType ("vector", "matrix"...). */
  public String text() {
    return text;
  }

  public String apiName() {
    return switch (this) {
      case SCALAR -> "scalar";
      case VECTOR -> "vector";
      case MATRIX -> "matrix";
      case STRING -> "string";
    };
  }
}
