package io.promethium.scrape;

/** Go's {@code net.SplitHostPort} acceptance rules, which decide whether Prometheus 2.x adds a default port. */
final class HostPort {
  private HostPort() {}

  /** True when {@code s} splits into host and port (the port may be empty, as in Go). */
  static boolean splits(String s) {
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return false;
      }
      if (close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        return false;
      }
      String rest = s.substring(close + 2);
      return rest.indexOf(':') < 0 && s.indexOf('[', 1) < 0 && s.indexOf(']', close + 1) < 0;
    }
    int last = s.lastIndexOf(':');
    if (last < 0) {
      return false;
    }
    String host = s.substring(0, last);
    return host.indexOf(':') < 0 && s.indexOf('[') < 0 && s.indexOf(']') < 0;
  }

  /** Whether appending a port would make {@code s} valid (so it simply lacks one). */
  static boolean needsPort(String s) {
    return !splits(s) && splits(s + ":1234");
  }
}
