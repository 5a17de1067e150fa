package io.promethium.scrape.textparse;

/**
 * Lets a parser ask the scrape cache whether exact series bytes were seen (and validated) before.
 * On a hit the parser skips lexing the label set: identical bytes lex identically, so only the
 * value and timestamp need parsing. Entries are cache indexes; a negative number means no.
 */
@FunctionalInterface
public interface SeriesCacheProbe {
  /** The entry whose text is exactly {@code buffer[from, to)}, or a negative number. */
  int lookup(byte[] buffer, int from, int to);

  /**
   * Length of the text of the entry expected next (the one after the last hit: targets expose
   * their series in the same order every scrape), or 0 when there is no such guess.
   */
  default int expectedLength() {
    return 0;
  }

  /** The expected entry if its text is exactly {@code buffer[from, to)}, else a negative number. */
  default int confirmExpected(byte[] buffer, int from, int to) {
    return -1;
  }
}
