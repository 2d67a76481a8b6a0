package io.tollgate.core.budget;

/**
 * The worst case of one request, as reserved before it is sent.
 *
 * @param inputTokens an upper bound of the prompt's tokens, or its exact count
 * @param outputTokens the request's max output tokens (after guards)
 * @param inputUsd cost of the input tokens; NaN when the model has no price
 * @param usdPerOutputToken price of one output token; NaN when the model has no price
 */
record Demand(String model, long inputTokens, long outputTokens, double inputUsd, double usdPerOutputToken) {

  boolean priced() {
    return !Double.isNaN(inputUsd);
  }

  double usd() {
    return priced() ? inputUsd + outputTokens * usdPerOutputToken : 0;
  }

  Amount amount() {
    return new Amount(usd(), inputTokens + outputTokens, 1);
  }

  Demand withOutput(long tokens) {
    return new Demand(model, inputTokens, tokens, inputUsd, usdPerOutputToken);
  }

  /** The most output tokens that fit in {@code left} (0 when not even the input fits). */
  long outputThatFits(Amount left) {
    long byTokens = left.tokens() == Long.MAX_VALUE ? Long.MAX_VALUE : left.tokens() - inputTokens;
    long byUsd = Long.MAX_VALUE;
    if (!Double.isInfinite(left.usd())) {
      if (!priced()) {
        return 0;
      }
      byUsd = usdPerOutputToken <= 0 ? Long.MAX_VALUE : (long) Math.floor((left.usd() - inputUsd) / usdPerOutputToken + 1e-9);
    }
    return Math.max(0, Math.min(byTokens, byUsd));
  }
}
