package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.TargetGroupCollector.map;
import static io.promethium.discovery.kubernetes.TargetGroupCollector.merged;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.promethium.discovery.TargetGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Edge cases of the per-role builders, on objects without an API server. */
class TargetBuildersTest {
  private static final String M = "__meta_kubernetes_";

  /** No joins: nothing known besides the object itself. */
  private static final ClusterState EMPTY = new ClusterState() {
    @Override
    public Pod pod(String namespace, String name) {
      return null;
    }

    @Override
    public Service service(String namespace, String name) {
      return null;
    }

    @Override
    public Node node(String name) {
      return null;
    }

    @Override
    public boolean attachNode() {
      return false;
    }
  };

  private static <T> T yaml(String text, Class<T> type) {
    return Serialization.unmarshal(text, type);
  }

  @ParameterizedTest
  @CsvSource({
      "app.kubernetes.io/name, app_kubernetes_io_name",
      "prometheus.io/scrape, prometheus_io_scrape",
      "security.istio.io/tlsMode, security_istio_io_tlsMode",
      "already_fine_09, already_fine_09",
      "a-b c, a_b_c",
      "ünï, _n_",
      "emoji😀x, emoji_x",
  })
  void labelKeysAreSanitisedPerCharacter(String key, String expected) {
    assertThat(MetaLabels.sanitize(key)).isEqualTo(expected);
  }

  @Test
  void emptyLabelValueKeepsOnlyThePresentLabel() {
    Pod pod = yaml("""
        metadata: {name: p, namespace: ns, labels: {flag: ""}}
        spec: {containers: [{name: c, image: i}]}
        status: {podIP: "10.0.0.1", phase: Pending}
        """, Pod.class);
    TargetGroup g = PodTargets.build(pod, EMPTY);
    assertThat(g.labels().has(M + "pod_label_flag")).isFalse();
    assertThat(g.labels().get(M + "pod_labelpresent_flag")).isEqualTo("true");
    // No Ready condition reported yet.
    assertThat(g.labels().get(M + "pod_ready")).isEqualTo("unknown");
    assertThat(g.labels().get(M + "pod_phase")).isEqualTo("Pending");
  }

  @Test
  void podWithoutIpIsAnEmptyGroupAndIpv6IsBracketed() {
    Pod pending = yaml("""
        metadata: {name: p, namespace: ns}
        spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}
        status: {phase: Pending}
        """, Pod.class);
    assertThat(PodTargets.build(pending, EMPTY)).isEqualTo(TargetGroup.empty("pod/ns/p"));
    Pod v6 = yaml("""
        metadata: {name: p, namespace: ns}
        spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}
        status: {podIP: "fd00::1", phase: Running, conditions: [{type: Ready, status: "False"}]}
        """, Pod.class);
    TargetGroup g = PodTargets.build(v6, EMPTY);
    assertThat(g.targets().get(0).get("__address__")).isEqualTo("[fd00::1]:80");
    assertThat(g.labels().get(M + "pod_ready")).isEqualTo("false");
  }

  @Test
  void serviceTypesSetTheirOwnAddressLabels() {
    Service ext = yaml("""
        metadata: {name: db, namespace: ns}
        spec: {type: ExternalName, externalName: db.example.com, ports: [{name: pg, port: 5432, protocol: TCP}]}
        """, Service.class);
    assertThat(merged(ServiceTargets.build(ext))).containsExactly(map(
        "__address__", "db.ns.svc:5432", M + "namespace", "ns", M + "service_name", "db",
        M + "service_port_name", "pg", M + "service_port_number", "5432", M + "service_port_protocol", "TCP",
        M + "service_type", "ExternalName", M + "service_external_name", "db.example.com"));
    Service lb = yaml("""
        metadata: {name: gw, namespace: istio-system}
        spec: {type: LoadBalancer, clusterIP: 10.96.0.9, loadBalancerIP: 34.1.2.3, ports: [{name: http2, port: 80, protocol: TCP}]}
        """, Service.class);
    assertThat(merged(ServiceTargets.build(lb)).get(0)).containsEntry(M + "service_cluster_ip", "10.96.0.9")
        .containsEntry(M + "service_loadbalancer_ip", "34.1.2.3").containsEntry(M + "service_type", "LoadBalancer");
  }

