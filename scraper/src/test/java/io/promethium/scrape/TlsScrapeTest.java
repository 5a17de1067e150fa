package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS scraping against a real Vert.x TLS server whose self-signed certificates are made by the
 * JDK's keytool in the test: tls_config ca_file, insecure_skip_verify, server_name and client
 * certificates, and the Go-style error when the chain cannot be verified.
 */
class TlsScrapeTest {
  private static final String PASS = "changeit";
  @TempDir static Path dir;
  private static Vertx vertx;
  private static HttpServer server;
  private static HttpServer namedServer;
  private static HttpServer mtlsServer;
  private static Tsdb tsdb;
  private static ScrapeManager manager;
  private static final Map<String, String> hosts = new ConcurrentHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    keytool("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
    keytool("named", "CN=scrape.example", "SAN=dns:scrape.example");
    keytool("client", "CN=scraper", "SAN=dns:scraper");
    exportCert("server");
    exportCert("named");
    exportCert("client");
    exportKey("client");
    vertx = Vertx.vertx();
    server = start(new HttpServerOptions().setSsl(true).setKeyCertOptions(pfx("server")), "plain");
    namedServer = start(new HttpServerOptions().setSsl(true).setKeyCertOptions(pfx("named")), "named");
    mtlsServer = start(new HttpServerOptions().setSsl(true).setKeyCertOptions(pfx("server"))
        .setClientAuth(ClientAuth.REQUIRED)
        .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("client.pem").toString())), "mtls");
    tsdb = Tsdb.open(TsdbOptions.of(dir.resolve("data")));
    manager = new ScrapeManager(vertx, tsdb);
  }

  @AfterAll
  static void tearDown() throws Exception {
    manager.close();
    for (HttpServer s : List.of(server, namedServer, mtlsServer)) {
      s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    tsdb.close();
  }

  private static HttpServer start(HttpServerOptions o, String name) throws Exception {
    return vertx.createHttpServer(o).requestHandler(req -> {
      hosts.put(name, String.valueOf(req.getHeader("Host")));
      req.response().putHeader("Content-Type", "text/plain; version=0.0.4").end("tls_" + name + " 1\n");
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static PfxOptions pfx(String name) {
    return new PfxOptions().setPath(dir.resolve(name + ".p12").toString()).setPassword(PASS);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static String keytoolPath() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
  }

  private static void keytool(String name, String dname, String san) throws Exception {
    run(keytoolPath(), "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
        "-ext", san, "-validity", "2", "-storetype", "PKCS12", "-keystore", dir.resolve(name + ".p12").toString(),
        "-storepass", PASS, "-keypass", PASS);
  }

  private static void exportCert(String name) throws Exception {
    run(keytoolPath(), "-exportcert", "-rfc", "-alias", name, "-keystore", dir.resolve(name + ".p12").toString(),
        "-storepass", PASS, "-file", dir.resolve(name + ".pem").toString());
  }

  /** keytool cannot write a PEM key; the PKCS#12 store gives its PKCS#8 encoding. */
  private static void exportKey(String name) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(dir.resolve(name + ".p12").toFile())) {
      ks.load(in, PASS.toCharArray());
    }
    PrivateKey k = (PrivateKey) ks.getKey(name, PASS.toCharArray());
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(k.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(dir.resolve(name + "-key.pem"), pem);
  }

  private static ScrapeHttpSettings tls(boolean insecure, String ca, String cert, String key, String serverName) {
    return new ScrapeHttpSettings("", "", "", "", "", "", insecure, ca, cert, key, serverName, true);
  }

  private static ScrapeJob job(String name, int port, ScrapeHttpSettings http) {
    ScrapeSettings s = new ScrapeSettings(name, Duration.ofMillis(1000), Duration.ofMillis(1000), "/metrics", "https",
        Map.of(), false, true, 0, 0, 0, 0, 0, 0, http, List.of(), List.of());
    TargetGroup g = new TargetGroup("0", List.of(Labels.of("__address__", "127.0.0.1:" + port)), Labels.EMPTY);
    return new ScrapeJob(s, List.of(new StaticDiscoverySpec(List.of(g))));
  }

  private static Target scraped(String job) throws InterruptedException {
    await(job + " scraped", () -> {
      List<Target> ts = manager.activeTargetsByJob().getOrDefault(job, List.of());
      return !ts.isEmpty() && ts.get(0).health() != TargetHealth.UNKNOWN;
    });
    return manager.activeTargetsByJob().get(job).get(0);
  }

  /** The first TLS handshake can exceed the timeout on a loaded machine; a later scrape must succeed. */
  private static Target up(String job) throws InterruptedException {
    Target t = scraped(job);
    await(job + " up", () -> t.health() == TargetHealth.UP);
    return t;
  }

  private static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void caFileInsecureSkipVerifyAndNeither() throws Exception {
    int port = server.actualPort();
    String ca = dir.resolve("server.pem").toString();
    manager.apply(List.of(
        job("ca", port, tls(false, ca, "", "", "")),
        job("insecure", port, tls(true, "", "", "", "")),
        job("untrusted", port, null)));
    assertThat(up("ca").lastError()).isEmpty();
    assertThat(up("insecure").lastError()).isEmpty();
    Target untrusted = scraped("untrusted");
    await("x509 error", () -> untrusted.lastError().contains("x509"));
    assertThat(untrusted.health()).isEqualTo(TargetHealth.DOWN);
    assertThat(untrusted.lastError())
        .isEqualTo("Get \"https://127.0.0.1:" + port + "/metrics\": x509: certificate signed by unknown authority");
    await("samples over TLS", () -> StoredSamples.select(tsdb, Matcher.equal("__name__", "tls_plain")).size() >= 1);
    assertThat(StoredSamples.select(tsdb, Matcher.equal("__name__", "tls_plain")).toString())
        .contains("job=\"ca\"").contains("job=\"insecure\"").doesNotContain("job=\"untrusted\"");
  }

  @Test
  void serverNameVerifiesAgainstTheConfiguredNameButKeepsTheHostHeader() throws Exception {
    int port = namedServer.actualPort();
    String ca = dir.resolve("named.pem").toString();
    manager.apply(List.of(
        job("named", port, tls(false, ca, "", "", "scrape.example")),
        job("unnamed", port, tls(false, ca, "", "", ""))));
    Target named = up("named");
    assertThat(named.lastError()).isEmpty();
    assertThat(named.health()).isEqualTo(TargetHealth.UP);
    assertThat(hosts.get("named")).isEqualTo("127.0.0.1:" + port);
    // Without server_name the certificate (valid for scrape.example only) does not match 127.0.0.1.
    Target unnamed = scraped("unnamed");
    await("handshake failure", () -> !unnamed.lastError().contains("deadline"));
    assertThat(unnamed.health()).isEqualTo(TargetHealth.DOWN);
    assertThat(unnamed.lastError()).startsWith("Get \"https://127.0.0.1:" + port + "/metrics\": ");
  }

  @Test
  void clientCertificateIsPresented() throws Exception {
    int port = mtlsServer.actualPort();
    String ca = dir.resolve("server.pem").toString();
    manager.apply(List.of(
        job("mtls", port, tls(false, ca, dir.resolve("client.pem").toString(), dir.resolve("client-key.pem").toString(), "")),
        job("nocert", port, tls(false, ca, "", "", ""))));
    Target mtls = up("mtls");
    assertThat(mtls.lastError()).isEmpty();
    assertThat(mtls.health()).isEqualTo(TargetHealth.UP);
    Target nocert = scraped("nocert");
    await("handshake failure", () -> !nocert.lastError().contains("deadline"));
    assertThat(nocert.health()).isEqualTo(TargetHealth.DOWN);
    assertThat(nocert.lastError()).startsWith("Get \"https://127.0.0.1:" + port + "/metrics\": ");
  }
}
