package io.tollgate.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Scripts standing in for nvidia-smi: the loop-mode emulator over a recorded output, and small shell wrappers. */
final class StandInNvidiaSmi {
  private StandInNvidiaSmi() {}

  /** {@code dir/<name>}: the emulator, answering from the recorded output {@code recorded} (resources/nvidia-smi). */
  static Path emulator(Path dir, String name, String recorded) throws IOException {
    Path script = dir.resolve(name);
    try (InputStream in = StandInNvidiaSmi.class.getResourceAsStream("/nvidia-smi-stand-in.sh")) {
      Files.write(script, in.readAllBytes());
    }
    Files.writeString(dir.resolve(name + ".csv"), NvidiaSmiCsvTest.recorded(recorded));
    return executable(script);
  }

  /** {@code dir/nvidia-smi}: a {@code sh} script with this body. */
  static Path script(Path dir, String body) throws IOException {
    Path script = dir.resolve("nvidia-smi");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    return executable(script);
  }

  private static Path executable(Path script) throws IOException {
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
