package io.tollgate.gpu;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads the GPUs through nvidia-smi: {@link #start} runs one query to find the devices (and to fail
 * with nvidia-smi's own message when it cannot), then keeps one nvidia-smi running in its loop mode
 * ({@link NvidiaSmiLoop}), which delivers each block of readings as it comes; {@link #read} only
 * takes the newest readings, and notices a silent nvidia-smi. Energy is integrated from the power
 * readings.
 */
final class NvidiaSmiReader implements GpuReader {
  /** A silent nvidia-smi is killed after this many periods, and never sooner than {@link #MIN_SILENCE}. */
  static final int SILENT_PERIODS = 5;
  static final Duration MIN_SILENCE = Duration.ofSeconds(5);

  private final String executable;
  private final Duration period;
  private final long silenceNanos;
  private final long queryTimeoutMillis;
  private final LatestReadings readings = new LatestReadings("nvidia-smi");
  private final NvidiaSmiLoop loop;

  NvidiaSmiReader(String executable, Duration period) {
    this(executable, period, max(period.multipliedBy(SILENT_PERIODS), MIN_SILENCE), 5_000);
  }

  NvidiaSmiReader(String executable, Duration period, Duration silence, long queryTimeoutMillis) {
    this.executable = executable;
    this.period = period;
    this.silenceNanos = silence.toNanos();
    this.queryTimeoutMillis = queryTimeoutMillis;
    this.loop = new NvidiaSmiLoop(command(true), readings);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The query, with {@code -lms <period>} when looping. */
  List<String> command(boolean looping) {
    List<String> command = new ArrayList<>(List.of(executable, "--query-gpu=" + String.join(",", NvidiaSmiCsv.FIELDS),
        "--format=csv,noheader,nounits"));
    if (looping) {
      command.addAll(List.of("-lms", Long.toString(Math.max(1, period.toMillis()))));
    }
    return command;
  }

  @Override
  public String source() {
    return "nvidia-smi";
  }

  /**
   * Queries the devices once and, when there are any, starts the looping nvidia-smi. Throws with
   * nvidia-smi's message when it fails.
   */
  GpuSnapshot start() throws IOException, InterruptedException {
    List<GpuReading> devices = NvidiaSmiCsv.parse(NvidiaSmiCsv.FIELDS, queryOnce());
    long now = System.nanoTime();
    for (GpuReading d : devices) {
      readings.put(d, now);
    }
    if (!devices.isEmpty()) {
      loop.start();
    }
    return readings.snapshot();
  }

  /**
   * The output of one query. It goes to a file rather than a pipe, so that an nvidia-smi that hangs
   * is killed after the timeout instead of holding this thread on a read.
   */
  private String queryOnce() throws IOException, InterruptedException {
    Path output = Files.createTempFile("tollgate-nvidia-smi", ".csv");
    try {
      Process process = new ProcessBuilder(command(false))
          .redirectOutput(output.toFile())
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '\\' ? "NUL" : "/dev/null")))
          .start();
      if (!process.waitFor(queryTimeoutMillis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.SECONDS);
        throw new IOException("nvidia-smi did not finish in " + queryTimeoutMillis + " ms and was killed");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException("nvidia-smi exited with " + process.exitValue() + ": " + firstLine(text));
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  /**
   * The newest readings. Throws, after killing the looping nvidia-smi if it went silent, when
   * there has been no reading for the silence limit: the sampler then keeps the last readings.
   */
  @Override
  public GpuSnapshot read() throws IOException {
    long now = System.nanoTime();
    long age = now - readings.newestNanos();
    if (age > silenceNanos) {
      boolean killed = loop.killIfSilent(now, silenceNanos);
      throw new IOException("no reading from nvidia-smi for " + TimeUnit.NANOSECONDS.toMillis(age) + " ms"
          + (killed ? "; it was killed and will be started again" : "") + " (restarts so far: " + loop.restarts() + ")");
    }
    return readings.snapshot();
  }

  /** Each block nvidia-smi prints goes to {@code sink} from the reading thread. */
  @Override
  public boolean deliverTo(Consumer<GpuSnapshot> sink) {
    loop.deliverTo(sink);
    return true;
  }

  NvidiaSmiLoop loop() {
    return loop;
  }

  @Override
  public void close() {
    loop.close();
  }
}
