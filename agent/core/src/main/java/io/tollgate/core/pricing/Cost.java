package io.tollgate.core.pricing;

/**
 * The price of one call. {@code amount} and the parts are null when the call is unpriced (its model
 * is missing from the catalog): never a silent zero.
 */
public record Cost(
    Double amount,
    String currency,
    Status status,
    Double input,
    Double cacheRead,
    Double cacheWrite,
    Double output) {

  public enum Status { PRICED, UNPRICED }

  public static Cost unpriced(String currency) {
    return new Cost(null, currency, Status.UNPRICED, null, null, null, null);
  }

  public boolean priced() {
    return status == Status.PRICED;
  }
}
