package io.tollgate.core.pricing;

import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.Objects;

/**
 * What to price: a call's usage, its model, when it was made and the service tier it ran at
 * ({@code null} for standard). Code pricing batch results asks with {@code .atTier("batch")}.
 */
public record PriceQuery(String providerFamily, String model, Usage usage, Instant at, String serviceTier) {

  public PriceQuery {
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(at, "at");
  }

  public static PriceQuery of(String providerFamily, String model, Usage usage, Instant at) {
    return new PriceQuery(providerFamily, model, usage, at, null);
  }

  public PriceQuery atTier(String tier) {
    return new PriceQuery(providerFamily, model, usage, at, tier);
  }

  public PriceQuery forModel(String otherModel) {
    return new PriceQuery(providerFamily, otherModel, usage, at, serviceTier);
  }
}
