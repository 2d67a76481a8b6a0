package io.tollgate.exporter.otlp;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Builds Tollgate's own (relocated, private) OpenTelemetry SDK from the standard {@code OTEL_*}
 * variables. Export is off unless an OTLP endpoint is set. The JDK HTTP sender is the only one
 * shipped, so the protocol is http/protobuf.
 */
public final class OtlpSetup {
  private OtlpSetup() {}

  /** True when an OTLP endpoint is configured in the environment or system properties. */
  public static boolean endpointConfigured(Map<String, String> env, Map<Object, Object> props) {
    for (String signal : new String[] {"", "TRACES_", "METRICS_"}) {
      String envKey = "OTEL_EXPORTER_OTLP_" + signal + "ENDPOINT";
      String propKey = envKey.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
      if (notBlank(env.get(envKey)) || notBlank((String) props.get(propKey))) {
        return true;
      }
    }
    return false;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  public static OtlpRecordSink create(LongSupplier internalErrors, LongSupplier dropped) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    defaults.put("otel.logs.exporter", "none");
    defaults.put("otel.traces.exporter", "otlp");
    defaults.put("otel.metrics.exporter", "otlp");
    // the JDK sender speaks HTTP only: a grpc setting meant for another agent must not disable ours
    Map<String, String> overrides = new HashMap<>();
    overrides.put("otel.exporter.otlp.protocol", "http/protobuf");
    overrides.put("otel.exporter.otlp.traces.protocol", "http/protobuf");
    overrides.put("otel.exporter.otlp.metrics.protocol", "http/protobuf");
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .addPropertiesCustomizer(config -> overrides)
        .addTracerProviderCustomizer((tracers, config) -> tracers.setIdGenerator(new RecordIdGenerator()))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    return new OtlpRecordSink(sdk, internalErrors, dropped);
  }
}
