package io.tollgate.core.record;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process's identity as OpenTelemetry resource attributes ({@code OTEL_SERVICE_NAME},
 * {@code OTEL_RESOURCE_ATTRIBUTES} or their {@code otel.*} system properties), put on every record.
 */
public record ResourceInfo(String serviceName, Map<String, String> attributes) {

  /** A record's attributes: these resource attributes, then the call's own (which win on a clash). */
  public Map<String, String> attributesWith(Map<String, String> callAttributes) {
    if (callAttributes.isEmpty()) {
      return attributes;
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(attributes);
    all.putAll(callAttributes);
    return all;
  }

  public static ResourceInfo from(Map<String, String> env, Map<Object, Object> systemProperties) {
    String attrs = firstNonBlank((String) systemProperties.get("otel.resource.attributes"), env.get("OTEL_RESOURCE_ATTRIBUTES"));
    Map<String, String> parsed = parse(attrs);
    String service = firstNonBlank(
        (String) systemProperties.get("otel.service.name"), env.get("OTEL_SERVICE_NAME"), parsed.get("service.name"));
    if (service == null) {
      service = "unknown_service:java";
    }
    parsed.remove("service.name");
    return new ResourceInfo(service, Collections.unmodifiableMap(parsed));
  }

  /** The W3C-baggage-like {@code key=value,key=value} form, values percent-encoded. */
  static Map<String, String> parse(String attrs) {
    Map<String, String> out = new LinkedHashMap<>();
    if (attrs == null) {
      return out;
    }
    for (String pair : attrs.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        String key = pair.substring(0, eq).trim();
        String value = decoded(pair.substring(eq + 1).trim());
        if (!key.isEmpty()) {
          out.put(key, value);
        }
      }
    }
    return out;
  }

  /** A value that is not valid percent-encoding (a bare {@code 50%}) is kept as written, as the OTel SDK keeps it. */
  private static String decoded(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return raw;
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
