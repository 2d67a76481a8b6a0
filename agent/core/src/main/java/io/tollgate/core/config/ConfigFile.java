package io.tollgate.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The YAML file named by {@code config}: keys nested or dotted, optionally under {@code tollgate:} or prefixed {@code tollgate.}. */
final class ConfigFile {
  private ConfigFile() {}

  /** Flattens the document into dotted keys without the {@code tollgate.} prefix; lists become comma-separated values. */
  static Map<String, String> read(Path file) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
      Map<String, String> flat = new HashMap<>();
      if (root != null) {
        flatten("", root, flat);
      }
      // a file with a tollgate: section may be shared: its other top-level keys are not ours
      boolean section = root != null && root.has("tollgate");
      Map<String, String> out = new HashMap<>();
      flat.forEach((key, value) -> {
        if (!section || key.startsWith(AgentConfig.PREFIX)) {
          out.put(AgentConfig.withoutPrefix(key), value);
        }
      });
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
}
