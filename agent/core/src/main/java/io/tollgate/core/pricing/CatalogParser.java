package io.tollgate.core.pricing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code tollgate.pricing/v1} or {@code v2} document (format: README.md beside
 * catalog.json). A v1 document's v2 fields are skipped and reported, as a v1 reader did.
 *
 * <p>The models array is streamed so that each model's line and column can be named in errors
 * found after JSON parsing (a missing rate, a bad date), which a plain tree would have lost.
 */
final class CatalogParser {

  static final String SCHEMA_V1 = "tollgate.pricing/v1";
  static final String SCHEMA = "tollgate.pricing/v2";

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              // two "input" keys in one period must not silently keep the last one
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              // the caller owns the stream
              .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
              .build());

  private static final Set<String> TOP_FIELDS = Set.of("schema", "currency", "updated", "models");
  private static final Set<String> TOP_FIELDS_V2 = Set.of("schema", "currency", "updated", "models", "discounts");
  private static final Set<String> MODEL_FIELDS =
      Set.of("provider", "id", "aliases", "note", "prices");
  private static final Set<String> PERIOD_FIELDS =
      Set.of(
          "effective",
          "input",
          "cached_input",
          "cache_write_5m",
          "cache_write_1h",
          "output",
          "note");
  // rates a v2 period, long-context tier or service tier may give
  private static final Set<String> RATE_FIELDS_V2 = Set.of(
      "input", "cached_input", "cache_write_5m", "cache_write_1h", "output", "reasoning_output",
      "audio_input", "audio_cached_input", "audio_output", "image_input", "image_output");
  private static final Set<String> PERIOD_FIELDS_V2 = union(RATE_FIELDS_V2, Set.of("effective", "note", "long_context", "service_tiers"));
  private static final Set<String> LONG_CONTEXT_FIELDS = union(RATE_FIELDS_V2, Set.of("above_input_tokens"));
  private static final Set<String> TIER_NAMES = Set.of(ServiceTiers.BATCH, ServiceTiers.FLEX, ServiceTiers.PRIORITY);
  private static final Set<String> DISCOUNT_FIELDS = Set.of("provider", "model", "multiplier", "note");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /** A JSON value and where it started in the document. */
  private record Located(JsonNode node, JsonLocation location) {}

  private final Map<String, JsonNode> topLevel = new LinkedHashMap<>();
  private List<Located> modelNodes;
  private final List<String> unknownFields = new ArrayList<>();
  private boolean v2;

  private CatalogParser() {}

  static PricingCatalog parse(InputStream json) {
    Objects.requireNonNull(json, "json");
    CatalogParser parser = new CatalogParser();
    parser.readJson(json);
    return parser.interpret();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  // ---- syntax: JSON into nodes, remembering where each model starts

  private void readJson(InputStream json) {
    try (JsonParser p = MAPPER.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new CatalogFormatException("pricing catalog is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        throw new CatalogFormatException(
            "pricing catalog must be a JSON object" + at(p.currentTokenLocation()));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("models")) {
          modelNodes = readModelArray(p);
        } else {
          topLevel.put(name, MAPPER.readTree(p));
        }
      }
      if (p.nextToken() != null) {
        throw new CatalogFormatException(
            "pricing catalog has content after its closing brace" + at(p.currentTokenLocation()));
      }
    } catch (JsonProcessingException e) {
      throw new CatalogFormatException(
          "pricing catalog is not valid JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new CatalogFormatException("pricing catalog could not be read: " + e.getMessage(), e);
    }
  }

  private static List<Located> readModelArray(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new CatalogFormatException(
          "pricing catalog: \"models\" must be an array" + at(p.currentTokenLocation()));
    }
    List<Located> models = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      JsonLocation start = p.currentTokenLocation();
      models.add(new Located(MAPPER.readTree(p), start));
    }
    return models;
  }

  // ---- meaning: nodes into priced models

  private PricingCatalog interpret() {
    JsonNode schema = topLevel.get("schema");
    if (schema == null) {
      throw new CatalogFormatException(
          "pricing catalog has no \"schema\"; expected \"" + SCHEMA + "\"");
    }
    if (!schema.isTextual() || !(schema.asText().equals(SCHEMA) || schema.asText().equals(SCHEMA_V1))) {
      throw new CatalogFormatException("pricing catalog \"schema\" is " + schema + "; this agent reads \""
          + SCHEMA + "\" and \"" + SCHEMA_V1 + "\"");
    }
    v2 = schema.asText().equals(SCHEMA);
    JsonNode currency = topLevel.get("currency");
    if (currency == null
        || !currency.isTextual()
        || !CURRENCY.matcher(currency.asText()).matches()) {
      throw new CatalogFormatException(
          "pricing catalog \"currency\" must be an ISO 4217 code such as \"USD\", was " + currency);
    }
    LocalDate updated = date(topLevel.get("updated"), "pricing catalog: \"updated\"");
    for (String name : topLevel.keySet()) {
      if (!(v2 ? TOP_FIELDS_V2 : TOP_FIELDS).contains(name)) {
        unknownFields.add(name);
      }
    }
    if (modelNodes == null) {
      throw new CatalogFormatException("pricing catalog has no \"models\" array");
    }

    List<PricedModel> models = new ArrayList<>(modelNodes.size());
    Map<String, Map<String, PricedModel>> byProviderAndName = new HashMap<>();
    for (int i = 0; i < modelNodes.size(); i++) {
      Located located = modelNodes.get(i);
      PricedModel model = model(i, located);
      String where = describe(i, located, model.id());
      Map<String, PricedModel> names =
          byProviderAndName.computeIfAbsent(model.providerFamily(), k -> new HashMap<>());
      register(names, model.id(), model, where);
      for (String alias : model.aliases()) {
        register(names, alias, model, where);
      }
      models.add(model);
    }
    List<Discount> discounts = v2 ? discounts(topLevel.get("discounts")) : List.of();
    return new PricingCatalog(
        currency.asText(), updated, models, byProviderAndName, unknownFields, discounts);
  }

  private List<Discount> discounts(JsonNode node) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new CatalogFormatException("pricing catalog: \"discounts\" must be an array");
    }
    List<Discount> discounts = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode d = node.get(i);
      String where = "discounts[" + i + "]";
      if (!d.isObject()) {
        throw error(where, "must be an object, was " + d.getNodeType());
      }
      checkNote(d, where);
      String provider = ModelNames.family(text(d, "provider", where));
      String model = d.has("model") ? text(d, "model", where) : null;
      JsonNode m = d.get("multiplier");
      if (m == null || !m.isNumber() || !Double.isFinite(m.doubleValue()) || m.doubleValue() <= 0) {
        throw error(where, "\"multiplier\" must be a number > 0, was " + m);
      }
      for (Discount earlier : discounts) {
        if (earlier.providerFamily().equals(provider) && java.util.Objects.equals(earlier.model(), model)) {
          throw error(where, "a second discount for " + provider + (model == null ? "" : " model \"" + model + "\""));
        }
      }
      recordUnknown(d, DISCOUNT_FIELDS, where);
      discounts.add(new Discount(provider, model, m.doubleValue()));
    }
    return discounts;
  }

  private PricedModel model(int index, Located located) {
    JsonNode node = located.node();
    String where = describe(index, located, null);
    if (!node.isObject()) {
      throw error(where, "must be an object, was " + node.getNodeType());
    }
    String provider = ModelNames.family(text(node, "provider", where));
    String id = text(node, "id", where);
    where = describe(index, located, id);

    List<String> aliases = new ArrayList<>();
    JsonNode aliasNodes = node.get("aliases");
    if (aliasNodes != null) {
      if (!aliasNodes.isArray()) {
        throw error(where, "\"aliases\" must be an array of strings");
      }
      for (JsonNode alias : aliasNodes) {
        if (!alias.isTextual() || alias.asText().isBlank()) {
          throw error(where, "\"aliases\" must hold non-empty strings, found " + alias);
        }
        aliases.add(alias.asText());
      }
    }
    checkNote(node, where);

    JsonNode priceNodes = node.get("prices");
    if (priceNodes == null || !priceNodes.isArray() || priceNodes.isEmpty()) {
      throw error(where, "\"prices\" must be a non-empty array of price periods");
    }
    List<ModelPrice> periods = new ArrayList<>();
    for (int j = 0; j < priceNodes.size(); j++) {
      String path = "models[" + index + "].prices[" + j + "]";
      periods.add(period(priceNodes.get(j), where + ", prices[" + j + "]", path, provider, id));
      recordUnknown(priceNodes.get(j), v2 ? PERIOD_FIELDS_V2 : PERIOD_FIELDS, path);
    }
    periods.sort(Comparator.comparing(ModelPrice::effective));
    for (int j = 1; j < periods.size(); j++) {
      if (periods.get(j).effective().equals(periods.get(j - 1).effective())) {
        throw error(
            where, "two price periods share the effective date " + periods.get(j).effective());
      }
    }
    recordUnknown(node, MODEL_FIELDS, "models[" + index + "]");
    return new PricedModel(provider, id, aliases, periods);
  }

  private ModelPrice period(JsonNode node, String where, String path, String provider, String id) {
    if (!node.isObject()) {
      throw error(where, "must be an object, was " + node.getNodeType());
    }
    checkNote(node, where);
    LocalDate effective = date(node.get("effective"), where + ": \"effective\"");
    if (!v2) {
      double input = rate(node, "input", where, null);
      double cachedInput = rate(node, "cached_input", where, input);
      return new ModelPrice(id, provider, effective,
          Rates.text(input, cachedInput, rate(node, "cache_write_5m", where, input),
              rate(node, "cache_write_1h", where, input), rate(node, "output", where, null)),
          null, Map.of());
    }
    Rates rates = rates(node, where);
    LongContext longContext = null;
    JsonNode lc = node.get("long_context");
    if (lc != null) {
      String lcWhere = where + ", long_context";
      if (!lc.isObject()) {
        throw error(lcWhere, "must be an object");
      }
      JsonNode above = lc.get("above_input_tokens");
      if (above == null || !above.canConvertToLong() || !above.isIntegralNumber() || above.longValue() <= 0) {
        throw error(lcWhere, "\"above_input_tokens\" must be a whole number > 0, was " + above);
      }
      longContext = new LongContext(above.longValue(), rates(lc, lcWhere));
      recordUnknown(lc, LONG_CONTEXT_FIELDS, path + ".long_context");
    }
    Map<String, TierPrice> tiers = new HashMap<>();
    JsonNode st = node.get("service_tiers");
    if (st != null) {
      if (!st.isObject()) {
        throw error(where, "\"service_tiers\" must be an object");
      }
      for (Iterator<String> names = st.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        String tierWhere = where + ", service_tiers." + name;
        if (!TIER_NAMES.contains(name)) {
          throw error(tierWhere, "unknown service tier; expected one of " + new java.util.TreeSet<>(TIER_NAMES));
        }
        tiers.put(name, tier(st.get(name), tierWhere, path + ".service_tiers." + name));
      }
    }
    return new ModelPrice(id, provider, effective, rates, longContext, tiers);
  }

  private TierPrice tier(JsonNode node, String where, String path) {
    if (!node.isObject()) {
      throw error(where, "must be an object with a \"multiplier\" or rates");
    }
    JsonNode m = node.get("multiplier");
    if (m == null) {
      recordUnknown(node, RATE_FIELDS_V2, path);
      return new TierPrice(null, rates(node, where));
    }
    if (node.size() > 1) {
      throw error(where, "gives a \"multiplier\" and rates; give one or the other");
    }
    if (!m.isNumber() || !Double.isFinite(m.doubleValue()) || m.doubleValue() <= 0) {
      throw error(where, "\"multiplier\" must be a number > 0, was " + m);
    }
    return new TierPrice(m.doubleValue(), null);
  }

  /** Rates with the v1 defaults for what is left out: the input rate for inputs, the output rate for outputs. */
  private static Rates rates(JsonNode node, String where) {
    double input = rate(node, "input", where, null);
    double output = rate(node, "output", where, null);
    double cachedInput = rate(node, "cached_input", where, input);
    double audioInput = rate(node, "audio_input", where, input);
    return new Rates(
        input,
        cachedInput,
        rate(node, "cache_write_5m", where, input),
        rate(node, "cache_write_1h", where, input),
        output,
        rate(node, "reasoning_output", where, output),
        audioInput,
        rate(node, "audio_cached_input", where, cachedInput),
        rate(node, "audio_output", where, output),
        rate(node, "image_input", where, input),
        rate(node, "image_output", where, output));
  }

  private static double rate(JsonNode period, String field, String where, Double fallback) {
    JsonNode value = period.get(field);
    if (value == null || value.isNull()) {
      if (fallback == null) {
        throw error(where, "missing required rate \"" + field + "\"");
      }
      return fallback;
    }
    if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
      throw error(where, "\"" + field + "\" must be a number >= 0, was " + value);
    }
    return value.doubleValue();
  }

  private static LocalDate date(JsonNode value, String what) {
    if (value == null || !value.isTextual()) {
      throw new CatalogFormatException(what + " must be an ISO date (YYYY-MM-DD), was " + value);
    }
    try {
      return LocalDate.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw new CatalogFormatException(
          what + " must be an ISO date (YYYY-MM-DD), was " + value, e);
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw error(where, "\"" + field + "\" must be a non-empty string, was " + value);
    }
    return value.asText().trim();
  }

  private static void checkNote(JsonNode node, String where) {
    JsonNode note = node.get("note");
    if (note != null && !note.isTextual()) {
      throw error(where, "\"note\" must be a string");
    }
  }

  private static void register(
      Map<String, PricedModel> names, String name, PricedModel model, String where) {
    PricedModel previous = names.putIfAbsent(ModelNames.normalize(name), model);
    if (previous != null) {
      throw error(
          where,
          "name \"" + name + "\" is already used by " + previous.providerFamily() + " model \""
              + previous.id() + "\"");
    }
  }

  // unknown fields are skipped, not fatal: a newer catalog may add optional fields (README)
  private void recordUnknown(JsonNode node, Set<String> known, String path) {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        unknownFields.add(path + "." + name);
      }
    }
  }

  private static String describe(int index, Located located, String id) {
    return "models[" + index + "]" + (id == null ? "" : " \"" + id + "\"")
        + at(located.location());
  }

  private static CatalogFormatException error(String where, String what) {
    return new CatalogFormatException("pricing catalog: " + where + ": " + what);
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
