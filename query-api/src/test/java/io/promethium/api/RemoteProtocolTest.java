package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.api.remote.RemoteProto;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.SampleIterator;
import io.promethium.tsdb.SeriesSet;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote write receiver and remote read over real HTTP into a real Tsdb. */
class RemoteProtocolTest {
  @TempDir
  Path dir;
  ApiTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = ApiTestServer.start(dir, s -> { }, b -> b.options(ApiOptions.defaults().withRemoteWriteReceiver(true)
        .withExternalLabels(Labels.of("cluster", "demo"))));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  static RemoteProto.TimeSeries series(Labels labels, long[] ts, double[] vs) {
    RemoteProto.TimeSeries.Builder b = RemoteProto.TimeSeries.newBuilder();
    for (int i = 0; i < labels.size(); i++) {
      b.addLabels(RemoteProto.Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)));
    }
    for (int i = 0; i < ts.length; i++) {
      b.addSamples(RemoteProto.Sample.newBuilder().setTimestamp(ts[i]).setValue(vs[i]));
    }
    return b.build();
  }

  HttpResponse<String> write(RemoteProto.WriteRequest req) throws Exception {
    return server.send(HttpRequest.newBuilder(server.uri("/api/v1/write"))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(SnappyBlock.encode(req.toByteArray()))));
  }

  @Test
  void writtenSamplesAreStoredAndQueryable() throws Exception {
    Labels a = Labels.of("__name__", "rw_total", "job", "remote", "instance", "a");
    Labels b = Labels.of("__name__", "rw_total", "job", "remote", "instance", "b");
    RemoteProto.WriteRequest req = RemoteProto.WriteRequest.newBuilder()
        .addTimeseries(series(a, new long[] {1000, 2000, 3000}, new double[] {1, 2.5, Double.NaN}))
        .addTimeseries(series(b, new long[] {1500}, new double[] {-7}))
        .addMetadata(RemoteProto.MetricMetadata.newBuilder().setMetricFamilyName("rw_total")
            .setType(RemoteProto.MetricMetadata.MetricType.COUNTER).setHelp("ignored"))
        .build();
    HttpResponse<String> resp = write(req);
    assertThat(resp.statusCode()).isEqualTo(204);
    assertThat(resp.body()).isEmpty();

    try (Querier q = server.tsdb.querier(0, 10_000)) {
      SeriesSet set = q.select(true, null, Matcher.equal("__name__", "rw_total"));
      List<String> got = new ArrayList<>();
      while (set.next()) {
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          got.add(set.at().labels().get("instance") + "@" + it.t() + "=" + it.v());
        }
      }
      assertThat(got).containsExactly("a@1000=1.0", "a@2000=2.5", "a@3000=NaN", "b@1500=-7.0");
    }
    assertThat(server.get("/api/v1/series?match%5B%5D=rw_total&start=0&end=10").body()).isEqualTo(
        "{\"status\":\"success\",\"data\":[{\"__name__\":\"rw_total\",\"instance\":\"a\",\"job\":\"remote\"},"
            + "{\"__name__\":\"rw_total\",\"instance\":\"b\",\"job\":\"remote\"}]}");
  }

  @Test
  void outOfOrderSampleRejectsTheWholeRequestWith400() throws Exception {
    Labels a = Labels.of("__name__", "rw_total", "job", "remote");
    assertThat(write(RemoteProto.WriteRequest.newBuilder()
        .addTimeseries(series(a, new long[] {5000}, new double[] {5})).build()).statusCode()).isEqualTo(204);
    Labels other = Labels.of("__name__", "other", "job", "remote");
    HttpResponse<String> resp = write(RemoteProto.WriteRequest.newBuilder()
        .addTimeseries(series(other, new long[] {6000}, new double[] {1}))
        .addTimeseries(series(a, new long[] {1000}, new double[] {1})).build());
    assertThat(resp.statusCode()).isEqualTo(400);
    assertThat(resp.body()).isEqualTo("out of order sample\n");
    assertThat(server.get("/api/v1/series?match%5B%5D=other").body()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
  }

  @Test
  void undecodableBodiesAre400Text() throws Exception {
    HttpResponse<String> resp = server.send(HttpRequest.newBuilder(server.uri("/api/v1/write"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(SnappyBlock.encode(new byte[] {(byte) 0xff, 1, 2}))));
    assertThat(resp.statusCode()).isEqualTo(400);
    assertThat(resp.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(resp.body()).isNotEmpty().doesNotContain("snappy");
  }

  @Test
  void receiverIsOffByDefaultLikePrometheus() throws Exception {
    try (ApiTestServer off = ApiTestServer.start(dir.resolve("off"), s -> { }, b -> { })) {
      HttpResponse<String> resp = off.send(HttpRequest.newBuilder(off.uri("/api/v1/write"))
          .POST(HttpRequest.BodyPublishers.ofString("x")));
      assertThat(resp.statusCode()).isEqualTo(404);
      assertThat(resp.body())
          .isEqualTo("remote write receiver needs to be enabled with --enable-feature=remote-write-receiver\n");
    }
  }

  @Test
  void remoteReadReturnsSamplesWithExternalLabels() throws Exception {
    Labels a = Labels.of("__name__", "rr_total", "job", "remote");
    assertThat(write(RemoteProto.WriteRequest.newBuilder()
        .addTimeseries(series(a, new long[] {1000, 2000, 3000}, new double[] {1, 2, 3})).build()).statusCode())
        .isEqualTo(204);
    // A reader whose own external labels are cluster="demo" asks with that matcher: it must be relaxed.
    RemoteProto.ReadRequest req = RemoteProto.ReadRequest.newBuilder().addQueries(RemoteProto.Query.newBuilder()
        .setStartTimestampMs(1500).setEndTimestampMs(3000)
        .addMatchers(RemoteProto.LabelMatcher.newBuilder().setType(RemoteProto.LabelMatcher.Type.EQ)
            .setName("__name__").setValue("rr_total"))
        .addMatchers(RemoteProto.LabelMatcher.newBuilder().setType(RemoteProto.LabelMatcher.Type.EQ)
            .setName("cluster").setValue("demo")))
        .build();
    HttpResponse<byte[]> resp = server.client.send(HttpRequest.newBuilder(server.uri("/api/v1/read"))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(SnappyBlock.encode(req.toByteArray()))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    assertThat(resp.headers().firstValue("Content-Encoding")).hasValue("snappy");
    RemoteProto.ReadResponse rr = RemoteProto.ReadResponse.parseFrom(SnappyBlock.decode(resp.body()));
    assertThat(rr.getResultsCount()).isEqualTo(1);
    RemoteProto.TimeSeries ts = rr.getResults(0).getTimeseries(0);
    List<String> labels = new ArrayList<>();
    ts.getLabelsList().forEach(l -> labels.add(l.getName() + "=" + l.getValue()));
    assertThat(labels).containsExactly("__name__=rr_total", "cluster=demo", "job=remote");
    List<String> samples = new ArrayList<>();
    ts.getSamplesList().forEach(s -> samples.add(s.getTimestamp() + "=" + s.getValue()));
    assertThat(samples).containsExactly("2000=2.0", "3000=3.0");
  }
}
