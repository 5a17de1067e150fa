package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0, 0B",
    "100B, 100, 100B",
    "1KB, 1024, 1KiB",
    "1KiB, 1024, 1KiB",
    "10MB, 10485760, 10MiB",
    "1GB, 1073741824, 1GiB",
    "2TB, 2199023255552, 2TiB",
    "1PB, 1125899906842624, 1PiB",
    "1EB, 1152921504606846976, 1EiB",
    "1MB512KB, 1572864, 1MiB512KiB",
    "1.5KB, 1536, 1KiB512B",
  })
  void parsesBase2AndFormats(String in, long bytes, String formatted) {
    assertThat(ByteSize.parse(in)).isEqualTo(bytes);
    assertThat(ByteSize.format(bytes)).isEqualTo(formatted);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "100|units: unknown unit  in 100",
    "10XB|units: unknown unit XB in 10XB",
    "10mb|units: unknown unit mb in 10mb",
  })
  void rejectsUnknownUnits(String in, String message) {
    assertThatThrownBy(() -> ByteSize.parse(in)).hasMessage(message);
  }
}
