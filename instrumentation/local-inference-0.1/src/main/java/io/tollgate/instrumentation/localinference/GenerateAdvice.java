package io.tollgate.instrumentation.localinference;

import io.tollgate.bootstrap.Tollgate;
import io.tollgate.inference.engine.GenerationRequest;
import io.tollgate.inference.engine.GenerationResult;
import io.tollgate.inference.engine.InferenceEngine;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code InferenceEngine.generate}: notes the start, hands the engine's figures over at the end. */
public final class GenerateAdvice {
  private GenerateAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This InferenceEngine engine) {
    return Tollgate.tracker().beginLocalCall("tollgate-local-inference", engine.backend());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object started, @Advice.This InferenceEngine engine,
      @Advice.Argument(0) GenerationRequest request, @Advice.Argument(1) Object listener,
      @Advice.Return GenerationResult result, @Advice.Thrown Throwable error) {
    if (started != null) {
      Tollgate.tracker().endLocalCall(started, GenerateFacts.read(engine, request, result, listener != null), error);
    }
  }
}
