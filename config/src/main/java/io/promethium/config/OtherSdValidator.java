package io.promethium.config;

import java.util.List;
import java.util.Set;

/**
 * The load-time checks of Prometheus 2.42's other service discoveries, whose sections we keep as
 * plain maps: just enough so we reject what Prometheus rejects, with its wording.
 */
final class OtherSdValidator {

  private OtherSdValidator() {}

  static void validate(String section, YamlFields f) {
    switch (section) {
      case "http_sd_configs" -> {
        String url = f.string("url", "");
        if (url.isEmpty()) {
          throw new ConfigException(f.line(), "URL is missing");
        }
        UrlCheck.checkHttp(url, f.line("url"));
      }
      case "puppetdb_sd_configs" -> {
        String url = f.string("url", "");
        if (url.isEmpty()) {
          throw new ConfigException(f.line(), "URL is missing");
        }
        UrlCheck.checkHttp(url, f.line("url"));
        require(f, "query", "query missing");
      }
      case "azure_sd_configs" -> {
        require(f, "subscription_id", "azure SD configuration requires a subscription_id");
        String method = f.string("authentication_method", "OAuth");
        if (method.equals("OAuth")) {
          require(f, "tenant_id", "azure SD configuration requires a tenant_id");
          require(f, "client_id", "azure SD configuration requires a client_id");
          require(f, "client_secret", "azure SD configuration requires a client_secret");
        } else if (!method.equals("ManagedIdentity")) {
          throw new ConfigException(f.line("authentication_method"), "unknown authentication_type \""
              + method + "\". Supported types are \"OAuth\" or \"ManagedIdentity\"");
        }
      }
      case "ec2_sd_configs" -> {
        for (org.yaml.snakeyaml.nodes.Node n : f.sequence("filters")) {
          YamlFields filter = n == null ? null : YamlFields.of(n, "ec2.Filter", Set.of("name", "values"));
          if (filter == null || filter.strings("values").isEmpty()) {
            throw new ConfigException(f.line("filters"), "EC2 SD configuration filter values cannot be empty");
          }
        }
      }
      case "eureka_sd_configs" -> {
        String server = f.string("server", "");
        if (server.isEmpty()) {
          throw new ConfigException(f.line(), "eureka_sd: empty or null eureka server");
        }
        if (UrlCheck.scheme(server).isEmpty() || UrlCheck.host(server).isEmpty()) {
          throw new ConfigException(f.line("server"), "eureka_sd: invalid eureka server URL");
        }
      }
      case "marathon_sd_configs" -> checkMarathon(f);
      case "uyuni_sd_configs" -> require(f, "server", "Uyuni SD configuration requires server host");
      case "ionos_sd_configs" -> require(f, "datacenter_id", "datacenter id can't be empty");
      case "hetzner_sd_configs" -> role(f, List.of("robot", "hcloud"), "unknown role");
      case "scaleway_sd_configs" -> {
        role(f, List.of("instance", "baremetal"), "unknown role");
        require(f, "project_id", "project_id is mandatory");
        String key = f.string("secret_key", "");
        String keyFile = f.string("secret_key_file", "");
        if (key.isEmpty() && keyFile.isEmpty()) {
          throw new ConfigException(f.line(), "one of secret_key & secret_key_file must be configured");
        }
        if (!key.isEmpty() && !keyFile.isEmpty()) {
          throw new ConfigException(f.line(), "at most one of secret_key & secret_key_file must be configured");
        }
        require(f, "access_key", "access_key is mandatory");
      }
      case "openstack_sd_configs" -> {
        String role = f.string("role", "");
        if (!role.isEmpty() && !role.equals("instance") && !role.equals("hypervisor")) {
          throw new ConfigException(f.line("role"), "unknown OpenStack SD role \"" + role + "\"");
        }
        String availability = f.string("availability", "public");
        if (!Set.of("admin", "internal", "public").contains(availability)) {
          throw new ConfigException(f.line("availability"), "unknown availability "
              + availability + ", must be one of admin, internal or public");
        }
        if (role.isEmpty()) {
          throw new ConfigException(f.line(), "role missing (one of: instance, hypervisor)");
        }
        require(f, "region", "openstack SD configuration requires a region");
      }
      case "ovhcloud_sd_configs" -> {
        require(f, "endpoint", "endpoint can not be empty");
        require(f, "application_key", "application key can not be empty");
        require(f, "application_secret", "application secret can not be empty");
        require(f, "consumer_key", "consumer key can not be empty");
        String service = f.string("service", "");
        if (!service.equals("vps") && !service.equals("dedicated_server")) {
          throw new ConfigException(f.line("service"), "unknown service: " + service);
        }
      }
      default -> {
        // no load-time checks that matter for this discovery
      }
    }
  }

  private static void checkMarathon(YamlFields f) {
    if (f.strings("servers").isEmpty()) {
      throw new ConfigException(f.line(), "marathon_sd: must contain at least one Marathon server");
    }
    boolean token = !f.string("auth_token", "").isEmpty();
    boolean tokenFile = !f.string("auth_token_file", "").isEmpty();
    if (token && tokenFile) {
      throw new ConfigException(f.line(),
          "marathon_sd: at most one of auth_token & auth_token_file must be configured");
    }
    if (f.has("basic_auth") && (token || tokenFile)) {
      throw new ConfigException(f.line(),
          "marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured");
    }
    boolean bearer = !f.string("bearer_token", "").isEmpty() || !f.string("bearer_token_file", "").isEmpty();
    if (bearer && (token || tokenFile)) {
      throw new ConfigException(f.line(), "marathon_sd: at most one of bearer_token, "
          + "bearer_token_file, auth_token & auth_token_file must be configured");
    }
    if (f.has("authorization") && (token || tokenFile)) {
      throw new ConfigException(f.line(),
          "marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured");
    }
  }

  private static void require(YamlFields f, String key, String message) {
    if (f.string(key, "").isEmpty()) {
      throw new ConfigException(f.line(key), message);
    }
  }

  private static void role(YamlFields f, List<String> roles, String prefix) {
    String role = f.string("role", "");
    if (role.isEmpty()) {
      throw new ConfigException(f.line(), "role missing (one of: " + String.join(", ", roles) + ")");
    }
    if (!roles.contains(role)) {
      throw new ConfigException(f.line("role"), prefix + " \"" + role + "\"");
    }
  }
}
