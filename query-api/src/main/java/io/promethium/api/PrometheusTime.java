package io.promethium.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Time parameters as Prometheus's HTTP API reads them ({@code parseTime} in web/api/v1/api.go):
 * Unix seconds as a decimal float, rounded to milliseconds, or RFC 3339 with optional fractional
 * seconds, or the exact RFC 3339 strings of its minimum/maximum times. Results are milliseconds.
 */
public final class PrometheusTime {
  // Prometheus's minTime/maxTime: the widest instants whose milliseconds fit in an int64 after
  // shifting by Go's zero-time offset (62135596801 s).
  private static final long MIN_SECONDS = Long.MIN_VALUE / 1000 + 62135596801L;
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1000 - 62135596801L;

  /** {@code minTime} in milliseconds: the default {@code start} of metadata endpoints. */
  public static final long MIN_TIME_MS = MIN_SECONDS * 1000;

  /** {@code maxTime} in milliseconds: the default {@code end} of metadata endpoints. */
  public static final long MAX_TIME_MS = MAX_SECONDS * 1000 + 999;

  /** Go's RFC3339Nano rendering of minTime/maxTime, which clients may echo back. */
  public static final String MIN_TIME_FORMATTED = formatRfc3339(MIN_SECONDS, 0);
  public static final String MAX_TIME_FORMATTED = formatRfc3339(MAX_SECONDS, 999_999_999);

  private PrometheusTime() {}

  /**
   * Parses a timestamp to milliseconds.
   *
   * @throws IllegalArgumentException with Prometheus's message {@code cannot parse "x" to a valid timestamp}
   */
  public static long parse(String s) {
    if (isDecimalFloat(s)) {
      double t = Double.parseDouble(s);
      double whole = t < 0 ? Math.ceil(t) : Math.floor(t);
      double frac = t - whole;
      // Go: math.Round(frac*1000)/1000, i.e. half away from zero.
      double fracMs = Math.copySign(Math.floor(Math.abs(frac * 1000) + 0.5), frac);
      if (whole >= 9.2e15 || whole <= -9.2e15) {
        return whole > 0 ? Long.MAX_VALUE : Long.MIN_VALUE; // saturate where Go's int64 math would wrap
      }
      return (long) whole * 1000 + (long) fracMs;
    }
    try {
      OffsetDateTime odt = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return odt.toEpochSecond() * 1000 + odt.getNano() / 1_000_000;
    } catch (DateTimeParseException e) {
      // fall through to the boundary strings and the error below
    }
    if (s.equals(MIN_TIME_FORMATTED)) {
      return MIN_TIME_MS;
    }
    if (s.equals(MAX_TIME_FORMATTED)) {
      return MAX_TIME_MS;
    }
    throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid timestamp");
  }

  /** RFC 3339 with nanoseconds, trailing zeros trimmed, as Go's {@code time.RFC3339Nano} in UTC. */
  public static String formatRfc3339(long epochSeconds, int nanos) {
    long days = Math.floorDiv(epochSeconds, 86400);
    long secOfDay = Math.floorMod(epochSeconds, 86400);
    // Howard Hinnant's civil_from_days, valid far beyond java.time's year range.
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) {
      y++;
    }
    StringBuilder sb = new StringBuilder(40);
    if (y < 0) {
      sb.append('-');
      y = -y;
    }
    pad(sb, y, 4).append('-');
    pad(sb, m, 2).append('-');
    pad(sb, d, 2).append('T');
    pad(sb, secOfDay / 3600, 2).append(':');
    pad(sb, secOfDay / 60 % 60, 2).append(':');
    pad(sb, secOfDay % 60, 2);
    if (nanos != 0) {
      String n = Integer.toString(1_000_000_000 + nanos).substring(1);
      int end = n.length();
      while (n.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(n, 0, end);
    }
    return sb.append('Z').toString();
  }

  /** Go's RFC3339Nano rendering of an instant (nanoseconds kept, trailing zeros trimmed). */
  public static String formatInstant(java.time.Instant t) {
    return formatRfc3339(t.getEpochSecond(), t.getNano());
  }

  /** RFC 3339 rendering of a millisecond timestamp. */
  public static String formatRfc3339Millis(long ms) {
    return formatRfc3339(Math.floorDiv(ms, 1000), (int) Math.floorMod(ms, 1000) * 1_000_000);
  }

  private static StringBuilder pad(StringBuilder sb, long v, int width) {
    String s = Long.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  /** What Go's strconv.ParseFloat accepts in decimal form; Java's parser is laxer (whitespace, "1d"). */
  static boolean isDecimalFloat(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
