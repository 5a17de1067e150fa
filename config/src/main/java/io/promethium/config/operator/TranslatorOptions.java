package io.promethium.config.operator;

import io.promethium.config.GlobalConfig;
import java.util.List;

/**
 * What the operator takes from the Prometheus custom resource when it generates jobs.
 *
 * @param global the global section jobs inherit interval and timeout from
 * @param shards number of shards (the operator always emits the sharding rules; 1 keeps all)
 * @param shard this server's shard as substituted into the keep rule; the operator writes the
 *     placeholder {@code $(SHARD)} for its config-reloader to replace, Promethium uses {@code 0}
 * @param endpointSlice use role {@code endpointslice} instead of {@code endpoints} for ServiceMonitors
 * @param ignoreNamespaceSelectors the CR's {@code ignoreNamespaceSelectors}: own namespace only
 * @param podTargetLabels the CR's {@code podTargetLabels}, added to every monitor's
 */
public record TranslatorOptions(
    GlobalConfig global,
    int shards,
    String shard,
    boolean endpointSlice,
    boolean ignoreNamespaceSelectors,
    List<String> podTargetLabels) {

  /** One shard (number 0), endpoints role, Prometheus defaults. */
  public static final TranslatorOptions DEFAULT =
      new TranslatorOptions(GlobalConfig.DEFAULT, 1, "0", false, false, List.of());

  public TranslatorOptions {
    podTargetLabels = List.copyOf(podTargetLabels);
  }

  public TranslatorOptions withGlobal(GlobalConfig g) {
    return new TranslatorOptions(g, shards, shard, endpointSlice, ignoreNamespaceSelectors, podTargetLabels);
  }

  public TranslatorOptions withShard(String s) {
    return new TranslatorOptions(global, shards, s, endpointSlice, ignoreNamespaceSelectors, podTargetLabels);
  }

  public TranslatorOptions withEndpointSlice(boolean b) {
    return new TranslatorOptions(global, shards, shard, b, ignoreNamespaceSelectors, podTargetLabels);
  }
}
