package io.promethium.api;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escaping as Go's encoding/json (which Prometheus's jsoniter config mirrors): {@code <}, {@code >},
 * {@code &}, U+2028 and U+2029 become lower-case {@code \}{@code u00xx} escapes, other control
 * characters too, except the short forms {@code \n}, {@code \r}, {@code \t}.
 */
final class GoJsonEscapes extends CharacterEscapes {
  static final GoJsonEscapes INSTANCE = new GoJsonEscapes();

  private final int[] ascii;
  private final SerializableString[] custom = new SerializableString[128];

  private GoJsonEscapes() {
    ascii = CharacterEscapes.standardAsciiEscapesForJSON();
    for (int c = 0; c < 0x20; c++) {
      if (c != '\n' && c != '\r' && c != '\t') {
        setCustom(c);
      }
    }
    setCustom('<');
    setCustom('>');
    setCustom('&');
  }

  private void setCustom(int c) {
    ascii[c] = CharacterEscapes.ESCAPE_CUSTOM;
    custom[c] = new SerializedString(String.format("\\u%04x", c));
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    if (ch < 128) {
      return custom[ch];
    }
    if (ch == 0x2028) {
      return new SerializedString("\\u2028");
    }
    if (ch == 0x2029) {
      return new SerializedString("\\u2029");
    }
    return null;
  }
}
