package io.promethium.server;

import io.promethium.config.ByteSize;
import picocli.CommandLine.ITypeConverter;

/** Flag values in Prometheus byte-size syntax ({@code 512MB}, {@code 10GB}); 0 disables. */
public final class ByteSizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    return ByteSize.parse(value);
  }
}
