package io.tollgate.agent.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} pairs of a command; a bare argument is kept under the key {@code ""}. */
final class Options {
  private Options() {}

  static Map<String, String> parse(String[] args, String... allowed) {
    List<String> names = List.of(allowed);
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        if (o.putIfAbsent("", args[i]) != null) {
          throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
        }
        continue;
      }
      String name = args[i].substring(2);
      if (!names.contains(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + args[i] + " (options: " + names + ")");
      }
      o.put(name, args[++i]);
    }
    return o;
  }

  static String required(Map<String, String> options, String name) {
    String v = options.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
