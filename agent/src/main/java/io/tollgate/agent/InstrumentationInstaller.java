package io.tollgate.agent;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.instrument.AdviceDryRun;
import io.tollgate.core.instrument.InstrumentationModule;
import io.tollgate.core.instrument.ReferenceCheck;
import io.tollgate.core.instrument.TypeAdvice;
import io.tollgate.core.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies instrumentation modules with Byte Buddy. A module is applied to a class loader only when
 * all of its references resolve there; otherwise the loader is left alone and one line says why.
 */
final class InstrumentationInstaller {
  private static final AgentLog LOG = AgentLog.get(InstrumentationInstaller.class);

  private final Instrumentation inst;
  private final ClassLoader agentLoader;
  private final HelperInjector helpers;
  private final boolean attached;

  InstrumentationInstaller(Instrumentation inst, ClassLoader agentLoader, boolean attached) throws ReflectiveOperationException {
    this.inst = inst;
    this.agentLoader = agentLoader;
    this.attached = attached;
    this.helpers = new HelperInjector(inst, agentLoader);
  }

  void install(List<InstrumentationModule> modules) {
    AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        // at premain nothing we instrument is loaded yet: walking the loaded classes is only worth it on attach
        .with(attached ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION : AgentBuilder.RedefinitionStrategy.DISABLED)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
        .with(new FailureListener())
        // never our own classes, except the engine an application may run (an ordinary library to us)
        .ignore(nameStartsWith("io.tollgate.").and(not(nameStartsWith("io.tollgate.inference.")))
            .or(nameStartsWith("net.bytebuddy."))
            .or(nameStartsWith("java."))
            .or(nameStartsWith("sun."))
            .or(nameStartsWith("com.sun."))
            .or(nameStartsWith("jdk.").and(not(nameStartsWith("jdk.internal.net.http.")))));
    for (InstrumentationModule module : modules) {
      Fit fit = new Fit(module, agentLoader);
      for (TypeAdvice advice : module.advice()) {
        builder = builder
            .type((type, loader, javaModule, redefined, domain) -> advice.types().matches(type) && fit.fits(loader))
            .transform((b, type, loader, javaModule, domain) -> {
              try {
                helpers.inject(loader, module.helperClasses());
              } catch (Exception e) {
                Tollgate.internalError("inject " + module.name(), e);
              }
              return b;
            })
            .transform(new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(advice.methods(), advice.adviceClass()));
      }
    }
    builder.installOn(inst);
  }

  /** Caches, per class loader, whether a module's references all resolve there. */
  static final class Fit {
    private final InstrumentationModule module;
    private final ClassLoader agentLoader;
    private final Map<ClassLoader, Boolean> byLoader = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile Boolean forBootstrap;

    Fit(InstrumentationModule module, ClassLoader agentLoader) {
      this.module = module;
      this.agentLoader = agentLoader;
    }

    boolean fits(ClassLoader loader) {
      if (loader == null) {
        Boolean b = forBootstrap;
        if (b == null) {
          forBootstrap = b = check(null);
        }
        return b;
      }
      return byLoader.computeIfAbsent(loader, this::check);
    }

    boolean check(ClassLoader loader) {
      List<String> missing = ReferenceCheck.missing(loader, module.references());
      if (!missing.isEmpty()) {
        LOG.info(module.name() + ": this library version is not one Tollgate understands; left uninstrumented in "
            + loader + " (missing " + missing + ")");
        return false;
      }
      String notApplicable = AdviceDryRun.failure(module, loader, agentLoader);
      if (notApplicable != null) {
        LOG.info(module.name() + ": this library version is not one Tollgate understands; left uninstrumented in "
            + loader + " (its advice does not apply: " + notApplicable + ")");
        return false;
      }
      LOG.debug(module.name() + ": instrumenting classes of " + loader);
      return true;
    }
  }

  private static final class FailureListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      Tollgate.internalError("instrument " + typeName, error);
    }
  }
}
