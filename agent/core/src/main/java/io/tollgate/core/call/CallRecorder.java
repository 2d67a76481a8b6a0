package io.tollgate.core.call;

import io.tollgate.core.budget.Admission;
import io.tollgate.core.budget.BudgetAlert;
import io.tollgate.core.estimate.TokenEstimator;
import io.tollgate.core.log.AgentLog;
import io.tollgate.core.pricing.Cost;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PriceQuery;
import io.tollgate.core.provider.ProviderEndpoint;
import io.tollgate.core.record.BudgetInfo;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.CostSource;
import io.tollgate.core.record.Outcome;
import io.tollgate.core.record.ResourceInfo;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.core.wire.ResponseFacts;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns the attempts of one logical call into one priced {@link CostRecord}. The record is built on
 * the export thread: the application's thread only hands the finished attempts over.
 */
public final class CallRecorder {
  private static final String CURRENCY = "USD";
  private static final AgentLog LOG = AgentLog.get(CallRecorder.class);

  private final Supplier<CostCalculator> calculator;
  private final TokenEstimator estimator = new TokenEstimator();
  private final ResourceInfo resource;
  private final Consumer<Supplier<CostRecord>> sink;

  /** {@code calculator} is asked for on the export thread, so the catalog need not load at start-up. */
  public CallRecorder(Supplier<CostCalculator> calculator, ResourceInfo resource, Consumer<Supplier<CostRecord>> sink) {
    this.calculator = calculator;
    this.resource = resource;
    this.sink = sink;
  }

  void record(List<AttemptExchange> attempts) {
    sink.accept(new PendingRecord(attempts));
  }

  /** Built on the export thread; if the queue drops it, its budget reservations are kept at their worst case. */
  private final class PendingRecord implements Supplier<CostRecord>, io.tollgate.core.export.DropAware {
    private final List<AttemptExchange> attempts;

    PendingRecord(List<AttemptExchange> attempts) {
      this.attempts = attempts;
    }

    @Override
    public CostRecord get() {
      try {
        return build(attempts);
      } catch (RuntimeException | Error e) {
        BudgetGate.settleAtWorstCase(attempts);
        throw e;
      } finally {
        attempts.forEach(AttemptExchange::releaseHeldBytes);
      }
    }

    @Override
    public void dropped() {
      BudgetGate.settleAtWorstCase(attempts);
      attempts.forEach(AttemptExchange::releaseHeldBytes);
    }
  }

  CostRecord build(List<AttemptExchange> attempts) {
    AttemptExchange first = attempts.get(0);
    AttemptExchange last = attempts.get(attempts.size() - 1);
    ProviderEndpoint endpoint = last.endpoint;
    RequestFacts request = first.request();
    for (AttemptExchange a : attempts) {
      if (a.request().model() != null) {
        request = a.request();
        break;
      }
    }
    if (last.broken()) {
      // its held body failed to parse (counted where it failed): no record rather than a wrong one
      throw new IllegalStateException("the response could not be read");
    }
    ResponseFacts response = last.response();
    String requestModel = request.model() != null ? request.model() : endpoint.modelFromPath();
    Usage usage = response.usage();
    Outcome outcome = last.outcome() == null ? Outcome.ERROR : last.outcome();
    CostSource source = CostSource.PROVIDER;
    String estimateNote = null;
    String model = response.model() != null ? response.model() : requestModel;
    if (usage == null && last.streaming() && last.status() < 400 && last.contentEncoding() == null) {
      Estimate estimate = estimate(endpoint, first, last, model);
      if (estimate != null) {
        usage = estimate.usage();
        source = CostSource.ESTIMATED;
        estimateNote = estimate.note();
      }
    } else if (usage != null && response.outputSoFar() && last.streaming()) {
      Estimate estimate = estimateOutput(usage, last, model);
      usage = estimate.usage();
      source = CostSource.ESTIMATED;
      estimateNote = estimate.note();
    }

    Cost cost;
    String note = estimateNote;
    if (usage != null && endpoint.selfHosted()) {
      // what a self-hosted model costs is its hardware's time, which only the serving side can measure
      cost = Cost.unpriced(CURRENCY);
      note = CostRecord.SELF_HOSTED;
    } else if (usage != null) {
      // the tier the provider says it used wins over the one the request asked for
      String tier = response.serviceTier() != null ? response.serviceTier() : request.serviceTier();
      cost = priceOf(response.model(), requestModel,
          PriceQuery.of(endpoint.format().id(), null, usage, first.startTime).atTier(tier));
      if (!cost.priced()) {
        note = "model_not_in_catalog";
        LOG.warnOnce("unpriced:" + endpoint.format().id() + ":" + model, "model '" + model + "' (" + endpoint.providerName()
            + ") is not in the pricing catalog: its calls are recorded as unpriced, never as $0");
      }
    } else if (outcome == Outcome.BLOCKED) {
      cost = new Cost(0.0, CURRENCY, Cost.Status.PRICED, 0.0, 0.0, 0.0, 0.0);
      note = "blocked_by_budget";
    } else if (outcome == Outcome.ERROR && last.status() >= 400) {
      // the provider refused the call and reported no usage: nothing was billed
      cost = new Cost(0.0, CURRENCY, Cost.Status.PRICED, 0.0, 0.0, 0.0, 0.0);
      note = "not_billed";
    } else {
      cost = Cost.unpriced(CURRENCY);
      note = last.contentEncoding() != null ? "response_encoded"
          : last.unreadable() != null ? "response_unreadable" : "usage_unknown";
    }
    BudgetInfo budget = budgetInfo(attempts, BudgetGate.settle(attempts, usage, cost));
    double latencyMs = (last.endNanos() - first.startNanos) / 1e6;
    return new CostRecord(
        newId(),
        first.startTime,
        resource.serviceName(),
        endpoint.providerName(),
        endpoint.operation().name(),
        endpoint.operation().api(),
        requestModel,
        response.model(),
        endpoint.serverAddress(),
        endpoint.serverPort(),
        request.stream() || last.streaming() || endpoint.operation().streamed(),
        usage,
        source,
        cost,
        note,
        latencyMs,
        last.firstChunkNanos() == 0 ? null : (last.firstChunkNanos() - first.startNanos) / 1e6,
        outcome,
        last.status() < 0 ? null : last.status(),
        last.errorType(),
        attempts.size(),
        response.id(),
        response.finishReasons(),
        request.maxOutputTokens(),
        request.temperature(),
        request.topP(),
        request.seed(),
        last.streamChunks(),
        resource.attributesWith(last.attributes),
        budget,
        first.trace,
        null);
  }

