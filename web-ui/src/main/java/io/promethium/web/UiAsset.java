package io.promethium.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

/**
 * One static file of the UI, read once from the classpath and kept in memory with a gzipped copy.
 * The whole UI is about 600 KB, so holding it beats re-reading the jar per request, and the
 * pre-compressed copy cuts the 480 KB editor bundle to about 150 KB over a kubectl port-forward.
 */
record UiAsset(String name, String contentType, byte[] bytes, byte[] gzipped, String hash) {

  static UiAsset load(String classpathName, String name) {
    byte[] bytes = read(classpathName);
    return of(name, bytes);
  }

  static UiAsset of(String name, byte[] bytes) {
    return new UiAsset(name, contentTypeOf(name), bytes, gzip(bytes), contentHash(bytes));
  }

  /** Quoted strong ETag derived from the content, so it survives restarts and differs per build. */
  String etag() {
    return "\"" + hash + "\"";
  }

  static byte[] read(String classpathName) {
    ClassLoader loader = UiAsset.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(classpathName)) {
      if (in == null) {
        throw new IllegalStateException("web UI resource missing from the classpath: " + classpathName);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading web UI resource " + classpathName, e);
    }
  }

  static String contentTypeOf(String name) {
    if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
    if (name.endsWith(".css")) return "text/css; charset=utf-8";
    if (name.endsWith(".html")) return "text/html; charset=utf-8";
    if (name.endsWith(".svg")) return "image/svg+xml";
    if (name.endsWith(".txt")) return "text/plain; charset=utf-8";
    return "application/octet-stream";
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * 64 bits naming the content, for ETags and cache-busting URLs: two different CRCs of it. It only
   * has to change when the file does (no adversary picks our assets), and unlike SHA-256, which is
   * Java code the JIT has not compiled yet when a server starts (~50 ms for the editor bundle, plus
   * its compilation, on the way to ready), the CRCs are intrinsics.
   */
  static String contentHash(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes, 0, bytes.length);
    CRC32 d = new CRC32();
    d.update(bytes, 0, bytes.length);
    return HexFormat.of().toHexDigits((int) c.getValue()) + HexFormat.of().toHexDigits((int) d.getValue());
  }

  String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
