package io.promethium.server;

import io.promethium.config.PrometheusDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Flag values in Prometheus duration syntax ({@code 15d}, {@code 2m}, {@code 1h30m}). */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return PrometheusDuration.parse(value);
  }
}
