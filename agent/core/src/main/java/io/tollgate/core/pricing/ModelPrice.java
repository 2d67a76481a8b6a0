package io.tollgate.core.pricing;

import java.time.LocalDate;
import java.util.Map;

/**
 * The rates of one model in one price period, in the catalog's currency per 1,000,000 tokens.
 *
 * @param model canonical model id from the catalog (not the name the caller asked for)
 * @param providerFamily provider family the entry belongs to, lower case ({@code openai}, ...)
 * @param effective first day (UTC) this period's rates apply
 * @param rates standard rates
 * @param longContext the long-context tier, or null when the model has none
 * @param serviceTiers by tier name ({@code batch}, {@code flex}, {@code priority}); empty when none
 */
public record ModelPrice(
    String model,
    String providerFamily,
    LocalDate effective,
    Rates rates,
    LongContext longContext,
    Map<String, TierPrice> serviceTiers) {

  public ModelPrice {
    serviceTiers = Map.copyOf(serviceTiers);
  }

  public double inputPerMillion() {
    return rates.input();
  }

  public double cachedInputPerMillion() {
    return rates.cachedInput();
  }

  public double cacheWrite5mPerMillion() {
    return rates.cacheWrite5m();
  }

  public double cacheWrite1hPerMillion() {
    return rates.cacheWrite1h();
  }

  public double outputPerMillion() {
    return rates.output();
  }
}
