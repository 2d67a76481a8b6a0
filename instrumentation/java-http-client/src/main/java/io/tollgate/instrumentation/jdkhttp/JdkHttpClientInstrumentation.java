package io.tollgate.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.tollgate.core.instrument.InstrumentationModule;
import io.tollgate.core.instrument.TypeAdvice;
import java.util.List;

/**
 * The JDK client funnels {@code send}, {@code sendAsync} and their overloads into one private
 * {@code HttpClientImpl.sendAsync(request, handler, pushPromiseHandler, executor)}; advising it
 * covers every path once. The wrapper code lives in the agent's class loader, which sees
 * java.net.http through the platform loader, so nothing is injected into the JDK.
 */
public final class JdkHttpClientInstrumentation implements InstrumentationModule {
  static final String IMPL = "jdk.internal.net.http.HttpClientImpl";

  @Override
  public String name() {
    return "java-http-client";
  }

  @Override
  public List<String> references() {
    return List.of(IMPL + "#sendAsync/4");
  }

  @Override
  public List<TypeAdvice> advice() {
    return List.of(new TypeAdvice(
        named(IMPL), named("sendAsync").and(takesArguments(4)),
        "io.tollgate.instrumentation.jdkhttp.SendAsyncAdvice"));
  }
}
