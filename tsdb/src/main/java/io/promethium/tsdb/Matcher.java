package io.promethium.tsdb;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A label matcher: {@code name op "value"}. Regexes are RE2 (re2j), fully anchored as Prometheus
 * anchors them ({@code ^(?:re)$}). Common regex shapes are answered without running the regex:
 * literals, alternations of literals, {@code prefix.*}, {@code .*} and {@code .+}.
 *
 * <p>As in Prometheus 2.x, {@code .} does not match a newline, so {@code .*} matches any value
 * without one.
 */
public final class Matcher {
  private enum Fast { NONE, LITERAL, SET, PREFIX, ANY, NON_EMPTY }

  private final MatchType type;
  private final String name;
  private final String value;
  private final Pattern pattern; // only for regex types without a complete fast path
  private final Fast fast;
  private final String[] set; // sorted; for SET
  private final String prefix; // for PREFIX

  private Matcher(MatchType type, String name, String value) {
    this.type = Objects.requireNonNull(type);
    this.name = Objects.requireNonNull(name);
    this.value = Objects.requireNonNull(value);
    if (!type.isRegex()) {
      fast = Fast.LITERAL;
      pattern = null;
      set = null;
      prefix = null;
      return;
    }
    Pattern p;
    try {
      p = Pattern.compile("^(?:" + value + ")$");
    } catch (PatternSyntaxException e) {
      throw new InvalidMatcherException("invalid regular expression " + quote(value) + ": " + e.getDescription(), e);
    }
    Fast f = Fast.NONE;
    String[] s = null;
    String pre = null;
    if (value.equals(".*")) {
      f = Fast.ANY;
    } else if (value.equals(".+")) {
      f = Fast.NON_EMPTY;
    } else if (isLiteral(value, 0, value.length())) {
      f = Fast.LITERAL;
    } else if (value.endsWith(".*") && isLiteral(value, 0, value.length() - 2)) {
      f = Fast.PREFIX;
      pre = value.substring(0, value.length() - 2);
    } else if (value.indexOf('|') >= 0) {
      String[] parts = value.split("\\|", -1);
      boolean allLiteral = true;
      for (String part : parts) {
        if (!isLiteral(part, 0, part.length())) {
          allLiteral = false;
          break;
        }
      }
      if (allLiteral) {
        f = Fast.SET;
        s = parts;
        Arrays.sort(s);
      }
    }
    fast = f;
    set = s;
    prefix = pre;
    pattern = f == Fast.NONE ? p : null;
  }

  public static Matcher equal(String name, String value) {
    return new Matcher(MatchType.EQUAL, name, value);
  }

  public static Matcher notEqual(String name, String value) {
    return new Matcher(MatchType.NOT_EQUAL, name, value);
  }

  public static Matcher regex(String name, String value) {
    return new Matcher(MatchType.REGEX, name, value);
  }

  public static Matcher notRegex(String name, String value) {
    return new Matcher(MatchType.NOT_REGEX, name, value);
  }

  /** @throws InvalidMatcherException for an invalid regular expression */
  public static Matcher of(MatchType type, String name, String value) {
    return new Matcher(type, name, value);
  }

  public MatchType type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether a label value (absent labels have the value {@code ""}) satisfies this matcher. */
  public boolean matches(String v) {
    boolean positive = switch (fast) {
      case LITERAL -> value.equals(v);
      case ANY -> v.indexOf('\n') < 0;
      case NON_EMPTY -> !v.isEmpty() && v.indexOf('\n') < 0;
      case PREFIX -> v.startsWith(prefix) && v.indexOf('\n', prefix.length()) < 0;
      case SET -> Arrays.binarySearch(set, v) >= 0;
      case NONE -> pattern.matcher(v).matches();
    };
    return type.isNegative() != positive;
  }

  /** Whether this matcher matches the empty string, i.e. also series that lack the label. */
  public boolean matchesEmpty() {
    return matches("");
  }

  /**
   * For an {@code =} matcher or a regex that is an alternation of literals, the exact values it
   * accepts (so the index can look up postings directly); otherwise {@code null}.
   */
  public String[] setMatches() {
    if (type == MatchType.EQUAL) {
      return new String[] {value};
    }
    if (type == MatchType.REGEX && fast == Fast.LITERAL) {
      return new String[] {value};
    }
    if (type == MatchType.REGEX && fast == Fast.SET) {
      return set.clone();
    }
    return null;
  }

  /** For a positive {@code prefix.*} regex, the literal prefix; otherwise {@code null}. */
  public String literalPrefix() {
    return type == MatchType.REGEX && fast == Fast.PREFIX ? prefix : null;
  }

  private static boolean isLiteral(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      switch (s.charAt(i)) {
        case '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$' -> {
          return false;
        }
        default -> {
        }
      }
    }
    return true;
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    Labels.appendEscaped(sb, s);
    return sb.append('"').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  /** PromQL rendering: {@code name="value"}. */
  @Override
  public String toString() {
    return name + type.symbol() + quote(value);
  }
}
