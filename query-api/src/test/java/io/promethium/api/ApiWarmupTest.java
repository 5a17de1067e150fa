package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.promql.Engine;
import io.promethium.promql.parser.QueryParser;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiWarmupTest {
  @TempDir Path dir;

  @Test
  void everyWarmupQueryParses() {
    for (String q : ApiWarmup.QUERIES) {
      QueryParser.parse(q);
    }
  }

  @Test
  void warmupQueriesAllSucceedOverHttp() throws Exception {
    long now = 1_700_000_000_000L;
    try (ApiTestServer server = ApiTestServer.start(dir, db -> {
      Appender app = db.appender();
      for (long t = now - 600_000; t <= now; t += 15_000) {
        app.append(0, Labels.of("__name__", "up", "job", "a", "instance", "x:1"), t, 1);
        app.append(0, Labels.of("__name__", "scrape_samples_scraped", "job", "a", "instance", "x:1"), t, 10);
        app.append(0, Labels.of("__name__", "scrape_samples_post_metric_relabeling", "job", "a", "instance", "x:1"), t, 10);
      }
      app.commit();
    }, b -> b.engine(new Engine()))) {
      int requests = 2 * ApiWarmup.QUERIES.length;
      assertThat(ApiWarmup.run("127.0.0.1", server.server.actualPort(), requests, now)).isEqualTo(requests);
    }
  }

  @Test
  void stopsAtTheFirstConnectionFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    assertThat(ApiWarmup.run("127.0.0.1", port, 100, 0)).isZero();
  }
}
