package io.tollgate.instrumentation.langchain4j;

import net.bytebuddy.asm.Advice;

/** Inlined into LangChain4j's {@code DefaultExceptionMapper.mapException}: a budget block is not retriable. */
public final class MapExceptionAdvice {
  private MapExceptionAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Throwable error, @Advice.Return(readOnly = false) RuntimeException mapped) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.tollgate.api.BudgetExceededException) {
        mapped = new dev.langchain4j.exception.NonRetriableException(t.getMessage(), t);
        return;
      }
      if (t instanceof dev.langchain4j.exception.HttpException http && http.statusCode() == 429
          && String.valueOf(http.getMessage()).contains("\"budget_exceeded\"")) {
        mapped = new dev.langchain4j.exception.NonRetriableException(http.getMessage(), http);
        return;
      }
    }
  }
}
