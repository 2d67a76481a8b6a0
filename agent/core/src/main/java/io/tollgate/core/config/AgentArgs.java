package io.tollgate.core.config;

import io.tollgate.core.log.AgentLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** The {@code -javaagent:tollgate-agent.jar=key=value,key=value} string. */
final class AgentArgs {
  private static final AgentLog LOG = AgentLog.get(AgentConfig.class);
  // what a setting's name can be: the text before '=' in "http://b/v1?x=1" is not one
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");

  private AgentArgs() {}

  static Map<String, String> parse(String agentArgs) {
    return parse(agentArgs, LOG::warn);
  }

  /**
   * A comma-separated part that does not start with {@code key=} continues the value before it (a
   * list's next item); parts that still cannot be read are told to {@code warning} in one line.
   */
  static Map<String, String> parse(String agentArgs, Consumer<String> warning) {
    Map<String, String> out = new HashMap<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return out;
    }
    List<String> unread = new ArrayList<>();
    String last = null;
    for (String part : agentArgs.split(",")) {
      int eq = part.indexOf('=');
      String key = eq > 0 ? part.substring(0, eq).trim() : "";
      if (KEY.matcher(key).matches()) {
        last = AgentConfig.withoutPrefix(key);
        out.put(last, part.substring(eq + 1).trim());
      } else if (part.isBlank()) {
        continue;
      } else if (last != null) {
        out.put(last, out.get(last) + "," + part.trim());
      } else {
        unread.add("'" + part.trim() + "'");
      }
    }
    if (!unread.isEmpty()) {
      warning.accept("agent arguments ignored (not key=value): " + String.join(", ", unread));
    }
    return out;
  }
}
