package io.tollgate.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's configuration, read once at start-up and never again: properties set by the
 * application later cannot change what the agent does. Precedence, highest first: agent
 * arguments, system properties {@code tollgate.*}, environment {@code TOLLGATE_*}, the YAML file
 * named by {@code config}, defaults in code.
 */
public final class AgentConfig {
  private final Map<String, String> values;

  private AgentConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static AgentConfig of(Map<String, String> values) {
    return new AgentConfig(new HashMap<>(values));
  }

  /** Reads all sources. {@code agentArgs} is the {@code -javaagent:...=k=v,k=v} string, may be null. */
  public static AgentConfig load(String agentArgs, Map<String, String> env, Map<Object, Object> systemProperties) {
    Map<String, String> args = parseAgentArgs(agentArgs);
    Map<String, String> fromSysProps = new HashMap<>();
    systemProperties.forEach((k, v) -> {
      String key = String.valueOf(k);
      if (key.startsWith("tollgate.")) {
        fromSysProps.put(key.substring("tollgate.".length()), String.valueOf(v));
      }
    });
    Map<String, String> fromEnv = new HashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("TOLLGATE_")) {
        fromEnv.put(k.substring("TOLLGATE_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    String file = firstNonNull(args.get("config"), fromSysProps.get("config"), fromEnv.get("config"));
    Map<String, String> merged = new HashMap<>();
    if (file != null) {
      merged.putAll(readYaml(Path.of(file)));
    }
    merged.putAll(fromEnv);
    merged.putAll(fromSysProps);
    merged.putAll(args);
    return new AgentConfig(merged);
  }

  static Map<String, String> parseAgentArgs(String agentArgs) {
    Map<String, String> out = new HashMap<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return out;
    }
    for (String part : agentArgs.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        String key = part.substring(0, eq).trim();
        out.put(key.startsWith("tollgate.") ? key.substring("tollgate.".length()) : key, part.substring(eq + 1).trim());
      }
    }
    return out;
  }

  /** Flattens a YAML document into dotted keys; lists become comma-separated values. */
  static Map<String, String> readYaml(Path file) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
      Map<String, String> out = new HashMap<>();
      if (root != null) {
        flatten("", root.has("tollgate") ? root.get("tollgate") : root, out);
      }
      return out;
    } catch (IOException e) {
      throw new ConfigException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(item.asText()));
      out.put(prefix, String.join(",", items));
    } else if (!node.isNull()) {
      out.put(prefix, node.asText());
    }
  }

  private static String firstNonNull(String... candidates) {
    for (String c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  public String get(String key) {
    return values.get(key);
  }

  public String get(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  public boolean getBoolean(String key, boolean fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : Boolean.parseBoolean(v.trim());
  }

  public int getInt(String key, int fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("tollgate." + key + " must be a whole number, not '" + v + "'", e);
    }
  }

  public List<String> getList(String key) {
    String v = values.get(key);
    List<String> out = new ArrayList<>();
    if (v != null) {
      for (String item : v.split(",")) {
        if (!item.isBlank()) {
          out.add(item.trim());
        }
      }
    }
    return out;
  }

  /** All keys under {@code prefix.} (without the prefix), e.g. the provider sections. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new HashMap<>();
    String p = prefix + ".";
    values.forEach((k, v) -> {
      if (k.startsWith(p)) {
        out.put(k.substring(p.length()), v);
      }
    });
    return out;
  }
}
