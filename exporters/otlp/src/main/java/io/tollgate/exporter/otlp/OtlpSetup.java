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

  /** OTLP unless the setting says none and nothing else: other exporters' names are another agent's. */
  static String otlpOrNone(java.util.List<String> exporters) {
    return exporters.equals(java.util.List.of("none")) ? "none" : "otlp";
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
    // nor may the other settings such an agent reads: propagators Tollgate never uses (xray), exporters it does not
    // carry (prometheus, console); any of them would fail the whole build and with it every span and metric
    overrides.put("otel.propagators", "none");
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .addPropertiesCustomizer(config -> {
          Map<String, String> all = new HashMap<>(overrides);
          all.put("otel.traces.exporter", otlpOrNone(config.getList("otel.traces.exporter")));
          all.put("otel.metrics.exporter", otlpOrNone(config.getList("otel.metrics.exporter")));
          return all;
        })
        .addTracerProviderCustomizer((tracers, config) -> tracers.setIdGenerator(new RecordIdGenerator()))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    return new OtlpRecordSink(sdk, internalErrors, dropped);
  }
}
