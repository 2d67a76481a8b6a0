package io.tollgate.benchmarks;

/** The three ways the same workload JVM is started; they differ only in the -javaagent. */
public enum Variant {
  NO_AGENT("no agent"),
  TOLLGATE("Tollgate agent"),
  OTEL("OTel agent");

  public final String label;

  Variant(String label) {
    this.label = label;
  }

  /** Short name for file names. */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
