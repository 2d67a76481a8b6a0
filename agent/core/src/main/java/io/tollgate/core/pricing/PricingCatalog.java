package io.tollgate.core.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Effective-dated list prices per model, read from a {@code tollgate.pricing/v1} or {@code /v2} document (the
 * format is described in README.md beside the bundled catalog.json). Immutable and thread-safe.
 */
public final class PricingCatalog {

  private static final String BUNDLED_RESOURCE = "catalog.json";
  private static volatile PricingCatalog bundled;

  private final String currency;
  private final LocalDate updated;
  private final List<PricedModel> models;
  // provider family -> lower-case id or alias -> entry
  private final Map<String, Map<String, PricedModel>> byProviderAndName;
  private final List<String> unknownFields;
  private final List<Discount> discounts;
  // wire name -> entry: every call of a model would otherwise repeat the lower-casing, prefix and snapshot
  // regexes; bounded against names that never repeat (past the bound they are resolved afresh)
  private static final int MAX_RESOLVED_NAMES = 4096;
  private final Map<String, Map<String, Resolved>> resolvedByProvider = new ConcurrentHashMap<>();

  /** A wire name's catalog entry (null when the catalog has none) and the discount that goes with it. */
  private record Resolved(PricedModel entry, Double discount) {}

  PricingCatalog(
      String currency,
      LocalDate updated,
      List<PricedModel> models,
      Map<String, Map<String, PricedModel>> byProviderAndName,
      List<String> unknownFields,
      List<Discount> discounts) {
    this.currency = currency;
    this.updated = updated;
    this.models = List.copyOf(models);
    this.byProviderAndName = byProviderAndName;
    this.unknownFields = List.copyOf(unknownFields);
    this.discounts = List.copyOf(discounts);
  }

  /** A period's rates and the negotiated discount for the entry, or null when none applies. */
  record Quote(ModelPrice price, Double discount) {}

  /** The catalog shipped inside the agent, read once on first use. */
  public static PricingCatalog bundled() {
    PricingCatalog catalog = bundled;
    if (catalog == null) {
      synchronized (PricingCatalog.class) {
        catalog = bundled;
        if (catalog == null) {
          catalog = loadBundled();
          bundled = catalog;
        }
      }
    }
    return catalog;
  }

  /**
   * Reads a catalog. The stream is read but not closed.
   *
   * @throws CatalogFormatException naming what is wrong and where
   */
  public static PricingCatalog parse(InputStream json) {
    return CatalogParser.parse(json);
  }

  /**
   * The price in force at {@code at} for a model, looked up case-insensitively within its provider
   * family: by id or alias, then without a {@code provider/} prefix, then without a trailing
   * snapshot suffix ({@code -YYYY-MM-DD}, {@code -YYYYMMDD}, {@code -latest}). A Bedrock
   * inference-profile name ({@code us.anthropic...}) without an entry of its own falls back to the
   * in-region model id. Empty when the model is unknown or {@code at} falls before its first price
   * period.
   */
  public Optional<ModelPrice> find(String providerFamily, String model, Instant at) {
    return quote(providerFamily, model, at).map(Quote::price);
  }

  Optional<Quote> quote(String providerFamily, String model, Instant at) {
    Objects.requireNonNull(at, "at");
    if (providerFamily == null || model == null) {
      return Optional.empty();
    }
    Map<String, Resolved> known = resolvedByProvider.computeIfAbsent(providerFamily, k -> new ConcurrentHashMap<>());
    Resolved r = known.get(model);
    if (r == null) {
      r = resolve(providerFamily, model);
      if (known.size() < MAX_RESOLVED_NAMES) {
        known.put(model, r);
      }
    }
    if (r.entry() == null) {
      return Optional.empty();
    }
    Double discount = r.discount();
    return r.entry().priceAt(at).map(price -> new Quote(price, discount));
  }

  private Resolved resolve(String providerFamily, String model) {
    String family = ModelNames.family(providerFamily);
    Map<String, PricedModel> names = byProviderAndName.get(family);
    PricedModel entry = names == null ? null : resolve(names, ModelNames.normalize(model));
    return new Resolved(entry, entry == null ? null : discountFor(family, names, entry));
  }

