package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.promethium.config.ConfigLoader;
import io.promethium.config.PrometheusConfig;
import io.promethium.config.RelabelConfig;
import io.promethium.config.ScrapeConfig;
import io.promethium.config.operator.MonitorSet;
import io.promethium.config.operator.MonitorTranslator;
import io.promethium.config.operator.MonitorYaml;
import io.promethium.config.operator.SecretResolver;
import io.promethium.config.operator.TranslatorOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The image and Kubernetes manifests under {@code docker/} are a specification of how Promethium
 * runs in a cluster. No cluster or Docker engine runs in CI here, so this checks what can be checked
 * offline: every manifest is a valid object of a known kind without unknown fields, the objects
 * refer to each other consistently, the ConfigMap's config loads in our loader and in promtool, the
 * monitor examples satisfy the shipped CRDs, and the Dockerfile's inputs and flags are right. With
 * a Docker engine present, the image is also built and must become ready.
 */
class DeploymentManifestsTest {
  private static final Path REPO = repoRoot();
  private static final Path DOCKER = REPO.resolve("docker");
  private static final Path K8S = DOCKER.resolve("kubernetes");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String SEED_MONITORS = "examples/prometheus-operator-monitors.istio-1.16.0.yaml";

  // ---- every manifest is a known, well-formed Kubernetes object -------------------------------

