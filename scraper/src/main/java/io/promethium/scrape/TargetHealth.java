package io.promethium.scrape;

/** Health of a target as {@code /api/v1/targets} reports it. */
public enum TargetHealth {
  UNKNOWN("unknown"),
  UP("up"),
  DOWN("down");

  private final String text;

  TargetHealth(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
