package io.promethium.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.tsdb.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file_sd_configs: YAML and JSON, globs, change detection, removal with empty groups. */
class FileDiscoveryTest {
  @TempDir Path dir;

  @Test
  void readsWatchesAndRemoves() throws Exception {
    Path json = dir.resolve("a.json");
    Path yaml = dir.resolve("b.yml");
    Files.writeString(json, "[{\"targets\": [\"h1:80\", \"h2:80\"], \"labels\": {\"env\": \"prod\"}}]");
    Files.writeString(yaml, "- targets: ['h3:80']\n- targets: ['h4:80']\n  labels:\n    team: x\n");
    Files.writeString(dir.resolve("ignored.txt"), "not matched");
    LinkedBlockingQueue<List<TargetGroup>> updates = new LinkedBlockingQueue<>();
    Map<String, TargetGroup> state = new TreeMap<>();
    try (FileDiscovery d = new FileDiscovery(List.of(dir + "/*.json", dir + "/*.yml"), Duration.ofMinutes(5),
        Duration.ofMillis(50))) {
      d.start(updates::add);
      apply(state, updates.poll(10, TimeUnit.SECONDS));
      assertThat(state.keySet()).containsExactly(json + ":0", yaml + ":0", yaml + ":1");
      TargetGroup g = state.get(json + ":0");
      assertThat(g.targets()).containsExactly(Labels.of("__address__", "h1:80"), Labels.of("__address__", "h2:80"));
      assertThat(g.labels()).isEqualTo(Labels.of("env", "prod", "__meta_filepath", json.toString()));
      assertThat(state.get(yaml + ":1").labels().get("team")).isEqualTo("x");

      // Shrinking a file removes its extra groups with empty groups.
      Files.writeString(yaml, "- targets: ['h5:80']\n");
      apply(state, updates.poll(10, TimeUnit.SECONDS));
      assertThat(state.keySet()).containsExactly(json + ":0", yaml + ":0");
      assertThat(state.get(yaml + ":0").targets()).containsExactly(Labels.of("__address__", "h5:80"));

      // A broken file keeps its previous groups.
      Files.writeString(json, "[{\"targets\": [\"h1:80\"], \"labels\": {\"bad-name\": \"x\"}}]");
      Files.writeString(yaml, "- targets: ['h6:80']\n");
      apply(state, updates.poll(10, TimeUnit.SECONDS));
      assertThat(state.get(json + ":0").targets()).hasSize(2);
      assertThat(state.get(yaml + ":0").targets()).containsExactly(Labels.of("__address__", "h6:80"));
      assertThat(d.readErrors()).isPositive();

      // Deleting a file removes its groups.
      Files.delete(yaml);
      apply(state, updates.poll(10, TimeUnit.SECONDS));
      assertThat(state.keySet()).containsExactly(json + ":0");
    }
  }

  @Test
  void reportsOnceEvenWhenNothingMatches() throws Exception {
    LinkedBlockingQueue<List<TargetGroup>> updates = new LinkedBlockingQueue<>();
    try (FileDiscovery d = new FileDiscovery(List.of(dir + "/*.json"), Duration.ofMinutes(5), Duration.ofMillis(50))) {
      d.start(updates::add);
      assertThat(updates.poll(10, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @Test
  void parserRejectsUnknownFieldsAndBadLabelNames() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TargetGroupFileParser.parse("/x.yaml", "- targets: [a]\n  label: {}\n"))
        .hasMessageContaining("field label not found");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TargetGroupFileParser.parse("/x.json", "[{\"labels\": {\"1a\": \"x\"}}]"))
        .hasMessage("\"1a\" is not a valid label name");
  }

  private static void apply(Map<String, TargetGroup> state, List<TargetGroup> update) {
    assertThat(update).as("update").isNotNull();
    for (TargetGroup g : update) {
      if (g.targets().isEmpty()) {
        state.remove(g.source());
      } else {
        state.put(g.source(), g);
      }
    }
  }
}
