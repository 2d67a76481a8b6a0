package io.tollgate.instrumentation.openaijava;

import com.openai.core.http.HttpRequest;
import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Tollgate;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code RetryingHttpClient.executeAsync}: the logical call ends when the returned future does. */
public final class RetryingExecuteAsyncAdvice {
  private RetryingExecuteAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static String enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    String id = Tollgate.tracker().beginLogicalCall();
    if (id != null) {
      request = request.toBuilder().putHeader(CallTracker.LOGICAL_CALL_HEADER, id).build();
    }
    return id;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter String id, @Advice.Return CompletableFuture<?> future) {
    Tollgate.endLogicalCallWhenDone(id, future);
  }
}
