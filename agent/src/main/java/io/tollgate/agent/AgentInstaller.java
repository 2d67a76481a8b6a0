package io.tollgate.agent;

import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.call.CallRecorder;
import io.tollgate.core.call.CallTrackerImpl;
import io.tollgate.core.call.FaultInjector;
import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.export.RecordDispatcher;
import io.tollgate.core.export.RecordSink;
import io.tollgate.core.log.AgentLog;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PricingCatalog;
import io.tollgate.core.pricing.PricingOverride;
import io.tollgate.core.provider.ProviderMatcher;
import io.tollgate.core.record.ResourceInfo;
import io.tollgate.core.wire.WireFormat;
import io.tollgate.instrumentation.anthropicjava.AnthropicJavaInstrumentation;
import io.tollgate.instrumentation.jdkhttp.JdkBodyHandlers;
import io.tollgate.instrumentation.jdkhttp.JdkHttpClientInstrumentation;
import io.tollgate.instrumentation.okhttp.OkHttpInstrumentation;
import io.tollgate.instrumentation.openaijava.OpenAiJavaInstrumentation;
import io.tollgate.instrumentation.wire.anthropic.AnthropicWireFormat;
import io.tollgate.instrumentation.wire.gemini.GeminiWireFormat;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Wires the agent together inside its own class loader: configuration, pricing, exporters, the
 * call tracker, then the instrumentation. Anything that fails here leaves the application running
 * without Tollgate and says so in one line.
 */
public final class AgentInstaller {
  private static final AgentLog LOG = AgentLog.get(AgentInstaller.class);

  private AgentInstaller() {}

  /** @param attached true when loaded into a running JVM (classes already loaded must be retransformed) */
  public static void install(String args, Instrumentation inst, ClassLoader agentLoader, boolean attached) {
    try {
      Map<String, String> env = System.getenv();
      Map<Object, Object> props = Map.copyOf(System.getProperties());
      AgentConfig config = AgentConfig.load(args, env, props);
      AgentLog.setThreshold(AgentLog.Level.valueOf(config.get("log.level", "info").toUpperCase(java.util.Locale.ROOT)));
      if (!config.getBoolean("enabled", true)) {
        LOG.info("disabled by tollgate.enabled=false");
        return;
      }
      FaultInjector.configure(config.get("internal.fault"));
      io.tollgate.gpu.GpuSettings gpuSettings = io.tollgate.gpu.GpuSettings.from(config);

      ResourceInfo resource = ResourceInfo.from(env, props);
      // the budget engine is built after the exporters; they read its state through this holder
      java.util.concurrent.atomic.AtomicReference<io.tollgate.core.budget.BudgetEngine> engine = new java.util.concurrent.atomic.AtomicReference<>();
      Supplier<List<io.tollgate.core.budget.BudgetState>> budgetStates = () -> engine.get() == null ? List.of() : engine.get().states();
      Exporters exporters = Exporters.create(config, env, props, budgetStates);
      RecordDispatcher dispatcher = exporters.dispatcher();
      dispatcher.start();

      Map<String, WireFormat> formats = Map.of(
          "openai", new OpenAiWireFormat(), "anthropic", new AnthropicWireFormat(), "gemini", new GeminiWireFormat());
      ProviderMatcher matcher = ProviderMatcher.create(config, formats);
      Supplier<CostCalculator> calculator = Memo.of(() -> new CostCalculator(PricingCatalog.bundled()));
      PricingOverride override = config.get("pricing.path") == null ? null
          : new PricingOverride(java.nio.file.Path.of(config.get("pricing.path")), PricingCatalog.bundled());
      if (override != null) {
        override.reloadIfChanged(); // in force from the first call: an operator's prices must not arrive late
        calculator = override;
      }
      CallTrackerImpl tracker = new CallTrackerImpl(matcher, new CallRecorder(calculator, resource, dispatcher),
          config.getBoolean("streaming.inject-usage", true));
      io.tollgate.core.local.LocalCallRecorder localCalls = new io.tollgate.core.local.LocalCallRecorder(resource,
          io.tollgate.core.local.LocalRates.from(config), dispatcher);
      tracker.setLocalCalls(localCalls);
      // a jlinked runtime may leave the JDK's HTTP client out: the other transports are instrumented all the same
      boolean jdkHttp = ModuleLayer.boot().findModule("java.net.http").isPresent();
      if (jdkHttp) {
        JdkBodyHandlers.install(tracker);
      }
      ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tollgate-housekeeping");
        t.setDaemon(true);
        return t;
      });
      BudgetSetup budgets = BudgetSetup.install(config, resource, calculator, tracker, housekeeping);
      if (budgets != null) {
        engine.set(budgets.engine());
      }
      Tollgate.install(tracker, (where, error) ->
          LOG.warnOnce("internal:" + where, "internal failure in " + where + " (kept from the application; counted; further ones of this kind are counted silently): " + error));

      // building the OTLP exporter takes a while: not on the sampling thread, whose samples would wait
      io.tollgate.gpu.GpuProbe gpu = io.tollgate.gpu.GpuProbe.start(gpuSettings, sampler -> {
        localCalls.setGpuMeter(new io.tollgate.gpu.AttributedGpuMeter(sampler));
        housekeeping.execute(() -> exporters.watchGpus(sampler));
      });

