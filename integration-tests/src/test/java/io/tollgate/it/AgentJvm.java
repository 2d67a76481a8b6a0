package io.tollgate.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A separate JVM running an application main class, with the real agent jar attached. */
final class AgentJvm {
  static final Path JDK17 = Path.of(System.getProperty("java.home"));
  static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private Path javaHome = JDK17;
  private final String mainClass;
  private final List<String> args = new ArrayList<>();
  private final Map<String, String> agentArgs = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private List<String> classpath = applicationClasspath();
  private boolean attachAgent = true;
  private Path jar;

  private AgentJvm(String mainClass) {
    this.mainClass = mainClass;
  }

  static AgentJvm main(Class<?> mainClass) {
    return new AgentJvm(mainClass.getName());
  }

  /** {@code java -jar}: an application packaged as users run it. */
  static AgentJvm jar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("application jar not built: " + jar.toAbsolutePath() + " (run mvn verify from the root)");
    }
    AgentJvm jvm = new AgentJvm(null);
    jvm.jar = jar.toAbsolutePath();
    return jvm;
  }

  /** A single-file program run by the source launcher (compiled by the launched JDK, not the build's). */
  static AgentJvm sourceFile(Path program) {
    return new AgentJvm(program.toAbsolutePath().toString());
  }

  static Path agentJar() {
    Path jar = Path.of(System.getProperty("tollgate.agent.jar", "../agent/target/tollgate-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("agent jar not built: " + jar.toAbsolutePath() + " (run mvn verify from the root)");
    }
    return jar.toAbsolutePath();
  }

  /** This test JVM's class path minus Tollgate's own modules: what an ordinary application would carry. */
  static List<String> applicationClasspath() {
    List<String> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean ours = name.startsWith("tollgate-") && !name.startsWith("tollgate-provider-loopback")
          && !name.startsWith("tollgate-local-inference"); // an application library, not part of the agent
      boolean surefire = entry.contains("surefire") || entry.contains("junit") || entry.contains("opentest4j");
      if (!ours && !surefire) {
        out.add(entry);
      }
    }
    return out;
  }

  AgentJvm javaHome(Path home) {
    this.javaHome = home;
    return this;
  }

  AgentJvm args(String... values) {
    args.addAll(List.of(values));
    return this;
  }

  AgentJvm jvmArgs(String... values) {
    jvmArgs.addAll(List.of(values));
    return this;
  }

  AgentJvm agentArg(String key, String value) {
    agentArgs.put(key, value);
    return this;
  }

  AgentJvm env(String key, String value) {
    env.put(key, value);
    return this;
  }

  AgentJvm classpath(List<String> entries) {
    this.classpath = entries;
    return this;
  }

  AgentJvm withoutAgent() {
    this.attachAgent = false;
    return this;
  }

  Result run(Duration timeout) throws IOException, InterruptedException {
    Path out = Files.createTempFile("agent-jvm", ".out");
    Path err = Files.createTempFile("agent-jvm", ".err");
    Process process = start(out, err);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("JVM did not finish in " + timeout + "\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Starts the JVM and returns at once (stdout and stderr go to the given files). */
  Process start(Path out, Path err) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin/java").toString());
    command.add("-Xshare:auto");
    if (attachAgent) {
      String opts = agentArgs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
      command.add("-javaagent:" + agentJar() + (opts.isEmpty() ? "" : "=" + opts));
    }
    command.addAll(jvmArgs);
    if (jar != null) {
      command.add("-jar");
      command.add(jar.toString());
    } else {
      command.add("-cp");
      command.add(String.join(File.pathSeparator, classpath));
      command.add(mainClass);
    }
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("TOLLGATE_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  record Result(int exitCode, String stdout, String stderr) {
    Result assertSucceeded() {
      if (exitCode != 0) {
        throw new AssertionError("exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return this;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }
}
