package io.promethium.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Prometheus' {@code --enable-feature=expand-external-labels}: {@code $VAR} and {@code ${VAR}} in
 * external label values are replaced by environment variables (unset ones by ""), and {@code $$}
 * stands for a literal {@code $}, following Go's {@code os.Expand}.
 */
public final class ExternalLabelExpansion {

  private ExternalLabelExpansion() {}

  /** A copy of {@code c} whose external label values are expanded with {@code env}. */
  public static PrometheusConfig apply(PrometheusConfig c, Function<String, String> env) {
    GlobalConfig g = c.global();
    Map<String, String> labels = new LinkedHashMap<>();
    g.externalLabels().forEach((k, v) -> labels.put(k, expand(v, env)));
    GlobalConfig expanded = new GlobalConfig(g.scrapeInterval(), g.scrapeTimeout(),
        g.evaluationInterval(), labels, g.queryLogFile());
    return new PrometheusConfig(expanded, c.scrapeConfigs(), c.ruleFiles(), c.remoteWrite(),
        c.remoteRead(), c.originalYaml(), c.otherSections());
  }

  /** Go's {@code os.Expand} with Prometheus' mapping ({@code $$} → {@code $}). */
  public static String expand(String s, Function<String, String> env) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '$' || i + 1 >= s.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = s.charAt(i + 1);
      if (n == '$') {
        out.append('$');
        i += 2;
      } else if (n == '{') {
        int close = s.indexOf('}', i + 2);
        if (close < 0 || close == i + 2) {
          // Go drops a bad "${" / "${}" syntax entirely.
          i = close < 0 ? s.length() : close + 1;
          continue;
        }
        out.append(lookup(env, s.substring(i + 2, close)));
        i = close + 1;
      } else if (Character.isLetterOrDigit(n) || n == '_') {
        int end = i + 1;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
          end++;
        }
        out.append(lookup(env, s.substring(i + 1, end)));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String lookup(Function<String, String> env, String name) {
    String v = env.apply(name);
    return v == null ? "" : v;
  }
}
