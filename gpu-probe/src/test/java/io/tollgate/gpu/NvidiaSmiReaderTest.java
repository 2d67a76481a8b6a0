package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nvidia-smi's loop mode with real processes: the emulator over recorded outputs, and scripts that die or hang. */
class NvidiaSmiReaderTest {
  private static final Duration PERIOD = Duration.ofMillis(100);

  @TempDir Path dir;

  /** nvidia-smi logging each start's arguments to {@code starts}, then running {@code then}. */
  private Path logged(String then) throws IOException {
    StandInNvidiaSmi.emulator(dir, "emulator", "linux-x86_64__nvidia-l40s__595.80__load.csv");
    return StandInNvidiaSmi.script(dir, "echo \"$@\" >> '" + dir.resolve("starts") + "'\n" + then);
  }

  private List<String> starts() throws IOException {
    Path starts = dir.resolve("starts");
    return Files.exists(starts) ? Files.readAllLines(starts) : List.of();
  }

  private static String stderrDuring(ThrowingRunnable action) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void queriesOnceThenOneLoopingNvidiaSmiFeedsEverySample() throws Exception {
    Path smi = logged("exec '" + dir.resolve("emulator") + "' \"$@\"");
    try (NvidiaSmiReader reader = new NvidiaSmiReader(smi.toString(), PERIOD)) {
      GpuSnapshot first = reader.start();
      assertEquals("NVIDIA L40S", first.device(0).name());
      assertEquals(110.23, first.device(0).powerWatts(), 1e-9);
      assertEquals(0.0, first.device(0).energyJoules(), "integration starts at the first read");
      Thread.sleep(1_000);
      GpuSnapshot later = reader.read();
      assertTrue(later.nanoTime() > first.nanoTime(), "new lines arrived");
      double seconds = (later.nanoTime() - first.nanoTime()) / 1e9;
      assertEquals(110.23 * seconds, later.device(0).energyJoules(), 1e-6, "power integrated over the lines' arrival");
      String query = "--query-gpu=index,uuid,name,driver_version,utilization.gpu,utilization.memory,memory.used,memory.total,"
          + "power.draw,temperature.gpu --format=csv,noheader,nounits";
      assertEquals(List.of(query, query + " -lms 100"), starts(), "one query, then one process for a second of samples");
      assertEquals(0, reader.loop().restarts());
      assertEquals(0, reader.loop().unreadLines());
    }
  }

  @Test
  void eachBlockReachesTheSamplerFromTheReadingThreadWithoutSampling() throws Exception {
    Path smi = StandInNvidiaSmi.emulator(dir, "nvidia-smi", "bpytop-issue-26__gtx-1080ti-and-gtx-1060__load.csv");
    try (NvidiaSmiReader reader = new NvidiaSmiReader(smi.toString(), PERIOD)) {
      GpuSampler sampler = new GpuSampler(reader, reader.start());
      assertEquals(Duration.ofSeconds(1), sampler.samplePeriod(PERIOD), "sampled only to notice silence");
      Thread.sleep(1_000);
      long delivered = sampler.snapshots();
      assertTrue(delivered >= 5 && delivered <= 12, "about one per 100 ms block of two GPUs, not one per line: " + delivered);
      GpuSnapshot latest = sampler.latest();
      assertEquals(2, latest.devices().size());
      assertEquals(latest.device(0).energyJoules() / 280.72, latest.device(1).energyJoules() / 121.51, 0.01,
          "both GPUs integrated over the same time");
      sampler.sample(); // nothing new since the last block: not a second snapshot
      GpuSnapshot read = reader.read();
      assertSame(read, reader.read());
      assertTrue(sampler.snapshots() - delivered <= 1, "at most the block that arrived meanwhile");
    }
  }

  @Test
  void anExitingNvidiaSmiIsRestartedWithBackoffAndOneWarn() throws Exception {
    // the query works; every looping start prints one block and exits
    Path smi = logged("case \"$*\" in *-lms*) '" + dir.resolve("emulator") + "' $1 $2; exit 3;; esac\n"
        + "exec '" + dir.resolve("emulator") + "' \"$@\"");
    NvidiaSmiReader reader = new NvidiaSmiReader(smi.toString(), PERIOD);
    String log = stderrDuring(() -> {
      reader.start();
      Thread.sleep(3_600); // loop starts at about 0, 1 and 3 s
      reader.close();
    });
    long loops = starts().stream().filter(s -> s.contains("-lms")).count();
    assertTrue(loops >= 2 && loops <= 3, "backoff of 1 s then 2 s, not a storm: " + loops + " starts");
    assertTrue(reader.loop().restarts() >= 2, "restarts " + reader.loop().restarts());
    List<String> warns = log.lines().filter(l -> l.contains(" WARN ")).toList();
    assertEquals(1, warns.size(), log);
    assertTrue(warns.get(0).contains("NvidiaSmiLoop: nvidia-smi exited with 3; started again in 1000 ms"), log);
    assertTrue(warns.get(0).contains("further restarts are counted silently"), log);
  }

