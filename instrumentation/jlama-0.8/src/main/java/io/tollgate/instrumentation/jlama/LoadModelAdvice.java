package io.tollgate.instrumentation.jlama;

import java.io.File;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ModelSupport.loadModel(9 args)}: remembers which directory the model was read from. */
public final class LoadModelAdvice {
  private LoadModelAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(1) File location, @Advice.Return Object model) {
    ModelNames.remember(model, location);
  }
}
