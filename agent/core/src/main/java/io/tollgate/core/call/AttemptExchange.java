package io.tollgate.core.call;

import io.tollgate.bootstrap.Blocked;
import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.provider.ProviderEndpoint;
import io.tollgate.core.record.Outcome;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.InjectedUsageFilter;
import io.tollgate.core.wire.JsonArrayEventReader;
import io.tollgate.core.wire.SseEventReader;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.core.budget.Admission;
import io.tollgate.core.wire.StreamEventReader;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One HTTP attempt to an LLM endpoint. Transports feed it; when the attempt is over it hands itself
 * to its owner (a logical call, or straight to recording). A failure inside it marks it broken: the
 * application's call goes on and this attempt is left unrecorded.
 */
final class AttemptExchange implements Exchange, Unfinished {
  final ProviderEndpoint endpoint;
  final Instant startTime = Instant.now();
  final long startNanos = System.nanoTime();
  private final Consumer<AttemptExchange> onDone;
  private final boolean injectUsage;
  /** The application chose the answer's encoding: it may come compressed, so nothing is asked for on its behalf. */
  private boolean answerMayComeEncoded;
  /** The response's {@code Content-Encoding} when it is not read (not gzip, or not valid gzip): its usage unknown. */
  private String contentEncoding;
  /** Decodes a gzip response for reading; the application gets it as it came. */
  private GzipDecoder gzip;
  private final BudgetGate gate;
  /** Request attribution (tollgate-api scopes, MDC, baggage) captured on the application's thread. */
  final Map<String, String> attributes;
  private InjectedUsageFilter filter;
  private Admission admission;
  private Blocked blocked;
  private String requestedModel;
  private Long requestedMaxTokens;

  /** {@code error_type} of a stream whose body ended before the provider finished its answer. */
  static final String STREAM_CUT_SHORT = "stream_cut_short";
  private static final byte[] STREAM_KEY = "\"stream\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private RequestFacts request = RequestFacts.UNKNOWN;
  /** Whether {@link #request} has been read from the body (or there is no body to read). */
  private boolean requestRead;
  /** Kept until the record is built: an estimate needs the prompt's text when no usage comes back. */
  private byte[] requestBody;
  private int status = -1;
  private boolean streaming;
  private JsonLeafCollector body;
  /**
   * A whole body held for the export thread to parse (see {@link DeferredBody}); null once parsed, given back or
   * never used. Held when done: the conclusion waits for it.
   */
  private DeferredBody deferred;
  private Throwable finishError;
  private boolean finishReachedEnd;
  private StreamAccumulator stream;
  private StreamEventReader events;
  private ResponseFacts response = ResponseFacts.NONE;
  private String unreadable;
  private Outcome outcome;
  private String errorType;
  private long endNanos;
  private long lastActivityNanos = startNanos;
  /** Why it was ended without its response being over, or null. */
  private String abandonedAs;
  /** Shows the bytes the transport holds back until the application's next read (see {@link Exchange#holdsBytesBack}). */
  private Runnable heldBack;
  private boolean done;
  private boolean broken;
  /** It failed before a connection was made ({@link BeforeSending}): nothing can have been billed. */
  private boolean failedBeforeSending;

  /** The span this attempt's call becomes, when its trace context is sent on; null otherwise. */
  final io.tollgate.core.record.TraceIds trace;

  /** @param trace the logical call's span, or null for an attempt that is a call of its own */
  AttemptExchange(ProviderEndpoint endpoint, boolean injectUsage, BudgetGate gate, Map<String, String> attributes,
      java.util.function.Supplier<io.tollgate.core.record.TraceIds> trace, Consumer<AttemptExchange> onDone) {
    this.trace = !endpoint.propagatesTrace() ? null
        : trace != null ? trace.get() : io.tollgate.core.record.TraceIds.newRoot();
    this.endpoint = endpoint;
    this.injectUsage = injectUsage;
    this.gate = gate;
    this.attributes = attributes;
    this.onDone = onDone;
  }

