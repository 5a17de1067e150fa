package io.promethium.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * A source of target groups (static config, files, Kubernetes). After {@link #start} it calls
 * the listener with every group that changed; a group replaces the earlier group with the same
 * source, and an empty group removes it. Listener calls may come from any thread but never
 * concurrently for one provider.
 */
public interface DiscoveryProvider extends AutoCloseable {
  void start(Consumer<List<TargetGroup>> listener);

  /** Stops producing updates; idempotent. */
  @Override
  void close();
}
