package io.tollgate.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long one workload JVM took from its recorded start to the first line of {@code main} (JVM boot
 * plus any agent's premain) and to the end of its first call (adds loading and, for agents,
 * transforming the SDK's and OkHttp's classes). The JVM's first line on stdout.
 */
public record StartupTimes(long jvmToMainMs, long jvmToFirstCallMs) {
  static final String WORD = "STARTED";

  String toLine() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("jvm_to_main_ms", jvmToMainMs);
    f.put("jvm_to_first_call_ms", jvmToFirstCallMs);
    return ProtocolLine.format(WORD, f);
  }

  static StartupTimes parse(String line) {
    ProtocolLine p = ProtocolLine.parse(WORD, line);
    return new StartupTimes(p.whole("jvm_to_main_ms"), p.whole("jvm_to_first_call_ms"));
  }
}