  @Override
  public synchronized byte[] onRequestBody(byte[] bytes) {
    if (bytes == null && gate != null && !broken) {
      admitUnread();
    }
    if (bytes == null || broken) {
      return bytes;
    }
    try {
      FaultInjector.maybeFail("request");
      requestBody = bytes;
      if (gate == null && !(mayInjectUsage() && mayStream(bytes))) {
        return bytes; // nothing to decide before sending: the facts are read on the export thread
      }
      requestRead = true;
      JsonLeafCollector parsed = JsonLeafCollector.parse(endpoint.format().requestPaths(), bytes);
      if (parsed.failure() == null) {
        request = endpoint.format().readRequest(parsed.leaves());
        if (gate != null) {
          bytes = admit(bytes);
          if (blocked != null) {
            return bytes;
          }
        }
        if (mayInjectUsage() && request.stream()) {
          byte[] asked = endpoint.format().withUsageRequested(endpoint.operation(), request, bytes);
          if (asked != null) {
            filter = new InjectedUsageFilter(endpoint.format());
            return asked;
          }
        }
      } else if (gate != null) {
        admitUnread(); // a body we cannot read cannot be bounded either
      }
    } catch (Throwable t) {
      fail("request", t);
    }
    return bytes;
  }

  private boolean mayInjectUsage() {
    return injectUsage && !answerMayComeEncoded;
  }

  @Override
  public synchronized void answerMayComeEncoded() {
    answerMayComeEncoded = true;
  }

  /** A body Tollgate could not read (too large, one-shot) cannot be bounded: only a budget with no cost or token limit lets it pass. */
  private void admitUnread() {
    try {
      admission = gate.admitUnread(endpoint, attributes);
      if (admission.blocked()) {
        blocked = gate.blocked(admission);
      } else if (admission.rewritesRequest()) {
        refuseRewrite(); // a guard would clamp it, but an unread body cannot be edited
      }
    } catch (Throwable t) {
      fail("budget", t);
    }
  }

  /** The reservation assumed a change to the request: sending it unchanged could overshoot, so it is blocked. */
  private void refuseRewrite() {
    if (admission.reservation() != null) {
      admission.reservation().release();
    }
    admission = gate.cannotRewrite(admission);
    blocked = gate.blocked(admission);
  }

  /** A stream is asked for with a {@code "stream"} member, or by an endpoint that always streams. */
  private boolean mayStream(byte[] body) {
    return endpoint.operation().streamed() || ByteSearch.contains(body, STREAM_KEY);
  }

  /** The request's facts, read from its body on first use when nothing needed them before it was sent. */
  private RequestFacts readRequestLazily() {
    if (!requestRead) {
      requestRead = true;
      try {
        JsonLeafCollector parsed = JsonLeafCollector.parse(endpoint.format().requestPaths(), requestBody);
        if (parsed.failure() == null) {
          request = endpoint.format().readRequest(parsed.leaves());
        }
      } catch (Throwable t) {
        Tollgate.internalError("request", t);
      }
    }
    return request;
  }

  /** Asks the budgets; a block leaves {@link #blocked} set, a clamp or downgrade returns the edited body. */
  private byte[] admit(byte[] bytes) {
    admission = gate.admit(endpoint, request, bytes, attributes);
    if (admission.blocked()) {
      blocked = gate.blocked(admission);
      return bytes;
    }
    if (!admission.rewritesRequest()) {
      return bytes;
    }
    byte[] edited = bytes;
    if (admission.model() != null) {
      edited = endpoint.format().withModel(endpoint.operation(), edited, admission.model());
    }
    if (edited != null && admission.maxOutputTokens() != null) {
      byte[] limited = endpoint.format().withMaxOutputTokens(endpoint.operation(), edited, admission.maxOutputTokens());
      // an operation with no output limit (embeddings) produces no output: its reservation already covers it
      edited = limited != null || !endpoint.operation().name().equals("chat") ? (limited != null ? limited : edited) : null;
    }
    if (edited == null) {
      refuseRewrite();
      return bytes;
    }
    requestedModel = request.model();
    requestedMaxTokens = request.maxOutputTokens();
    request = request.withChanges(admission.model(), admission.maxOutputTokens());
    requestBody = edited;
    return edited;
  }

  @Override
  public String traceParent() {
    return trace == null ? null : trace.traceparent();
  }

  @Override
  public Blocked blocked() {
    Blocked b;
    synchronized (this) {
      b = blocked;
    }
    if (b != null) {
      finish(null, false);
    }
    return b;
  }

  @Override
  public synchronized boolean rewritesResponse() {
    return filter != null;
  }

  @Override
  public synchronized byte[] rewriteResponseBytes(byte[] bytes, int offset, int length, boolean end) {
    // runs even if recording broke: the application must not see our extra event
    return filter.filter(bytes, offset, length, end);
  }

  @Override
  public void onResponseHead(int httpStatus, String contentType) {
    onResponseHead(httpStatus, contentType, null);
  }

