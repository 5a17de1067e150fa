package io.promethium.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Load-time checks of one relabel rule, as Prometheus 2.42's {@code relabel.Config.UnmarshalYAML}
 * performs them, in the same order and with the same wording.
 */
public final class RelabelValidator {

  /** A label name that may contain {@code $1}, {@code ${1}} or {@code ${name}} references. */
  private static final Pattern RELABEL_TARGET =
      Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

  private RelabelValidator() {}

  /** Throws a {@link ConfigException} (without line) when Prometheus would reject {@code c}. */
  public static void validate(RelabelConfig c) {
    RelabelAction a = c.action();
    if (a == null) {
      throw new ConfigException("relabel action cannot be empty");
    }
    String name = a.yamlName();
    compileAnchored(c.regex());
    String target = c.targetLabel() == null ? "" : c.targetLabel();
    if (c.modulus() == 0 && a == RelabelAction.HASHMOD) {
      throw new ConfigException("relabel configuration for hashmod requires non-zero modulus");
    }
    boolean needsTarget = a == RelabelAction.REPLACE || a == RelabelAction.HASHMOD
        || a == RelabelAction.LOWERCASE || a == RelabelAction.UPPERCASE
        || a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL;
    if (needsTarget && target.isEmpty()) {
      throw new ConfigException(
          "relabel configuration for " + name + " action requires 'target_label' value");
    }
    boolean templatedTarget = a == RelabelAction.REPLACE || a == RelabelAction.LOWERCASE
        || a == RelabelAction.UPPERCASE || a == RelabelAction.KEEPEQUAL
        || a == RelabelAction.DROPEQUAL;
    if (templatedTarget && !RELABEL_TARGET.matches(target)) {
      throw new ConfigException(goQuote(target) + " is invalid 'target_label' for " + name + " action");
    }
    boolean fixedReplacement = a == RelabelAction.LOWERCASE || a == RelabelAction.UPPERCASE
        || a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL;
    if (fixedReplacement && !RelabelConfig.DEFAULT_REPLACEMENT.equals(c.replacement())) {
      throw new ConfigException("'replacement' can not be set for " + name + " action");
    }
    if (a == RelabelAction.LABELMAP && !RELABEL_TARGET.matches(nz(c.replacement()))) {
      throw new ConfigException(
          goQuote(nz(c.replacement())) + " is invalid 'replacement' for " + name + " action");
    }
    if (a == RelabelAction.HASHMOD && !LabelName.isValid(target)) {
      throw new ConfigException(goQuote(target) + " is invalid 'target_label' for " + name + " action");
    }
    if (a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL) {
      if (!RelabelConfig.DEFAULT_REGEX.equals(c.regex()) || c.modulus() != 0
          || !RelabelConfig.DEFAULT_SEPARATOR.equals(c.separator())
          || !RelabelConfig.DEFAULT_REPLACEMENT.equals(c.replacement())) {
        throw new ConfigException(
            name + " action requires only 'source_labels' and `target_label`, and no other fields");
      }
    }
    if (a == RelabelAction.LABELDROP || a == RelabelAction.LABELKEEP) {
      if (!c.sourceLabels().isEmpty() || !target.isEmpty() || c.modulus() != 0
          || !RelabelConfig.DEFAULT_SEPARATOR.equals(c.separator())
          || !RelabelConfig.DEFAULT_REPLACEMENT.equals(c.replacement())) {
        throw new ConfigException(name + " action requires only 'regex', and no other fields");
      }
    }
  }

  /** Compiles {@code ^(?:regex)$} with RE2 semantics; the error reads like Go's regexp package. */
  public static Pattern compileAnchored(String regex) {
    try {
      return Pattern.compile("^(?:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      String msg = e.getMessage();
      throw new ConfigException(msg.startsWith("error parsing regexp") ? msg : "error parsing regexp: " + msg);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** Go's {@code %q} for ordinary strings. */
  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
