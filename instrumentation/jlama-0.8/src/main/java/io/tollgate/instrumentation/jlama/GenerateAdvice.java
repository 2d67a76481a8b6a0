package io.tollgate.instrumentation.jlama;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code AbstractModel.generate(5 args)}: notes the start, hands Jlama's response over at the end. */
public final class GenerateAdvice {
  private GenerateAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static JlamaCall enter() {
    return JlamaCall.begin();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter JlamaCall call, @Advice.This Object model,
      @Advice.Argument(2) float temperature, @Advice.Return Object response, @Advice.Thrown Throwable error) {
    if (call != null) {
      call.end(model, temperature, response, error);
    }
  }
}
