package io.promethium.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.promethium.api.remote.RemoteProto;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.InvalidLabelsException;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.SampleRejectedException;
import io.promethium.tsdb.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote write 1.0 receiver ({@code POST /api/v1/write}, {@code --web.enable-remote-write-receiver}):
 * a snappy-compressed {@code WriteRequest}, appended in one transaction. As in Prometheus 2.42: 204
 * on success; 400 text for undecodable bodies and for out-of-order, duplicate or out-of-bounds
 * samples (the whole request is rolled back so the sender does not retry forever); 500 otherwise.
 * Metadata and exemplars are accepted and ignored.
 */
final class RemoteWriteEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteEndpoint.class);

  private final Storage storage;
  private final boolean enabled;

  RemoteWriteEndpoint(Storage storage, boolean enabled) {
    this.storage = storage;
    this.enabled = enabled;
  }

  ApiResponse handle(ApiRequest r) {
    if (!enabled) {
      return ApiResponse.text(404, "remote write receiver needs to be enabled with --enable-feature=remote-write-receiver");
    }
    RemoteProto.WriteRequest req;
    try {
      req = RemoteProto.WriteRequest.parseFrom(SnappyBlock.decode(r.body().getBytes()));
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      LOG.error("Error decoding remote write request: {}", e.getMessage());
      return ApiResponse.text(400, e.getMessage());
    }
    Appender app = storage.appender();
    boolean committed = false;
    try {
      LabelsBuilder b = new LabelsBuilder();
      for (RemoteProto.TimeSeries ts : req.getTimeseriesList()) {
        Labels labels = toLabels(b, ts);
        long ref = 0;
        for (RemoteProto.Sample s : ts.getSamplesList()) {
          ref = app.append(ref, ref == 0 ? labels : null, s.getTimestamp(), s.getValue());
        }
      }
      app.commit();
      committed = true;
      return ApiResponse.noContent();
    } catch (SampleRejectedException e) {
      return ApiResponse.text(400, e.getMessage());
    } catch (InvalidLabelsException e) {
      LOG.error("Error appending remote write: {}", e.getMessage());
      return ApiResponse.text(500, e.getMessage());
    } finally {
      if (!committed) {
        app.rollback();
      }
    }
  }

  /** Empty values mean "no label" and are dropped; duplicate names and empty sets are invalid, as in the head. */
  private static Labels toLabels(LabelsBuilder b, RemoteProto.TimeSeries ts) {
    b.reset();
    int nonEmpty = 0;
    for (RemoteProto.Label l : ts.getLabelsList()) {
      if (!l.getValue().isEmpty()) {
        if (!b.get(l.getName()).isEmpty()) {
          throw new InvalidLabelsException("label name " + GoQuote.quote(l.getName()) + " is not unique: invalid sample");
        }
        b.set(l.getName(), l.getValue());
        nonEmpty++;
      }
    }
    if (nonEmpty == 0) {
      throw new InvalidLabelsException("empty labelset: invalid sample");
    }
    return b.build();
  }
}
