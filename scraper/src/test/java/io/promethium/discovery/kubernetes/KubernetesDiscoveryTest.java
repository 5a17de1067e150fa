package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.TargetGroupCollector.map;
import static io.promethium.discovery.kubernetes.TargetGroupCollector.merged;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.promethium.config.HttpClientConfig;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.config.KubernetesSelector;
import io.promethium.config.NamespaceDiscovery;
import io.promethium.discovery.TargetGroup;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes discovery against fabric8's mock API server (CRUD mode) loaded with an Istio mesh.
 * Expected label sets are Prometheus 2.42's (shared/corpus/kubernetes-sd/META-LABELS.md), in full.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesDiscoveryTest {
  private static final String M = "__meta_kubernetes_";
  private static final Duration FAST = Duration.ofMillis(100);
  private static final String PRODUCTPAGE = "productpage-v1-6b746f74dc-9stvs";
  private static final String ISTIOD = "istiod-7d4885fc54-z8x2m";

  static KubernetesClient client;
  private KubernetesDiscovery discovery;
  private DroppingProxy proxy;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = KubernetesDiscoveryTest.class.getResourceAsStream("/kubernetes/istio-objects.yaml")) {
      for (HasMetadata o : client.load(in).items()) {
        client.resource(o).create();
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    // Cut the connections before the informers close their watches: the mock server (built for
    // Vert.x 4.5, running on Vert.x 5 here) can block its event loop for up to a minute on a
    // graceful watch close, stalling the next test. An aborted connection does not trigger that.
    if (proxy != null) {
      proxy.close();
    }
    if (discovery != null) {
      discovery.close();
    }
  }

  /** The API server URL the discovery under test uses: a per-test proxy in front of the mock server. */
  private String apiServer() throws Exception {
    if (proxy == null) {
      java.net.URL master = client.getMasterUrl();
      proxy = new DroppingProxy(master.getHost(), master.getPort());
    }
    return "http://127.0.0.1:" + proxy.port();
  }

  private KubernetesSdConfig sd(String role, NamespaceDiscovery ns, List<KubernetesSelector> selectors, boolean node) {
    try {
      return new KubernetesSdConfig(role, apiServer(), "", ns, selectors, node, HttpClientConfig.DEFAULT);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private TargetGroupCollector start(KubernetesSdConfig sd) {
    return start(sd, FAST, ServiceAccount.DEFAULT);
  }

  private TargetGroupCollector start(KubernetesSdConfig sd, Duration interval, ServiceAccount sa) {
    TargetGroupCollector c = new TargetGroupCollector();
    discovery = new KubernetesDiscovery(sd, () -> new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(ApiServerConfig.of(sd, sa)).build(), true, interval, sa);
    discovery.start(c);
    return c;
  }

  private Map<String, String> productpagePod() {
    Map<String, String> m = map(
        M + "namespace", "bookinfo",
        M + "pod_name", PRODUCTPAGE,
        M + "pod_ip", "10.244.0.17",
        M + "pod_ready", "true",
        M + "pod_phase", "Running",
        M + "pod_node_name", "node-1",
        M + "pod_host_ip", "10.132.0.5",
        M + "pod_uid", uid("bookinfo", PRODUCTPAGE),
        M + "pod_controller_kind", "ReplicaSet",
        M + "pod_controller_name", "productpage-v1-6b746f74dc",
        M + "pod_label_app", "productpage",
        M + "pod_labelpresent_app", "true",
        M + "pod_label_pod_template_hash", "6b746f74dc",
        M + "pod_labelpresent_pod_template_hash", "true",
        M + "pod_label_security_istio_io_tlsMode", "istio",
        M + "pod_labelpresent_security_istio_io_tlsMode", "true",
        M + "pod_label_service_istio_io_canonical_name", "productpage",
        M + "pod_labelpresent_service_istio_io_canonical_name", "true",
        M + "pod_label_version", "v1",
        M + "pod_labelpresent_version", "true",
        M + "pod_annotation_prometheus_io_path", "/stats/prometheus",
        M + "pod_annotationpresent_prometheus_io_path", "true",
        M + "pod_annotation_prometheus_io_port", "15020",
        M + "pod_annotationpresent_prometheus_io_port", "true",
        M + "pod_annotation_prometheus_io_scrape", "true",
        M + "pod_annotationpresent_prometheus_io_scrape", "true",
        M + "pod_annotation_sidecar_istio_io_status", "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"]}",
        M + "pod_annotationpresent_sidecar_istio_io_status", "true");
    return m;
  }

  /** The istiod pod's labels as the endpoints roles merge them (no namespace: that is a group label there). */
  private Map<String, String> istiodPod() {
    return map(
        M + "pod_name", ISTIOD,
        M + "pod_ip", "10.244.0.9",
        M + "pod_ready", "true",
        M + "pod_phase", "Running",
        M + "pod_node_name", "node-1",
        M + "pod_host_ip", "10.132.0.5",
        M + "pod_uid", uid("istio-system", ISTIOD),
        M + "pod_controller_kind", "ReplicaSet",
        M + "pod_controller_name", "istiod-7d4885fc54",
        M + "pod_label_app", "istiod",
        M + "pod_labelpresent_app", "true",
        M + "pod_label_istio", "pilot",
        M + "pod_labelpresent_istio", "true",
        M + "pod_label_istio_io_rev", "default",
        M + "pod_labelpresent_istio_io_rev", "true",
        M + "pod_annotation_prometheus_io_port", "15014",
        M + "pod_annotationpresent_prometheus_io_port", "true",
        M + "pod_annotation_prometheus_io_scrape", "true",
        M + "pod_annotationpresent_prometheus_io_scrape", "true");
  }

  /** The mock server assigns its own UIDs on create. */
  private String uid(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get().getMetadata().getUid();
  }

  private static Map<String, String> istiodService() {
    return map(
        M + "namespace", "istio-system",
        M + "service_name", "istiod",
        M + "service_label_app", "istiod",
        M + "service_labelpresent_app", "true",
        M + "service_label_istio", "pilot",
        M + "service_labelpresent_istio", "true",
        M + "service_label_istio_io_rev", "default",
        M + "service_labelpresent_istio_io_rev", "true");
  }

  private static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new HashMap<>(base);
    m.putAll(map(kv));
    return m;
  }

  private static Map<String, String> discoveryContainer(String port) {
    return map(
        M + "pod_container_name", "discovery",
        M + "pod_container_image", "docker.io/istio/pilot:1.16.0",
        M + "pod_container_port_number", port,
        M + "pod_container_port_protocol", "TCP");
  }

  @Test
  void podRoleOneTargetPerContainerPortAndPortlessContainers() throws Exception {
    TargetGroupCollector c = start(sd("pod", NamespaceDiscovery.ALL, List.of(), false));
    Map<String, TargetGroup> groups = c.await(g -> g.size() == 2);
    // The pending pod has no IP yet and yields no targets.
    assertThat(groups.keySet()).containsExactly("pod/bookinfo/" + PRODUCTPAGE, "pod/istio-system/" + ISTIOD);

    String image = "docker.io/istio/proxyv2:1.16.0";
    Map<String, String> pod = productpagePod();
    assertThat(merged(groups.get("pod/bookinfo/" + PRODUCTPAGE))).containsExactlyInAnyOrder(
        with(pod, "__address__", "10.244.0.17:9080",
            M + "pod_container_name", "productpage",
            M + "pod_container_image", "docker.io/istio/examples-bookinfo-productpage-v1:1.17.0",
            M + "pod_container_id", "containerd://b2",
            M + "pod_container_port_number", "9080",
            M + "pod_container_port_protocol", "TCP",
            M + "pod_container_init", "false"),
        with(pod, "__address__", "10.244.0.17:15090",
            M + "pod_container_name", "istio-proxy",
            M + "pod_container_image", image,
            M + "pod_container_id", "containerd://c3",
            M + "pod_container_port_name", "http-envoy-prom",
            M + "pod_container_port_number", "15090",
            M + "pod_container_port_protocol", "TCP",
            M + "pod_container_init", "false"),
        // the port-less init container: the bare pod IP, no port labels
        with(pod, "__address__", "10.244.0.17",
            M + "pod_container_name", "istio-init",
            M + "pod_container_image", image,
            M + "pod_container_id", "containerd://a1",
            M + "pod_container_init", "true"));
  }

  @Test
  void attachMetadataNodeAddsNodeNameAndLabels() throws Exception {
    TargetGroupCollector c = start(sd("pod", new NamespaceDiscovery(List.of("istio-system"), false), List.of(), true));
    Map<String, TargetGroup> groups = c.await(g -> g.size() == 1);
    Map<String, String> expected = with(istiodPod(), M + "namespace", "istio-system",
        M + "node_name", "node-1",
        M + "node_label_kubernetes_io_hostname", "node-1",
        M + "node_labelpresent_kubernetes_io_hostname", "true",
        M + "node_label_kubernetes_io_os", "linux",
        M + "node_labelpresent_kubernetes_io_os", "true",
        M + "node_label_topology_kubernetes_io_zone", "europe-west1-b",
        M + "node_labelpresent_topology_kubernetes_io_zone", "true",
        "__address__", "10.244.0.9:8080",
        M + "pod_container_id", "containerd://d4",
        M + "pod_container_init", "false");
    expected.putAll(discoveryContainer("8080"));
    assertThat(merged(groups.get("pod/istio-system/" + ISTIOD))).hasSize(3).contains(expected);
  }

  @Test
  void serviceRoleTargetsAreDnsNamesPerPort() throws Exception {
    TargetGroupCollector c = start(sd("service", NamespaceDiscovery.ALL, List.of(), false));
    Map<String, TargetGroup> groups = c.await(g -> g.containsKey("svc/istio-system/istiod"));
    Map<String, String> svc = with(istiodService(), M + "service_type", "ClusterIP", M + "service_cluster_ip", "10.96.10.15");
    assertThat(merged(groups.get("svc/istio-system/istiod"))).containsExactlyInAnyOrder(
        with(svc, "__address__", "istiod.istio-system.svc:15010", M + "service_port_name", "grpc-xds",
            M + "service_port_number", "15010", M + "service_port_protocol", "TCP"),
        with(svc, "__address__", "istiod.istio-system.svc:15014", M + "service_port_name", "http-monitoring",
            M + "service_port_number", "15014", M + "service_port_protocol", "TCP"));
  }

  @Test
  void endpointsRoleJoinsServiceAndPodAndAddsUncoveredContainerPorts() throws Exception {
    TargetGroupCollector c = start(sd("endpoints", NamespaceDiscovery.ALL, List.of(), false));
    Map<String, TargetGroup> groups = c.await(g -> g.containsKey("endpoints/istio-system/istiod")
        && g.get("endpoints/istio-system/istiod").targets().size() == 4);
    Map<String, String> group = with(istiodService(),
        M + "endpoints_name", "istiod",
        M + "endpoints_label_app", "istiod",
        M + "endpoints_labelpresent_app", "true",
        M + "endpoints_label_istio", "pilot",
        M + "endpoints_labelpresent_istio", "true");
    Map<String, String> ep = with(group, M + "endpoint_port_protocol", "TCP", M + "endpoint_ready", "true",
        M + "endpoint_address_target_kind", "Pod", M + "endpoint_address_target_name", ISTIOD,
        M + "endpoint_node_name", "node-1");
    ep.putAll(istiodPod());
    Map<String, String> xds = with(ep, "__address__", "10.244.0.9:15010", M + "endpoint_port_name", "grpc-xds");
    xds.putAll(discoveryContainer("15010"));
    // 15014 is served by istiod but not declared by its container: pod labels only.
    Map<String, String> monitoring = with(ep, "__address__", "10.244.0.9:15014", M + "endpoint_port_name", "http-monitoring");
    Map<String, String> extra8080 = with(group, "__address__", "10.244.0.9:8080");
    extra8080.putAll(istiodPod());
    extra8080.putAll(discoveryContainer("8080"));
    Map<String, String> extra15017 = with(group, "__address__", "10.244.0.9:15017");
    extra15017.putAll(istiodPod());
    extra15017.putAll(discoveryContainer("15017"));
    assertThat(merged(groups.get("endpoints/istio-system/istiod")))
        .containsExactlyInAnyOrder(xds, monitoring, extra8080, extra15017);
  }

  @Test
  void endpointSliceRoleJoinsServiceByServiceNameLabel() throws Exception {
    TargetGroupCollector c = start(sd("endpointslice", NamespaceDiscovery.ALL, List.of(), false));
    Map<String, TargetGroup> groups = c.await(g -> g.containsKey("endpointslice/istio-system/istiod-k2f9s")
        && g.get("endpointslice/istio-system/istiod-k2f9s").targets().size() == 4);
    Map<String, String> group = with(istiodService(),
        M + "endpointslice_name", "istiod-k2f9s",
        M + "endpointslice_address_type", "IPv4");
    Map<String, String> monitoring = with(group, "__address__", "10.244.0.9:15014",
        M + "endpointslice_port_name", "http-monitoring",
        M + "endpointslice_port_protocol", "TCP",
        M + "endpointslice_port", "15014",
        M + "endpointslice_endpoint_conditions_ready", "true",
        M + "endpointslice_endpoint_conditions_serving", "true",
        M + "endpointslice_endpoint_conditions_terminating", "false",
        M + "endpointslice_address_target_kind", "Pod",
        M + "endpointslice_address_target_name", ISTIOD);
    monitoring.putAll(istiodPod());
    List<Map<String, String>> targets = merged(groups.get("endpointslice/istio-system/istiod-k2f9s"));
    assertThat(targets).contains(monitoring);
    for (String port : List.of("8080", "15010", "15017")) {
      Map<String, String> extra = with(group, "__address__", "10.244.0.9:" + port);
      extra.putAll(istiodPod());
      extra.putAll(discoveryContainer(port));
      assertThat(targets).contains(extra);
    }
  }

  @Test
  void nodeRoleUsesPreferredAddressAndKubeletPort() throws Exception {
    TargetGroupCollector c = start(sd("node", NamespaceDiscovery.ALL, List.of(), false));
    Map<String, TargetGroup> groups = c.await(g -> g.containsKey("node/node-1"));
    assertThat(merged(groups.get("node/node-1"))).containsExactly(map(
        "__address__", "10.132.0.5:10250",
        "instance", "node-1",
        M + "node_name", "node-1",
        M + "node_provider_id", "gce://mesh/europe-west1-b/node-1",
        M + "node_address_InternalIP", "10.132.0.5",
        M + "node_address_ExternalIP", "34.76.1.2",
        M + "node_address_Hostname", "node-1",
        M + "node_label_kubernetes_io_hostname", "node-1",
        M + "node_labelpresent_kubernetes_io_hostname", "true",
        M + "node_label_kubernetes_io_os", "linux",
        M + "node_labelpresent_kubernetes_io_os", "true",
        M + "node_label_topology_kubernetes_io_zone", "europe-west1-b",
        M + "node_labelpresent_topology_kubernetes_io_zone", "true",
        M + "node_annotation_node_alpha_kubernetes_io_ttl", "0",
        M + "node_annotationpresent_node_alpha_kubernetes_io_ttl", "true"));
  }

  @Test
  void ingressRoleOneTargetPerRulePathWithTlsScheme() throws Exception {
    TargetGroupCollector c = start(sd("ingress", NamespaceDiscovery.ALL, List.of(), false));
    Map<String, TargetGroup> groups = c.await(g -> g.containsKey("ingress/bookinfo/bookinfo"));
    Map<String, String> group = map(
        M + "namespace", "bookinfo",
        M + "ingress_name", "bookinfo",
        M + "ingress_class_name", "istio",
        M + "ingress_label_app", "productpage",
        M + "ingress_labelpresent_app", "true",
        M + "ingress_annotation_kubernetes_io_ingress_class", "istio",
        M + "ingress_annotationpresent_kubernetes_io_ingress_class", "true");
    assertThat(merged(groups.get("ingress/bookinfo/bookinfo"))).containsExactlyInAnyOrder(
        with(group, "__address__", "bookinfo.example.com", M + "ingress_scheme", "https",
            M + "ingress_host", "bookinfo.example.com", M + "ingress_path", "/productpage"),
        with(group, "__address__", "bookinfo.example.com", M + "ingress_scheme", "https",
            M + "ingress_host", "bookinfo.example.com", M + "ingress_path", "/static"),
        // no TLS host matches and no path given: http and "/"
        with(group, "__address__", "bookinfo.internal", M + "ingress_scheme", "http",
            M + "ingress_host", "bookinfo.internal", M + "ingress_path", "/"));
  }

  @Test
  void namespacesAndLabelSelectorsLimitTheWatch() throws Exception {
    TargetGroupCollector c = start(sd("pod", new NamespaceDiscovery(List.of("bookinfo"), false),
        List.of(new KubernetesSelector("pod", "app=productpage", "")), false));
    Map<String, TargetGroup> groups = c.await(g -> !g.isEmpty());
    assertThat(groups.keySet()).containsExactly("pod/bookinfo/" + PRODUCTPAGE);
  }

  @Test
  void ownNamespaceIsReadFromTheServiceAccount(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("namespace"), "istio-system\n");
    ServiceAccount sa = new ServiceAccount(dir, Map.of());
    TargetGroupCollector c = start(sd("pod", new NamespaceDiscovery(List.of(), true), List.of(), false), FAST, sa);
    Map<String, TargetGroup> groups = c.await(g -> !g.isEmpty());
    assertThat(groups.keySet()).containsExactly("pod/istio-system/" + ISTIOD);
  }

  @Test
  void addingChangingAndDeletingAPodUpdatesItsGroup() throws Exception {
    TargetGroupCollector c = start(sd("pod", new NamespaceDiscovery(List.of("bookinfo"), false), List.of(), false));
    c.await(g -> g.size() == 1);
    Pod reviews = new PodBuilder()
        .withNewMetadata().withName("reviews-v1").withNamespace("bookinfo").addToLabels("app", "reviews").endMetadata()
        .withNewSpec().addNewContainer().withName("reviews").withImage("reviews:1")
        .addNewPort().withName("http").withContainerPort(9080).withProtocol("TCP").endPort().endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.244.0.30").endStatus()
        .build();
    client.resource(reviews).create();
    Map<String, TargetGroup> groups = c.await(g -> g.containsKey("pod/bookinfo/reviews-v1"));
    assertThat(groups.get("pod/bookinfo/reviews-v1").labels().get(M + "pod_label_app")).isEqualTo("reviews");
    assertThat(groups.get("pod/bookinfo/reviews-v1").targets().get(0).get("__address__")).isEqualTo("10.244.0.30:9080");

    client.pods().inNamespace("bookinfo").withName("reviews-v1")
        .edit(p -> new PodBuilder(p).editMetadata().addToLabels("version", "v2").endMetadata().build());
    groups = c.await(g -> g.containsKey("pod/bookinfo/reviews-v1")
        && "v2".equals(g.get("pod/bookinfo/reviews-v1").labels().get(M + "pod_label_version")));
    assertThat(groups.get("pod/bookinfo/reviews-v1").labels().get(M + "pod_labelpresent_version")).isEqualTo("true");

    client.pods().inNamespace("bookinfo").withName("reviews-v1").delete();
    groups = c.await(g -> !g.containsKey("pod/bookinfo/reviews-v1"));
    assertThat(groups.keySet()).containsExactly("pod/bookinfo/" + PRODUCTPAGE);
  }

  @Test
  void updatesAreHeldBackUntilTheUpdateInterval() throws Exception {
    // A one-hour interval: the initial state is sent once the caches synced, later changes wait.
    TargetGroupCollector c = start(sd("pod", new NamespaceDiscovery(List.of("staging"), false), List.of(), false),
        Duration.ofHours(1), ServiceAccount.DEFAULT);
    assertThat(c.await(g -> true)).isEmpty();
    Pod p = new PodBuilder()
        .withNewMetadata().withName("held-back").withNamespace("staging").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("app:1").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.244.1.2").endStatus()
        .build();
    client.resource(p).create();
    try {
      Thread.sleep(1500);
      assertThat(c.updates()).isEqualTo(1);
      assertThat(c.groups()).isEmpty();
    } finally {
      client.resource(p).delete();
    }
  }

  @Test
  void droppedWatchReconnectsAndCatchesUp() throws Exception {
    TargetGroupCollector c = start(sd("pod", new NamespaceDiscovery(List.of("reconnect"), false), List.of(), false));
    assertThat(c.await(g -> true)).isEmpty();
    assertThat(proxy.dropAll()).isPositive(); // the list/watch connection is cut
    Pod p = new PodBuilder()
        .withNewMetadata().withName("after-drop").withNamespace("reconnect").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("app:1").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.244.2.2").endStatus()
        .build();
    client.resource(p).create();
    try {
      // Seen only if the informer re-established its watch (or re-listed) after the drop.
      Map<String, TargetGroup> groups = c.await(g -> g.containsKey("pod/reconnect/after-drop"));
      assertThat(groups.get("pod/reconnect/after-drop").targets().get(0).get("__address__")).isEqualTo("10.244.2.2");
    } finally {
      client.resource(p).delete();
    }
  }

  @Test
  void fieldSelectorsArePassedToTheWatch() throws Exception {
    TargetGroupCollector c = start(sd("pod", NamespaceDiscovery.ALL,
        List.of(new KubernetesSelector("pod", "", "metadata.name=" + ISTIOD)), false));
    assertThat(c.await(g -> !g.isEmpty()).keySet()).containsExactly("pod/istio-system/" + ISTIOD);
  }

  @Test
  void endpointsWithAttachMetadataCarryTheNodeLabels() throws Exception {
    TargetGroupCollector c = start(sd("endpoints", new NamespaceDiscovery(List.of("istio-system"), false), List.of(), true));
    Map<String, TargetGroup> groups = c.await(g -> g.containsKey("endpoints/istio-system/istiod")
        && g.get("endpoints/istio-system/istiod").targets().size() == 4);
    for (Map<String, String> t : merged(groups.get("endpoints/istio-system/istiod"))) {
      if (t.containsKey(M + "endpoint_port_name")) {
        // endpoint targets: the node named by the address
        assertThat(t).containsEntry(M + "node_name", "node-1")
            .containsEntry(M + "node_label_topology_kubernetes_io_zone", "europe-west1-b")
            .containsEntry(M + "node_labelpresent_kubernetes_io_os", "true");
      } else {
        // extra container-port targets get no node metadata in Prometheus
        assertThat(t).doesNotContainKey(M + "node_name").doesNotContainKey(M + "node_label_kubernetes_io_os");
      }
    }
  }

  @Test
  void failingClientConfigurationReportsAnEmptyUpdate(@TempDir Path dir) throws Exception {
    // Not in a cluster and no api_server: Prometheus logs "Cannot create service discovery" and goes on.
    ServiceAccount nowhere = new ServiceAccount(dir, Map.of());
    KubernetesSdConfig inCluster = new KubernetesSdConfig("pod", "", "", NamespaceDiscovery.ALL, List.of(), false,
        HttpClientConfig.DEFAULT);
    TargetGroupCollector c = start(inCluster, FAST, nowhere);
    assertThat(c.await(g -> true)).isEmpty();
    assertThat(c.updates()).isEqualTo(1);
  }

  @Test
  void kubernetesSdConfigsBecomeKubernetesSpecs() {
    io.promethium.config.PrometheusConfig cfg = io.promethium.config.ConfigLoader.loadString("""
        scrape_configs:
        - job_name: kubernetes-pods
          kubernetes_sd_configs:
          - role: pod
            namespaces: {names: [bookinfo]}
        """);
    List<io.promethium.scrape.ScrapeJob> jobs = io.promethium.scrape.ScrapeJobs.from(cfg, KubernetesDiscoverySpec::of);
    assertThat(jobs.get(0).discovery()).containsExactly(KubernetesDiscoverySpec.of(
        cfg.scrapeConfigs().get(0).kubernetesSdConfigs().get(0)));
    assertThat(((KubernetesDiscoverySpec) jobs.get(0).discovery().get(0)).config().namespaces().names())
        .containsExactly("bookinfo");
  }

  @Test
  void specIsAValueType() {
    KubernetesSdConfig a = sd("pod", NamespaceDiscovery.ALL, List.of(), false);
    assertThat(KubernetesDiscoverySpec.of(a)).isEqualTo(KubernetesDiscoverySpec.of(a));
    assertThat(KubernetesDiscoverySpec.of(a).updateInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(KubernetesDiscoverySpec.of(a)).isNotEqualTo(KubernetesDiscoverySpec.of(sd("node", NamespaceDiscovery.ALL, List.of(), false)));
    assertThat(KubernetesDiscoverySpec.of(a).hashCode()).isEqualTo(KubernetesDiscoverySpec.of(a).hashCode());
  }
}
