package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.config.ConfigLoader;
import io.promethium.scrape.ScrapeManager;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/targets}, {@code /scrape_pools} and the metadata APIs over a real ScrapeManager scraping a loopback target. */
class ScrapeManagerTargetsTest {
  @TempDir
  Path dir;

  @Test
  void targetsShowScrapeState() throws Exception {
    ScrapeManager[] manager = new ScrapeManager[1];
    try (ApiTestServer server = ApiTestServer.start(dir, s -> { }, b -> { })) {
      // the API built above has no targets; build a second one wired to a real scrape manager
      HttpServer target = server.vertx.createHttpServer().requestHandler(r -> r.response()
              .end("# HELP m A test gauge.\n# TYPE m gauge\nm 1\n"))
          .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
      manager[0] = new ScrapeManager(server.vertx, server.tsdb);
      try (ApiTestServer api = ApiTestServer.start(dir.resolve("api"), s -> { },
          b -> b.targets(new ScrapeManagerTargets(manager[0])).metadata(new ScrapeManagerMetadata(manager[0])))) {
        manager[0].apply(ConfigLoader.loadString("""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: web
                static_configs:
                  - targets: ['127.0.0.1:%d']
                    labels: {env: test}
              - job_name: gone
                relabel_configs:
                  - {action: drop, source_labels: [__address__], regex: '.*'}
                static_configs:
                  - targets: ['127.0.0.1:2']
            """.formatted(target.actualPort())));
        JsonObject active = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
          JsonArray list = new JsonObject(api.get("/api/v1/targets").body()).getJsonObject("data")
              .getJsonArray("activeTargets");
          if (!list.isEmpty() && "up".equals(list.getJsonObject(0).getString("health"))) {
            active = list.getJsonObject(0);
            break;
          }
          Thread.sleep(200);
        }
        assertThat(active).as("target scraped").isNotNull();
        String addr = "127.0.0.1:" + target.actualPort();
        assertThat(active.fieldNames()).containsExactly("discoveredLabels", "labels", "scrapePool", "scrapeUrl",
            "globalUrl", "lastError", "lastScrape", "lastScrapeDuration", "health", "scrapeInterval", "scrapeTimeout");
        assertThat(active.getJsonObject("labels").encode())
            .isEqualTo("{\"env\":\"test\",\"instance\":\"" + addr + "\",\"job\":\"web\"}");
        assertThat(active.getJsonObject("discoveredLabels").getString("__address__")).isEqualTo(addr);
        assertThat(active.getString("scrapePool")).isEqualTo("web");
        assertThat(active.getString("scrapeUrl")).isEqualTo("http://" + addr + "/metrics");
        assertThat(active.getString("globalUrl")).isEqualTo(
            "http://" + InetAddress.getLocalHost().getHostName() + ":" + target.actualPort() + "/metrics");
        assertThat(active.getString("lastError")).isEmpty();
        assertThat(active.getString("lastScrape")).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");
        assertThat(active.getString("scrapeInterval")).isEqualTo("1s");
        JsonObject dropped = new JsonObject(api.get("/api/v1/targets?state=dropped").body()).getJsonObject("data");
        assertThat(dropped.getJsonArray("activeTargets")).isEmpty();
        assertThat(dropped.getJsonArray("droppedTargets").getJsonObject(0).getJsonObject("discoveredLabels")
            .getString("job")).isEqualTo("gone");
        assertThat(new JsonObject(api.get("/api/v1/targets?scrapePool=gone").body()).getJsonObject("data")
            .getJsonArray("activeTargets")).isEmpty();
        assertThat(api.get("/api/v1/metadata?metric=m").body()).isEqualTo(
            "{\"status\":\"success\",\"data\":{\"m\":[{\"type\":\"gauge\",\"help\":\"A test gauge.\",\"unit\":\"\"}]}}");
        assertThat(api.get("/api/v1/targets/metadata?match_target=%7Bjob%3D%22web%22%7D").body()).isEqualTo(
            "{\"status\":\"success\",\"data\":[{\"target\":{\"env\":\"test\",\"instance\":\"" + addr
                + "\",\"job\":\"web\"},\"metric\":\"m\",\"type\":\"gauge\",\"help\":\"A test gauge.\",\"unit\":\"\"}]}");
        assertThat(api.get("/api/v1/scrape_pools").body())
            .isEqualTo("{\"status\":\"success\",\"data\":{\"scrapePools\":[\"gone\",\"web\"]}}");
      } finally {
        manager[0].close();
      }
    }
  }
}