  @Override
  public synchronized void onResponseHead(int httpStatus, String contentType, String encoding) {
    if (broken) {
      return;
    }
    try {
      FaultInjector.maybeFail("response");
      status = httpStatus;
      boolean sse = contentType != null && contentType.contains("event-stream");
      // an endpoint that always streams answers in its own framing when not asked for SSE (Gemini: a JSON array)
      streaming = sse || endpoint.operation().streamed();
      if (encoding != null) {
        // compressed as the application asked: nothing can be taken out of it, so were usage asked for (an encoding
        // the request did not ask for) the application gets that too rather than a broken body
        filter = null;
        if (!GzipDecoder.decodes(encoding)) {
          contentEncoding = encoding; // not read: its usage is recorded unknown, never a wrong number
          return;
        }
        // read from a decoded copy rather than left unknown: an application's GZIPInputStream closes the body at the
        // gzip trailer, before its end, so only the content tells whether the answer came whole
        gzip = new GzipDecoder();
      }
      if (streaming) {
        stream = endpoint.format().newStream(endpoint.operation());
        events = sse ? new SseEventReader(stream) : new JsonArrayEventReader(stream);
      } else {
        deferred = new DeferredBody();
      }
    } catch (Throwable t) {
      fail("response", t);
    }
  }

  @Override
  public synchronized void onResponseBytes(byte[] bytes, int offset, int length, long receivedNanos) {
    if (broken || done) {
      return; // after an abandon: the record stands as it was made
    }
    lastActivityNanos = receivedNanos; // a body left unread still shows the attempt is alive
    if (contentEncoding != null) {
      return;
    }
    try {
      if (gzip == null) {
        read(bytes, offset, length, receivedNanos);
        return;
      }
      try {
        gzip.decode(bytes, offset, length, (decoded, at, n) -> read(decoded, at, n, receivedNanos));
      } catch (java.util.zip.ZipException notGzip) {
        notDecodable("gzip");
      }
    } catch (Throwable t) {
      fail("response body", t);
    }
  }

  /** The response's bytes as sent, or as decoded. */
  private void read(byte[] bytes, int offset, int length, long receivedNanos) {
    if (events != null) {
      events.feed(bytes, offset, length, receivedNanos);
    } else if (deferred != null) {
      if (!deferred.append(bytes, offset, length)) {
        // too large to hold: parse what came so far and the rest as it comes, on this thread
        body = collector();
        body.feed(deferred.array(), 0, deferred.length());
        deferred.release();
        deferred = null;
        body.feed(bytes, offset, length);
      }
    } else if (body != null) {
      body.feed(bytes, offset, length);
    }
  }

  /** A body that turned out not to be in its encoding: what was read of it is dropped, its usage left unknown. */
  private void notDecodable(String encoding) {
    contentEncoding = encoding;
    closeGzip();
    if (stream != null) {
      stream.release();
    }
    if (deferred != null) {
      deferred.release();
      deferred = null;
    }
    stream = null;
    events = null;
    body = null;
  }

  private void closeGzip() {
    if (gzip != null) {
      gzip.close();
      gzip = null;
    }
  }

  @Override
  public void onResponseEnd() {
    finish(null, true);
  }

  @Override
  public void onResponseClosed() {
    finish(null, false);
  }

  @Override
  public void onFailure(Throwable error) {
    finish(error, false);
  }

