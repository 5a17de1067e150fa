package io.promethium.scrape.relabel;

import com.google.re2j.Matcher;
import java.util.Map;

/**
 * Go's {@code Regexp.Expand} semantics for {@code $1}, {@code ${1}}, {@code $name},
 * {@code ${name}} and {@code $$}: the name after a bare {@code $} is the longest run of letters,
 * digits and underscores (so {@code $1_} names group "1_"); a malformed reference is literal text;
 * a missing or unmatched group expands to nothing. Java's appendReplacement differs on all of
 * these, hence this.
 */
final class GroupExpansion {
  private GroupExpansion() {}

  static boolean hasReference(String template) {
    return template.indexOf('$') >= 0;
  }

  static String expand(String template, String src, Matcher m, Map<String, Integer> named) {
    if (!hasReference(template)) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 16);
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < n && template.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      // Extract a name, Go's regexp.extract.
      int p = i + 1;
      boolean brace = p < n && template.charAt(p) == '{';
      if (brace) {
        p++;
      }
      int nameStart = p;
      while (p < n) {
        int cp = template.codePointAt(p);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        p += Character.charCount(cp);
      }
      int nameEnd = p;
      boolean ok = nameEnd > nameStart;
      if (ok && brace) {
        if (p >= n || template.charAt(p) != '}') {
          ok = false;
        } else {
          p++;
        }
      }
      if (!ok) {
        out.append('$');
        i++;
        continue;
      }
      String name = template.substring(nameStart, nameEnd);
      int num = groupNumber(name);
      int group = -1;
      if (num >= 0) {
        group = num <= m.groupCount() ? num : -1;
      } else {
        Integer g = named.get(name);
        group = g == null ? -1 : g;
      }
      if (group >= 0 && m.start(group) >= 0) {
        out.append(src, m.start(group), m.end(group));
      }
      i = p;
    }
    return out.toString();
  }

  /** The group number a name denotes, or -1 (not all digits, leading zero, or huge). */
  private static int groupNumber(String name) {
    int num = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      return -1;
    }
    return num;
  }
}
