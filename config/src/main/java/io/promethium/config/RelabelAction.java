package io.promethium.config;

/** The relabel actions of Prometheus 2.42, with their YAML names. */
public enum RelabelAction {
  REPLACE("replace"),
  KEEP("keep"),
  DROP("drop"),
  KEEPEQUAL("keepequal"),
  DROPEQUAL("dropequal"),
  HASHMOD("hashmod"),
  LABELMAP("labelmap"),
  LABELDROP("labeldrop"),
  LABELKEEP("labelkeep"),
  LOWERCASE("lowercase"),
  UPPERCASE("uppercase");

  private final String yamlName;

  RelabelAction(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  /** The action for a YAML value (case-insensitive, as Prometheus accepts), or null if unknown. */
  public static RelabelAction fromYaml(String s) {
    for (RelabelAction a : values()) {
      if (a.yamlName.equalsIgnoreCase(s)) {
        return a;
      }
    }
    return null;
  }
}