  // a model's discount beats its provider's
  private Double discountFor(String family, Map<String, PricedModel> names, PricedModel entry) {
    Double providerWide = null;
    for (Discount d : discounts) {
      if (!d.providerFamily().equals(family)) {
        continue;
      }
      if (d.model() == null) {
        providerWide = d.multiplier();
      } else if (resolve(names, ModelNames.normalize(d.model())) == entry) {
        return d.multiplier();
      }
    }
    return providerWide;
  }

  private static PricedModel resolve(Map<String, PricedModel> names, String name) {
    PricedModel entry = names.get(name);
    if (entry != null) {
      return entry;
    }
    String candidate = ModelNames.withoutProviderPrefix(name);
    entry = names.get(candidate);
    if (entry == null && ModelNames.withoutRegionPrefix(candidate) != null) {
      candidate = ModelNames.withoutRegionPrefix(candidate);
      entry = names.get(candidate);
    }
    while (entry == null && (candidate = ModelNames.withoutSnapshotSuffix(candidate)) != null) {
      entry = names.get(candidate);
    }
    return entry;
  }

  /**
   * This catalog with {@code over}'s entries merged on top: a model id or alias {@code over} names,
   * and every alias of an entry it replaces, resolves to {@code over}'s entry; the rest stays.
   */
  public PricingCatalog overlay(PricingCatalog over) {
    if (!over.currency.equals(currency)) {
      throw new CatalogFormatException("an override in " + over.currency + " cannot be merged over a catalog in " + currency);
    }
    Map<String, Map<String, PricedModel>> merged = new java.util.HashMap<>();
    byProviderAndName.forEach((family, names) -> merged.put(family, new java.util.HashMap<>(names)));
    for (PricedModel o : over.models) {
      // the replaced entry's aliases and snapshot names follow the override
      Map<String, PricedModel> names = merged.computeIfAbsent(o.providerFamily(), k -> new java.util.HashMap<>());
      names.replaceAll((name, entry) -> entry.id().equals(o.id()) ? o : entry);
    }
    over.byProviderAndName.forEach((family, names) -> merged.computeIfAbsent(family, k -> new java.util.HashMap<>()).putAll(names));
    List<PricedModel> all = new ArrayList<>(models);
    all.removeIf(m -> over.models.stream().anyMatch(o -> o.providerFamily().equals(m.providerFamily()) && o.id().equals(m.id())));
    all.addAll(over.models);
    List<String> unknown = new ArrayList<>(unknownFields);
    unknown.addAll(over.unknownFields);
    LocalDate newest = over.updated != null && (updated == null || over.updated.isAfter(updated)) ? over.updated : updated;
    List<Discount> mergedDiscounts = new ArrayList<>(over.discounts);
    // the override's discount for a provider or model replaces the base's
    for (Discount d : discounts) {
      if (over.discounts.stream().noneMatch(o -> o.providerFamily().equals(d.providerFamily()) && Objects.equals(o.model(), d.model()))) {
        mergedDiscounts.add(d);
      }
    }
    return new PricingCatalog(currency, newest, all, merged, unknown, mergedDiscounts);
  }

  /** ISO 4217 code all rates are in. */
  public String currency() {
    return currency;
  }

  /** The day the catalog's prices were last checked against the providers. */
  public LocalDate updated() {
    return updated;
  }

  /** Every price period of every model, in catalog order, then effective-date order. */
  public List<ModelPrice> allPrices() {
    List<ModelPrice> prices = new ArrayList<>();
    for (PricedModel model : models) {
      prices.addAll(model.periods());
    }
    return prices;
  }

  /** Negotiated discounts (from an override file; the bundled catalog has none). */
  public List<Discount> discounts() {
    return discounts;
  }

  /** The entries themselves, for checks over the whole catalog. */
  List<PricedModel> models() {
    return models;
  }

  /**
   * Paths of fields this reader does not know and skipped (for example {@code
   * models[3].prices[0].long_context}): a catalog newer than the agent, or a typo.
   */
  public List<String> unknownFields() {
    return unknownFields;
  }

  private static PricingCatalog loadBundled() {
    try (InputStream in = PricingCatalog.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new CatalogFormatException(
            "bundled pricing catalog io/tollgate/core/pricing/" + BUNDLED_RESOURCE + " is missing");
      }
      return parse(in);
    } catch (IOException e) {
      throw new CatalogFormatException("bundled pricing catalog could not be read", e);
    }
  }
}
