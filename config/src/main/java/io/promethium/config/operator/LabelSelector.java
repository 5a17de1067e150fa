package io.promethium.config.operator;

import io.promethium.config.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A Kubernetes label selector ({@code matchLabels} + {@code matchExpressions}). */
public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {

  public static final LabelSelector EMPTY = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels = Collections.unmodifiableMap(new TreeMap<>(matchLabels));
    matchExpressions = List.copyOf(matchExpressions);
  }

  static LabelSelector from(CrdFields f) {
    List<LabelSelectorRequirement> exprs = new ArrayList<>();
    for (CrdFields e : f.objects("matchExpressions")) {
      String op = e.string("operator", "");
      if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
        throw new ConfigException(e.path() + ".operator: \"" + op + "\" is not a valid label selector operator");
      }
      exprs.add(new LabelSelectorRequirement(e.string("key", ""), op, e.strings("values")));
    }
    return new LabelSelector(f.stringMap("matchLabels"), exprs);
  }

  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /**
   * The selector as Kubernetes prints it ({@code LabelSelectorAsSelector(...).String()}):
   * requirements sorted by key, {@code k=v}, {@code k in (a,b)}, {@code k notin (a,b)},
   * {@code k}, {@code !k}, joined by commas.
   */
  public String toSelectorString() {
    List<String[]> reqs = new ArrayList<>(); // {key, text}
    matchLabels.forEach((k, v) -> reqs.add(new String[] {k, k + "=" + v}));
    for (LabelSelectorRequirement r : matchExpressions) {
      List<String> vals = new ArrayList<>(r.values());
      Collections.sort(vals);
      String text = switch (r.operator()) {
        case "In" -> r.key() + " in (" + String.join(",", vals) + ")";
        case "NotIn" -> r.key() + " notin (" + String.join(",", vals) + ")";
        case "Exists" -> r.key();
        default -> "!" + r.key();
      };
      reqs.add(new String[] {r.key(), text});
    }
    reqs.sort((a, b) -> a[0].compareTo(b[0]));
    List<String> parts = new ArrayList<>();
    for (String[] r : reqs) {
      parts.add(r[1]);
    }
    return String.join(",", parts);
  }
}
