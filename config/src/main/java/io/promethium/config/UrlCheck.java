package io.promethium.config;

import java.net.URI;
import java.net.URISyntaxException;

/** URL fields: parsed leniently, like Go's {@code url.Parse}, which accepts most strings. */
final class UrlCheck {

  private UrlCheck() {}

  static URI parse(String url, int line) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigException(line, "parse \"" + url + "\": " + e.getReason(), e);
    }
  }

  /** Scheme of a URL ({@code ""} when there is none), the part before the first {@code :}. */
  static String scheme(String url) {
    int colon = url.indexOf(':');
    if (colon <= 0) {
      return "";
    }
    for (int i = 0; i < colon; i++) {
      char c = url.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return "";
      }
    }
    return url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
  }

  /** Host part of {@code scheme://host/...}, empty when absent. */
  static String host(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return "";
    }
    start += 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    int at = authority.lastIndexOf('@');
    return at >= 0 ? authority.substring(at + 1) : authority;
  }

  /** For HTTP-only URLs ({@code http_sd_configs}, {@code puppetdb_sd_configs}). */
  static void checkHttp(String url, int line) {
    String scheme = scheme(url);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException(line, "URL scheme must be 'http' or 'https'");
    }
    if (host(url).isEmpty()) {
      throw new ConfigException(line, "host is missing in URL");
    }
  }
}
