package io.tollgate.core.instrument;

import java.util.LinkedHashSet;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

/**
 * Applies a module's advice in memory to the library classes its references name, reading class files only (nothing
 * is loaded or changed). Advice binds a method's arguments by type, which a reference check by name and arity cannot
 * see: a {@code float} parameter that became a {@code double} would fail that one class's transformation while the
 * module's other classes were changed, a half-instrumented library. A module whose advice does not apply to every one
 * of those classes is applied to none.
 */
public final class AdviceDryRun {
  private AdviceDryRun() {}

  /** Why the module's advice would not apply in {@code loader}, or null when it all applies. */
  public static String failure(InstrumentationModule module, ClassLoader loader, ClassLoader agentLoader) {
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.ForClassLoader.of(loader), ClassFileLocator.ForClassLoader.of(agentLoader));
    TypePool pool = TypePool.Default.of(locator);
    for (String typeName : referencedTypes(module)) {
      TypePool.Resolution resolution = pool.describe(typeName);
      if (!resolution.isResolved()) {
        continue; // the reference check reports what is missing
      }
      TypeDescription type = resolution.resolve();
      for (TypeAdvice advice : module.advice()) {
        if (!advice.types().matches(type)) {
          continue;
        }
        try {
          new ByteBuddy().with(TypeValidation.DISABLED)
              .redefine(type, locator)
              .visit(Advice.to(pool.describe(advice.adviceClass()).resolve(), locator).on(advice.methods()))
              .make();
        } catch (RuntimeException | LinkageError e) {
          return typeName + " with " + advice.adviceClass() + ": " + e.getMessage();
        }
      }
    }
    return null;
  }

  private static Set<String> referencedTypes(InstrumentationModule module) {
    Set<String> types = new LinkedHashSet<>();
    for (String ref : module.references()) {
      int hash = ref.indexOf('#');
      types.add(hash < 0 ? ref : ref.substring(0, hash));
    }
    return types;
  }
}
