package io.tollgate.gpu;

import io.tollgate.core.log.AgentLog;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One long-lived {@code nvidia-smi ... -lms <period>} whose lines are parsed as they come on a
 * daemon thread ({@code tollgate-nvidia-smi}) into {@link LatestReadings}, each complete block
 * handed on at once: no process per sample, and no other thread woken for it.
 * When it exits it is started again after a backoff (1 s, doubling to 60 s; back to 1 s after it
 * ran a minute), with one WARN for the first time only. {@link #killIfSilent} ends one that stopped
 * printing (a wedged driver), which the thread then restarts the same way.
 */
final class NvidiaSmiLoop implements AutoCloseable {
  private static final AgentLog LOG = AgentLog.get(NvidiaSmiLoop.class);
  static final long FIRST_BACKOFF_MILLIS = 1_000;
  static final long MAX_BACKOFF_MILLIS = 60_000;
  private static final NvidiaSmiColumns QUERY = new NvidiaSmiColumns(NvidiaSmiCsv.FIELDS);

  private final List<String> command;
  private final LatestReadings readings;
  private final Thread thread;
  private volatile Process process;
  private volatile long lastLineNanos;
  private volatile boolean killedForSilence;
  private volatile boolean closed;
  private volatile String lastUnreadLine;
  private volatile long restarts;
  private volatile long unreadLines;
  private boolean warned;
  private volatile Consumer<GpuSnapshot> sink;

  NvidiaSmiLoop(List<String> command, LatestReadings readings) {
    this.command = command;
    this.readings = readings;
    this.thread = new Thread(this::run, "tollgate-nvidia-smi");
    thread.setDaemon(true);
  }

  /** Where each block of readings goes once complete. */
  void deliverTo(Consumer<GpuSnapshot> sink) {
    this.sink = sink;
  }

  void start() {
    lastLineNanos = System.nanoTime();
    thread.start();
  }

  private void run() {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (!closed) {
      long started = System.nanoTime();
      String ended;
      try {
        ended = runOnce();
      } catch (IOException e) {
        ended = "could not be started (" + e.getMessage() + ")";
      } catch (InterruptedException e) {
        return; // closing
      } catch (RuntimeException e) {
        ended = "failed (" + e + ")"; // restarted like an exit rather than leaving the GPUs unread
      }
      if (closed) {
        return;
      }
      restarts++;
      if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= MAX_BACKOFF_MILLIS) {
        backoff = FIRST_BACKOFF_MILLIS;
      }
      String message = "nvidia-smi " + ended + (lastUnreadLine == null ? "" : "; its last unreadable line: " + lastUnreadLine)
          + "; started again in " + backoff + " ms";
      if (!warned) {
        warned = true;
        LOG.warn(message + " (then with a backoff doubling to " + MAX_BACKOFF_MILLIS / 1000
            + " s; further restarts are counted silently)");
      } else {
        LOG.debug(message);
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
  }

  /** Runs one nvidia-smi until it ends; says how it ended. */
  private String runOnce() throws IOException, InterruptedException {
    killedForSilence = false;
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true) // its error messages are lines too, kept for the log
        .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '\\' ? "NUL" : "/dev/null")))
        .start();
    lastLineNanos = System.nanoTime();
    process = p;
    if (closed) {
      end(p);
      return "was closed";
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        long now = System.nanoTime();
        lastLineNanos = now;
        accept(line, now);
      }
    } catch (IOException e) {
      // the stream closed under us: the process was ended
    }
    if (!p.waitFor(5, TimeUnit.SECONDS)) { // closed its output but lives on
      end(p);
    }
    return killedForSilence ? "printed nothing for too long and was killed"
        : p.isAlive() ? "closed its output and could not be ended" : "exited with " + p.exitValue();
  }

  private void accept(String line, long now) {
    if (line.isBlank()) {
      return;
    }
    GpuReading reading;
    try {
      reading = NvidiaSmiCsv.row(QUERY, line, 0);
    } catch (RuntimeException e) {
      // an error message, or an event nvidia-smi prints in loop mode (ECC, Xid)
      unreadLines++;
      lastUnreadLine = line.length() > 200 ? line.substring(0, 200) : line;
      return;
    }
    if (readings.put(reading, now) && sink != null) {
      try {
        sink.accept(readings.snapshot());
      } catch (RuntimeException e) {
        LOG.debug("GPU snapshot not taken: " + e);
      }
    }
  }

  /** Ends the running nvidia-smi if it printed no line for {@code limitNanos}; true if it did. */
  boolean killIfSilent(long nowNanos, long limitNanos) {
    Process p = process;
    if (p == null || !p.isAlive() || nowNanos - lastLineNanos <= limitNanos) {
      return false;
    }
    killedForSilence = true;
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    return true;
  }

  /** How many times nvidia-smi ended and was started again. */
  long restarts() {
    return restarts;
  }

  /** Lines that were not a reading (errors, driver events). */
  long unreadLines() {
    return unreadLines;
  }

  /** The nvidia-smi running now, or null. */
  Process process() {
    Process p = process;
    return p != null && p.isAlive() ? p : null;
  }

  /** Ends nvidia-smi and waits for it (no zombie left), and stops the thread. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt(); // wakes a backoff sleep
    Process p = process;
    if (p != null) {
      end(p);
    }
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void end(Process p) {
    p.toHandle().descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(1, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
