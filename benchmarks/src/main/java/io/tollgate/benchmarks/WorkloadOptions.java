package io.tollgate.benchmarks;

/**
 * The workload's program arguments. Everything else (how much to warm up, what to measure) comes as
 * commands on stdin, so every child JVM of the benchmark has byte-for-byte the same command line apart
 * from its -javaagent.
 */
public record WorkloadOptions(String baseUrl, boolean stream) {
  private static final String STREAM = "--stream";

  public static WorkloadOptions parse(String[] args) {
    boolean stream = args.length == 3 && args[2].equals(STREAM);
    if (args.length != (stream ? 3 : 2) || !args[0].equals("--base-url")) {
      throw new IllegalArgumentException("usage: ChatWorkload --base-url URL [--stream], then commands on stdin: "
          + WorkloadCommand.USAGE);
    }
    return new WorkloadOptions(args[1], stream);
  }

  public String[] toArgs() {
    return stream ? new String[] {"--base-url", baseUrl, STREAM} : new String[] {"--base-url", baseUrl};
  }
}
