package io.promethium.config;

/**
 * Syntax checks for Kubernetes label and field selector strings, following
 * {@code k8s.io/apimachinery} {@code labels.Parse} and {@code fields.ParseSelector} closely
 * enough to reject what they reject in practice.
 */
final class KubernetesSelectorSyntax {

  private KubernetesSelectorSyntax() {}

  /** Field selectors: comma-separated {@code key=value}, {@code key==value}, {@code key!=value}. */
  static void checkFieldSelector(String selector) {
    if (selector.isEmpty()) {
      return;
    }
    for (String term : splitTerms(selector)) {
      if (term.isEmpty()) {
        continue;
      }
      int ne = term.indexOf("!=");
      int eq = term.indexOf('=');
      if (ne < 0 && eq < 0) {
        throw new ConfigException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
      }
    }
  }

  /** Label selectors: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (…)}, {@code k}, {@code !k}. */
  static void checkLabelSelector(String selector) {
    String s = selector.strip();
    if (s.isEmpty()) {
      return;
    }
    int i = 0;
    while (i < s.length()) {
      i = skipSpaces(s, i);
      boolean not = false;
      if (i < s.length() && s.charAt(i) == '!') {
        not = true;
        i = skipSpaces(s, i + 1);
      }
      int keyStart = i;
      while (i < s.length() && isKeyChar(s.charAt(i))) {
        i++;
      }
      String key = s.substring(keyStart, i);
      if (key.isEmpty()) {
        throw invalidLabel(selector, "found '" + rest(s, i) + "', expected: identifier");
      }
      i = skipSpaces(s, i);
      if (not || i >= s.length() || s.charAt(i) == ',') {
        i = expectEndOfTerm(s, i, selector);
        continue;
      }
      if (s.startsWith("==", i) || s.startsWith("!=", i)) {
        i += 2;
      } else if (s.charAt(i) == '=') {
        i++;
      } else if (s.startsWith("in", i) || s.startsWith("notin", i)) {
        i += s.startsWith("in", i) ? 2 : 5;
        i = skipSpaces(s, i);
        if (i >= s.length() || s.charAt(i) != '(') {
          throw invalidLabel(selector, "found '" + rest(s, i) + "', expected: '('");
        }
        int close = s.indexOf(')', i);
        if (close < 0) {
          throw invalidLabel(selector, "found '', expected: ')'");
        }
        String set = s.substring(i + 1, close).strip();
        if (set.isEmpty()) {
          throw invalidLabel(selector, "for 'in', 'notin' operators, values set can't be empty");
        }
        for (String v : set.split(",", -1)) {
          checkValue(v.strip(), selector);
        }
        i = expectEndOfTerm(s, close + 1, selector);
        continue;
      } else {
        throw invalidLabel(selector, "found '" + rest(s, i) + "', expected: in, notin, =, ==, !=");
      }
      i = skipSpaces(s, i);
      int vStart = i;
      while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ' ') {
        i++;
      }
      checkValue(s.substring(vStart, i), selector);
      i = expectEndOfTerm(s, i, selector);
    }
  }

  private static int expectEndOfTerm(String s, int i, String selector) {
    i = skipSpaces(s, i);
    if (i < s.length()) {
      if (s.charAt(i) != ',') {
        throw invalidLabel(selector, "found '" + rest(s, i) + "', expected: ',' or 'end of string'");
      }
      i++;
      if (skipSpaces(s, i) >= s.length()) {
        throw invalidLabel(selector, "found '', expected: identifier after ','");
      }
    }
    return i;
  }

  private static void checkValue(String v, String selector) {
    if (v.length() > 63) {
      throw invalidLabel(selector, "invalid label value: \"" + v + "\": must be no more than 63 characters");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
        throw invalidLabel(selector, "invalid label value: \"" + v + "\"");
      }
    }
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/';
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static String rest(String s, int i) {
    return i >= s.length() ? "" : s.substring(i, Math.min(s.length(), i + 1));
  }

  private static ConfigException invalidLabel(String selector, String why) {
    return new ConfigException("unable to parse requirement: " + why + " in label selector '" + selector + "'");
  }

  private static java.util.List<String> splitTerms(String s) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
