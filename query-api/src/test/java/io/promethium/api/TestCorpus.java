package io.promethium.api;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Reference files copied into src/test/resources/corpus (see its README.md). */
final class TestCorpus {
  private TestCorpus() {}

  static Path path(String relative) {
    URL url = TestCorpus.class.getResource("/corpus/" + relative);
    if (url == null) {
      throw new IllegalStateException("missing test resource corpus/" + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
