package io.tollgate.core.budget.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a budget policy (YAML, format in the README's "Budgets" section). Every budget's line is
 * kept while reading so that an error found later (a bad window, a missing limit) names it.
 * Unknown keys are errors: a misspelt {@code limit} must not leave a budget unenforced.
 */
public final class PolicyParser {
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final Set<String> TOP = Set.of("version", "timezone", "unpriced", "guards", "budgets");
  private static final Set<String> BUDGET = Set.of(
      "name", "limit", "window", "scope", "per", "alerts", "action", "downgrade-to");
  private static final Set<String> LIMIT = Set.of("usd", "tokens", "requests");
  private static final Set<String> GUARDS = Set.of("max-output-tokens", "max-cost-per-request");
  private static final List<Integer> DEFAULT_ALERTS = List.of(50, 75, 90);

  private PolicyParser() {}

  public static Policy parse(byte[] yaml) throws PolicyFormatException {
    Map<String, JsonNode> top = new LinkedHashMap<>();
    List<JsonNode> budgetNodes = new ArrayList<>();
    List<Integer> budgetLines = new ArrayList<>();
    try (JsonParser p = YAML.createParser(yaml)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new PolicyFormatException("line " + line(p.currentLocation()) + ": a policy is a YAML mapping with a 'budgets' list");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        int fieldLine = line(p.currentLocation());
        JsonToken value = p.nextToken();
        if (!TOP.contains(field)) {
          throw new PolicyFormatException("line " + fieldLine + ": unknown key '" + field + "' (expected one of " + TOP + ")");
        }
        if (field.equals("budgets") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            budgetLines.add(line(p.currentLocation()));
            budgetNodes.add(p.readValueAsTree());
          }
        } else {
          top.put(field, p.readValueAsTree());
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new PolicyFormatException((at == null ? "" : "line " + line(at) + ": ") + "not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PolicyFormatException("cannot read policy: " + e.getMessage(), e);
    }

    JsonNode version = top.get("version");
    if (version == null || !version.isInt() || version.intValue() != 1) {
      throw new PolicyFormatException("'version: 1' is required (this agent reads policy version 1)");
    }
    ZoneId zone = zone(top.get("timezone"));
    boolean blockUnpriced = unpriced(top.get("unpriced"));
    Guards guards = guards(top.get("guards"));
    if (budgetNodes.isEmpty() && top.containsKey("budgets")) {
      throw new PolicyFormatException("'budgets' must be a list of budgets");
    }
    List<BudgetSpec> budgets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < budgetNodes.size(); i++) {
      String where = "line " + budgetLines.get(i) + ": budgets[" + i + "]";
      BudgetSpec spec = budget(budgetNodes.get(i), where);
      if (!names.add(spec.name())) {
        throw new PolicyFormatException(where + ": budget name '" + spec.name() + "' is used twice");
      }
      budgets.add(spec);
    }
    return new Policy(zone, blockUnpriced, guards, List.copyOf(budgets), sha256(yaml));
  }

  private static BudgetSpec budget(JsonNode node, String where) throws PolicyFormatException {
    if (!node.isObject()) {
      throw new PolicyFormatException(where + ": a budget is a mapping");
    }
    unknownKeys(node, BUDGET, where);
    String name = text(node, "name", where, true);
    where = where + " '" + name + "'";
    Limit limit = limit(node.get("limit"), where);
    String windowText = text(node, "window", where, true);
    WindowKind window = WindowKind.parse(windowText);
    if (window == null) {
      throw new PolicyFormatException(where + ": unknown window '" + windowText + "' (expected one of " + WindowKind.choices() + ")");
    }
    String actionText = text(node, "action", where, false);
    Action action = actionText == null ? Action.BLOCK : Action.parse(actionText);
    if (action == null) {
      throw new PolicyFormatException(where + ": unknown action '" + actionText + "' (expected block, clamp, downgrade or alert-only)");
    }
    String downgradeTo = text(node, "downgrade-to", where, false);
    if (action == Action.DOWNGRADE && downgradeTo == null) {
      throw new PolicyFormatException(where + ": action 'downgrade' needs 'downgrade-to: <model>'");
    }
    if (action == Action.CLAMP && limit.usd() == null && limit.tokens() == null) {
      throw new PolicyFormatException(where + ": action 'clamp' needs a 'usd' or 'tokens' limit to clamp to");
    }
    return new BudgetSpec(name, limit, window, scope(node.get("scope"), where), text(node, "per", where, false),
        alerts(node.get("alerts"), where), action, downgradeTo);
  }

  private static Limit limit(JsonNode node, String where) throws PolicyFormatException {
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new PolicyFormatException(where + ": 'limit' needs at least one of usd, tokens, requests");
    }
    unknownKeys(node, LIMIT, where + ".limit");
    Double usd = node.has("usd") ? positive(node.get("usd"), where + ".limit.usd").doubleValue() : null;
    Long tokens = node.has("tokens") ? positiveWhole(node.get("tokens"), where + ".limit.tokens") : null;
    Long requests = node.has("requests") ? positiveWhole(node.get("requests"), where + ".limit.requests") : null;
    return new Limit(usd, tokens, requests);
  }

  private static Map<String, Set<String>> scope(JsonNode node, String where) throws PolicyFormatException {
    Map<String, Set<String>> scope = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return scope;
    }
    if (!node.isObject()) {
      throw new PolicyFormatException(where + ": 'scope' maps attribute names to a value or a list of values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Set<String> values = new LinkedHashSet<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(v -> values.add(v.asText()));
      } else if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        values.add(e.getValue().asText());
      }
      if (values.isEmpty()) {
        throw new PolicyFormatException(where + ": scope '" + e.getKey() + "' has no value");
      }
      scope.put(e.getKey(), Set.copyOf(values));
    }
    return scope;
  }

  private static List<Integer> alerts(JsonNode node, String where) throws PolicyFormatException {
    if (node == null) {
      return DEFAULT_ALERTS;
    }
    if (!node.isArray()) {
      throw new PolicyFormatException(where + ": 'alerts' is a list of percentages, like [50, 75, 90]");
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isIntegralNumber() || n.intValue() <= 0 || n.intValue() > 100) {
        throw new PolicyFormatException(where + ": alert threshold " + n + " is not a percentage from 1 to 100");
      }
      out.add(n.intValue());
    }
    out.sort(null);
    return List.copyOf(out);
  }

  private static Guards guards(JsonNode node) throws PolicyFormatException {
    if (node == null || node.isNull()) {
      return Guards.NONE;
    }
    unknownKeys(node, GUARDS, "guards");
    Long maxOutput = node.has("max-output-tokens") ? positiveWhole(node.get("max-output-tokens"), "guards.max-output-tokens") : null;
    Double maxCost = node.has("max-cost-per-request")
        ? positive(node.get("max-cost-per-request"), "guards.max-cost-per-request").doubleValue() : null;
    return new Guards(maxOutput, maxCost);
  }

  private static ZoneId zone(JsonNode node) throws PolicyFormatException {
    if (node == null) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(node.asText());
    } catch (DateTimeException e) {
      throw new PolicyFormatException("timezone '" + node.asText() + "' is not a time zone id (like UTC or Europe/Berlin)");
    }
  }

  private static boolean unpriced(JsonNode node) throws PolicyFormatException {
    if (node == null || node.asText().equals("block")) {
      return true;
    }
    if (node.asText().equals("allow")) {
      return false;
    }
    throw new PolicyFormatException("unpriced: '" + node.asText() + "' (expected block or allow)");
  }

  private static String text(JsonNode node, String key, String where, boolean required) throws PolicyFormatException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw new PolicyFormatException(where + ": '" + key + "' is required");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new PolicyFormatException(where + ": '" + key + "' must be a non-empty string");
    }
    return v.asText().trim();
  }

  private static JsonNode positive(JsonNode v, String where) throws PolicyFormatException {
    if (v == null || !v.isNumber() || v.doubleValue() <= 0 || !Double.isFinite(v.doubleValue())) {
      throw new PolicyFormatException(where + ": must be a number above 0, got " + v);
    }
    return v;
  }

  private static long positiveWhole(JsonNode v, String where) throws PolicyFormatException {
    if (v == null || !v.isIntegralNumber() || v.longValue() <= 0) {
      throw new PolicyFormatException(where + ": must be a whole number above 0, got " + v);
    }
    return v.longValue();
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String where) throws PolicyFormatException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new PolicyFormatException(where + ": unknown key '" + key + "' (expected one of " + known + ")");
      }
    }
  }

  private static int line(JsonLocation at) {
    return at == null ? 0 : at.getLineNr();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
