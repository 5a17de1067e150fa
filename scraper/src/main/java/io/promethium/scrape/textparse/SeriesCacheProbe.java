package io.promethium.scrape.textparse;

/**
 * Lets a parser ask the scrape cache whether exact series bytes were seen (and validated) before.
 * On a hit the parser skips lexing the label set: identical bytes lex identically, so only the
 * value and timestamp need parsing. Returns the cache entry, or a negative number.
 */
public interface SeriesCacheProbe {
  int lookup(byte[] buffer, int from, int to);
}
