package io.tollgate.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/** The bootstrap-visible holder of the installed tracker and of the count of Tollgate's own failures. */
public final class Tollgate {
  private static volatile CallTracker tracker = CallTracker.NOOP;
  private static final AtomicLong internalErrors = new AtomicLong();
  private static volatile InternalErrorListener errorListener;

  private Tollgate() {}

  public static CallTracker tracker() {
    return tracker;
  }

  public static void install(CallTracker installed, InternalErrorListener listener) {
    errorListener = listener;
    tracker = installed;
  }

  /**
   * The logical call of the synchronous SDK retry loop running on this thread: its transport runs on
   * the same thread, so the id needs no header (rebuilding the SDK's request costs more than the call).
   */
  private static final ThreadLocal<ThreadCall> THREAD_CALL = new ThreadLocal<>();

  private record ThreadCall(String id, ThreadCall outer) {}

  /** A synchronous retry loop begins on this thread; one nested in another keeps the outer one for after. */
  public static void enterThreadCall(String id) {
    if (id != null) {
      THREAD_CALL.set(new ThreadCall(id, THREAD_CALL.get()));
    }
  }

  /** The id of the innermost synchronous retry loop running on this thread, or null. */
  public static String threadCallId() {
    ThreadCall call = THREAD_CALL.get();
    return call == null ? null : call.id;
  }

  private static void leaveThreadCall(String id) {
    ThreadCall call = THREAD_CALL.get();
    if (call != null && call.id.equals(id)) {
      THREAD_CALL.set(call.outer); // set, not remove: the thread's map entry is reused by its next call
    }
  }

  /**
   * Ends a logical call when an SDK's retry loop has returned: at once for a synchronous result or
   * a throw, when the future completes for an asynchronous one (advice cannot hold a lambda).
   */
  public static void endLogicalCallAfter(String id, Object returned) {
    if (id == null) {
      return;
    }
    leaveThreadCall(id);
    if (returned instanceof java.util.concurrent.CompletableFuture<?> future) {
      future.whenComplete((result, error) -> tracker.endLogicalCall(id));
    } else {
      tracker.endLogicalCall(id);
    }
  }

  /**
   * Lets a body-handler wrapper see the response future of an async send: a connection failure
   * completes it exceptionally without ever calling the handler.
   */
  public static void watchResponseFuture(Object handler, java.util.concurrent.CompletableFuture<?> future) {
    if (handler instanceof JdkSendHook hook && future != null) {
      try {
        hook.watch(future);
      } catch (Throwable t) {
        internalError("watch response", t);
      }
    }
  }

  /**
   * The request the JDK client is to send: a body-handler wrapper's replacement (the same request
   * asking for usage) or {@code request} itself. Called once per send, after the handler was wrapped.
   */
  public static Object jdkRequestToSend(Object request, Object handler) {
    if (handler instanceof JdkSendHook hook) {
      try {
        return hook.requestToSend(request);
      } catch (Throwable t) {
        internalError("jdk request", t);
      }
    }
    return request;
  }

  /**
   * For the JDK client: when a budget blocked the request, the already-completed response future to
   * return instead of sending anything (a 429, or failed with the block's exception); otherwise null.
   */
  public static Object jdkBlockedResponse(Object request, Object handler) {
    if (handler instanceof JdkSendHook hook) {
      try {
        return hook.blockedResponse(request);
      } catch (Throwable t) {
        internalError("jdk blocked response", t);
        // only a block has an answer to give: the call fails rather than reach the network its budget closed
        return java.util.concurrent.CompletableFuture.failedFuture(new java.io.IOException("blocked by a Tollgate budget", t));
      }
    }
    return null;
  }

  /**
   * Implemented by Tollgate's body-handler wrappers for the JDK client: what the send advice asks
   * them, in order. Each default leaves the send as the application made it.
   */
  public interface JdkSendHook {
    /**
     * A completed {@code CompletableFuture<HttpResponse<T>>} when a budget blocked the request (nothing is sent), failed
     * when the application's handler refuses the answer; null otherwise.
     */
    default Object blockedResponse(Object request) {
      return null;
    }

    /** The request to send; a wrapper that returns a replacement must then undo its effect on the response. */
    default Object requestToSend(Object original) {
      return original;
    }

    /** Sees the response future of the send: a connection failure completes it without calling the handler. */
    default void watch(java.util.concurrent.CompletableFuture<?> future) {}
  }

  /** Counts (and reports once per kind) a failure inside Tollgate that was kept from the application. */
  public static void internalError(String where, Throwable error) {
    internalErrors.incrementAndGet();
    InternalErrorListener listener = errorListener;
    if (listener != null) {
      try {
        listener.onInternalError(where, error);
      } catch (Throwable ignored) {
        // the listener itself failed: the count above is all we can keep
      }
    }
  }

  public static long internalErrorCount() {
    return internalErrors.get();
  }

  /** Receives Tollgate's own failures (logging, metrics); implemented by the core. */
  public interface InternalErrorListener {
    void onInternalError(String where, Throwable error);
  }
}
