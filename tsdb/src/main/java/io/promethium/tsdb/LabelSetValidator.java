package io.promethium.tsdb;

/**
 * Rejects label sets the store must not hold, with Prometheus's wording: empty sets, empty or
 * invalid names, duplicate names, empty values and strings that are not valid UTF-8 (Java strings
 * can carry lone surrogates, which have no UTF-8 encoding).
 */
final class LabelSetValidator {
  private LabelSetValidator() {}

  static void validate(Labels labels) {
    int n = labels.size();
    if (n == 0) {
      throw new InvalidLabelsException("empty labelset: invalid sample");
    }
    String prev = null;
    for (int i = 0; i < n; i++) {
      String name = labels.name(i);
      String value = labels.value(i);
      if (name == null || name.isEmpty()) {
        throw new InvalidLabelsException("empty label name: invalid sample");
      }
      if (!Labels.isValidName(name)) {
        throw new InvalidLabelsException("invalid label name \"" + name + "\": invalid sample");
      }
      if (name.equals(prev)) {
        throw new InvalidLabelsException("label name \"" + name + "\" is not unique: invalid sample");
      }
      if (prev != null && prev.compareTo(name) > 0) {
        throw new InvalidLabelsException("labels are not sorted: invalid sample");
      }
      if (value == null || value.isEmpty()) {
        throw new InvalidLabelsException("empty value for label name \"" + name + "\": invalid sample");
      }
      if (!validUtf16(value)) {
        throw new InvalidLabelsException("invalid UTF-8 in value of label \"" + name + "\": invalid sample");
      }
      prev = name;
    }
  }


  /** True when every surrogate is paired, i.e. the string has a UTF-8 encoding. */
  static boolean validUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
