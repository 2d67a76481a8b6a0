package io.tollgate.instrumentation.openaijava;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.tollgate.core.instrument.InstrumentationModule;
import io.tollgate.core.instrument.TypeAdvice;
import java.util.List;

/**
 * openai-java retries inside {@code RetryingHttpClient}; the transport sees each attempt. The retry
 * loop tags its request with a logical call id, so its attempts are recorded as one call.
 */
public final class OpenAiJavaInstrumentation implements InstrumentationModule {
  private static final String CLIENT = "com.openai.core.http.RetryingHttpClient";
  private static final String PKG = "io.tollgate.instrumentation.openaijava.";

  @Override
  public String name() {
    return "openai-java-1.0";
  }

  @Override
  public List<String> references() {
    return List.of(
        CLIENT + "#execute/2",
        CLIENT + "#executeAsync/2",
        "com.openai.core.http.HttpRequest#toBuilder/0",
        "com.openai.core.http.HttpRequest#url/0",
        "com.openai.core.http.HttpRequest#method/0",
        "com.openai.core.http.HttpRequest$Builder#putHeader/2",
        "com.openai.core.http.HttpRequest$Builder#build/0");
  }

  @Override
  public List<TypeAdvice> advice() {
    return List.of(new TypeAdvice(
        named(CLIENT), namedOneOf("execute", "executeAsync").and(takesArguments(2)), PKG + "RetryingExecuteAdvice"));
  }
}
