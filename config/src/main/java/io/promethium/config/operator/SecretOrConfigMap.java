package io.promethium.config.operator;

/** A TLS asset taken from either a Secret or a ConfigMap key (exactly one is non-null). */
public record SecretOrConfigMap(KeySelector secret, KeySelector configMap) {}
