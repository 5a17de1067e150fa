package io.promethium.scrape.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A compiled list of {@code relabel_configs} or {@code metric_relabel_configs}, applied with the
 * semantics of Prometheus 2.42's {@code model/relabel}: regexes anchored as {@code ^(?:re)$}, rules
 * in order, each rule seeing the previous one's output, and {@code keep}/{@code drop} ending
 * processing. Thread-safe: compiled state is immutable, scratch state is per call.
 */
public final class Relabeler {
  public static final Relabeler EMPTY = new Relabeler(new Rule[0]);

  private final Rule[] rules;

  private Relabeler(Rule[] rules) {
    this.rules = rules;
  }

  /** Compiles the configs' regexes once; throws {@link IllegalArgumentException} on a bad regex. */
  public static Relabeler compile(List<RelabelConfig> configs) {
    if (configs == null || configs.isEmpty()) {
      return EMPTY;
    }
    Rule[] rules = new Rule[configs.size()];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = new Rule(configs.get(i));
    }
    return new Relabeler(rules);
  }

  public boolean isEmpty() {
    return rules.length == 0;
  }

  /** Relabels a label set; null when a rule dropped it. */
  public Labels process(Labels in) {
    if (rules.length == 0) {
      return in;
    }
    LabelsBuilder lb = in.toBuilder();
    return apply(lb) ? lb.build() : null;
  }

  /** Relabels in place; false when a rule dropped the set (the builder is then undefined). */
  public boolean apply(LabelsBuilder lb) {
    for (Rule r : rules) {
      if (!r.apply(lb)) {
        return false;
      }
    }
    return true;
  }

  private static final class Rule {
    private final RelabelAction action;
    private final String[] sourceLabels;
    private final String separator;
    private final Pattern regex;
    private final Map<String, Integer> namedGroups;
    private final boolean matchesAll; // regex is (.*): skip the regex engine for drop/keep
    private final long modulus;
    private final String targetLabel;
    private final String replacement;

    Rule(RelabelConfig c) {
      action = c.action() == null ? RelabelAction.REPLACE : c.action();
      sourceLabels = c.sourceLabels().toArray(new String[0]);
      separator = c.separator() == null ? RelabelConfig.DEFAULT_SEPARATOR : c.separator();
      String re = c.regex() == null ? RelabelConfig.DEFAULT_REGEX : c.regex();
      regex = Pattern.compile("^(?:" + re + ")$");
      namedGroups = regex.namedGroups();
      matchesAll = re.equals("(.*)") || re.equals(".*");
      modulus = c.modulus();
      targetLabel = c.targetLabel() == null ? "" : c.targetLabel();
      replacement = c.replacement() == null ? RelabelConfig.DEFAULT_REPLACEMENT : c.replacement();
    }

    private boolean matches(String s) {
      return (matchesAll && s.indexOf('\n') < 0) || regex.matcher(s).matches();
    }

    boolean apply(LabelsBuilder lb) {
      switch (action) {
        case DROP:
          return !matches(sourceValue(lb));
        case KEEP:
          return matches(sourceValue(lb));
        case DROPEQUAL:
          return !lb.get(targetLabel).equals(sourceValue(lb));
        case KEEPEQUAL:
          return lb.get(targetLabel).equals(sourceValue(lb));
        case REPLACE: {
          String val = sourceValue(lb);
          Matcher m = regex.matcher(val);
          if (!m.matches()) {
            return true;
          }
          String target = GroupExpansion.expand(targetLabel, val, m, namedGroups);
          if (!Labels.isValidName(target)) {
            lb.del(targetLabel);
            return true;
          }
          String res = GroupExpansion.expand(replacement, val, m, namedGroups);
          if (res.isEmpty()) {
            lb.del(targetLabel);
            return true;
          }
          lb.set(target, res);
          return true;
        }
        case LOWERCASE:
          lb.set(targetLabel, sourceValue(lb).toLowerCase(Locale.ROOT));
          return true;
        case UPPERCASE:
          lb.set(targetLabel, sourceValue(lb).toUpperCase(Locale.ROOT));
          return true;
        case HASHMOD:
          lb.set(targetLabel, Long.toUnsignedString(Long.remainderUnsigned(md5Tail(sourceValue(lb)), modulus)));
          return true;
        case LABELMAP: {
          // Iterate a snapshot: new labels must not be matched again within this rule.
          int n = lb.size();
          String[] names = new String[n];
          String[] values = new String[n];
          for (int i = 0; i < n; i++) {
            names[i] = lb.name(i);
            values[i] = lb.value(i);
          }
          for (int i = 0; i < n; i++) {
            Matcher m = regex.matcher(names[i]);
            if (m.matches()) {
              String res = GroupExpansion.expand(replacement, names[i], m, namedGroups);
              if (!res.isEmpty()) {
                lb.set(res, values[i]);
              }
            }
          }
          return true;
        }
        case LABELDROP:
          for (int i = lb.size() - 1; i >= 0; i--) {
            if (matches(lb.name(i))) {
              lb.del(lb.name(i));
            }
          }
          return true;
        case LABELKEEP:
          for (int i = lb.size() - 1; i >= 0; i--) {
            if (!matches(lb.name(i))) {
              lb.del(lb.name(i));
            }
          }
          return true;
        default:
          throw new IllegalStateException("unknown relabel action " + action);
      }
    }

    private String sourceValue(LabelsBuilder lb) {
      if (sourceLabels.length == 1) {
        return lb.get(sourceLabels[0]);
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < sourceLabels.length; i++) {
        if (i > 0) {
          sb.append(separator);
        }
        sb.append(lb.get(sourceLabels[i]));
      }
      return sb.toString();
    }
  }

  /**
   * Prometheus folds the 16 MD5 bytes into a uint64 by shifting byte i left by (15-i)*8; Go
   * shifts of 64 or more give 0, so only the last 8 bytes count, big-endian, unsigned.
   */
  static long md5Tail(String s) {
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 8; i < 16; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java runtime", e);
    }
  }
}
