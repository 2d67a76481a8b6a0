package io.tollgate.core.budget;

/** Spend in a budget's three units. */
public record Amount(double usd, long tokens, long requests) {
  public static final Amount ZERO = new Amount(0, 0, 0);

  Amount plus(Amount o) {
    return new Amount(usd + o.usd, tokens + o.tokens, requests + o.requests);
  }
}
