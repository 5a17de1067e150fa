package io.promethium.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.promethium.api.remote.RemoteProto;
import io.promethium.tsdb.InvalidMatcherException;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.MatchType;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.SampleIterator;
import io.promethium.tsdb.SelectHints;
import io.promethium.tsdb.Series;
import io.promethium.tsdb.SeriesSet;
import io.promethium.tsdb.Storage;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * Remote read ({@code POST /api/v1/read}) with the {@code SAMPLES} response type: a snappy
 * {@code ReadResponse} per request. Matchers equal to an external label are relaxed to
 * {@code name=""} and external labels are added to results, as Prometheus does, so a reader
 * that sends its own external labels finds our data. Streamed XOR chunks are not offered.
 */
final class RemoteReadEndpoint {
  private final Storage storage;
  /** Read per request: a config reload may change them. */
  private final Supplier<Labels> externalLabels;
  private final long sampleLimit;

  RemoteReadEndpoint(Storage storage, Supplier<Labels> externalLabels, long sampleLimit) {
    this.storage = storage;
    this.externalLabels = externalLabels;
    this.sampleLimit = sampleLimit;
  }

  ApiResponse handle(ApiRequest r) {
    RemoteProto.ReadRequest req;
    try {
      req = RemoteProto.ReadRequest.parseFrom(SnappyBlock.decode(r.body().getBytes()));
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      return ApiResponse.text(400, e.getMessage());
    }
    List<RemoteProto.ReadRequest.ResponseType> accepted = req.getAcceptedResponseTypesList();
    if (!accepted.isEmpty() && !accepted.contains(RemoteProto.ReadRequest.ResponseType.SAMPLES)) {
      return ApiResponse.text(400, "server does not support any of the requested response types: " + accepted
          + "; supported: [SAMPLES]");
    }
    RemoteProto.ReadResponse.Builder resp = RemoteProto.ReadResponse.newBuilder();
    long samples = 0;
    LabelsBuilder lb = new LabelsBuilder();
    for (RemoteProto.Query query : req.getQueriesList()) {
      Matcher[] matchers;
      try {
        matchers = toMatchers(query.getMatchersList());
      } catch (InvalidMatcherException e) {
        return ApiResponse.text(500, e.getMessage());
      }
      RemoteProto.QueryResult.Builder qr = RemoteProto.QueryResult.newBuilder();
      long mint = query.getStartTimestampMs();
      long maxt = query.getEndTimestampMs();
      try (Querier q = storage.querier(mint, maxt)) {
        SeriesSet set = q.select(false, new SelectHints(mint, maxt, query.getHints().getStepMs(),
            query.getHints().getFunc(), query.getHints().getRangeMs()), matchers);
        while (set.next()) {
          Series s = set.at();
          RemoteProto.TimeSeries.Builder ts = RemoteProto.TimeSeries.newBuilder();
          SampleIterator it = s.iterator();
          while (it.next()) {
            samples++;
            if (sampleLimit > 0 && samples > sampleLimit) {
              return ApiResponse.text(400, "exceeded sample limit (" + sampleLimit + ")");
            }
            ts.addSamples(RemoteProto.Sample.newBuilder().setTimestamp(it.t()).setValue(it.v()));
          }
          // Series labels win over external labels of the same name.
          lb.reset(externalLabels.get());
          Labels own = s.labels();
          for (int i = 0; i < own.size(); i++) {
            lb.set(own.name(i), own.value(i));
          }
          Labels merged = lb.build();
          for (int i = 0; i < merged.size(); i++) {
            ts.addLabels(RemoteProto.Label.newBuilder().setName(merged.name(i)).setValue(merged.value(i)));
          }
          qr.addTimeseries(ts);
        }
      }
      resp.addResults(qr);
    }
    byte[] body = SnappyBlock.encode(resp.build().toByteArray());
    return new ApiResponse(200, "application/x-protobuf", Buffer.buffer(body), "snappy");
  }

  private Matcher[] toMatchers(List<RemoteProto.LabelMatcher> pb) {
    Matcher[] out = new Matcher[pb.size()];
    for (int i = 0; i < out.length; i++) {
      RemoteProto.LabelMatcher m = pb.get(i);
      MatchType type = switch (m.getType()) {
        case EQ -> MatchType.EQUAL;
        case NEQ -> MatchType.NOT_EQUAL;
        case RE -> MatchType.REGEX;
        case NRE -> MatchType.NOT_REGEX;
        default -> throw new InvalidMatcherException("invalid matcher type", null);
      };
      if (type == MatchType.EQUAL && !m.getValue().isEmpty() && m.getValue().equals(externalLabels.get().get(m.getName()))) {
        out[i] = Matcher.equal(m.getName(), "");
      } else {
        out[i] = Matcher.of(type, m.getName(), m.getValue());
      }
    }
    return out;
  }
}
