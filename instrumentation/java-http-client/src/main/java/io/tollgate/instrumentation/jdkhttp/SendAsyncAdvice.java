package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Tollgate;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientImpl.sendAsync}: swaps in a teeing body handler for LLM requests,
 * and the request that asks for usage when the wrapper made one.
 */
public final class SendAsyncAdvice {
  private SendAsyncAdvice() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Argument(value = 1, readOnly = false) HttpResponse.BodyHandler handler) {
    handler = (HttpResponse.BodyHandler) Tollgate.tracker().wrapJdkBodyHandler(request, handler);
    request = (HttpRequest) Tollgate.jdkRequestToSend(request, handler);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(1) Object handler, @Advice.Return CompletableFuture<?> future) {
    Tollgate.watchResponseFuture(handler, future);
  }
}
