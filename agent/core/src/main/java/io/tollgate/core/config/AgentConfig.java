package io.tollgate.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent's configuration, read once at start-up and never again: properties set by the
 * application later cannot change what the agent does. Precedence, highest first: agent
 * arguments, system properties {@code tollgate.*}, environment {@code TOLLGATE_*}, the YAML file
 * named by {@code config}, defaults in code.
 */
public final class AgentConfig {
  static final String PREFIX = "tollgate.";
  private static final String ENV_PREFIX = "TOLLGATE_";
  // checked at start-up, so that a bad value stops the agent with one line naming it instead of a default read in its place
  private static final Set<String> BOOLEANS = Set.of("enabled", "ledger.enabled", "summary.enabled", "streaming.inject-usage",
      "export.low-priority", "policy.fail-closed", "budget.journal-fsync");
  private static final Map<String, Integer> LEAST = Map.of("export.queue-size", 1, "pricing.reload-seconds", 1,
      "policy.reload-seconds", 1, "budget.journal-flush-ms", 1, "calls.abandon-after-seconds", 1, "summary.calls", 0);
  private static final Map<String, List<String>> CHOICES = Map.of("log.level", List.of("debug", "info", "warn", "error", "off"));

  /** Keyed by {@link #envKey}, so any key can come from the environment ({@code TOLLGATE_POLICY_PUBLIC_KEY}). */
  private final Map<String, Setting> settings;

  private record Setting(String name, String value) {}

  private AgentConfig(Map<String, Setting> settings) {
    this.settings = Map.copyOf(settings);
  }

  public static AgentConfig of(Map<String, String> values) {
    Map<String, Setting> settings = new HashMap<>();
    put(settings, values, false);
    return new AgentConfig(settings);
  }

  /** Reads all sources. {@code agentArgs} is the {@code -javaagent:...=k=v,k=v} string, may be null. */
  public static AgentConfig load(String agentArgs, Map<String, String> env, Map<Object, Object> systemProperties) {
    Map<String, String> args = AgentArgs.parse(agentArgs);
    Map<String, String> fromSysProps = new HashMap<>();
    systemProperties.forEach((k, v) -> {
      String key = String.valueOf(k);
      if (key.startsWith(PREFIX)) {
        fromSysProps.put(key.substring(PREFIX.length()), String.valueOf(v));
      }
    });
    Map<String, String> fromEnv = new HashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith(ENV_PREFIX)) {
        fromEnv.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    String file = firstNonNull(args.get("config"), fromSysProps.get("config"), fromEnv.get("config"));
    Map<String, Setting> settings = new HashMap<>();
    if (file != null) {
      put(settings, ConfigFile.read(Path.of(file)), false);
    }
    put(settings, fromEnv, true);
    put(settings, fromSysProps, false);
    put(settings, args, false);
    AgentConfig config = new AgentConfig(settings);
    config.check();
    return config;
  }

  private static void put(Map<String, Setting> into, Map<String, String> values, boolean guessedNames) {
    values.forEach((name, value) -> {
      Setting before = into.get(envKey(name));
      // an environment variable's name is a guess ('_' may stand for '-'): a file's spelling is kept for withPrefix
      into.put(envKey(name), new Setting(guessedNames && before != null ? before.name : name, value));
    });
  }

  /** A key as OpenTelemetry matches it to an environment variable: upper case, '.' and '-' both '_'. */
  static String envKey(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static String withoutPrefix(String key) {
    return key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
  }

  private void check() {
    BOOLEANS.forEach(key -> getBoolean(key, false));
    LEAST.keySet().forEach(key -> getInt(key, 0));
    CHOICES.forEach((key, words) -> {
      String v = get(key);
      if (v != null && !v.isBlank() && !words.contains(v.trim().toLowerCase(Locale.ROOT))) {
        throw new ConfigException(PREFIX + key + " must be one of " + String.join(", ", words) + ", not '" + v + "'");
      }
    });
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
    Setting s = settings.get(envKey(key));
    return s == null ? null : s.value;
  }

  public String get(String key, String fallback) {
    String v = get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /** {@code true} or {@code false} in any case; anything else ({@code yes}, {@code 1}) is an error, not false. */
  public boolean getBoolean(String key, boolean fallback) {
    String v = get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    if (v.trim().equalsIgnoreCase("true") || v.trim().equalsIgnoreCase("false")) {
      return v.trim().equalsIgnoreCase("true");
    }
    throw new ConfigException(PREFIX + key + " must be true or false, not '" + v + "'");
  }

  public int getInt(String key, int fallback) {
    String v = get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(PREFIX + key + " must be a whole number, not '" + v + "'", e);
    }
    Integer least = LEAST.get(key);
    if (least != null && n < least) {
      throw new ConfigException(PREFIX + key + " must be at least " + least + ", not '" + v + "'");
    }
    return n;
  }

  public List<String> getList(String key) {
    String v = get(key);
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
    String p = envKey(prefix) + "_";
    settings.forEach((key, s) -> {
      if (key.startsWith(p) && s.name.length() > prefix.length()) {
        out.put(s.name.substring(prefix.length() + 1), s.value);
      }
    });
    return out;
  }
}
