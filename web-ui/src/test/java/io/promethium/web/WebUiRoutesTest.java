package io.promethium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The UI's HTTP contract over real loopback HTTP: redirect, pages, assets, caching, compression. */
class WebUiRoutesTest {
  private static UiServer server;
  private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    server = new UiServer(RecordedApi.load("30-status-buildinfo.txt"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void rootRedirectsToGraphWith302LikePrometheus() throws Exception {
    HttpResponse<byte[]> r = get("/");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).contains("/graph");
  }

  static Stream<String> pages() {
    return Stream.of(WebUi.pagePaths());
  }

  @ParameterizedTest
  @MethodSource("pages")
  void everyPageIsHtmlThatRevalidatesAndLinksHashedAssets(String page) throws Exception {
    HttpResponse<byte[]> r = get(page + "?g0.expr=up");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(r.headers().firstValue("ETag")).isPresent();
    assertThat(r.headers().firstValue("Content-Security-Policy")).contains(WebUi.CONTENT_SECURITY_POLICY);
    String html = text(r);
    assertThat(html).doesNotContain("{{").contains("aria-current=\"page\"").contains("href=\"" + page + "\" aria-current");
    // Every asset link must resolve and carry the hash that makes it cacheable forever.
    Matcher m = Pattern.compile("(?:src|href)=\"(/assets/[^\"?]+)\\?h=([0-9a-f]{16})\"").matcher(html);
    int links = 0;
    while (m.find()) {
      links++;
      HttpResponse<byte[]> a = get(m.group(1) + "?h=" + m.group(2));
      assertThat(a.statusCode()).as(m.group(1)).isEqualTo(200);
      assertThat(a.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
    }
    assertThat(links).isGreaterThanOrEqualTo(page.equals("/graph") ? 6 : 4);
    assertThat(html.contains("promql-editor.min.js")).isEqualTo(page.equals("/graph"));
  }

  @Test
  void assetWithoutCurrentHashMustRevalidate() throws Exception {
    HttpResponse<byte[]> r = get("/assets/common.js?h=0000000000000000");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(r.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(text(r)).contains("window.Prom");
  }

  @Test
  void etagGivesNotModified() throws Exception {
    String etag = get("/assets/app.css").headers().firstValue("ETag").orElseThrow();
    assertThat(get("/assets/app.css", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(get("/assets/app.css", "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
    assertThat(get("/assets/app.css", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    String pageTag = get("/targets").headers().firstValue("ETag").orElseThrow();
    assertThat(get("/targets", "If-None-Match", pageTag).statusCode()).isEqualTo(304);
  }

  @Test
  void gzipOnlyWhenAccepted() throws Exception {
    HttpResponse<byte[]> plain = get("/assets/vendor/promql-editor.min.js");
    HttpResponse<byte[]> gz = get("/assets/vendor/promql-editor.min.js", "Accept-Encoding", "gzip, deflate");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(gz.headers().firstValue("Vary")).contains("accept-encoding");
    assertThat(gz.body().length).isLessThan(plain.body().length / 2);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "gzip|true", "gzip, deflate, br|true", "br;q=1.0, gzip;q=0.8|true", "*|true",
    "gzip;q=0|false", "deflate|false", "identity|false", "GZIP|true"})
  void acceptEncodingParsing(String header, boolean gzip) {
    assertThat(WebUi.acceptsGzip(header)).isEqualTo(gzip);
  }

  @Test
  void unknownAssetIs404AndApiIsLeftToItsOwnRoutes() throws Exception {
    assertThat(get("/assets/nope.js").statusCode()).isEqualTo(404);
    assertThat(get("/assets/../shell.html").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> api = get("/api/v1/status/buildinfo");
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(text(api)).contains("\"version\":\"2.42.0+ds\"");
  }

  @Test
  void headAnswersWithoutBody() throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.url("/graph")))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValueAsLong("Content-Length").orElse(-1)).isGreaterThan(500);
  }

  /** ASSET_NAMES must list exactly the files under webroot/assets, or a file would silently 404. */
  @Test
  void assetListMatchesTheFilesShipped() throws IOException {
    Path root = Path.of("src/main/resources/webroot/assets");
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).forEach(p -> files.add(root.relativize(p).toString().replace('\\', '/')));
    }
    assertThat(files).containsExactlyInAnyOrder(WebUi.ASSET_NAMES);
  }

  @Test
  void vendoredFilesKeepTheirLicenceHeaders() throws Exception {
    assertThat(text(get("/assets/vendor/uPlot.iife.min.js"))).startsWith("/*! uPlot v1.6.32 | MIT License");
    assertThat(text(get("/assets/vendor/uPlot.min.css"))).startsWith("/*! uPlot v1.6.32 | MIT License");
    assertThat(text(get("/assets/vendor/promql-editor.min.js"))).startsWith("/*! PromQL editor bundle: codemirror@6.0.2");
    assertThat(text(get("/assets/vendor/LICENSES.txt")))
        .contains("==== @prometheus-io/codemirror-promql 0.314.0 (Apache-2.0)", "==== uplot 1.6.32 (MIT)");
  }
}
