package io.tollgate.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.tollgate.core.instrument.InstrumentationModule;
import io.tollgate.core.instrument.TypeAdvice;
import java.util.List;

/**
 * LangChain4j ignores {@code x-should-retry} and retries every 429 (with a one-second backoff): a
 * budget block would be asked again and again and reach the application seconds late. Its exception
 * mapper is taught that a block is final: the block becomes a {@code NonRetriableException} carrying
 * the budget's message (and, in exception mode, the {@code BudgetExceededException} as its cause).
 */
public final class LangChain4jInstrumentation implements InstrumentationModule {
  private static final String MAPPER = "dev.langchain4j.internal.ExceptionMapper$DefaultExceptionMapper";

  @Override
  public String name() {
    return "langchain4j-1.0";
  }

  @Override
  public List<String> references() {
    return List.of(
        MAPPER + "#mapException/1",
        "dev.langchain4j.exception.HttpException#statusCode/0",
        "dev.langchain4j.exception.NonRetriableException#<init>/2");
  }

  @Override
  public List<TypeAdvice> advice() {
    return List.of(new TypeAdvice(named(MAPPER), named("mapException").and(takesArguments(1)),
        "io.tollgate.instrumentation.langchain4j.MapExceptionAdvice"));
  }
}
