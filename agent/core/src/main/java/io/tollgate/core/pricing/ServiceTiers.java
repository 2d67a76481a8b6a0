package io.tollgate.core.pricing;

import java.util.Locale;

/** The names providers use for their service tiers, reduced to the catalog's. */
public final class ServiceTiers {
  public static final String STANDARD = "standard";
  public static final String BATCH = "batch";
  public static final String FLEX = "flex";
  public static final String PRIORITY = "priority";

  private ServiceTiers() {}

  /**
   * OpenAI answers {@code default} (or {@code auto}, {@code scale}) and Anthropic {@code standard}
   * for list-price processing; both become {@code standard}. Null or blank is standard too.
   */
  public static String normalize(String tier) {
    if (tier == null || tier.isBlank()) {
      return STANDARD;
    }
    String t = tier.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "default", "auto", "scale", "standard", "standard_only", "on_demand" -> STANDARD;
      default -> t;
    };
  }
}
