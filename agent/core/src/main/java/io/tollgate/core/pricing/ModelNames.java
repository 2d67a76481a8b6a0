package io.tollgate.core.pricing;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a model name from the wire is reduced, step by step, to a name the catalog may list. */
final class ModelNames {

  // a dated snapshot (-2024-08-06 for OpenAI, -20250929 for Anthropic) or a moving "-latest" alias
  private static final Pattern SNAPSHOT_SUFFIX =
      Pattern.compile("-(?:\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$");

  private ModelNames() {}

  static String normalize(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  /** {@code openai/gpt-4o} becomes {@code gpt-4o}; a name without a prefix is returned as is. */
  static String withoutProviderPrefix(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? name : name.substring(slash + 1);
  }

  /** The name without its snapshot suffix, or null when it has none. */
  static String withoutSnapshotSuffix(String name) {
    Matcher m = SNAPSHOT_SUFFIX.matcher(name);
    return m.find() ? name.substring(0, m.start()) : null;
  }
}