      long abandonAfterSeconds = config.getInt("calls.abandon-after-seconds", CallTrackerImpl.DEFAULT_ABANDON_AFTER_SECONDS);
      tracker.setAbandonAfter(TimeUnit.SECONDS.toNanos(abandonAfterSeconds));
      long sweepSeconds = Math.min(60, Math.max(1, abandonAfterSeconds / 4));
      housekeeping.scheduleWithFixedDelay(tracker::abandonStale, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
      housekeeping.execute(calculator::get); // load the catalog off the start-up path
      if (override != null) {
        int seconds = config.getInt("pricing.reload-seconds", 5);
        housekeeping.scheduleWithFixedDelay(override::reloadIfChanged, seconds, seconds, TimeUnit.SECONDS);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        housekeeping.shutdownNow();
        if (gpu != null) {
          gpu.close();
        }
        try {
          tracker.abandonAll(); // calls still in flight are recorded as they stand, not lost
        } catch (Throwable t) {
          LOG.warnOnce("exit-unfinished", "could not record the calls in flight at exit: " + t);
        }
        dispatcher.shutdown(5_000);
        if (budgets != null) {
          budgets.flush();
        }
      }, "tollgate-shutdown"));

      // our (relocated) Byte Buddy must not reach for sun.misc.Unsafe, which JDK 24+ warns about on
      // stderr; shading renames these keys, so they touch no Byte Buddy of the application
      System.setProperty("net.bytebuddy.safe", "true");
      System.setProperty("net.bytebuddy.nexus.disabled", "true");
      if (jdkHttp) {
        letJdkHttpReadBootstrap(inst);
      }
      new InstrumentationInstaller(inst, agentLoader, attached).install(List.of(
          new OkHttpInstrumentation(),
          new JdkHttpClientInstrumentation(),
          new OpenAiJavaInstrumentation(),
          new AnthropicJavaInstrumentation(),
          new io.tollgate.instrumentation.langchain4j.LangChain4jInstrumentation(),
          new io.tollgate.instrumentation.localinference.LocalInferenceInstrumentation(),
          new io.tollgate.instrumentation.jlama.JlamaInstrumentation()));
      LOG.debug("started; " + exporters.describe());
    } catch (Throwable t) {
      System.err.println("[tollgate] ERROR agent not started: " + t);
      if (Boolean.getBoolean("tollgate.debug")) {
        t.printStackTrace();
      }
    }
  }

  /** Advice inlined into java.net.http calls the bootstrap API, which that named module must be able to read. */
  private static void letJdkHttpReadBootstrap(Instrumentation inst) {
    Module httpModule = java.net.http.HttpClient.class.getModule();
    inst.redefineModule(httpModule, Set.of(Tollgate.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
  }

  /** The record sinks chosen by configuration. */
  private record Exporters(RecordDispatcher dispatcher, String description, LazySink otlp) {
    String describe() {
      return description;
    }

    /** The GPU metrics go out through the OTLP exporter, which is then built even before any LLM call. */
    void watchGpus(io.tollgate.gpu.GpuSampler sampler) {
      if (otlp != null && otlp.open() instanceof io.tollgate.exporter.otlp.OtlpRecordSink sink) {
        io.tollgate.gpu.HardwareMetrics.register(sink.meter(), sampler::latest);
      }
    }

    static Exporters create(AgentConfig config, Map<String, String> env, Map<Object, Object> props,
        Supplier<List<io.tollgate.core.budget.BudgetState>> budgetStates) {
      List<RecordSink> sinks = new java.util.ArrayList<>();
      StringBuilder description = new StringBuilder();
      RecordDispatcher[] self = new RecordDispatcher[1];
      String ledgerLocation = null;
      LazySink otlp = null;
      if (config.getBoolean("ledger.enabled", true)) {
        RecordSink ledger = LedgerFactory.open(config.get("ledger.path", "tollgate-ledger.jsonl"));
        if (ledger != null) {
          sinks.add(ledger);
          ledgerLocation = ((io.tollgate.exporter.ledger.JsonlLedgerSink) ledger).path().toString();
          description.append("ledger ").append(ledgerLocation);
        }
      }
      if (io.tollgate.exporter.otlp.OtlpSetup.endpointConfigured(env, props)) {
        otlp = new LazySink("otlp", () -> {
          io.tollgate.exporter.otlp.OtlpRecordSink sink = io.tollgate.exporter.otlp.OtlpSetup.create(
              Tollgate::internalErrorCount, () -> self[0].droppedCount());
          sink.watchBudgets(budgetStates);
          return sink;
        });
        description.append(", OTLP");
      }
      if (config.getBoolean("summary.enabled", true)) {
        io.tollgate.exporter.summary.ExitSummarySink summary = new io.tollgate.exporter.summary.ExitSummarySink(System.err,
            ledgerLocation, Tollgate::internalErrorCount, () -> self[0].droppedCount(),
            config.getInt("summary.calls", 0));
        summary.showBudgets(budgetStates);
        sinks.add(summary);
      }
      if (otlp != null) {
        sinks.add(otlp); // closed last: a collector that is down holds no other sink's last words at exit
      }
      self[0] = new RecordDispatcher(config.getInt("export.queue-size", 8192), sinks,
          config.getBoolean("export.low-priority", true));
      return new Exporters(self[0], description.toString(), otlp);
    }
  }
}