  private void finish(Throwable error, boolean reachedEnd) {
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
      endNanos = System.nanoTime();
      closeGzip();
      failedBeforeSending = error != null && status < 0 && BeforeSending.failed(error);
      if (!broken) {
        try {
          FaultInjector.maybeFail("complete");
          conclude(error, reachedEnd);
        } catch (Throwable t) {
          fail("complete", t);
        }
      }
    }
    onDone.accept(this);
  }

  private JsonLeafCollector collector() {
    return new JsonLeafCollector(responsePaths());
  }

  private io.tollgate.core.json.JsonPaths responsePaths() {
    return endpoint.format().responsePaths(endpoint.operation());
  }

  private void conclude(Throwable error, boolean reachedEnd) {
    if (blocked != null) {
      outcome = Outcome.BLOCKED;
      errorType = "budget_exceeded";
      return;
    }
    if (deferred != null) {
      // the parse and what follows from it wait for the first question, asked on the export thread
      finishError = error;
      finishReachedEnd = reachedEnd;
      return;
    }
    if (events != null) {
      if (reachedEnd) {
        events.finish();
      }
      response = stream.facts();
    }
    if (body != null) {
      if (reachedEnd) {
        body.end();
      }
      if (body.complete()) {
        // only a whole document is read: a partial one could give a wrong number
        response = endpoint.format().readResponse(endpoint.operation(), body.leaves());
      }
      if (body.failure() != null && reachedEnd) {
        unreadable = body.failure();
      }
    }
    boolean bodyComplete = streaming || contentEncoding != null
        ? reachedEnd || stream != null && stream.ended()
        : body != null && (body.complete() || reachedEnd);
    // the connection closed mid-answer: the SDK ends its stream as if all was well, the record must not
    boolean cutShort = streaming && reachedEnd && stream != null && !stream.answerComplete();
    if (error != null) {
      outcome = Outcome.ERROR;
      errorType = error.getClass().getName();
    } else if (status >= 400) {
      outcome = Outcome.ERROR;
      errorType = response.errorType() != null ? response.errorType() : Integer.toString(status);
    } else if (status < 0) {
      outcome = Outcome.ERROR;
      errorType = "no_response";
    } else if (cutShort) {
      outcome = Outcome.ERROR;
      errorType = response.errorType() != null ? response.errorType() : STREAM_CUT_SHORT;
    } else if (!bodyComplete) {
      outcome = Outcome.CANCELLED;
    } else {
      outcome = Outcome.OK;
    }
    if (abandonedAs != null && error == null && outcome != Outcome.OK && status < 400) {
      // not a failure of the provider's: the response was left unread, or the process is exiting
      outcome = Outcome.CANCELLED;
      errorType = abandonedAs;
    }
  }

  /** Parses a held body and concludes, once; every accessor the record is built from comes here first. */
  private void concludeDeferred() {
    if (!done || deferred == null) {
      return;
    }
    DeferredBody held = deferred;
    deferred = null;
    try {
      if (!broken) {
        body = JsonLeafCollector.held(responsePaths(), held.array(), held.length());
        conclude(finishError, finishReachedEnd);
      }
    } catch (Throwable t) {
      fail("complete", t);
    } finally {
      held.release();
    }
  }

  /**
   * Gives what it holds back to the shared bounds (a body never to be parsed, a stream's text kept for an estimate):
   * an attempt whose record is built (only the last one's body is read), dropped, or never made (a broken attempt,
   * one forgotten among too many retries).
   */
  synchronized void releaseHeldBytes() {
    if (deferred != null) {
      deferred.release();
      deferred = null;
    }
    if (stream != null) {
      stream.release();
    }
  }

  private void fail(String where, Throwable t) {
    broken = true;
    Tollgate.internalError(where, t);
  }

  synchronized boolean done() { return done; }
  synchronized Admission admission() { return admission; }
  synchronized String requestedModel() { return requestedModel; }
  synchronized Long requestedMaxTokens() { return requestedMaxTokens; }
  /** Broken so far: asked on the application's thread at the end, before a held body is parsed. */
  synchronized boolean brokenSoFar() { return broken; }
  synchronized boolean broken() { concludeDeferred(); return broken; }
  synchronized RequestFacts request() { return requestBody == null ? request : readRequestLazily(); }
  synchronized ResponseFacts response() { concludeDeferred(); return response; }
  synchronized int status() { return status; }
  synchronized boolean failedBeforeSending() { return failedBeforeSending; }
  synchronized boolean streaming() { return streaming; }
  synchronized Outcome outcome() { concludeDeferred(); return outcome; }
  synchronized String errorType() { concludeDeferred(); return errorType; }
  synchronized String unreadable() { concludeDeferred(); return unreadable; }
  synchronized String contentEncoding() { return contentEncoding; }
  synchronized long endNanos() { return endNanos; }
  synchronized byte[] requestBody() { return requestBody; }
  synchronized String outputText() { return stream == null ? "" : stream.outputText(); }
  synchronized boolean outputTextComplete() { return stream == null || stream.outputTextComplete(); }
  synchronized long firstChunkNanos() { return stream == null ? 0 : stream.firstChunkNanos(); }
  synchronized int streamChunks() { return stream == null ? 0 : stream.chunks(); }

  @Override
  public synchronized long lastActivityNanos() { return lastActivityNanos; }

  /** Ends an attempt that may never finish on its own (left unread, or the process is exiting) as it stands. */
  @Override
  public void abandon(String why) {
    Runnable show;
    synchronized (this) {
      if (done) {
        return;
      }
      show = heldBack;
    }
    if (show != null) {
      try {
        show.run(); // outside this lock: the transport takes its own, then this one, as on the application's thread
      } catch (Throwable t) {
        Tollgate.internalError("abandon", t);
      }
    }
    synchronized (this) {
      if (!done) {
        abandonedAs = why;
      }
    }
    finish(null, false);
  }

  @Override
  public synchronized void holdsBytesBack(Runnable showThem) {
    heldBack = showThem;
  }
}
