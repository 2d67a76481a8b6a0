package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Tollgate;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientImpl.sendAsync}: swaps in a teeing body handler for LLM requests,
 * and the request that asks for usage when the wrapper made one; a request a budget blocked is not
 * sent at all and gets its in-process answer.
 */
public final class SendAsyncAdvice {
  private SendAsyncAdvice() {}

  /** Returns the in-process answer of a blocked request, which skips the real send. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  public static Object enter(
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Argument(value = 1, readOnly = false) HttpResponse.BodyHandler handler) {
    handler = (HttpResponse.BodyHandler) Tollgate.tracker().wrapJdkBodyHandler(request, handler);
    Object blocked = Tollgate.jdkBlockedResponse(request, handler);
    if (blocked != null) {
      return blocked;
    }
    request = (HttpRequest) Tollgate.jdkRequestToSend(request, handler);
    return null;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(1) Object handler, @Advice.Enter Object blocked,
      @Advice.Return(readOnly = false, typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) CompletableFuture<?> future) {
    if (blocked != null) {
      future = (CompletableFuture<?>) blocked;
      return;
    }
    Tollgate.watchResponseFuture(handler, future);
  }
}
