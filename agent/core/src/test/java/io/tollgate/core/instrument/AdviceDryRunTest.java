package io.tollgate.core.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.Test;

/** A library version whose method kept its name and arity but changed a parameter's type is left alone. */
class AdviceDryRunTest {
  private static final ClassLoader LOADER = AdviceDryRunTest.class.getClassLoader();

  /** The version the advice was written for. */
  public static class KnownVersion {
    public String generate(String prompt, float temperature) {
      return prompt;
    }
  }

  /** A later version: same name, same arity, the temperature now a double. */
  public static class ChangedVersion {
    public String generate(String prompt, double temperature) {
      return prompt;
    }
  }

  public static class GenerateAdvice {
    @Advice.OnMethodExit
    public static void exit(@Advice.Argument(1) float temperature) {}
  }

  private static InstrumentationModule moduleFor(Class<?> library) {
    return new InstrumentationModule() {
      @Override
      public String name() {
        return "test-1.0";
      }

      @Override
      public List<String> references() {
        return List.of(library.getName() + "#generate/2");
      }

      @Override
      public List<TypeAdvice> advice() {
        return List.of(new TypeAdvice(named(library.getName()), named("generate"), GenerateAdvice.class.getName()));
      }
    };
  }

  @Test
  void adviceThatNoLongerBindsIsFoundBeforeAnyClassIsChanged() {
    InstrumentationModule module = moduleFor(ChangedVersion.class);
    assertTrue(ReferenceCheck.missing(LOADER, module.references()).isEmpty(), "name and arity alone still match");
    String failure = AdviceDryRun.failure(module, LOADER, LOADER);
    assertNotNull(failure, "the float argument cannot bind to a double parameter");
    assertTrue(failure.contains(ChangedVersion.class.getName()), failure);
  }

  @Test
  void theVersionTheAdviceWasWrittenForPasses() {
    assertNull(AdviceDryRun.failure(moduleFor(KnownVersion.class), LOADER, LOADER));
  }
}
