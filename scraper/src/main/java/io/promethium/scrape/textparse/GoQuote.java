package io.promethium.scrape.textparse;

/** Go's {@code %q} rendering of raw bytes, so error texts read exactly like Prometheus's. */
final class GoQuote {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoQuote() {}

  static String quote(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from + 2);
    sb.append('"');
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        appendAscii(sb, c);
        i++;
        continue;
      }
      int n = Utf8.sequenceLength(b, i, to);
      if (n <= 0) {
        sb.append("\\x").append(HEX[c >>> 4]).append(HEX[c & 15]);
        i++;
      } else {
        sb.append(new String(b, i, n, java.nio.charset.StandardCharsets.UTF_8));
        i += n;
      }
    }
    return sb.append('"').toString();
  }

  static String quote(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return quote(b, 0, b.length);
  }

  private static void appendAscii(StringBuilder sb, int c) {
    switch (c) {
      case '"' -> sb.append("\\\"");
      case '\\' -> sb.append("\\\\");
      case '\n' -> sb.append("\\n");
      case '\t' -> sb.append("\\t");
      case '\r' -> sb.append("\\r");
      case 7 -> sb.append("\\a");
      case 8 -> sb.append("\\b");
      case 12 -> sb.append("\\f");
      case 11 -> sb.append("\\v");
      default -> {
        if (c < 0x20 || c == 0x7f) {
          sb.append("\\x").append(HEX[c >>> 4]).append(HEX[c & 15]);
        } else {
          sb.append((char) c);
        }
      }
    }
  }
}
