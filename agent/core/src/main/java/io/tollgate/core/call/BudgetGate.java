package io.tollgate.core.call;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.bootstrap.Blocked;
import io.tollgate.core.budget.Admission;
import io.tollgate.core.budget.Amount;
import io.tollgate.core.budget.BudgetAlert;
import io.tollgate.core.budget.BudgetEngine;
import io.tollgate.core.budget.CallFacts;
import io.tollgate.core.budget.Refusal;
import io.tollgate.core.estimate.TokenEstimator;
import io.tollgate.core.pricing.Cost;
import io.tollgate.core.provider.ProviderEndpoint;
import io.tollgate.core.record.ResourceInfo;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.RequestFacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where the call pipeline meets the budget engine: builds a request's worst case and scope
 * attributes, turns a block into what the transport answers with, and settles reservations with
 * the priced record.
 */
public final class BudgetGate {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BudgetEngine engine;
  private final boolean throwOnBlock;
  private final Map<String, String> resourceScope;
  private final TokenEstimator estimator = new TokenEstimator();

  /** @param throwOnBlock block mode {@code exception}: throw {@code BudgetExceededException} instead of answering 429 */
  public BudgetGate(BudgetEngine engine, boolean throwOnBlock, ResourceInfo resource) {
    this.engine = engine;
    this.throwOnBlock = throwOnBlock;
    Map<String, String> scope = new HashMap<>(resource.attributes());
    scope.put("service.name", resource.serviceName());
    scope.put("service", resource.serviceName());
    String env = resource.attributes().getOrDefault("deployment.environment.name", resource.attributes().get("deployment.environment"));
    if (env != null) {
      scope.put("environment", env);
    }
    this.resourceScope = Map.copyOf(scope);
  }

  public BudgetEngine engine() {
    return engine;
  }

  Admission admit(ProviderEndpoint endpoint, RequestFacts request, byte[] body, Map<String, String> requestAttributes) {
    String model = request.model() != null ? request.model() : endpoint.modelFromPath();
    return engine.admit(new CallFacts(endpoint.format().id(), model, body.length,
        tighterInputBound(endpoint, body, model), request.maxOutputTokens(), Math.max(1, request.choices()),
        scope(endpoint, model, requestAttributes),
        endpoint.selfHosted()));
  }

  /** For a request whose body could not be read: nothing bounds its input or output. */
  Admission admitUnread(ProviderEndpoint endpoint, Map<String, String> requestAttributes) {
    String model = endpoint.modelFromPath();
    return engine.admit(new CallFacts(endpoint.format().id(), model, UNREADABLE_BOUND, null, UNREADABLE_BOUND, 1,
        scope(endpoint, model, requestAttributes), endpoint.selfHosted()));
  }

  /** What budget scopes match on: the resource, then the call's own attributes, then provider and model. */
  private Map<String, String> scope(ProviderEndpoint endpoint, String model, Map<String, String> requestAttributes) {
    Map<String, String> scope = new HashMap<>(resourceScope);
    scope.putAll(requestAttributes);
    scope.put("provider", endpoint.providerName());
    if (model != null) {
      scope.put("model", model);
    }
    return scope;
  }

  /** Tokens assumed on each side of a request whose body was not read (larger than any context window). */
  private static final long UNREADABLE_BOUND = 100_000_000L;

  /**
   * A bound that is still safe but closer to the truth: the prompt's text counted with the model's
   * tokenizer, plus every other byte of the body (tool schemas, JSON syntax) as one token each.
   * Where the provider publishes no tokenizer the byte bound stands (a proxy count could undercount).
   */
  private LongSupplier tighterInputBound(ProviderEndpoint endpoint, byte[] body, String model) {
    return () -> {
      TokenEstimator.Tokenizer tokenizer = estimator.tokenizerFor(model);
      if (!tokenizer.exact()) {
        return body.length;
      }
      TokenEstimator.PromptText prompt = endpoint.format().promptText(endpoint.operation(), body);
      long textBytes = 0;
      for (String t : prompt.texts()) {
        textBytes += t.getBytes(StandardCharsets.UTF_8).length;
      }
      return estimator.chatInput(tokenizer, prompt) + Math.max(0, body.length - textBytes);
    };
  }

  /** A clamp or downgrade this wire format cannot apply to the body becomes a block. */
  Admission cannotRewrite(Admission admission) {
    return new Admission(io.tollgate.core.budget.Decision.BLOCK, null, null, null, admission.budgets(),
        new Refusal(admission.budgets().isEmpty() ? "guard" : admission.budgets().get(0), null, null, null, null,
            "the request would need to be changed (" + admission.decision().wire() + ") and its body could not be edited"));
  }

  Blocked blocked(Admission admission) {
    Refusal r = admission.refusal();
    RuntimeException exception = throwOnBlock
        ? new io.tollgate.api.BudgetExceededException(r.message(), r.budget(), r.scopeValue(), r.resetsAt())
        : null;
    return new Blocked(errorBody(r), exception);
  }

  /** One body both SDK families read: OpenAI's {@code error.message/type/code}, Anthropic's {@code type: error}. */
  static byte[] errorBody(Refusal r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", "error");
      g.writeObjectFieldStart("error");
      g.writeStringField("type", "budget_exceeded");
      g.writeStringField("code", "budget_exceeded");
      g.writeStringField("message", r.message());
      g.writeStringField("budget", r.budget());
      g.writeStringField("scope_value", r.scopeValue());
      g.writeStringField("limit", r.limit());
      g.writeStringField("spent", r.spent());
      g.writeStringField("resets_at", r.resetsAt() == null ? null : r.resetsAt().toString());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** The call is recorded: the last attempt's reservation becomes its real spend, the others are released. */
  static List<BudgetAlert> settle(List<AttemptExchange> attempts, Usage usage, Cost cost) {
    List<BudgetAlert> alerts = List.of();
    AttemptExchange last = attempts.get(attempts.size() - 1);
    for (AttemptExchange a : attempts) {
      Admission admission = a.admission();
      if (admission == null || admission.reservation() == null) {
        continue;
      }
      if (a == last && usage != null) {
        double usd = cost != null && cost.priced() ? cost.amount() : 0;
        alerts = admission.reservation().settle(new Amount(usd, usage.totalTokens(), 1));
      } else if (a == last && a.status() >= 200 && a.status() < 400) {
        // the provider answered but how much it billed is unknown (a stream cut before its usage, with nothing to
        // estimate from): the worst case stays spent, as the reservation assumed, rather than counting it free
        alerts = admission.reservation().settle(admission.reservation().amount());
      } else if (a.status() < 0 && !a.failedBeforeSending()) {
        // no answer, but the request may have reached the provider (a read timeout, a reset, a cancel), which can
        // bill it: an SDK that retries timeouts must not get each lost attempt for free
        List<BudgetAlert> raised = admission.reservation().settle(admission.reservation().amount());
        alerts = raised.isEmpty() ? alerts : raised;
      } else {
        admission.reservation().release(); // an error answer (not billed), or no connection was ever made
      }
    }
    return alerts;
  }

  /** The call could not be recorded (our failure, or its record was dropped): keep its worst case as spent. */
  static void settleAtWorstCase(List<AttemptExchange> attempts) {
    for (AttemptExchange a : attempts) {
      Admission admission = a.admission();
      if (admission != null && admission.reservation() != null) {
        admission.reservation().settle(admission.reservation().amount());
      }
    }
  }
}
