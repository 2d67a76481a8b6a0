package io.tollgate.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one workload JVM measured, carried as the single {@code RESULT key=value ...} line it prints on
 * stdout. Latencies are of the single-thread loop; CPU is the whole process's (the agent's own threads,
 * GC and JIT included) divided by the calls of that phase. {@code measuredJitMs} is JIT compile time
 * spent during the single-thread loop (large means the warm-up was short); {@code processCpuMs} is the
 * process's CPU time from start to the end of the workload, for telling its load from other programs'.
 */
public record WorkloadResult(
    int warmupCalls,
    long warmupMs,
    boolean warmupSettled,
    int measuredCalls,
    int mtThreads,
    int mtCalls,
    long totalCalls,
    long jvmToMainMs,
    long jvmToFirstCallMs,
    double p50Us,
    double p99Us,
    double meanUs,
    double singleThreadCallsPerSecond,
    double multiThreadCallsPerSecond,
    double singleThreadCpuUsPerCall,
    double multiThreadCpuUsPerCall,
    long measuredJitMs,
    long processCpuMs) {

  public static final String PREFIX = "RESULT ";

  public String toLine() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("warmup_calls", warmupCalls);
    fields.put("warmup_ms", warmupMs);
    fields.put("warmup_settled", warmupSettled);
    fields.put("calls", measuredCalls);
    fields.put("mt_threads", mtThreads);
    fields.put("mt_calls", mtCalls);
    fields.put("total_calls", totalCalls);
    fields.put("jvm_to_main_ms", jvmToMainMs);
    fields.put("jvm_to_first_call_ms", jvmToFirstCallMs);
    fields.put("p50_us", p50Us);
    fields.put("p99_us", p99Us);
    fields.put("mean_us", meanUs);
    fields.put("st_calls_per_s", singleThreadCallsPerSecond);
    fields.put("mt_calls_per_s", multiThreadCallsPerSecond);
    fields.put("st_cpu_us_per_call", singleThreadCpuUsPerCall);
    fields.put("mt_cpu_us_per_call", multiThreadCpuUsPerCall);
    fields.put("measured_jit_ms", measuredJitMs);
    fields.put("process_cpu_ms", processCpuMs);
    StringBuilder line = new StringBuilder(PREFIX);
    fields.forEach((k, v) -> line.append(k).append('=')
        .append(v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : v).append(' '));
    return line.toString().trim();
  }

  /** Parses the line {@link #toLine()} wrote; throws if a field is missing. */
  public static WorkloadResult parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a result line: " + line);
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (String part : line.substring(PREFIX.length()).trim().split(" +")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        f.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return new WorkloadResult(
        (int) whole(f, "warmup_calls"), whole(f, "warmup_ms"), Boolean.parseBoolean(field(f, "warmup_settled")),
        (int) whole(f, "calls"), (int) whole(f, "mt_threads"), (int) whole(f, "mt_calls"),
        whole(f, "total_calls"), whole(f, "jvm_to_main_ms"), whole(f, "jvm_to_first_call_ms"),
        real(f, "p50_us"), real(f, "p99_us"), real(f, "mean_us"),
        real(f, "st_calls_per_s"), real(f, "mt_calls_per_s"),
        real(f, "st_cpu_us_per_call"), real(f, "mt_cpu_us_per_call"),
        whole(f, "measured_jit_ms"), whole(f, "process_cpu_ms"));
  }

  private static long whole(Map<String, String> fields, String key) {
    return Long.parseLong(field(fields, key));
  }

  private static double real(Map<String, String> fields, String key) {
    return Double.parseDouble(field(fields, key));
  }

  private static String field(Map<String, String> fields, String key) {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalArgumentException("result line lacks " + key);
    }
    return v;
  }
}
