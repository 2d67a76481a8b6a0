package io.tollgate.core.pricing;

import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices one call's usage with the catalog rates in force when the call was made. A model the
 * catalog does not know is {@link Cost.Status#UNPRICED unpriced}, never a silent zero.
 *
 * <p>Order: the long-context tier is chosen first (all or nothing, on the request's whole input),
 * then the service tier (a multiplier scales those rates; a tier with rates of its own replaces the
 * standard ones and is not offered above the long-context threshold), then a negotiated discount
 * scales every part.
 */
public final class CostCalculator {

  private static final double TOKENS_PER_RATE_UNIT = 1_000_000d;

  private final PricingCatalog catalog;

  public CostCalculator(PricingCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  public PricingCatalog catalog() {
    return catalog;
  }

  /**
   * @param usage token counts with {@code inputTokens} including cached reads and writes, and
   *     {@code outputTokens} including reasoning
   * @param at when the call was made; picks the price period
   */
  public Cost price(String providerFamily, String model, Usage usage, Instant at) {
    return price(PriceQuery.of(providerFamily, model, usage, at));
  }

  public Cost price(PriceQuery query) {
    Optional<PricingCatalog.Quote> found = catalog.quote(query.providerFamily(), query.model(), query.at());
    if (found.isEmpty()) {
      return Cost.unpriced(catalog.currency());
    }
    ModelPrice price = found.get().price();
    Usage u = query.usage();
    boolean longContext = price.longContext() != null && u.inputTokens() > price.longContext().aboveInputTokens();
    Rates rates = longContext ? price.longContext().rates() : price.rates();
    String tier = ServiceTiers.normalize(query.serviceTier());
    TierPrice tierPrice = price.serviceTiers().get(tier);
    if (tierPrice == null || (tierPrice.multiplier() == null && longContext)) {
      tier = ServiceTiers.STANDARD;
    } else if (tierPrice.multiplier() != null) {
      rates = rates.times(tierPrice.multiplier());
    } else {
      rates = tierPrice.rates();
    }
    Double discount = found.get().discount();
    double scale = discount == null ? 1d : discount;

    // each token is billed once, in exactly one of these buckets
    long audioCached = Math.min(u.audioCachedInputTokens(), u.cacheReadInputTokens());
    long audioUncached = Math.max(0, u.audioInputTokens() - audioCached);
    long textUncached = Math.max(0, u.uncachedInputTokens() - audioUncached - u.imageInputTokens());
    long textCached = u.cacheReadInputTokens() - audioCached;
    long textOutput = Math.max(0,
        u.outputTokens() - u.reasoningOutputTokens() - u.audioOutputTokens() - u.imageOutputTokens());

    double input = scale * (textUncached * rates.input() + audioUncached * rates.audioInput()
        + u.imageInputTokens() * rates.imageInput()) / TOKENS_PER_RATE_UNIT;
    double cacheRead = scale * (textCached * rates.cachedInput() + audioCached * rates.audioCachedInput())
        / TOKENS_PER_RATE_UNIT;
    double cacheWrite = scale * (u.cacheWrite5mInputTokens() * rates.cacheWrite5m()
        + u.cacheWrite1hInputTokens() * rates.cacheWrite1h()) / TOKENS_PER_RATE_UNIT;
    double output = scale * (textOutput * rates.output() + u.reasoningOutputTokens() * rates.reasoningOutput()
        + u.audioOutputTokens() * rates.audioOutput() + u.imageOutputTokens() * rates.imageOutput())
        / TOKENS_PER_RATE_UNIT;
    return new Cost(input + cacheRead + cacheWrite + output, catalog.currency(), Cost.Status.PRICED,
        input, cacheRead, cacheWrite, output, new Cost.Applied(tier, longContext, discount));
  }
}
