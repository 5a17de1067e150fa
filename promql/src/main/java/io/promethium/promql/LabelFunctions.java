package io.promethium.promql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.tsdb.Labels;
import java.util.List;

/** label_replace and label_join: new labels are computed once per input series, not per step. */
final class LabelFunctions {
  private LabelFunctions() {}

  static StepVector labelReplace(Evaluator ev, Call c) {
    List<Expr> a = c.args();
    String dst = (String) ev.eval(a.get(1));
    String repl = (String) ev.eval(a.get(2));
    String src = (String) ev.eval(a.get(3));
    String regex = (String) ev.eval(a.get(4));
    Pattern p;
    try {
      p = Pattern.compile("^(?:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw new QueryExecutionException("invalid regular expression in label_replace(): " + regex);
    }
    if (!Labels.isValidName(dst)) {
      throw new QueryExecutionException("invalid destination label name in label_replace(): " + dst);
    }
    StepVector in = ev.vector(a.get(0));
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    for (StepSeries s : in.series()) {
      String v = s.labels().get(src);
      com.google.re2j.Matcher m = p.matcher(v);
      Labels result = s.labels();
      if (m.find()) {
        result = s.labels().toBuilder().set(dst, expand(repl, m)).build();
      }
      copy(out, out.series(result), s, ev.steps);
    }
    return new StepVector(out.result());
  }

  static StepVector labelJoin(Evaluator ev, Call c) {
    List<Expr> a = c.args();
    String dst = (String) ev.eval(a.get(1));
    String sep = (String) ev.eval(a.get(2));
    String[] srcs = new String[a.size() - 3];
    for (int i = 3; i < a.size(); i++) {
      srcs[i - 3] = (String) ev.eval(a.get(i));
      if (!Labels.isValidName(srcs[i - 3])) {
        throw new QueryExecutionException("invalid source label name in label_join(): " + srcs[i - 3]);
      }
    }
    if (!Labels.isValidName(dst)) {
      throw new QueryExecutionException("invalid destination label name in label_join(): " + dst);
    }
    StepVector in = ev.vector(a.get(0));
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    for (StepSeries s : in.series()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < srcs.length; i++) {
        if (i > 0) {
          sb.append(sep);
        }
        sb.append(s.labels().get(srcs[i]));
      }
      Labels result = s.labels().toBuilder().set(dst, sb.toString()).build();
      copy(out, out.series(result), s, ev.steps);
    }
    return new StepVector(out.result());
  }

  private static void copy(SeriesCollector out, StepSeries o, StepSeries s, int steps) {
    for (int i = 0; i < steps; i++) {
      if (s.has[i]) {
        out.put(o, i, s.vals[i]);
      }
    }
  }

  /** Go's Regexp.Expand template syntax: $1, ${1}, $name, ${name}, $$. Unknown groups expand to "". */
  static String expand(String template, com.google.re2j.Matcher m) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c != '$') {
        sb.append(c);
        i++;
        continue;
      }
      i++;
      if (i < n && template.charAt(i) == '$') {
        sb.append('$');
        i++;
        continue;
      }
      String name;
      if (i < n && template.charAt(i) == '{') {
        int close = template.indexOf('}', i + 1);
        if (close < 0) {
          sb.append('$');
          continue;
        }
        name = template.substring(i + 1, close);
        if (name.isEmpty() || !isNameChars(name)) {
          sb.append('$');
          continue;
        }
        i = close + 1;
      } else {
        int j = i;
        while (j < n && isNameChar(template.charAt(j))) {
          j++;
        }
        if (j == i) {
          sb.append('$');
          continue;
        }
        name = template.substring(i, j);
        i = j;
      }
      sb.append(group(m, name));
    }
    return sb.toString();
  }

  private static String group(com.google.re2j.Matcher m, String name) {
    boolean digits = true;
    for (int k = 0; k < name.length(); k++) {
      if (!Character.isDigit(name.charAt(k))) {
        digits = false;
        break;
      }
    }
    String g;
    if (digits) {
      int idx;
      try {
        idx = Integer.parseInt(name);
      } catch (NumberFormatException e) {
        return "";
      }
      if (idx > m.groupCount()) {
        return "";
      }
      g = m.group(idx);
    } else {
      try {
        g = m.group(name);
      } catch (IllegalArgumentException e) {
        return "";
      }
    }
    return g == null ? "" : g;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static boolean isNameChars(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isNameChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
