package io.promethium.server.compat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code compat/known-differences.txt}: queries whose results still differ from Prometheus 2.42,
 * one per line as {@code <suite><TAB><query as in the corpus file><TAB><reason>}. It is the spec of
 * remaining work: a difference not listed fails the build, a listed one that is gone is reported.
 */
final class KnownDifferences {
  private final Map<String, String> reasons = new LinkedHashMap<>();

  static KnownDifferences load() throws IOException {
    KnownDifferences k = new KnownDifferences();
    try (InputStream in = KnownDifferences.class.getResourceAsStream("/compat/known-differences.txt")) {
      if (in == null) {
        throw new IOException("compat/known-differences.txt missing from the test classpath");
      }
      int n = 0;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 3 || f[2].isBlank()) {
          throw new IOException("known-differences.txt line " + n + ": want <suite>TAB<query>TAB<reason>");
        }
        k.reasons.put(key(f[0], f[1]), f[2]);
      }
    }
    return k;
  }

  static String key(String suite, String query) {
    return suite + "\t" + query;
  }

  /** The documented reason, or null when this query is expected to match Prometheus. */
  String reason(String suite, String query) {
    return reasons.get(key(suite, query));
  }

  Map<String, String> all() {
    return reasons;
  }
}
