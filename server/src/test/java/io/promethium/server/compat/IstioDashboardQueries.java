package io.promethium.server.compat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Istio dashboards' expressions ({@code corpus/istio/dashboard-queries.txt}) with Grafana's
 * variables filled in as Grafana does for a 30 min dashboard and the data source's default 15 s
 * scrape interval (corpus/istio/README.md §2): {@code $__interval} = 15s, {@code $__rate_interval}
 * = max(interval + scrape, 4 × scrape) = 1m0s, {@code query_result(e)} → e, {@code $qrep} =
 * destination, single-value variables = the first option in Grafana's list (result order, or
 * alphabetical where the dashboard says sort=1), multi-value "All" variables = the regex-escaped
 * alternation of every option. Options come from running each variable's own query
 * on the reference server and applying the variable's regex to Grafana's text form of each element.
 */
final class IstioDashboardQueries {
  static final String RATE_INTERVAL = "1m0s";
  static final String INTERVAL = "15s";
  private static final Set<String> MULTI = Set.of("srccluster", "dstcluster", "srcns", "dstns", "srcwl", "dstwl",
      "dstsvc");
  private static final Pattern VARIABLE = Pattern.compile("^# variable \\$?(\\w+):");
  private static final Pattern DASHBOARD = Pattern.compile("^# =+ dashboard: dashboards/(\\S+)");

  /** One line of the file: its dashboard, the raw expression and, for template-variable queries, the variable. */
  record Line(String dashboard, String variable, String raw) {}

  private final List<Line> lines = new ArrayList<>();
  private final Map<String, String> regexes = new TreeMap<>();
  private final Map<String, Integer> sortModes = new TreeMap<>();

  IstioDashboardQueries(Path istioDir) throws IOException {
    String pending = null;
    String dashboard = "";
    for (String line : Files.readAllLines(istioDir.resolve("dashboard-queries.txt"))) {
      Matcher d = DASHBOARD.matcher(line);
      if (d.find()) {
        dashboard = d.group(1);
        continue;
      }
      Matcher m = VARIABLE.matcher(line);
      if (m.find()) {
        pending = m.group(1);
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      lines.add(new Line(dashboard, pending, line.strip()));
      pending = null;
    }
    try (Stream<Path> files = Files.list(istioDir.resolve("dashboards"))) {
      for (Path p : files.sorted().toList()) {
        JsonObject templating = new JsonObject(Files.readString(p)).getJsonObject("templating", new JsonObject());
        JsonArray vars = templating.getJsonArray("list", new JsonArray());
        for (int i = 0; i < vars.size(); i++) {
          JsonObject v = vars.getJsonObject(i);
          String regex = v.getString("regex");
          if (regex != null && !regex.isEmpty()) {
            regexes.putIfAbsent(v.getString("name"), regex.replaceAll("^/|/$", ""));
            sortModes.putIfAbsent(v.getString("name"), v.getInteger("sort", 0));
          }
        }
      }
    }
  }

  List<Line> lines() {
    return lines;
  }

  /**
   * Resolves the variables of one dashboard by running their queries through {@code instantQuery}
   * (expression → API response), in file order so that later variables can use earlier ones;
   * {@code chosen} fixes single-value variables to a value a user picked instead of the default.
   */
  Map<String, String> resolve(String dashboard, Function<String, JsonObject> instantQuery, Map<String, String> chosen) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (Line l : lines) {
      if (!l.dashboard().equals(dashboard) || l.variable() == null || options.containsKey(l.variable())) {
        continue;
      }
      if (chosen.containsKey(l.variable())) {
        options.put(l.variable(), List.of(chosen.get(l.variable())));
        continue;
      }
      JsonObject r = instantQuery.apply(substitute(l.raw(), substitutions(options)));
      Set<String> found = new LinkedHashSet<>();
      if ("success".equals(r.getString("status"))) {
        JsonArray result = r.getJsonObject("data").getJsonArray("result");
        Pattern p = Pattern.compile(regexes.getOrDefault(l.variable(), "(.*)"));
        for (int i = 0; i < result.size(); i++) {
          Matcher m = p.matcher(grafanaText(result.getJsonObject(i).getJsonObject("metric")));
          if (m.find()) {
            found.add(m.group(1));
          }
        }
      }
      // Grafana keeps the query's result order (sort 0) or sorts alphabetically (1 asc, 2 desc).
      List<String> list = new ArrayList<>(found);
      int sort = sortModes.getOrDefault(l.variable(), 0);
      if (sort == 1) {
        list.sort(Comparator.naturalOrder());
      } else if (sort == 2) {
        list.sort(Comparator.reverseOrder());
      }
      options.put(l.variable(), list);
    }
    return substitutions(options);
  }

  /** The expression as Grafana sends it, given the variables' interpolated values. */
  static String substitute(String raw, Map<String, String> values) {
    String q = raw;
    if (q.startsWith("query_result(") && q.endsWith(")")) {
      q = q.substring("query_result(".length(), q.length() - 1);
    }
    q = q.replace("$__rate_interval", RATE_INTERVAL).replace("$__interval", INTERVAL).replace("$qrep", "destination");
    List<String> names = new ArrayList<>(values.keySet());
    names.sort(Comparator.comparingInt(String::length).reversed()); // $srcwl before a hypothetical $src
    for (String name : names) {
      q = q.replace("$" + name, values.get(name));
    }
    return q;
  }

  private static Map<String, String> substitutions(Map<String, List<String>> options) {
    Map<String, String> out = new TreeMap<>();
    options.forEach((name, opts) -> {
      if (MULTI.contains(name)) {
        List<String> escaped = opts.stream().map(IstioDashboardQueries::escapeRegex).sorted().toList();
        out.put(name, escaped.isEmpty() ? "" : escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")");
      } else { // Grafana's prometheusRegularEscape: only backslash and single quote
        out.put(name, opts.isEmpty() ? "" : opts.get(0).replace("\\", "\\\\").replace("'", "\\'"));
      }
    });
    return out;
  }

  /** Grafana escapes regex metacharacters; inside a PromQL string the backslash itself is doubled. */
  static String escapeRegex(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$'".indexOf(c) >= 0) {
        sb.append("\\\\");
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Grafana's text form of a query_result element's labels: {a="1",b="2"}. */
  private static String grafanaText(JsonObject metric) {
    StringBuilder sb = new StringBuilder("{");
    new TreeMap<>(metric.getMap()).forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(k).append("=\"")
        .append(v).append('"'));
    return sb.append('}').toString();
  }
}
