package io.tollgate.instrumentation.jlama;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.tollgate.core.instrument.InstrumentationModule;
import io.tollgate.core.instrument.TypeAdvice;
import java.util.List;

/**
 * Jlama ({@code com.github.tjake:jlama-core} 0.8): every generation, through {@code generate(4 args)} or the
 * {@code GenerateBuilder}, ends in {@code AbstractModel.generate(UUID, PromptContext, float, int, BiConsumer)}, the
 * one implementation: one {@code local} record per call, with the timings of Jlama's {@code Response}.
 * {@code ModelSupport.loadModel(9 args)}, which every loading shortcut reaches, tells which directory a model came
 * from: its name in the record.
 */
public final class JlamaInstrumentation implements InstrumentationModule {
  static final String MODEL = "com.github.tjake.jlama.model.AbstractModel";
  static final String SUPPORT = "com.github.tjake.jlama.model.ModelSupport";
  static final String RESPONSE = "com.github.tjake.jlama.model.functions.Generator$Response";
  static final String EXECUTOR = "com.github.tjake.jlama.util.PhysicalCoreExecutor";
  static final String OPERATIONS_PROVIDER = "com.github.tjake.jlama.tensor.operations.TensorOperationsProvider";
  static final String OPERATIONS = "com.github.tjake.jlama.tensor.operations.TensorOperations";
  private static final String PKG = "io.tollgate.instrumentation.jlama.";

  @Override
  public String name() {
    return "jlama-0.8";
  }

  @Override
  public List<String> references() {
    return List.of(
        MODEL + "#generate/5",
        SUPPORT + "#loadModel/9",
        RESPONSE + "#promptTokens",
        RESPONSE + "#generatedTokens",
        RESPONSE + "#promptTimeMs",
        RESPONSE + "#generateTimeMs",
        RESPONSE + "#finishReason",
        EXECUTOR + "#instance",
        EXECUTOR + "#submit/1",
        OPERATIONS_PROVIDER + "#get/0",
        OPERATIONS + "#name/0");
  }

  @Override
  public List<String> helperClasses() {
    return List.of(PKG + "JlamaCall", PKG + "GenerateFacts", PKG + "GenerateFacts$Backends", PKG + "ResponseFields",
        PKG + "ResponseFields$ByClass", PKG + "ModelNames", PKG + "WorkerCpuTime", PKG + "SharedWorkerCpu",
        PKG + "SharedWorkerCpu$Share", PKG + "WorkerThreadsCpu");
  }

  @Override
  public List<TypeAdvice> advice() {
    return List.of(
        new TypeAdvice(named(MODEL), named("generate").and(takesArguments(5)), PKG + "GenerateAdvice"),
        new TypeAdvice(named(SUPPORT), named("loadModel").and(takesArguments(9)), PKG + "LoadModelAdvice"));
  }
}
