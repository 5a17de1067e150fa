package io.promethium.scrape;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw deflate (RFC 1951) decoder in native code, used for gzip scrape bodies when the machine
 * has one: libdeflate inflates a 900 KB Istio body in about a quarter of zlib's time, and
 * inflating was the largest single cost of a scrape. It decodes whole streams into a buffer that
 * must be large enough (no streaming), which suits bodies already held in memory.
 *
 * <p>The implementation needs the JDK's foreign function API (Java 22+); it lives in the jar's
 * {@code META-INF/versions/22} and is found by name, so on Java 21, or without the library,
 * {@link #open()} returns null and bodies go through {@link java.util.zip.Inflater}.
 */
interface NativeDeflate {
  int OK = 0;
  int BAD_DATA = 1;
  int SHORT_OUTPUT = 2;
  int INSUFFICIENT_SPACE = 3;

  /**
   * Decodes the stream starting at {@code in[inOff]} into {@code out[outOff, outOff + outLen)};
   * returns one of the status codes. On {@link #OK}, {@link #consumed()} and {@link #produced()}
   * tell how many bytes were read and written.
   */
  int decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen);

  long consumed();

  long produced();

  /** Frees the native decoder; the object must not be used after. */
  void close();

  /** A new decoder, or null when none is available (Java 21, no library, or switched off). */
  static NativeDeflate open() {
    return Loader.open();
  }

  /** Finds the implementation once; says once which decoder gzip bodies get. */
  final class Loader {
    private static final Logger LOG = LoggerFactory.getLogger(NativeDeflate.class);
    static final String DISABLE_PROPERTY = "promethium.scrape.libdeflate";
    private static final java.lang.invoke.MethodHandle OPEN = find();

    private Loader() {}

    private static java.lang.invoke.MethodHandle find() {
      if (!Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true"))) {
        LOG.info("msg=\"gzip scrape bodies are inflated with zlib\" reason=\"-D{}=false\"", DISABLE_PROPERTY);
        return null;
      }
      if (Runtime.version().feature() < 22) {
        LOG.info("msg=\"gzip scrape bodies are inflated with zlib\" reason=\"libdeflate needs Java 22+\"");
        return null;
      }
      try {
        Class<?> c = Class.forName("io.promethium.scrape.Libdeflate");
        java.lang.invoke.MethodHandle h = java.lang.invoke.MethodHandles.lookup()
            .findStatic(c, "open", java.lang.invoke.MethodType.methodType(NativeDeflate.class));
        NativeDeflate probe = (NativeDeflate) h.invokeExact();
        if (probe == null) {
          LOG.info("msg=\"gzip scrape bodies are inflated with zlib\" reason=\"libdeflate.so.0 not found\"");
          return null;
        }
        probe.close();
        LOG.info("msg=\"gzip scrape bodies are inflated with libdeflate\"");
        return h;
      } catch (Throwable t) {
        LOG.info("msg=\"gzip scrape bodies are inflated with zlib\" reason=\"{}\"", t.toString());
        return null;
      }
    }

    static boolean available() {
      return OPEN != null;
    }

    static NativeDeflate open() {
      if (OPEN == null) {
        return null;
      }
      try {
        return (NativeDeflate) OPEN.invokeExact();
      } catch (Throwable t) {
        return null;
      }
    }
  }
}
