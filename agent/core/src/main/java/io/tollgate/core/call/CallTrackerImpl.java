package io.tollgate.core.call;

import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.attribution.RequestAttribution;
import io.tollgate.core.provider.ProviderEndpoint;
import io.tollgate.core.provider.ProviderMatcher;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The core's answer to instrumentation: matches LLM requests and groups attempts into logical calls. */
public final class CallTrackerImpl implements CallTracker {
  /** Open logical calls are bounded: past this, new SDK calls are recorded per attempt instead. */
  private static final int MAX_OPEN_CALLS = 50_000;
  /** How long a call may go without a response byte before it is recorded as it stands (a left-open stream). */
  public static final int DEFAULT_ABANDON_AFTER_SECONDS = 900;
  static final String ABANDONED = "abandoned";
  static final String UNFINISHED_AT_EXIT = "unfinished_at_exit";

  private final ProviderMatcher matcher;
  private final Consumer<List<AttemptExchange>> recorder;
  private final Map<String, LogicalCall> open = new ConcurrentHashMap<>();
  /**
   * Attempts no SDK call holds, until they are over: nothing else would record one the application lets go of
   * unfinished (see {@link Unfinished}). Swept by {@link #abandonStale}, recorded at exit; bounded like {@link #open},
   * which keeps a logical call until it is recorded, after its SDK method has returned too.
   */
  private final Set<Unfinished> unfinished = ConcurrentHashMap.newKeySet();
  private volatile long abandonAfterNanos = TimeUnit.SECONDS.toNanos(DEFAULT_ABANDON_AFTER_SECONDS);
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
  public boolean recordsCallsTo(String method, String url) {
    try {
      return matcher.match(method, url) != null;
    } catch (RuntimeException e) {
      return false;
    }
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
        // no SDK call holds it: nothing but its own end would ever record it
        AttemptExchange standalone = new AttemptExchange(endpoint, injectUsage, gate, attribution.capture(), null, attempt -> {
          unfinished.remove(attempt);
          if (!attempt.brokenSoFar()) {
            recorder.accept(List.of(attempt));
          } else {
            BudgetGate.settleAtWorstCase(List.of(attempt));
            attempt.releaseHeldBytes();
          }
        });
        if (unfinished.size() < MAX_OPEN_CALLS) {
          unfinished.add(standalone);
        }
        return standalone;
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
    open.put(id, new LogicalCall(id, attribution.capture(), (call, attempts) -> {
      open.remove(call.id, call);
      if (!attempts.get(attempts.size() - 1).brokenSoFar()) {
        recorder.accept(attempts);
      } else {
        BudgetGate.settleAtWorstCase(attempts);
        attempts.forEach(AttemptExchange::releaseHeldBytes);
      }
    }));
    return id;
  }

  @Override
  public void endLogicalCall(String id) {
    if (id == null) {
      return;
    }
    // it stays open until recorded: a body read after the SDK returns (a stream handed to the application) is
    // recorded when it is read or closed, or swept if it never is
    LogicalCall call = open.get(id);
    if (call != null && call.end()) {
      open.remove(id, call); // no LLM attempt: nothing will ever record it
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

  /** After how long without a response byte a call is recorded as it stands ({@code tollgate.calls.abandon-after-seconds}). */
  public void setAbandonAfter(long nanos) {
    this.abandonAfterNanos = nanos;
  }

  /**
   * Records, as far as known, calls that have had no response byte for the abandon time: an SDK call that never
   * returned, a stream the application neither read to its end nor closed. Run periodically.
   */
  public void abandonStale() {
    long now = System.nanoTime();
    long after = abandonAfterNanos;
    abandonWhere(call -> now - call.lastActivityNanos() > after, ABANDONED);
  }

  /** At exit: records every call still in flight as it stands, so that neither its cost nor its reservation is lost. */
  public void abandonAll() {
    abandonWhere(call -> true, UNFINISHED_AT_EXIT);
  }

  private void abandonWhere(Predicate<Unfinished> which, String why) {
    for (Collection<? extends Unfinished> calls : List.of(open.values(), unfinished)) {
      calls.removeIf(call -> {
        if (!which.test(call)) {
          return false;
        }
        call.abandon(why);
        return true;
      });
    }
  }

  int unfinishedCalls() {
    return unfinished.size();
  }

  int openCalls() {
    return open.size();
  }
}