  @Test
  void endpointsListReadyThenNotReadyAddressesPerPort() {
    Endpoints eps = yaml("""
        metadata: {name: web, namespace: ns}
        subsets:
        - addresses: [{ip: 10.0.0.1, hostname: web-0}]
          notReadyAddresses: [{ip: 10.0.0.2, nodeName: n2, targetRef: {kind: Node, name: n2}}]
          ports: [{name: http, port: 80, protocol: TCP}, {name: admin, port: 81, protocol: TCP}]
        """, Endpoints.class);
    TargetGroup g = EndpointsTargets.build(eps, EMPTY);
    assertThat(g.source()).isEqualTo("endpoints/ns/web");
    // No service of that name: no service labels.
    assertThat(g.labels().has(M + "service_name")).isFalse();
    assertThat(merged(g)).containsExactly(
        map("__address__", "10.0.0.1:80", M + "namespace", "ns", M + "endpoints_name", "web",
            M + "endpoint_port_name", "http", M + "endpoint_port_protocol", "TCP", M + "endpoint_ready", "true",
            M + "endpoint_hostname", "web-0"),
        map("__address__", "10.0.0.2:80", M + "namespace", "ns", M + "endpoints_name", "web",
            M + "endpoint_port_name", "http", M + "endpoint_port_protocol", "TCP", M + "endpoint_ready", "false",
            M + "endpoint_node_name", "n2", M + "endpoint_address_target_kind", "Node",
            M + "endpoint_address_target_name", "n2"),
        map("__address__", "10.0.0.1:81", M + "namespace", "ns", M + "endpoints_name", "web",
            M + "endpoint_port_name", "admin", M + "endpoint_port_protocol", "TCP", M + "endpoint_ready", "true",
            M + "endpoint_hostname", "web-0"),
        map("__address__", "10.0.0.2:81", M + "namespace", "ns", M + "endpoints_name", "web",
            M + "endpoint_port_name", "admin", M + "endpoint_port_protocol", "TCP", M + "endpoint_ready", "false",
            M + "endpoint_node_name", "n2", M + "endpoint_address_target_kind", "Node",
            M + "endpoint_address_target_name", "n2"));
  }

  @Test
  void endpointSliceReportsOnlyGivenFieldsAndTopology() {
    EndpointSlice slice = yaml("""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: web-abc, namespace: ns, labels: {kubernetes.io/service-name: web}}
        addressType: IPv6
        endpoints:
        - addresses: ["fd00::5"]
          conditions: {ready: false}
          deprecatedTopology: {topology.kubernetes.io/zone: z1}
        ports:
        - {name: grpc, port: 9000, appProtocol: kubernetes.io/h2c}
        - {}
        """, EndpointSlice.class);
    List<Map<String, String>> ts = merged(EndpointSliceTargets.build(slice, EMPTY));
    Map<String, String> common = map(M + "namespace", "ns", M + "endpointslice_name", "web-abc",
        M + "endpointslice_address_type", "IPv6", M + "endpointslice_endpoint_conditions_ready", "false",
        M + "endpointslice_endpoint_topology_topology_kubernetes_io_zone", "z1",
        M + "endpointslice_endpoint_topology_present_topology_kubernetes_io_zone", "true");
    Map<String, String> grpc = new java.util.HashMap<>(common);
    grpc.putAll(map("__address__", "[fd00::5]:9000", M + "endpointslice_port_name", "grpc",
        M + "endpointslice_port", "9000", M + "endpointslice_port_app_protocol", "kubernetes.io/h2c"));
    Map<String, String> bare = new java.util.HashMap<>(common);
    bare.put("__address__", "fd00::5"); // a port without number: just the address
    assertThat(ts).containsExactly(grpc, bare);
  }

  @Test
  void nodeWithoutAddressesHasNoTarget() {
    Node n = yaml("""
        metadata: {name: n1}
        status: {addresses: []}
        """, Node.class);
    assertThat(NodeTargets.build(n)).isEqualTo(TargetGroup.empty("node/n1"));
  }

  @ParameterizedTest
  @CsvSource({
      "*.example.com, a.example.com, true",
      "*.example.com, example.com, false",
      "*.example.com, a.b.example.com, false",
      "a.example.com, a.example.com, true",
      "a.example.com, b.example.com, false",
  })
  void ingressTlsHostPatterns(String pattern, String host, boolean matches) {
    assertThat(IngressTargets.matchesHost(pattern, host)).isEqualTo(matches);
  }
}
