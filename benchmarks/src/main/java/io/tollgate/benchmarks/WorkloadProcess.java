package io.tollgate.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The orchestrator's handle on one running workload JVM: writes it a {@link WorkloadCommand}, waits a
 * bounded time for the answer, and fails (killing the JVM) on a timeout or an early exit, so the
 * benchmark cannot hang on a child. It also counts the loopback server's requests while this JVM is
 * the one working: the JVMs take turns, so those are this JVM's requests, and the count must end equal
 * to the calls the JVM says it made.
 */
final class WorkloadProcess implements AutoCloseable {
  private static final String END_OF_OUTPUT = "\u0000end";

  final Variant variant;
  final String name;
  private final Process process;
  private final Path stderr;
  private final LongSupplier serverRequests;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final OutputStream stdin;
  private long requestsSeen;
  private StartupTimes startup;

  private WorkloadProcess(Variant variant, String name, Process process, Path stdout, Path stderr,
      LongSupplier serverRequests) {
    this.variant = variant;
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.serverRequests = serverRequests;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(() -> copyOutput(stdout), name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the JVM and waits for its start-up line, which comes after its first call. */
  static WorkloadProcess start(ProcessBuilder builder, Variant variant, String name, Path stdout, Path stderr,
      LongSupplier serverRequests, long timeoutSeconds) throws IOException, InterruptedException {
    long before = serverRequests.getAsLong();
    WorkloadProcess child = new WorkloadProcess(variant, name, builder.redirectError(stderr.toFile()).start(), stdout,
        stderr, serverRequests);
    child.startup = StartupTimes.parse(child.await(StartupTimes.WORD, timeoutSeconds));
    child.requestsSeen = serverRequests.getAsLong() - before;
    return child;
  }

  StartupTimes startup() {
    return startup;
  }

  long pid() {
    return process.pid();
  }

  long serverRequests() {
    return requestsSeen;
  }

  /** Sends one command and returns the answer line starting with {@code word}. */
  String command(String command, String word, long timeoutSeconds) throws IOException, InterruptedException {
    long before = serverRequests.getAsLong();
    stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    String answer = await(word, timeoutSeconds);
    requestsSeen += serverRequests.getAsLong() - before;
    return answer;
  }

  /** Asks the JVM to exit and waits until it has, so an agent's shutdown hook has flushed its ledger. */
  WorkloadExit exit(long timeoutSeconds) throws IOException, InterruptedException {
    WorkloadExit exit = WorkloadExit.parse(command(WorkloadCommand.EXIT, WorkloadExit.WORD, timeoutSeconds));
    stdin.close();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      throw fail("did not exit within " + timeoutSeconds + " s of being asked");
    }
    if (process.exitValue() != 0) {
      throw fail("exited with " + process.exitValue());
    }
    return exit;
  }

  private String await(String word, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw fail("gave no " + word + " line within " + timeoutSeconds + " s");
      }
      if (line.equals(END_OF_OUTPUT)) {
        process.waitFor(5, TimeUnit.SECONDS);
        throw fail("ended its output before a " + word + " line" + (process.isAlive() ? "" : ", exit code "
            + process.exitValue()));
      }
      if (ProtocolLine.is(word, line)) {
        return line;
      }
      // anything else on stdout (an agent's banner) is only logged
    }
  }

  private IllegalStateException fail(String what) {
    process.destroyForcibly();
    return new IllegalStateException(name + " " + what + "; last lines of " + stderr + ":\n" + tail(stderr));
  }

  private void copyOutput(Path log) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer copy = Files.newBufferedWriter(log)) {
      String line;
      while ((line = out.readLine()) != null) {
        copy.write(line + "\n");
        copy.flush();
        lines.add(line);
      }
    } catch (IOException e) {
      // the process was killed; the waiting side reports it
    } finally {
      lines.add(END_OF_OUTPUT);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Kills the JVM if it is still running: on the way out after a failure. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
