package io.promethium.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;

/** The objects other roles are joined with (endpoints with pods and services, attach_metadata with nodes). */
interface ClusterState {
  Pod pod(String namespace, String name);

  Service service(String namespace, String name);

  /** Null when unknown or when node metadata is not attached. */
  Node node(String name);

  boolean attachNode();
}
