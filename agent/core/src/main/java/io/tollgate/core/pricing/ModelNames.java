package io.tollgate.core.pricing;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a model name from the wire is reduced, step by step, to a name the catalog may list. */
final class ModelNames {

  // a dated snapshot (-2024-08-06 for OpenAI, -20250929 for Anthropic) or a moving "-latest" alias
  private static final Pattern SNAPSHOT_SUFFIX =
      Pattern.compile("-(?:\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$");

  // a Bedrock cross-region inference profile in front of the model id: us.anthropic.claude-...
  private static final Pattern REGION_PREFIX = Pattern.compile("^(?:us|eu|apac|jp|au|ca|us-gov)\\.(?=[a-z0-9-]+\\.)");

  private ModelNames() {}

  /** The catalog family of a provider name: OpenTelemetry's {@code gcp.vertex_ai}, {@code aws.bedrock} included. */
  static String family(String provider) {
    String p = normalize(provider);
    return switch (p) {
      case "gcp.vertex_ai", "gcp.gemini", "gcp.gen_ai", "google", "vertex_ai" -> "gemini";
      case "aws.bedrock" -> "bedrock";
      default -> p;
    };
  }

  /** {@code us.anthropic.claude-...} becomes {@code anthropic.claude-...}; null when there is no such prefix. */
  static String withoutRegionPrefix(String name) {
    Matcher m = REGION_PREFIX.matcher(name);
    return m.find() ? name.substring(m.end()) : null;
  }

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
