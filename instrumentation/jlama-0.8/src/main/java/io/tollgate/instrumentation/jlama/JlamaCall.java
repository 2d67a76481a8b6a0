package io.tollgate.instrumentation.jlama;

import static io.tollgate.bootstrap.LocalCallFacts.CPU_NANOS;

import io.tollgate.bootstrap.Tollgate;
import java.util.Map;

/** One {@code generate} call in flight: the tracker's token, when it began, and the CPU clocks it started from. */
public final class JlamaCall {
  static final String ENGINE = "jlama";

  private final Object started;
  private final long startNanos;
  private final WorkerCpuTime cpu;

  private JlamaCall(Object started, long startNanos, WorkerCpuTime cpu) {
    this.started = started;
    this.startNanos = startNanos;
    this.cpu = cpu;
  }

  /** Null when the tracker records nothing. */
  public static JlamaCall begin() {
    Object started = Tollgate.tracker().beginLocalCall(ENGINE);
    return started == null ? null : new JlamaCall(started, System.nanoTime(), WorkerCpuTime.start());
  }

  public void end(Object model, float temperature, Object response, Throwable error) {
    long wallNanos = System.nanoTime() - startNanos;
    Map<String, Object> facts;
    try {
      // first: it also takes this call out of the workers' account, whatever fails after
      Long cpuNanos = cpu == null ? null : cpu.since(model.getClass().getClassLoader(), response != null);
      facts = GenerateFacts.of(model, temperature, response, wallNanos);
      if (cpuNanos != null) {
        facts.put(CPU_NANOS, cpuNanos);
      }
    } catch (Throwable t) {
      // like a broken HTTP attempt: left unrecorded rather than recorded with figures we could not read
      Tollgate.internalError("jlama-generate", t);
      facts = null;
    }
    Tollgate.tracker().endLocalCall(started, facts, error);
  }
}
