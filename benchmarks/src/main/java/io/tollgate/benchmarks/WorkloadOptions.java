package io.tollgate.benchmarks;

/**
 * The workload's program arguments. Everything else (how much to warm up, what to measure) comes as
 * commands on stdin, so every child JVM of the benchmark has byte-for-byte the same command line apart
 * from its -javaagent.
 */
public record WorkloadOptions(String baseUrl) {

  public static WorkloadOptions parse(String[] args) {
    if (args.length != 2 || !args[0].equals("--base-url")) {
      throw new IllegalArgumentException("usage: ChatWorkload --base-url URL, then commands on stdin: "
          + WorkloadCommand.USAGE);
    }
    return new WorkloadOptions(args[1]);
  }

  public String[] toArgs() {
    return new String[] {"--base-url", baseUrl};
  }
}
