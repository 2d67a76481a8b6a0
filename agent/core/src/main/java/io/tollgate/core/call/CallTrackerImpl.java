package io.tollgate.core.call;

import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.attribution.RequestAttribution;
import io.tollgate.core.provider.ProviderEndpoint;
import io.tollgate.core.provider.ProviderMatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** The core's answer to instrumentation: matches LLM requests and groups attempts into logical calls. */
public final class CallTrackerImpl implements CallTracker {
  /** Open logical calls are bounded: past this, new SDK calls are recorded per attempt instead. */
  private static final int MAX_OPEN_CALLS = 50_000;
  private static final long ABANDON_AFTER_NANOS = TimeUnit.MINUTES.toNanos(15);

  private final ProviderMatcher matcher;
  private final Consumer<List<AttemptExchange>> recorder;
  private final Map<String, LogicalCall> open = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile BiFunction<Object, Object, Object> jdkBodyHandlerWrapper = (request, handler) -> handler;

  private final boolean injectUsage;
  private volatile BudgetGate gate;
  private volatile RequestAttribution attribution = new RequestAttribution(List.of(), List.of());

  /** @param injectUsage ask streams that did not ask for usage for it ({@code tollgate.streaming.inject-usage}) */
  public CallTrackerImpl(ProviderMatcher matcher, CallRecorder recorder, boolean injectUsage) {
    this.matcher = matcher;
    this.injectUsage = injectUsage;
    this.recorder = attempts -> {
      try {
        recorder.record(attempts);
      } catch (Throwable t) {
        BudgetGate.settleAtWorstCase(attempts);
        Tollgate.internalError("record", t);
      }
    };
  }

  /** Budgets in force from now on; set once at start-up when a policy is configured. */
  public void setBudgetGate(BudgetGate gate) {
    this.gate = gate;
  }

  public void setAttribution(RequestAttribution attribution) {
    this.attribution = attribution;
  }

  private volatile io.tollgate.core.local.LocalCallRecorder localCalls;

  /** Records the generate calls of in-process engines from now on. */
  public void setLocalCalls(io.tollgate.core.local.LocalCallRecorder localCalls) {
    this.localCalls = localCalls;
  }

  @Override
  public Object beginLocalCall(String engine, String backend) {
    try {
      io.tollgate.core.local.LocalCallRecorder recorder = localCalls;
      return recorder == null ? null : recorder.begin(engine, backend, attribution.capture());
    } catch (Throwable t) {
      Tollgate.internalError("local-begin", t);
      return null;
    }
  }

  @Override
  public void endLocalCall(Object started, Map<String, Object> facts, Throwable error) {
    try {
      io.tollgate.core.local.LocalCallRecorder recorder = localCalls;
      if (recorder != null && started != null) {
        recorder.end(started, facts, error);
      }
    } catch (Throwable t) {
      Tollgate.internalError("local-end", t);
    }
  }

  /** Installed by the JDK HttpClient instrumentation, which knows the java.net.http types. */
  public void setJdkBodyHandlerWrapper(BiFunction<Object, Object, Object> wrapper) {
    this.jdkBodyHandlerWrapper = wrapper;
  }

  @Override
  public Exchange startExchange(String method, String url, String logicalCallId) {
    try {
      ProviderEndpoint endpoint = matcher.match(method, url);
      if (endpoint == null) {
        return null;
      }
      LogicalCall call = logicalCallId == null ? null : open.get(logicalCallId);
      if (call == null) {
        return new AttemptExchange(endpoint, injectUsage, gate, attribution.capture(), null, attempt -> {
          if (!attempt.brokenSoFar()) {
            recorder.accept(List.of(attempt));
          } else {
            BudgetGate.settleAtWorstCase(List.of(attempt));
            attempt.discardDeferredBody();
          }
        });
      }
      AttemptExchange attempt = new AttemptExchange(endpoint, injectUsage, gate, call.attributes, call::trace, call::attemptDone);
      call.add(attempt);
      return attempt;
    } catch (Throwable t) {
      Tollgate.internalError("start", t);
      return null;
    }
  }

  @Override
  public String beginLogicalCall() {
    if (open.size() >= MAX_OPEN_CALLS) {
      return null;
    }
    String id = Long.toString(ids.incrementAndGet(), 36);
    open.put(id, new LogicalCall(attribution.capture(), attempts -> {
      if (!attempts.get(attempts.size() - 1).brokenSoFar()) {
        recorder.accept(attempts);
      } else {
        BudgetGate.settleAtWorstCase(attempts);
        attempts.forEach(AttemptExchange::discardDeferredBody);
      }
    }));
    return id;
  }

  @Override
  public void endLogicalCall(String id) {
    if (id == null) {
      return;
    }
    LogicalCall call = open.remove(id);
    if (call != null) {
      call.end();
    }
  }

  @Override
  public Object wrapJdkBodyHandler(Object request, Object handler) {
    try {
      return jdkBodyHandlerWrapper.apply(request, handler);
    } catch (Throwable t) {
      Tollgate.internalError("jdk-http-client", t);
      return handler;
    }
  }

  /** Records, as far as known, logical calls whose SDK never said it was done; run periodically. */
  public void abandonStale() {
    long now = System.nanoTime();
    open.entrySet().removeIf(e -> {
      if (now - e.getValue().createdNanos > ABANDON_AFTER_NANOS) {
        e.getValue().abandon();
        return true;
      }
      return false;
    });
  }

  int openCalls() {
    return open.size();
  }
}
