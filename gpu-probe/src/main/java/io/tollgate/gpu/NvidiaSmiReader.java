package io.tollgate.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code nvidia-smi --query-gpu} once per sample; energy is integrated from its power readings. */
final class NvidiaSmiReader implements GpuReader {
  private static final long TIMEOUT_MS = 5_000;

  private final List<String> command;
  private final EnergyIntegrator energy = new EnergyIntegrator();

  NvidiaSmiReader(String executable) {
    this.command = List.of(executable, "--query-gpu=" + String.join(",", NvidiaSmiCsv.FIELDS), "--format=csv");
  }

  @Override
  public String source() {
    return "nvidia-smi";
  }

  @Override
  public GpuSnapshot read() throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      process.getOutputStream().close();
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException("nvidia-smi did not finish in " + TIMEOUT_MS + " ms");
    }
    if (process.exitValue() != 0) {
      throw new IOException("nvidia-smi exited with " + process.exitValue() + ": " + firstLine(output));
    }
    return energy.fill(new GpuSnapshot(System.nanoTime(), source(), NvidiaSmiCsv.parse(output)));
  }

  private static String firstLine(String output) {
    String line = output.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
