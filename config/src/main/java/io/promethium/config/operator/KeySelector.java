package io.promethium.config.operator;

/** A key of a Secret or ConfigMap in the monitor's namespace ({@code SecretKeySelector}). */
public record KeySelector(String name, String key, boolean optional) {}
