package io.tollgate.agent.cli;

import io.tollgate.core.pricing.CatalogFormatException;
import io.tollgate.core.pricing.Cost;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.ModelPrice;
import io.tollgate.core.pricing.PriceQuery;
import io.tollgate.core.pricing.PricingCatalog;
import io.tollgate.core.pricing.ServiceTiers;
import io.tollgate.core.usage.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices a call by hand, with the agent's own catalog and calculator, for people checking a bill.
 * Token counts follow the ledger: {@code --input} includes cached and cache-written tokens,
 * {@code --output} includes reasoning tokens; audio and image counts are parts of them.
 */
final class PriceCommand {
  private static final List<String> FAMILIES = List.of("openai", "anthropic", "gemini", "bedrock");

  private PriceCommand() {}

  static int run(String[] args, PrintStream out) {
    Map<String, String> o = Options.parse(args, "model", "input", "cached", "cache-write-5m", "cache-write-1h",
        "output", "reasoning", "audio-input", "audio-output", "image-input", "image-output", "at", "pricing",
        "provider", "tier");
    if (o.containsKey("")) {
      throw new IllegalArgumentException("unexpected argument '" + o.get("") + "' (options are --name value)");
    }
    String model = Options.required(o, "model");
    long input = count(o, "input");
    long cached = count(o, "cached");
    long write5m = count(o, "cache-write-5m");
    long write1h = count(o, "cache-write-1h");
    long output = count(o, "output");
    long reasoning = count(o, "reasoning");
    if (cached + write5m + write1h > input) {
      throw new IllegalArgumentException("--input (" + input + ") must include --cached and the cache writes ("
          + (cached + write5m + write1h) + ")");
    }
    if (reasoning > output) {
      throw new IllegalArgumentException("--output (" + output + ") must include --reasoning (" + reasoning + ")");
    }
    Usage usage = new Usage(input, output, cached, write5m, write1h, reasoning)
        .withAudio(count(o, "audio-input"), 0, count(o, "audio-output"))
        .withImages(count(o, "image-input"), count(o, "image-output"));
    Instant at = o.containsKey("at") ? date(o.get("at")) : Instant.now();
    String tier = tier(o.get("tier"));
    PricingCatalog catalog = PricingCatalog.bundled();
    if (o.containsKey("pricing")) {
      catalog = catalog.overlay(override(o.get("pricing")));
    }
    List<String> families = o.containsKey("provider") ? List.of(o.get("provider")) : FAMILIES;
    for (String family : families) {
      Optional<ModelPrice> price = catalog.find(family, model, at);
      if (price.isPresent()) {
        PriceQuery query = PriceQuery.of(family, model, usage, at).atTier(tier);
        print(out, model, price.get(), usage, new CostCalculator(catalog).price(query), catalog.currency());
        return 0;
      }
    }
    out.println(model + ": not in the pricing catalog at " + at.toString().substring(0, 10)
        + " (" + String.join(", ", families) + "): such a call is recorded as unpriced, never $0");
    return 1;
  }

  private static Instant date(String text) {
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--at must be a date YYYY-MM-DD, not '" + text + "'");
    }
  }

  /** Without this check an unknown tier would be priced as standard, a bill checked against the wrong rates. */
  private static String tier(String text) {
    if (text == null) {
      return null;
    }
    List<String> known = List.of(ServiceTiers.STANDARD, ServiceTiers.BATCH, ServiceTiers.FLEX, ServiceTiers.PRIORITY);
    if (!known.contains(ServiceTiers.normalize(text))) {
      throw new IllegalArgumentException("--tier must be one of " + String.join(", ", known) + ", not '" + text + "'");
    }
    return text;
  }

  private static PricingCatalog override(String file) {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return PricingCatalog.parse(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("--pricing " + file + ": cannot be read (" + e + ")");
    } catch (CatalogFormatException e) {
      throw new IllegalArgumentException("--pricing " + file + ": " + e.getMessage());
    }
  }

  private static void print(PrintStream out, String model, ModelPrice p, Usage u, Cost c, String currency) {
    out.printf(Locale.ROOT, "%s -> %s (%s), prices effective %s, %s%n",
        model, p.model(), p.providerFamily(), p.effective(), currency);
    Cost.Applied a = c.applied();
    out.printf(Locale.ROOT, "service tier: %s%s%s%n", a.serviceTier(),
        a.longContext() ? ", long context (input over " + p.longContext().aboveInputTokens() + " tokens: whole request at long-context rates)" : "",
        a.discount() == null ? "" : String.format(Locale.ROOT, ", negotiated discount x%s", a.discount()));
    line(out, "input", u.uncachedInputTokens(), c.input());
    line(out, "cache read", u.cacheReadInputTokens(), c.cacheRead());
    line(out, "cache write", u.cacheWriteInputTokens(), c.cacheWrite());
    line(out, "output", u.outputTokens(), c.output());
    if (u.reasoningOutputTokens() > 0) {
      out.printf(Locale.ROOT, "  (output includes %d reasoning tokens)%n", u.reasoningOutputTokens());
    }
    if (u.audioInputTokens() + u.audioOutputTokens() + u.imageInputTokens() + u.imageOutputTokens() > 0) {
      out.printf(Locale.ROOT, "  (of which audio in/out %d/%d, image in/out %d/%d, at their own rates)%n",
          u.audioInputTokens(), u.audioOutputTokens(), u.imageInputTokens(), u.imageOutputTokens());
    }
    out.printf(Locale.ROOT, "%-12s %33s %s%n", "total", String.format(Locale.ROOT, "%.6f", c.amount()), currency);
  }

  private static void line(PrintStream out, String what, long tokens, double amount) {
    out.printf(Locale.ROOT, "%-12s %10d tokens = %14.6f%n", what, tokens, amount);
  }

  private static long count(Map<String, String> o, String name) {
    String v = o.getOrDefault(name, "0");
    try {
      long n = Long.parseLong(v.replace("_", ""));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number of tokens, not '" + v + "'");
    }
  }
}
