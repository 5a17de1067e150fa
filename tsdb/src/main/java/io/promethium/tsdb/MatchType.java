package io.promethium.tsdb;

/** The four label matcher operators of PromQL and the remote-read protocol. */
public enum MatchType {
  EQUAL("="),
  NOT_EQUAL("!="),
  REGEX("=~"),
  NOT_REGEX("!~");

  private final String symbol;

  MatchType(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean isNegative() {
    return this == NOT_EQUAL || this == NOT_REGEX;
  }

  public boolean isRegex() {
    return this == REGEX || this == NOT_REGEX;
  }
}