  private static BudgetInfo budgetInfo(List<AttemptExchange> attempts, List<BudgetAlert> alerts) {
    AttemptExchange decided = null;
    for (int i = attempts.size() - 1; i >= 0 && decided == null; i--) {
      if (attempts.get(i).admission() != null) {
        decided = attempts.get(i);
      }
    }
    if (decided == null) {
      return null;
    }
    Admission a = decided.admission();
    return new BudgetInfo(a.decision().wire(), a.budgets(), a.refusal() == null ? null : a.refusal().budget(),
        a.refusal() == null ? null : a.refusal().message(), alerts, a.model() != null ? decided.requestedModel() : null,
        a.maxOutputTokens() != null ? decided.requestedMaxTokens() : null, a.maxOutputTokens() != null && !a.blocked());
  }

  private record Estimate(Usage usage, String note) {}

  /**
   * Tokens counted by Tollgate for a stream that carried no usage: the prompt from the request
   * body, the output from the text the application received. Labelled, never passed off as the
   * provider's numbers.
   */
  private Estimate estimate(ProviderEndpoint endpoint, AttemptExchange first, AttemptExchange last, String model) {
    byte[] body = last.requestBody() != null ? last.requestBody() : first.requestBody();
    if (body == null) {
      return null;
    }
    TokenEstimator.PromptText prompt = endpoint.format().promptText(endpoint.operation(), body);
    String text = last.outputText();
    if (prompt.texts().isEmpty() && text.isEmpty()) {
      return null; // nothing to count: a zero would pass for a measurement
    }
    TokenEstimator.Tokenizer tokenizer = estimator.tokenizerFor(model);
    long input = estimator.chatInput(tokenizer, prompt);
    long output = estimator.count(tokenizer, text);
    return new Estimate(new Usage(input, output, 0, 0, 0, 0), estimateNote("estimated_", tokenizer, last));
  }

  /**
   * A stream cut before the provider's final count: its input and cache counts stand, its output is counted from the
   * text received (never below what the provider had counted).
   */
  private Estimate estimateOutput(Usage usage, AttemptExchange last, String model) {
    TokenEstimator.Tokenizer tokenizer = estimator.tokenizerFor(model);
    long output = Math.max(usage.outputTokens(), estimator.count(tokenizer, last.outputText()));
    return new Estimate(usage.withOutputTokens(output), estimateNote("estimated_output_", tokenizer, last));
  }

  private static String estimateNote(String prefix, TokenEstimator.Tokenizer tokenizer, AttemptExchange last) {
    String note = tokenizer.exact()
        ? prefix + tokenizer.name()
        : prefix + tokenizer.name() + "_proxy_no_public_tokenizer";
    if (!last.outputTextComplete()) {
      note += "_lower_bound"; // more text came than was kept to count
    }
    return note;
  }

  /** A random (version 4) UUID without SecureRandom's cost: ledger ids need uniqueness, not secrecy. */
  private static String newId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private Cost priceOf(String responseModel, String requestModel, PriceQuery query) {
    Cost cost = Cost.unpriced(CURRENCY);
    if (responseModel != null) {
      cost = calculator.get().price(query.forModel(responseModel));
    }
    if (!cost.priced() && requestModel != null) {
      cost = calculator.get().price(query.forModel(requestModel));
    }
    return cost;
  }
}
