package io.promethium.config;

/**
 * A configuration that Prometheus would reject. The message uses Prometheus' wording, prefixed
 * with {@code line N: } when the offending YAML node is known.
 */
public class ConfigException extends RuntimeException {

  private final int line;

  public ConfigException(String message) {
    super(message);
    this.line = 0;
  }

  public ConfigException(int line, String message) {
    super(line > 0 ? "line " + line + ": " + message : message);
    this.line = line;
  }

  public ConfigException(int line, String message, Throwable cause) {
    super(line > 0 ? "line " + line + ": " + message : message, cause);
    this.line = line;
  }

  private ConfigException(String fullMessage, int line, Throwable cause) {
    super(fullMessage, cause);
    this.line = line;
  }

  /** The same error prefixed with {@code parsing YAML file <file>: }, as Prometheus reports it. */
  public ConfigException inFile(String file) {
    return new ConfigException("parsing YAML file " + file + ": " + getMessage(), line, this);
  }

  /** 1-based line of the offending YAML node, or 0 when unknown. */
  public int line() {
    return line;
  }

}
