package io.promethium.api;

import java.util.List;

/** Scraped metric metadata per active target, for {@code /api/v1/metadata} and {@code /api/v1/targets/metadata}. */
@FunctionalInterface
public interface MetadataSource {
  List<TargetMetadata> targetMetadata();

  MetadataSource EMPTY = List::of;
}
