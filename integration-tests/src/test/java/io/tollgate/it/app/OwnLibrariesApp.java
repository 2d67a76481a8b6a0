package io.tollgate.it.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application with its own Jackson and OpenTelemetry SDK versions: it uses both, then makes
 * LLM calls; the agent's relocated copies must not get in its way.
 */
public final class OwnLibrariesApp {
  private OwnLibrariesApp() {}

  public static void main(String[] args) throws Exception {
    AtomicInteger exported = new AtomicInteger();
    SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
      @Override public CompletableResultCode export(Collection<SpanData> spans) {
        exported.addAndGet(spans.size());
        return CompletableResultCode.ofSuccess();
      }
      @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
      @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    })).build();
    Tracer tracer = tracing.get("app");
    tracer.spanBuilder("app-work").startSpan().end();
    String json = new ObjectMapper().writeValueAsString(Map.of("k", "v"));
    String otelVersion = io.opentelemetry.sdk.common.InstrumentationScopeInfo.class.getPackage().getImplementationVersion();
    System.out.println("APP jackson=" + PackageVersion.VERSION + " otel-sdk=" + otelVersion + " app-spans=" + exported.get() + " json=" + json);
    ScenarioApp.main(args);
  }
}
