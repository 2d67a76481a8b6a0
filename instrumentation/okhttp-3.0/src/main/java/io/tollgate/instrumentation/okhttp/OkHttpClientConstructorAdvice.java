package io.tollgate.instrumentation.okhttp;

import net.bytebuddy.asm.Advice;
import okhttp3.OkHttpClient;

/** Inlined into {@code OkHttpClient(Builder)}: hands off at once, as advice must. */
public final class OkHttpClientConstructorAdvice {
  private OkHttpClientConstructorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) OkHttpClient.Builder builder) {
    TollgateInterceptor.addTo(builder.interceptors());
  }
}
