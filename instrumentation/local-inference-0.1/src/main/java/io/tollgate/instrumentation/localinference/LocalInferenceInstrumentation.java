package io.tollgate.instrumentation.localinference;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.tollgate.core.instrument.InstrumentationModule;
import io.tollgate.core.instrument.TypeAdvice;
import java.util.List;

/**
 * {@code InferenceEngine.generate} is the one entry point every in-process generation passes (the
 * OpenAI-compatible server calls it too): one {@code local} record per call, with the engine's own timings.
 */
public final class LocalInferenceInstrumentation implements InstrumentationModule {
  private static final String ENGINE = "io.tollgate.inference.engine.InferenceEngine";
  private static final String REQUEST = "io.tollgate.inference.engine.GenerationRequest";
  private static final String RESULT = "io.tollgate.inference.engine.GenerationResult";
  private static final String PKG = "io.tollgate.instrumentation.localinference.";

  @Override
  public String name() {
    return "local-inference-0.1";
  }

  @Override
  public List<String> references() {
    return List.of(
        ENGINE + "#generate/2",
        ENGINE + "#backend/0",
        REQUEST + "#model/0",
        REQUEST + "#maxTokens/0",
        REQUEST + "#temperature/0",
        REQUEST + "#topP/0",
        REQUEST + "#seed/0",
        REQUEST + "#traceParent/0",
        RESULT + "#model/0",
        RESULT + "#finishReason/0",
        RESULT + "#promptTokens/0",
        RESULT + "#completionTokens/0",
        RESULT + "#reusedPromptTokens/0",
        RESULT + "#cacheHit/0",
        RESULT + "#queuedNanos/0",
        RESULT + "#prefillNanos/0",
        RESULT + "#decodeNanos/0",
        RESULT + "#timeToFirstTokenNanos/0",
        RESULT + "#cpuNanos/0",
        RESULT + "#meanBatchSize/0");
  }

  @Override
  public List<String> helperClasses() {
    return List.of(PKG + "GenerateFacts");
  }

  @Override
  public List<TypeAdvice> advice() {
    return List.of(new TypeAdvice(named(ENGINE), named("generate").and(takesArguments(2)), PKG + "GenerateAdvice"));
  }
}
