package io.tollgate.instrumentation.openaijava;

import com.openai.core.http.HttpRequest;
import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Tollgate;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code RetryingHttpClient.execute} and {@code executeAsync}: opens a logical call
 * around the retry loop; it ends when the loop returns, or when its future completes. The id reaches
 * the transport through the thread for {@code execute}, as a header for {@code executeAsync}.
 */
public final class RetryingExecuteAdvice {
  private RetryingExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static String enter(@Advice.Origin("#m") String method,
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    String id = Tollgate.tracker().beginLogicalCall();
    if (id != null && method.equals("execute")) {
      Tollgate.enterThreadCall(id); // the loop and its transport run on this thread
    } else if (id != null && Tollgate.tracker().recordsCallsTo(String.valueOf(request.method()), request.url())) {
      // only where the transport will record and strip it: a backend may sign every header first (Bedrock's SigV4)
      request = request.toBuilder().putHeader(CallTracker.LOGICAL_CALL_HEADER, id).build();
    }
    return id;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter String id, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
    Tollgate.endLogicalCallAfter(id, returned);
  }
}
