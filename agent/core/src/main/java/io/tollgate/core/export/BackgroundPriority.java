package io.tollgate.core.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the calling thread's CPU priority to nice 19 on Linux, so the export thread runs in the time the
 * application leaves its cores idle (mostly while its calls wait on the network) instead of taking turns with the
 * application's threads: on a busy core the same work then no longer delays the application's calls. Done by the
 * {@code renice} command (util-linux), which needs no native library, on the thread found through
 * {@code /proc/thread-self}. Elsewhere, or without {@code renice}, nothing changes.
 */
final class BackgroundPriority {
  static final int NICE = 19;
  // absolute paths only: a PATH lookup from inside someone else's JVM could run anything
  private static final List<Path> RENICE = List.of(Path.of("/usr/bin/renice"), Path.of("/bin/renice"));
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority; returns what happened, in words, for one log line. */
  static String lowerCurrentThread() {
    if (!Files.exists(THREAD_SELF)) {
      return "left as it is (no /proc/thread-self: not Linux)";
    }
    Path renice = RENICE.stream().filter(Files::isExecutable).findFirst().orElse(null);
    if (renice == null) {
      return "left as it is (no renice command in /usr/bin or /bin)";
    }
    try {
      String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      Process p = new ProcessBuilder(renice.toString(), "-n", Integer.toString(NICE), "-p", tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "left as it is (renice did not answer in 2 s)";
      }
      return p.exitValue() == 0 ? "nice " + NICE : "left as it is (renice exited with " + p.exitValue() + ")";
    } catch (IOException | RuntimeException e) {
      return "left as it is (renice: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "left as it is (interrupted)";
    }
  }
}
