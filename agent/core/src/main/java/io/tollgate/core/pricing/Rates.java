package io.tollgate.core.pricing;

/**
 * One set of rates, in the catalog's currency per 1,000,000 tokens. A catalog that leaves a rate
 * out gets the rate those tokens had in v1 (see README.md): cache reads and writes, audio and image
 * input cost {@code input}; reasoning, audio and image output cost {@code output}.
 */
public record Rates(
    double input,
    double cachedInput,
    double cacheWrite5m,
    double cacheWrite1h,
    double output,
    double reasoningOutput,
    double audioInput,
    double audioCachedInput,
    double audioOutput,
    double imageInput,
    double imageOutput) {

  /** Text rates only; the other kinds follow the v1 defaults. */
  public static Rates text(double input, double cachedInput, double cacheWrite5m, double cacheWrite1h, double output) {
    return new Rates(input, cachedInput, cacheWrite5m, cacheWrite1h, output, output, input, cachedInput, output, input, output);
  }

  /** Every rate scaled, as a batch or flex discount does. */
  public Rates times(double multiplier) {
    return new Rates(input * multiplier, cachedInput * multiplier, cacheWrite5m * multiplier,
        cacheWrite1h * multiplier, output * multiplier, reasoningOutput * multiplier, audioInput * multiplier,
        audioCachedInput * multiplier, audioOutput * multiplier, imageInput * multiplier, imageOutput * multiplier);
  }
}