  @Test
  void aSilentNvidiaSmiIsKilledAndItsSuccessorReadFrom() throws Exception {
    // the first looping start prints one block, then hangs with a child; later ones work
    Path hung = dir.resolve("hung-once");
    Path smi = logged("case \"$*\" in *-lms*) if [ ! -e '" + hung + "' ]; then touch '" + hung + "'; '"
        + dir.resolve("emulator") + "' $1 $2; sleep 30; fi;; esac\n"
        + "exec '" + dir.resolve("emulator") + "' \"$@\"");
    try (NvidiaSmiReader reader = new NvidiaSmiReader(smi.toString(), PERIOD, Duration.ofSeconds(1), 5_000)) {
      String log = stderrDuring(() -> {
        reader.start();
        Process hungProcess = null;
        List<ProcessHandle> children = List.of();
        IOException silent = null;
        // deadlines are generous: each loop ends as soon as it sees what it waits for, and a loaded CI machine is slow
        for (long deadline = System.nanoTime() + 25_000_000_000L; silent == null && System.nanoTime() < deadline; ) {
          Process p = reader.loop().process();
          if (p != null && hungProcess == null && p.descendants().anyMatch(c -> c.info().command().orElse("").endsWith("sleep"))) {
            hungProcess = p;
            children = p.descendants().toList();
          }
          try {
            reader.read();
            Thread.sleep(50);
          } catch (IOException e) {
            silent = e;
          }
        }
        assertNotNull(hungProcess, "the script reached its sleep");
        assertNotNull(silent, "read() noticed the silence");
        assertTrue(silent.getMessage().contains("it was killed and will be started again"), silent.getMessage());
        long killedAt = System.nanoTime();
        Thread.sleep(300);
        assertFalse(hungProcess.isAlive());
        assertEquals(1, children.size(), "the script's sleep");
        ProcessHandle sleep = children.get(0);
        for (long deadline = System.nanoTime() + 15_000_000_000L; sleep.isAlive() && System.nanoTime() < deadline; ) {
          Thread.sleep(50); // killed at once; gone when its new parent reaps it
        }
        assertFalse(sleep.isAlive(), "its sleep (30 s) was killed too");
        GpuSnapshot again = null;
        for (long deadline = System.nanoTime() + 30_000_000_000L; again == null && System.nanoTime() < deadline; ) {
          try {
            again = reader.read(); // after the backoff, the next nvidia-smi's first block
          } catch (IOException stillSilent) {
            Thread.sleep(50);
          }
        }
        assertNotNull(again, "readings again after the restart");
        assertTrue(again.nanoTime() > killedAt, "readings from the new nvidia-smi");
        assertEquals("NVIDIA L40S", again.device(0).name());
      });
      assertEquals(1, reader.loop().restarts());
      assertTrue(log.contains("WARN NvidiaSmiLoop: nvidia-smi printed nothing for too long and was killed"), log);
    }
  }

  @Test
  void closeEndsNvidiaSmiAndReapsIt() throws Exception {
    Path smi = StandInNvidiaSmi.emulator(dir, "nvidia-smi", "linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.csv");
    NvidiaSmiReader reader = new NvidiaSmiReader(smi.toString(), PERIOD);
    reader.start();
    Thread.sleep(300);
    Process looping = reader.loop().process();
    assertNotNull(looping);
    reader.close();
    assertFalse(looping.isAlive());
    assertFalse(Files.exists(Path.of("/proc/" + looping.pid())), "no zombie left: the process was waited for");
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("tollgate-nvidia-smi")));
  }

  @Test
  void aHungQueryIsKilledAfterTheTimeout() throws Exception {
    try (NvidiaSmiReader reader = new NvidiaSmiReader(StandInNvidiaSmi.script(dir, "exec sleep 30").toString(), PERIOD,
        Duration.ofSeconds(5), 300)) {
      long start = System.nanoTime();
      IOException e = assertThrows(IOException.class, reader::start);
      assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "did not wait for the process");
      assertTrue(e.getMessage().contains("did not finish in 300 ms"), e.getMessage());
    }
  }
}
