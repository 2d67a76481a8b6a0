package io.tollgate.bootstrap;

/**
 * What instrumentation reports to. The agent core installs the real implementation at start-up;
 * until then (and if start-up fails) {@link #NOOP} answers, so advice never has to check.
 */
public interface CallTracker {

  /**
   * Header that carries a logical call id from an SDK's asynchronous retry loop to the transport;
   * stripped before the wire. A synchronous loop passes it on the thread ({@link Tollgate#threadCallId}).
   */
  String LOGICAL_CALL_HEADER = "x-tollgate-call";

  /**
   * Called for every HTTP request a transport sends. Returns null (the common, cheap case) when the
   * URL is not an LLM endpoint; otherwise an exchange that follows this one attempt.
   *
   * @param logicalCallId the value of {@link #LOGICAL_CALL_HEADER} or {@link Tollgate#threadCallId}, or null
   */
  Exchange startExchange(String method, String url, String logicalCallId);

  /** An SDK retry loop starts: attempts that carry the returned id form one logical call. */
  String beginLogicalCall();

  /**
   * Whether a request to this URL is an LLM call Tollgate records. An SDK's async retry loop carries its logical
   * call id in a header only then: a request to anything else (AWS Bedrock, signed with every header by its backend
   * before the transport strips ours) must reach the network exactly as the SDK made it.
   */
  default boolean recordsCallsTo(String method, String url) {
    return false;
  }

  /** The SDK retry loop returned or threw; the logical call is recorded once its last attempt completes. */
  void endLogicalCall(String id);

  /** For the JDK HttpClient: returns the body handler to use (maybe a teeing wrapper of {@code handler}). */
  Object wrapJdkBodyHandler(Object request, Object handler);

  /**
   * An in-process engine starts generating on this thread ({@code engine} names it). Returns what
   * {@link #endLocalCall} needs, or null when nothing is to be recorded.
   */
  default Object beginLocalCall(String engine) {
    return beginLocalCall(engine, null);
  }

  /**
   * As {@link #beginLocalCall(String)}, naming where the engine computes ({@code backend}, e.g. {@code cpu-vector},
   * {@code cuda}; null when unknown): only calls on a GPU get a share of its time and energy.
   */
  default Object beginLocalCall(String engine, String backend) {
    return null;
  }

  /**
   * The generate call returned ({@code error} null) or threw. {@code facts} are keyed by
   * {@link LocalCallFacts}; the record is built off the application's thread. Null {@code facts} (the
   * instrumentation could not read them) records nothing but still ends what the call held (its GPU share).
   */
  default void endLocalCall(Object started, java.util.Map<String, Object> facts, Throwable error) {}

  CallTracker NOOP = new CallTracker() {
    @Override public Exchange startExchange(String method, String url, String logicalCallId) { return null; }
    @Override public String beginLogicalCall() { return null; }
    @Override public void endLogicalCall(String id) {}
    @Override public Object wrapJdkBodyHandler(Object request, Object handler) { return handler; }
  };
}
