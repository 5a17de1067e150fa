package io.promethium.config.operator;

import io.promethium.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads ServiceMonitor/PodMonitor objects from (multi-document) YAML or JSON text. */
public final class MonitorYaml {

  private MonitorYaml() {}

  @SuppressWarnings("unchecked")
  public static MonitorSet load(String text) {
    List<ServiceMonitor> sms = new ArrayList<>();
    List<PodMonitor> pms = new ArrayList<>();
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    for (Object doc : yaml.loadAll(text)) {
      if (doc == null) {
        continue;
      }
      if (!(doc instanceof Map<?, ?> m)) {
        throw new ConfigException("expected a Kubernetes object, got " + doc);
      }
      Map<String, Object> obj = (Map<String, Object>) m;
      String apiVersion = String.valueOf(obj.get("apiVersion"));
      String kind = String.valueOf(obj.get("kind"));
      if (!apiVersion.equals("monitoring.coreos.com/v1")) {
        continue;
      }
      if (kind.equals("ServiceMonitor")) {
        sms.add(ServiceMonitor.fromMap(obj));
      } else if (kind.equals("PodMonitor")) {
        pms.add(PodMonitor.fromMap(obj));
      }
    }
    return new MonitorSet(sms, pms);
  }
}
