package io.promethium.config;

import java.util.List;

/**
 * One entry of {@code relabel_configs} / {@code metric_relabel_configs}, after defaults and
 * validation. {@code regex} is the user's expression, unanchored (it is anchored as
 * {@code ^(?:regex)$} when compiled); the relabel engine compiles it once per config.
 * Defaults: separator {@code ;}, regex {@code (.*)}, replacement {@code $1}, action replace.
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    String regex,
    long modulus,
    String targetLabel,
    String replacement,
    RelabelAction action) {

  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REGEX = "(.*)";
  public static final String DEFAULT_REPLACEMENT = "$1";

  public RelabelConfig {
    sourceLabels = List.copyOf(sourceLabels);
  }
}
