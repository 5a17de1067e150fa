package io.promethium.promql.promqltest;

import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.promql.parser.QueryParser;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Parses a promqltest script (format: shared/corpus/promql-tests/FORMAT.md) into commands. */
final class ScriptParser {
  private static final Pattern EVAL = Pattern.compile("^eval(?:_(fail|ordered))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");

  private ScriptParser() {}

  static List<ScriptCommand> parse(String text) {
    String[] lines = text.split("\n", -1);
    List<ScriptCommand> out = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        i++;
        continue;
      }
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("clear")) {
        out.add(new ScriptCommand.Clear());
        i++;
        continue;
      }
      int headerLine = i + 1;
      List<String> body = new ArrayList<>();
      int j = i + 1;
      while (j < lines.length) {
        String b = lines[j].trim();
        if (b.isEmpty() || b.startsWith("#")) {
          break;
        }
        body.add(b);
        j++;
      }
      i = j;
      if (lower.startsWith("load")) {
        long step = duration(line.substring(4).trim());
        // A series defined twice in one load keeps only its last definition, as in Prometheus's runner.
        java.util.LinkedHashMap<Labels, ScriptCommand.SeriesLine> series = new java.util.LinkedHashMap<>();
        for (String b : body) {
          String[] parts = splitSeries(b);
          Labels l = labels(parts[0]);
          series.put(l, new ScriptCommand.SeriesLine(l, SeriesNotation.expand(parts[1])));
        }
        out.add(new ScriptCommand.Load(step, new ArrayList<>(series.values())));
      } else if (lower.startsWith("eval")) {
        java.util.regex.Matcher m = EVAL.matcher(line);
        if (!m.matches()) {
          throw new IllegalArgumentException("line " + headerLine + ": invalid eval: " + line);
        }
        String mod = m.group(1);
        long at = m.group(2) == null ? 0 : duration(m.group(2));
        List<ScriptCommand.Expected> expected = new ArrayList<>();
        for (String b : body) {
          String[] parts = splitSeries(b);
          if (parts[0].isEmpty()) {
            expected.add(new ScriptCommand.Expected(null, SeriesNotation.number(parts[1].trim())));
          } else {
            List<Double> vals = SeriesNotation.expand(parts[1]);
            expected.add(new ScriptCommand.Expected(labels(parts[0]), vals.get(0)));
          }
        }
        out.add(new ScriptCommand.Eval(headerLine, m.group(3), at, "fail".equals(mod), "ordered".equals(mod), expected));
      } else {
        throw new IllegalArgumentException("line " + headerLine + ": unknown command: " + line);
      }
    }
    return out;
  }

  /** Splits "metric{a="b"} 1 2 3" into the series literal and the values; a bare number has no literal. */
  private static String[] splitSeries(String line) {
    int brace = line.lastIndexOf('}');
    if (brace >= 0) {
      return new String[] {line.substring(0, brace + 1).trim(), line.substring(brace + 1).trim()};
    }
    int sp = line.indexOf(' ');
    int tab = line.indexOf('\t');
    if (sp < 0 || (tab >= 0 && tab < sp)) {
      sp = tab;
    }
    String first = sp < 0 ? line : line.substring(0, sp);
    if (sp < 0 || isNumber(first)) {
      return new String[] {"", line};
    }
    return new String[] {first, line.substring(sp + 1).trim()};
  }

  private static boolean isNumber(String s) {
    try {
      SeriesNotation.number(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static Labels labels(String literal) {
    if (literal.equals("{}")) {
      return Labels.EMPTY;
    }
    Expr e = QueryParser.parse(literal);
    LabelsBuilder b = new LabelsBuilder();
    for (Matcher m : ((VectorSelector) e).matchers()) {
      b.set(m.name(), m.value());
    }
    return b.build();
  }

  static long duration(String s) {
    s = s.trim();
    if (s.equals("0")) {
      return 0;
    }
    Expr e = QueryParser.parse("x[" + s + "]");
    return ((io.promethium.promql.ast.MatrixSelector) e).rangeMs();
  }
}