  @Test
  void everyManifestIsAKnownKindWithoutUnknownFields() throws IOException {
    List<Path> files = yamlFiles(K8S);
    assertThat(files).hasSizeGreaterThanOrEqualTo(12);
    int objects = 0;
    for (Path file : files) {
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        continue;
      }
      for (Map<String, Object> doc : yamlDocuments(file)) {
        String where = K8S.relativize(file) + " " + doc.get("kind") + "/" + name(doc);
        assertThat(doc.get("apiVersion")).as(where + " apiVersion").isInstanceOf(String.class);
        assertThat(doc.get("kind")).as(where + " kind").isInstanceOf(String.class);
        assertThat(name(doc)).as(where + " metadata.name").isNotBlank();
        HasMetadata object = toObject(doc);
        objects++;
        if (isMonitoringKind(doc)) {
          assertThat(object).as(where).isInstanceOf(GenericKubernetesResource.class);
          continue;
        }
        assertThat(SERIALIZATION.getRegisteredKubernetesResource((String) doc.get("apiVersion"), (String) doc.get("kind")))
            .as(where + ": fabric8 knows apiVersion and kind").isNotNull();
        assertThat(object).as(where).isNotInstanceOf(GenericKubernetesResource.class);
        assertThat(unknownFields(object)).as(where + ": fields the Kubernetes API does not have").isEmpty();
      }
    }
    assertThat(objects).isGreaterThanOrEqualTo(15);
  }

  /** The unknown-field walk above must actually see a misspelt field deep in a pod template. */
  @Test
  void unknownFieldWalkReportsAMisspeltProbe() {
    String yaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: c
                  image: i
                  readinesProbe: {httpGet: {path: /-/ready, port: 9090}}
        """;
    HasMetadata object = SERIALIZATION.unmarshal(yaml);
    assertThat(object).isInstanceOf(Deployment.class);
    assertThat(unknownFields(object)).containsExactly(".spec.template.spec.containers[0].readinesProbe");
  }

  @Test
  void kustomizationListsEveryManifestAndEachListedFileExists() throws IOException {
    Map<String, Object> kustomization = yamlDocuments(K8S.resolve("kustomization.yaml")).get(0);
    assertThat(kustomization).containsEntry("kind", "Kustomization");
    List<String> resources = strings(kustomization.get("resources"));
    for (String resource : resources) {
      assertThat(K8S.resolve(resource)).as("kustomization resource " + resource).isRegularFile();
    }
    Set<String> onDisk = new TreeSet<>();
    for (Path file : yamlFiles(K8S)) {
      String rel = K8S.relativize(file).toString().replace('\\', '/');
      if (!rel.equals("kustomization.yaml") && !rel.startsWith("examples/")) {
        onDisk.add(rel);
      }
    }
    assertThat(new TreeSet<>(resources)).isEqualTo(onDisk);
    assertThat(resources).contains("crds/monitoring.coreos.com_podmonitors.yaml",
        "crds/monitoring.coreos.com_servicemonitors.yaml");
    // The images transformer must name the image the Deployment uses, or it silently does nothing.
    Set<String> imageNames = new TreeSet<>();
    for (Object image : (List<?>) kustomization.get("images")) {
      imageNames.add((String) ((Map<?, ?>) image).get("name"));
    }
    Deployment deployment = only(manifests(), Deployment.class);
    for (Container c : deployment.getSpec().getTemplate().getSpec().getContainers()) {
      assertThat(imageNames).contains(c.getImage().replaceFirst(":[^:/]+$", ""));
    }
  }

  // ---- the objects refer to each other consistently -------------------------------------------

  @Test
  void deploymentReferencesObjectsThatExist() throws IOException {
    List<HasMetadata> all = manifests();
    Namespace namespace = only(all, Namespace.class);
    String ns = namespace.getMetadata().getName();
    assertThat(ns).isEqualTo("monitoring");
    for (HasMetadata o : all) {
      boolean clusterScoped = o instanceof Namespace || o instanceof ClusterRole || o instanceof ClusterRoleBinding
          || o instanceof CustomResourceDefinition;
      assertThat(o.getMetadata().getNamespace()).as(o.getKind() + "/" + o.getMetadata().getName())
          .isEqualTo(clusterScoped ? null : ns);
    }

    Deployment deployment = only(all, Deployment.class);
    assertThat(deployment.getMetadata().getName()).isEqualTo("promethium");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    ServiceAccount account = named(all, ServiceAccount.class, pod.getServiceAccountName());
    assertThat(account.getMetadata().getNamespace()).isEqualTo(ns);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getFsGroup()).isNotNull();

    Container container = pod.getContainers().get(0);
    assertThat(pod.getContainers()).hasSize(1);
    Map<String, Volume> volumes = new LinkedHashMap<>();
    for (Volume v : pod.getVolumes()) {
      volumes.put(v.getName(), v);
    }
    Map<String, VolumeMount> mountsByVolume = new LinkedHashMap<>();
    for (VolumeMount m : container.getVolumeMounts()) {
      assertThat(volumes).as("volume of mount " + m.getMountPath()).containsKey(m.getName());
      mountsByVolume.put(m.getName(), m);
    }

    // Config: a ConfigMap mounted as a directory (a subPath mount never sees the ..data swap).
    ParseResult flags = parseServerFlags(container.getArgs());
    assertThat(flags.hasMatchedOption("--web.enable-lifecycle")).isTrue();
    Path configFile = Path.of(flags.matchedOptionValue("--config.file", ""));
    Volume configVolume = volumeMountedAt(volumes, mountsByVolume, configFile.getParent().toString());
    assertThat(configVolume.getConfigMap()).as("config volume is a ConfigMap").isNotNull();
    assertThat(mountsByVolume.get(configVolume.getName()).getSubPath()).isNull();
    ConfigMap configMap = named(all, ConfigMap.class, configVolume.getConfigMap().getName());
    assertThat(configMap.getData()).containsKey(configFile.getFileName().toString());

    // Data: the PVC at --storage.tsdb.path.
    String dataPath = flags.matchedOptionValue("--storage.tsdb.path", "");
    Volume dataVolume = volumeMountedAt(volumes, mountsByVolume, dataPath);
    assertThat(dataVolume.getPersistentVolumeClaim()).as("data volume is a PVC").isNotNull();
    PersistentVolumeClaim claim = named(all, PersistentVolumeClaim.class, dataVolume.getPersistentVolumeClaim().getClaimName());
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");

    // Probes and port.
    Set<String> portNames = new LinkedHashSet<>();
    for (ContainerPort p : container.getPorts()) {
      portNames.add(p.getName());
      assertThat(p.getContainerPort()).isEqualTo(9090);
    }
    assertProbe(container.getReadinessProbe(), "/-/ready", portNames);
    assertProbe(container.getLivenessProbe(), "/-/healthy", portNames);
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    if (Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem())) {
      // RocksDB and snappy unpack native libraries into java.io.tmpdir.
      assertThat(volumeMountedAt(volumes, mountsByVolume, "/tmp").getEmptyDir()).isNotNull();
    }

    // Service selects the pods on the named port.
    Service service = named(all, Service.class, "promethium");
    assertThat(service.getSpec().getSelector()).isNotEmpty();
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts()).hasSize(1);
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
    assertThat(portNames).contains(service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
  }

  @Test
  void rbacGrantsDiscoveryReadAccessButNoSecrets() throws IOException {
    List<HasMetadata> all = manifests();
    Deployment deployment = only(all, Deployment.class);
    ClusterRoleBinding binding = only(all, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    ClusterRole role = named(all, ClusterRole.class, binding.getRoleRef().getName());
    Subject subject = binding.getSubjects().get(0);
    assertThat(subject.getKind()).isEqualTo("ServiceAccount");
    assertThat(subject.getName()).isEqualTo(deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
    assertThat(subject.getNamespace()).isEqualTo(deployment.getMetadata().getNamespace());

    Map<String, Set<String>> verbsByResource = new LinkedHashMap<>();
    Set<String> nonResourceGets = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      for (String url : rule.getNonResourceURLs()) {
        if (rule.getVerbs().contains("get")) {
          nonResourceGets.add(url);
        }
      }
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          verbsByResource.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.getVerbs());
        }
      }
    }
    Set<String> readOnly = Set.of("get", "list", "watch");
    for (String resource : List.of("/pods", "/services", "/endpoints", "/nodes", "/namespaces",
        "discovery.k8s.io/endpointslices", "networking.k8s.io/ingresses",
        "monitoring.coreos.com/podmonitors", "monitoring.coreos.com/servicemonitors")) {
      assertThat(verbsByResource.get(resource)).as(resource).isEqualTo(readOnly);
    }
    for (Map.Entry<String, Set<String>> e : verbsByResource.entrySet()) {
      assertThat(e.getValue()).as("verbs on " + e.getKey()).isSubsetOf(readOnly);
      assertThat(e.getKey()).as("no cluster-wide secrets access").doesNotEndWith("/secrets").doesNotContain("*");
    }
    assertThat(nonResourceGets).containsExactly("/metrics");
  }

  // ---- the ConfigMap's prometheus.yml ----------------------------------------------------------

  @Test
  void configMapConfigLoadsWithTheSeedsJobs() throws IOException {
    PrometheusConfig config = ConfigLoader.loadString(configMapYaml());
    List<String> jobs = new ArrayList<>();
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      jobs.add(sc.jobName());
    }
    assertThat(jobs).containsExactly("prometheus", "envoy-stats", "istiod");

    ScrapeConfig envoy = config.scrapeConfig("envoy-stats");
    assertThat(envoy.metricsPath()).isEqualTo("/stats/prometheus");
    assertThat(envoy.kubernetesSdConfigs()).hasSize(1);
    assertThat(envoy.kubernetesSdConfigs().get(0).role()).isEqualTo("pod");
    assertThat(envoy.relabelConfigs()).hasSize(8);

    ScrapeConfig istiod = config.scrapeConfig("istiod");
    assertThat(istiod.kubernetesSdConfigs().get(0).role()).isEqualTo("endpoints");
    assertThat(istiod.metricsPath()).isEqualTo("/metrics");

    ScrapeConfig self = config.scrapeConfig("prometheus");
    assertThat(self.staticConfigs().get(0).targets()).containsExactly("localhost:9090");

    // The image's built-in default config loads too.
    assertThat(ConfigLoader.load(DOCKER.resolve("prometheus.yml")).scrapeConfig("prometheus")).isNotNull();
  }

  /** The envoy-stats job ends with the seeds' PodMonitor relabelings, rule for rule. */
  @Test
  void envoyStatsJobRepeatsTheSeedPodMonitorRelabelings() throws IOException {
    Map<String, Object> podMonitor = null;
    Map<String, Object> serviceMonitor = null;
    for (Map<String, Object> doc : yamlDocuments(K8S.resolve(SEED_MONITORS))) {
      if ("PodMonitor".equals(doc.get("kind"))) {
        podMonitor = doc;
      } else if ("ServiceMonitor".equals(doc.get("kind"))) {
        serviceMonitor = doc;
      }
    }
    assertThat(podMonitor).isNotNull();
    assertThat(serviceMonitor).isNotNull();
    Map<String, Object> endpoint = firstOf(map(podMonitor.get("spec")).get("podMetricsEndpoints"));
    List<Map<String, Object>> expected = new ArrayList<>();
    for (Object rule : (List<?>) endpoint.get("relabelings")) {
      Map<String, Object> snake = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) rule).entrySet()) {
        snake.put(switch ((String) e.getKey()) {
          case "sourceLabels" -> "source_labels";
          case "targetLabel" -> "target_label";
          default -> (String) e.getKey();
        }, e.getValue());
      }
      expected.add(snake);
    }
    Map<String, Object> prometheusYml = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(configMapYaml()));
    Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
    for (Object job : (List<?>) prometheusYml.get("scrape_configs")) {
      jobs.put((String) map(job).get("job_name"), map(job));
    }
    Map<String, Object> envoy = jobs.get("envoy-stats");
    List<?> rules = (List<?>) envoy.get("relabel_configs");
    assertThat(rules.subList(rules.size() - expected.size(), rules.size())).isEqualTo(expected);
    assertThat(envoy.get("metrics_path")).isEqualTo(endpoint.get("path"));
    assertThat(envoy.get("scrape_interval")).isEqualTo(endpoint.get("interval"));

    // istiod: the ServiceMonitor's port and selector.
    Map<String, Object> smEndpoint = firstOf(map(serviceMonitor.get("spec")).get("endpoints"));
    List<Map<String, Object>> istiodRules = new ArrayList<>();
    for (Object r : (List<?>) jobs.get("istiod").get("relabel_configs")) {
      istiodRules.add(map(r));
    }
    assertThat(istiodRules).anySatisfy(r -> {
      assertThat(r.get("action")).isEqualTo("keep");
      assertThat(r.get("source_labels")).isEqualTo(List.of("__meta_kubernetes_endpoint_port_name"));
      assertThat(r.get("regex")).isEqualTo(smEndpoint.get("port"));
    });
    assertThat(istiodRules).anySatisfy(r -> {
      assertThat(r.get("action")).isEqualTo("keep");
      assertThat(r.get("regex")).isEqualTo("(pilot);true");
    });
  }

  /**
   * Debian's promtool 2.42 is built without Kubernetes discovery and rejects every
   * {@code kubernetes_sd_configs} key. So: the file must fail for exactly that reason and nothing
   * else, and the same file with file discovery in its place must pass.
   */
  @Test
  void configMapConfigPassesPromtool(@TempDir Path dir) throws IOException, InterruptedException {
    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(Files.isExecutable(promtool), "promtool not installed");
    String yaml = configMapYaml();
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, yaml);
    Run raw = run(dir, 60, promtool.toString(), "check", "config", file.toString());
    int k8sJobs = countMatches(yaml, "kubernetes_sd_configs:");
    assertThat(k8sJobs).isEqualTo(2);
    if (raw.exit() != 0) {
      List<String> errors = new ArrayList<>();
      for (String line : raw.output().split("\n")) {
        if (line.matches("\\s*line \\d+: .*")) {
          errors.add(line.trim().replaceFirst("^line \\d+: ", ""));
        }
      }
      assertThat(raw.output()).contains("FAILED: parsing YAML file");
      assertThat(errors).as(raw.output()).hasSize(k8sJobs)
          .allMatch(e -> e.equals("field kubernetes_sd_configs not found in type config.ScrapeConfig"));
    }
    Files.writeString(dir.resolve("targets.json"), "[]");
    String fileSd = yaml.replace("kubernetes_sd_configs:", "file_sd_configs:")
        .replaceAll("- role: (pod|endpoints)", "- files: [targets.json]");
    Path substituted = dir.resolve("file-sd.yml");
    Files.writeString(substituted, fileSd);
    Run checked = run(dir, 60, promtool.toString(), "check", "config", substituted.toString());
    assertThat(checked.exit()).as(checked.output()).isZero();
    assertThat(checked.output()).contains("SUCCESS");

    Run image = run(dir, 60, promtool.toString(), "check", "config", DOCKER.resolve("prometheus.yml").toString());
    assertThat(image.exit()).as(image.output()).isZero();
  }

  // ---- monitors and CRDs -----------------------------------------------------------------------

  /**
   * The example monitors translate with Promethium's own operator rules without Secret access (so
   * the ClusterRole needs none), and the seeds' PodMonitor yields the same user relabelings as the
   * ConfigMap's envoy-stats job: the two ways of scraping Istio in the README agree.
   */
  @Test
  void exampleMonitorsTranslateWithoutSecretsAndMatchTheConfigMapJob() throws IOException {
    MonitorTranslator translator = new MonitorTranslator(TranslatorOptions.DEFAULT, SecretResolver.NONE);
    Map<String, ScrapeConfig> jobs = new LinkedHashMap<>();
    for (Path file : yamlFiles(K8S.resolve("examples"))) {
      MonitorSet monitors = MonitorYaml.load(Files.readString(file));
      if (monitors.podMonitors().isEmpty() && monitors.serviceMonitors().isEmpty()) {
        continue;
      }
      for (ScrapeConfig sc : translator.translateAll(monitors.serviceMonitors(), monitors.podMonitors())) {
        jobs.put(K8S.relativize(file) + " " + sc.jobName(), sc);
      }
    }
    assertThat(jobs).hasSize(4);
    ScrapeConfig pod = jobs.get(SEED_MONITORS + " podMonitor/istio-system/envoy-stats-monitor/0");
    ScrapeConfig svc = jobs.get(SEED_MONITORS + " serviceMonitor/istio-system/istio-component-monitor/0");
    assertThat(pod).isNotNull();
    assertThat(svc).isNotNull();
    assertThat(pod.metricsPath()).isEqualTo("/stats/prometheus");
    assertThat(svc.kubernetesSdConfigs().get(0).role()).isEqualTo("endpoints");

    ScrapeConfig envoy = ConfigLoader.loadString(configMapYaml()).scrapeConfig("envoy-stats");
    List<RelabelConfig> mine = envoy.relabelConfigs();
    List<RelabelConfig> monitorRules = mine.subList(2, mine.size()); // after the operator-added filters
    assertThat(Collections.indexOfSubList(pod.relabelConfigs(), monitorRules))
        .as("the PodMonitor's own relabelings, as translated, contain the ConfigMap job's").isNotNegative();
    assertThat(envoy.scrapeInterval()).isEqualTo(pod.scrapeInterval());
  }

  @Test
  void monitorExamplesSatisfyTheShippedCrds() throws IOException {
    Map<String, Map<String, Object>> schemas = crdSchemas();
    assertThat(schemas.keySet()).containsExactlyInAnyOrder("monitoring.coreos.com/v1/PodMonitor",
        "monitoring.coreos.com/v1/ServiceMonitor");
    int monitors = 0;
    for (Path file : yamlFiles(K8S.resolve("examples"))) {
      for (Map<String, Object> doc : yamlDocuments(file)) {
        if (!isMonitoringKind(doc)) {
          continue;
        }
        Map<String, Object> schema = schemas.get(doc.get("apiVersion") + "/" + doc.get("kind"));
        assertThat(schema).as(file + ": a shipped CRD serves " + doc.get("apiVersion") + " " + doc.get("kind")).isNotNull();
        assertThat(schemaViolations(schema, doc, "")).as(file.getFileName() + " " + name(doc)).isEmpty();
        monitors++;
      }
    }
    assertThat(monitors).isEqualTo(4);
  }

  /** The schema check must catch a misspelt relabeling field and a wrong enum value. */
  @Test
  void schemaCheckReportsWrongFields() throws IOException {
    Map<String, Object> schema = crdSchemas().get("monitoring.coreos.com/v1/PodMonitor");
    Map<String, Object> bad = yamlDocuments("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: m}
        spec:
          selector: {}
          podMetricsEndpoints:
            - relabelings:
                - {sourceLabel: [a], action: keep}
                - {sourceLabels: [a], action: explode}
        """).get(0);
    assertThat(schemaViolations(schema, bad, "")).containsExactlyInAnyOrder(
        ".spec.podMetricsEndpoints[0].relabelings[0].sourceLabel: unknown field",
        ".spec.podMetricsEndpoints[0].relabelings[1].action: \"explode\" not in enum");
  }

  // ---- the image -------------------------------------------------------------------------------

  @Test
  void dockerfileCopiesEveryModuleAndOnlyFilesThatExist() throws IOException {
    List<String[]> instructions = dockerInstructions();
    Set<String> copiedDirs = new TreeSet<>();
    List<String> ignore = dockerIgnorePatterns();
    int copies = 0;
    for (String[] ins : instructions) {
      if (!ins[0].equals("COPY")) {
        continue;
      }
      List<String> words = new ArrayList<>(List.of(ins[1].trim().split("\\s+")));
      boolean fromStage = words.removeIf(w -> w.startsWith("--from="));
      words.removeIf(w -> w.startsWith("--"));
      List<String> sources = words.subList(0, words.size() - 1);
      for (String src : sources) {
        if (fromStage) {
          continue;
        }
        copies++;
        assertThat(REPO.resolve(src)).as("COPY source " + src).exists();
        assertThat(ignoredBy(ignore, src)).as("COPY source " + src + " excluded by Dockerfile.dockerignore").isNull();
        copiedDirs.add(src.replaceAll("/+$", ""));
      }
    }
    assertThat(copies).isGreaterThanOrEqualTo(10);
    String rootPom = Files.readString(REPO.resolve("pom.xml"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
    int modules = 0;
    while (module.find()) {
      modules++;
      assertThat(copiedDirs).as("Maven needs every reactor module in the build stage").contains(module.group(1));
    }
    assertThat(modules).isGreaterThanOrEqualTo(7);
    assertThat(copiedDirs).contains("mvnw", "pom.xml", ".mvn");
    // What the runtime stage copies out of the build stage is what the server module produces.
    String serverPom = Files.readString(REPO.resolve("server/pom.xml"));
    assertThat(serverPom).contains("<finalName>promethium</finalName>", "${project.build.directory}/lib",
        "<classpathPrefix>lib/</classpathPrefix>");
  }

  @Test
  void dockerfileEntrypointAndCmdParseAsServerFlags() throws IOException {
    Map<String, String> last = new LinkedHashMap<>();
    Map<String, String> copiedTo = new LinkedHashMap<>();
    List<String> froms = new ArrayList<>();
    String mavenRun = null;
    for (String[] ins : dockerInstructions()) {
      last.put(ins[0], ins[1]);
      if (ins[0].equals("FROM")) {
        froms.add(ins[1]);
      }
      if (ins[0].equals("RUN") && ins[1].contains("mvnw")) {
        mavenRun = ins[1];
      }
      if (ins[0].equals("COPY")) {
        String[] w = ins[1].trim().split("\\s+");
        copiedTo.put(w[w.length - 2], w[w.length - 1]);
      }
    }
    assertThat(froms).hasSize(2);
    // 25: the LTS with the foreign function API (libdeflate) and AOT caches; the bytecode stays 21.
    assertThat(froms.get(1)).startsWith("eclipse-temurin:25-jre");
    assertThat(froms.get(0)).startsWith("eclipse-temurin:25-jdk");
    assertThat(mavenRun).contains("./mvnw", "-DskipTests", "-pl server -am package");
    assertThat(last.get("EXPOSE").trim()).isEqualTo("9090");
    assertThat(last.get("USER").trim()).doesNotStartWith("0").doesNotStartWith("root");
    assertThat(last.get("VOLUME")).contains("/prometheus");
    assertThat(last.get("HEALTHCHECK")).contains("/-/healthy");
    assertThat(last.get("ENV")).contains("MaxRAMPercentage", "ExitOnOutOfMemoryError");

    List<String> entrypoint = jsonArray(last.get("ENTRYPOINT"));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    String jar = entrypoint.get(entrypoint.indexOf("-jar") + 1);
    assertThat(copiedTo).containsEntry("/src/server/target/promethium.jar", jar);
    assertThat(copiedTo).containsEntry("/src/server/target/lib/", Path.of(jar).getParent() + "/lib/");

    List<String> cmd = jsonArray(last.get("CMD"));
    ParseResult flags = parseServerFlags(cmd);
    assertThat(flags.matchedOptionValue("--config.file", "")).isEqualTo("/etc/promethium/prometheus.yml");
    assertThat(copiedTo).containsEntry("docker/prometheus.yml", "/etc/promethium/prometheus.yml");
    assertThat(flags.matchedOptionValue("--storage.tsdb.path", "")).isEqualTo("/prometheus");
    // A flag the server does not have must not parse: the check above is not vacuous.
    List<String> wrong = new ArrayList<>(cmd);
    wrong.add("--storage.tsdb.no-such-flag");
    assertThat(catchParse(wrong)).isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  // ---- tools, when present ---------------------------------------------------------------------

  /** kubectl's embedded kustomize renders the directory offline; every object must come out, in monitoring. */
  @Test
  void kubectlKustomizeRendersEveryObject(@TempDir Path dir) throws IOException, InterruptedException {
    Path kubectl = Path.of("/usr/bin/kubectl");
    assumeTrue(Files.isExecutable(kubectl), "kubectl not installed");
    Run rendered = run(dir, 120, kubectl.toString(), "kustomize", K8S.toString());
    assertThat(rendered.exit()).as(rendered.output()).isZero();
    Set<String> out = new TreeSet<>();
    for (Map<String, Object> doc : yamlDocuments(rendered.output())) {
      out.add(doc.get("kind") + "/" + name(doc) + "@" + map(doc.get("metadata")).get("namespace"));
    }
    Set<String> expected = new TreeSet<>();
    for (HasMetadata o : manifests()) {
      expected.add(o.getKind() + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getNamespace());
    }
    assertThat(out).isEqualTo(expected);
    assertThat(rendered.output()).contains("image: promethium:latest");
  }

  /**
   * Builds the image and waits for {@code /-/ready}: only where a Docker engine answers (a developer
   * machine or CI with Docker); skipped here, where the docker CLI has no daemon.
   */
  @Test
  @Tag("docker")
  void imageBuildsAndBecomesReady(@TempDir Path dir) throws IOException, InterruptedException {
    assumeTrue(dockerEngineAvailable(dir), "no Docker engine");
    String tag = "promethium:manifests-test";
    Run build = run(REPO, 1800, "docker", "build", "-f", "docker/Dockerfile", "-t", tag, ".");
    assertThat(build.exit()).as(build.output()).isZero();
    Run started = run(dir, 60, "docker", "run", "-d", "--rm", "-p", "127.0.0.1::9090", tag);
    assertThat(started.exit()).as(started.output()).isZero();
    String id = started.output().trim();
    try {
      Run port = run(dir, 30, "docker", "port", id, "9090/tcp");
      String hostPort = port.output().trim().split("\n")[0].replaceFirst("^.*:", "");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/-/ready"))
          .timeout(Duration.ofSeconds(5)).build();
      int status = -1;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (status != 200 && System.nanoTime() < deadline) {
        try {
          status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
          status = -1;
        }
        if (status != 200) {
          Thread.sleep(1000);
        }
      }
      assertThat(status).as(run(dir, 30, "docker", "logs", id).output()).isEqualTo(200);
    } finally {
      run(dir, 60, "docker", "rm", "-f", id);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("docker/Dockerfile"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("docker/Dockerfile not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private static List<Map<String, Object>> yamlDocuments(Path file) throws IOException {
    return yamlDocuments(Files.readString(file));
  }

  private static List<Map<String, Object>> yamlDocuments(String text) {
    List<Map<String, Object>> docs = new ArrayList<>();
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(16 * 1024 * 1024);
    for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(text)) {
      if (doc != null) {
        docs.add(map(doc));
      }
    }
    return docs;
  }

  /** The objects `kubectl apply -k` creates, in kustomization order. */
  private static List<HasMetadata> manifests() throws IOException {
    Map<String, Object> kustomization = yamlDocuments(K8S.resolve("kustomization.yaml")).get(0);
    List<HasMetadata> objects = new ArrayList<>();
    for (String resource : strings(kustomization.get("resources"))) {
      for (Map<String, Object> doc : yamlDocuments(K8S.resolve(resource))) {
        objects.add(toObject(doc));
      }
    }
    return objects;
  }

  private static HasMetadata toObject(Map<String, Object> doc) {
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(doc));
  }

  private static String configMapYaml() throws IOException {
    ConfigMap cm = named(manifests(), ConfigMap.class, "promethium-config");
    return cm.getData().get("prometheus.yml");
  }

  private static Map<String, Map<String, Object>> crdSchemas() throws IOException {
    Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
    for (Path file : yamlFiles(K8S.resolve("crds"))) {
      for (Map<String, Object> doc : yamlDocuments(file)) {
        Map<String, Object> spec = map(doc.get("spec"));
        String kind = (String) map(spec.get("names")).get("kind");
        for (Object v : (List<?>) spec.get("versions")) {
          Map<String, Object> version = map(v);
          if (Boolean.TRUE.equals(version.get("served"))) {
            schemas.put(spec.get("group") + "/" + version.get("name") + "/" + kind,
                map(map(version.get("schema")).get("openAPIV3Schema")));
          }
        }
      }
    }
    return schemas;
  }

  /**
   * The subset of structural-schema validation the API server applies that catches authoring
   * mistakes: types, required fields, enums, patterns, and fields the schema does not declare
   * (which the API server would prune silently).
   */
  private static List<String> schemaViolations(Map<String, Object> schema, Object value, String path) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
      if (!(value instanceof String || value instanceof Integer || value instanceof Long)) {
        out.add(path + ": not an int or string");
      }
      return out;
    }
    String type = (String) schema.getOrDefault("type", "");
    switch (type) {
      case "object" -> {
        if (!(value instanceof Map<?, ?> m)) {
          out.add(path + ": not an object");
          return out;
        }
        for (String required : strings(schema.get("required"))) {
          if (!m.containsKey(required)) {
            out.add(path + "." + required + ": required");
          }
        }
        Map<String, Object> properties = schema.get("properties") == null ? null : map(schema.get("properties"));
        Object additional = schema.get("additionalProperties");
        boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String key = String.valueOf(e.getKey());
          if (properties != null && properties.containsKey(key)) {
            out.addAll(schemaViolations(map(properties.get(key)), e.getValue(), path + "." + key));
          } else if (additional instanceof Map<?, ?>) {
            out.addAll(schemaViolations(map(additional), e.getValue(), path + "." + key));
          } else if (properties != null && !preserve && !Boolean.TRUE.equals(additional)) {
            out.add(path + "." + key + ": unknown field");
          }
        }
      }
      case "array" -> {
        if (!(value instanceof List<?> list)) {
          out.add(path + ": not an array");
          return out;
        }
        for (int i = 0; i < list.size(); i++) {
          out.addAll(schemaViolations(map(schema.get("items")), list.get(i), path + "[" + i + "]"));
        }
      }
      case "string" -> {
        if (!(value instanceof String s)) {
          out.add(path + ": not a string");
          return out;
        }
        if (schema.get("pattern") instanceof String pattern && !matchesPattern(pattern, s)) {
          out.add(path + ": \"" + s + "\" does not match " + pattern);
        }
      }
      case "integer" -> {
        if (!(value instanceof Integer || value instanceof Long)) {
          out.add(path + ": not an integer");
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean)) {
          out.add(path + ": not a boolean");
        }
      }
      case "number" -> {
        if (!(value instanceof Number)) {
          out.add(path + ": not a number");
        }
      }
      default -> { }
    }
    if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
      out.add(path + ": \"" + value + "\" not in enum");
    }
    return out;
  }

  private static boolean matchesPattern(String pattern, String s) {
    try {
      return Pattern.compile(pattern).matcher(s).find();
    } catch (PatternSyntaxException goOnlySyntax) {
      return true; // an RE2 construct Java lacks: not checkable here, the API server checks it
    }
  }

  private static boolean isMonitoringKind(Map<String, Object> doc) {
    return String.valueOf(doc.get("apiVersion")).startsWith("monitoring.coreos.com/");
  }

  /** Paths of fields fabric8 did not map to the Kubernetes model (kept in additionalProperties). */
  private static List<String> unknownFields(Object object) {
    List<String> out = new ArrayList<>();
    collectUnknownFields(object, "", out);
    return out;
  }

  private static void collectUnknownFields(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        collectUnknownFields(e.getValue(), path + "." + e.getKey(), out);
      }
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object item : c) {
        collectUnknownFields(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")
        || o instanceof GenericKubernetesResource) {
      return;
    }
    for (Method m : MODEL_GETTERS.get(o.getClass())) {
      Class<?> type = m.getReturnType();
      boolean model = type.getName().startsWith("io.fabric8.kubernetes.api.model.");
      Object value;
      try {
        value = m.invoke(o);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("reading " + path + "." + m.getName(), e);
      }
      // JSONSchemaProps has a real "additionalProperties" field; elsewhere the map holds unknown fields.
      if (m.getName().equals("getAdditionalProperties") && Map.class.isAssignableFrom(type)) {
        for (Object key : value == null ? Set.of() : ((Map<?, ?>) value).keySet()) {
          out.add(path + "." + key);
        }
      } else if (model || !(value instanceof Map<?, ?> plain) || !plain.values().stream().allMatch(v -> v instanceof String)) {
        collectUnknownFields(value, path + "." + property(m.getName()), out);
      }
    }
  }

  /** Getters that can lead to nested model objects; cached because the CRD schemas are deep trees. */
  private static final ClassValue<List<Method>> MODEL_GETTERS = new ClassValue<>() {
    @Override
    protected List<Method> computeValue(Class<?> c) {
      List<Method> getters = new ArrayList<>();
      for (Method m : c.getMethods()) {
        Class<?> type = m.getReturnType();
        if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getName().startsWith("get")
            && (type.getName().startsWith("io.fabric8.kubernetes.api.model.")
                || Map.class.isAssignableFrom(type) || List.class.isAssignableFrom(type))) {
          getters.add(m);
        }
      }
      return getters;
    }
  };

  private static String property(String getter) {
    String p = getter.substring(3);
    return Character.toLowerCase(p.charAt(0)) + p.substring(1);
  }

  private static ParseResult parseServerFlags(List<String> args) {
    return new CommandLine(new ServerCommand()).parseArgs(args.toArray(String[]::new));
  }

  private static Exception catchParse(List<String> args) {
    try {
      parseServerFlags(args);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  private static void assertProbe(Probe probe, String path, Set<String> portNames) {
    assertThat(probe).as("probe for " + path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    Object port = probe.getHttpGet().getPort().getStrVal() != null
        ? probe.getHttpGet().getPort().getStrVal() : probe.getHttpGet().getPort().getIntVal();
    List<Object> allowed = new ArrayList<>(portNames);
    allowed.add(9090);
    assertThat(port).isIn(allowed);
  }

  private static Volume volumeMountedAt(Map<String, Volume> volumes, Map<String, VolumeMount> mounts, String path) {
    for (VolumeMount m : mounts.values()) {
      if (m.getMountPath().replaceAll("/+$", "").equals(path.replaceAll("/+$", ""))) {
        return volumes.get(m.getName());
      }
    }
    throw new AssertionError("no volume mounted at " + path);
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> all, Class<T> type) {
    List<T> found = new ArrayList<>();
    for (HasMetadata o : all) {
      if (type.isInstance(o)) {
        found.add(type.cast(o));
      }
    }
    assertThat(found).as("exactly one " + type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private static <T extends HasMetadata> T named(List<HasMetadata> all, Class<T> type, String name) {
    for (HasMetadata o : all) {
      if (type.isInstance(o) && o.getMetadata().getName().equals(name)) {
        return type.cast(o);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " named " + name + " in the kustomization");
  }

  /** Dockerfile instructions as {keyword, arguments}, with line continuations joined and comments dropped. */
  private static List<String[]> dockerInstructions() throws IOException {
    List<String[]> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(DOCKER.resolve("Dockerfile"))) {
      String t = line.strip();
      if (t.startsWith("#") || (t.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (t.endsWith("\\")) {
        current.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      current.append(t);
      String full = current.toString().strip();
      current.setLength(0);
      int space = full.indexOf(' ');
      out.add(new String[] {full.substring(0, space).toUpperCase(), full.substring(space + 1)});
    }
    return out;
  }

  private static List<String> jsonArray(String json) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json)) {
      out.add((String) o);
    }
    return out;
  }

  private static List<String> dockerIgnorePatterns() throws IOException {
    List<String> patterns = new ArrayList<>();
    for (String line : Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore"))) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        patterns.add(t);
      }
    }
    return patterns;
  }

  /** The ignore pattern excluding this path or one of its parents (Docker's rules, no negations), or null. */
  private static String ignoredBy(List<String> patterns, String path) {
    String clean = path.replaceAll("^\\./", "").replaceAll("/+$", "");
    if (clean.equals(".")) {
      return null;
    }
    for (String pattern : patterns) {
      String regex = globToRegex(pattern.replaceAll("/+$", ""));
      String prefix = clean;
      while (true) {
        if (prefix.matches(regex)) {
          return pattern;
        }
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
          break;
        }
        prefix = prefix.substring(0, slash);
      }
    }
    return null;
  }

  /** Docker's ignore globs: {@code **} spans directories, {@code *} and {@code ?} stay within one. */
  private static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (glob.startsWith("**/", i)) {
        re.append("(?:.*/)?");
        i += 2;
      } else if (glob.startsWith("**", i)) {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }

  private record Run(int exit, String output) { }

  private static Run run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + "s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static boolean dockerEngineAvailable(Path dir) {
    try {
      return run(dir, 20, "docker", "info", "--format", "{{.ServerVersion}}").exit() == 0;
    } catch (IOException e) {
      return false; // no docker CLI at all
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int countMatches(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> firstOf(Object list) {
    assertThat(list).isInstanceOf(List.class);
    return map(((List<?>) list).get(0));
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    if (list != null) {
      for (Object o : (List<?>) list) {
        out.add((String) o);
      }
    }
    return out;
  }

  private static String name(Map<String, Object> doc) {
    Object metadata = doc.get("metadata");
    return metadata instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : null;
  }
}
