package io.tollgate.instrumentation.openaijava;

import com.openai.core.http.HttpRequest;
import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Tollgate;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code RetryingHttpClient.execute} and {@code executeAsync}: opens a logical call
 * around the retry loop; it ends when the loop returns, or when its future completes.
 */
public final class RetryingExecuteAdvice {
  private RetryingExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static String enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    String id = Tollgate.tracker().beginLogicalCall();
    if (id != null) {
      request = request.toBuilder().putHeader(CallTracker.LOGICAL_CALL_HEADER, id).build();
    }
    return id;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter String id, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
    Tollgate.endLogicalCallAfter(id, returned);
  }
}
