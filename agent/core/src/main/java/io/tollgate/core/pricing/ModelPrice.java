package io.tollgate.core.pricing;

import java.time.LocalDate;

/**
 * The rates of one model in one price period, in the catalog's currency per 1,000,000 tokens.
 *
 * <p>Rates a catalog leaves out default to the plain input rate (no discount, no surcharge):
 * {@code cached_input}, {@code cache_write_5m} and {@code cache_write_1h}.
 *
 * @param model canonical model id from the catalog (not the name the caller asked for)
 * @param providerFamily provider family the entry belongs to, lower case ({@code openai}, ...)
 * @param effective first day (UTC) this period's rates apply
 */
public record ModelPrice(
    String model,
    String providerFamily,
    LocalDate effective,
    double inputPerMillion,
    double cachedInputPerMillion,
    double cacheWrite5mPerMillion,
    double cacheWrite1hPerMillion,
    double outputPerMillion) {}
