package io.tollgate.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code nvidia-smi --query-gpu} once per sample; energy is integrated from its power readings.
 * Its output goes to a file rather than a pipe, so that an nvidia-smi that hangs (a wedged driver)
 * is killed after the timeout instead of holding the sampling thread on a read.
 */
final class NvidiaSmiReader implements GpuReader {
  private final List<String> command;
  private final long timeoutMillis;
  private final Path output;
  private final EnergyIntegrator energy = new EnergyIntegrator();

  NvidiaSmiReader(String executable) {
    this(executable, 5_000);
  }

  NvidiaSmiReader(String executable, long timeoutMillis) {
    this.command = List.of(executable, "--query-gpu=" + String.join(",", NvidiaSmiCsv.FIELDS), "--format=csv");
    this.timeoutMillis = timeoutMillis;
    try {
      this.output = Files.createTempFile("tollgate-nvidia-smi", ".csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    output.toFile().deleteOnExit();
  }

  @Override
  public String source() {
    return "nvidia-smi";
  }

  @Override
  public GpuSnapshot read() throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command)
        .redirectOutput(output.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(isWindows() ? "NUL" : "/dev/null")))
        .start();
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException("nvidia-smi did not finish in " + timeoutMillis + " ms and was killed");
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("nvidia-smi exited with " + process.exitValue() + ": " + firstLine(text));
    }
    return energy.fill(new GpuSnapshot(System.nanoTime(), source(), NvidiaSmiCsv.parse(text)));
  }

  private static boolean isWindows() {
    return java.io.File.separatorChar == '\\';
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      // left for deleteOnExit
    }
  }
}
