package io.promethium.server;

/**
 * A {@code --web.listen-address} value: {@code host:port}, {@code :port} (all interfaces, as in Go)
 * or {@code [v6]:port}.
 */
record ListenAddress(String host, int port) {
  static ListenAddress parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("address " + s + ": missing port in address");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address " + s + ": invalid port", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("address " + s + ": invalid port");
    }
    return new ListenAddress(host, port);
  }
}
