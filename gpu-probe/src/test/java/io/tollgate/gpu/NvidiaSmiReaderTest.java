package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiReaderTest {
  @TempDir Path dir;

  private Path script(String body) throws IOException {
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    return smi;
  }

  @Test
  void asksForItsFieldsAsCsvWithHeader() throws Exception {
    Path args = dir.resolve("args");
    Path recorded = dir.resolve("l40s.csv");
    Files.writeString(recorded, NvidiaSmiCsvTest.recorded("linux-x86_64__nvidia-l40s__595.80__load.csv"));
    NvidiaSmiReader reader = new NvidiaSmiReader(script("echo \"$@\" > '" + args + "'; cat '" + recorded + "'").toString());
    GpuSnapshot snapshot = reader.read();
    assertEquals("--query-gpu=index,uuid,name,driver_version,utilization.gpu,utilization.memory,memory.used,memory.total,"
        + "power.draw,temperature.gpu --format=csv", Files.readString(args).strip());
    assertEquals("NVIDIA L40S", snapshot.device(0).name());
    assertEquals(0.0, snapshot.device(0).energyJoules(), "integration starts at the first read");
    reader.close();
  }

  @Test
  void aHungNvidiaSmiIsKilledAfterTheTimeout() throws Exception {
    NvidiaSmiReader reader = new NvidiaSmiReader(script("exec sleep 30").toString(), 300);
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class, reader::read);
    assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "did not wait for the process");
    assertTrue(e.getMessage().contains("did not finish in 300 ms"), e.getMessage());
    reader.close();
  }
}
