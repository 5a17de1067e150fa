package io.promethium.api;

import java.io.IOException;
import org.xerial.snappy.Snappy;

/** Snappy block format (not the framed format), as remote read/write bodies use it. */
final class SnappyBlock {
  /** Go's snappy.ErrCorrupt text, which Prometheus returns for undecodable bodies. */
  static final String CORRUPT = "snappy: corrupt input";

  private SnappyBlock() {}

  /** @throws IllegalArgumentException {@value #CORRUPT} for an empty or malformed block */
  static byte[] decode(byte[] in) {
    try {
      if (in.length == 0 || !Snappy.isValidCompressedBuffer(in)) {
        throw new IllegalArgumentException(CORRUPT);
      }
      return Snappy.uncompress(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(CORRUPT, e);
    }
  }

  static byte[] encode(byte[] in) {
    try {
      return Snappy.compress(in);
    } catch (IOException e) {
      throw new IllegalStateException("snappy compression failed", e);
    }
  }
}
