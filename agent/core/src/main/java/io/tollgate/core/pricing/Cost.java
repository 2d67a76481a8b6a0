package io.tollgate.core.pricing;

/**
 * The price of one call. {@code amount} and the parts are null when the call is unpriced (its model
 * is missing from the catalog): never a silent zero. {@code applied} says which catalog rules set
 * the price; null when unpriced or not priced from the catalog.
 */
public record Cost(
    Double amount,
    String currency,
    Status status,
    Double input,
    Double cacheRead,
    Double cacheWrite,
    Double output,
    Applied applied) {

  public enum Status { PRICED, UNPRICED }

  /**
   * @param serviceTier the tier whose rates were used ({@code standard}, {@code batch}, {@code flex}, ...)
   * @param longContext whether the whole request was billed at long-context rates
   * @param discount the negotiated multiplier applied to every part, or null when none
   */
  public record Applied(String serviceTier, boolean longContext, Double discount) {}

  public Cost(Double amount, String currency, Status status, Double input, Double cacheRead, Double cacheWrite, Double output) {
    this(amount, currency, status, input, cacheRead, cacheWrite, output, null);
  }

  public static Cost unpriced(String currency) {
    return new Cost(null, currency, Status.UNPRICED, null, null, null, null, null);
  }

  public boolean priced() {
    return status == Status.PRICED;
  }
}
