package io.tollgate.core.export;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the calling thread's CPU priority to nice 19 on Linux, so the export thread runs in the time the
 * application leaves its cores idle (mostly while its calls wait on the network) instead of taking turns with the
 * application's threads: on a busy core the same work then no longer delays the application's calls. Done in
 * process with {@code setpriority(2)} on the thread's id (found through {@code /proc/thread-self}) by JNA, which the
 * agent loads anyway to look for NVML: no child process, which security tooling watching a JVM would flag. Where JNA
 * cannot load its native part, or loading it would print the JDK's restricted-method warning into the application's
 * output (JDK 24 on, unless native access is enabled for the agent), the {@code renice} command (util-linux) does it
 * instead. Elsewhere nothing changes.
 */
final class BackgroundPriority {
  static final int NICE = 19;
  private static final int PRIO_PROCESS = 0; // with a thread id, Linux applies it to that thread alone
  // absolute paths only: a PATH lookup from inside someone else's JVM could run anything
  private static final List<Path> RENICE = List.of(Path.of("/usr/bin/renice"), Path.of("/bin/renice"));
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  /** The C library's call, bound by JNA. */
  interface CLibrary extends Library {
    int setpriority(int which, int who, int prio);
  }

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority; returns what happened, in words, for one log line. */
  static String lowerCurrentThread() {
    if (!Files.exists(THREAD_SELF)) {
      return "left as it is (no /proc/thread-self: not Linux)";
    }
    int tid;
    try {
      tid = Integer.parseInt(Files.readSymbolicLink(THREAD_SELF).getFileName().toString());
    } catch (IOException | RuntimeException e) {
      return "left as it is (no thread id: " + e.getMessage() + ")";
    }
    String notInProcess = setpriority(tid);
    if (notInProcess == null) {
      return "nice " + NICE + " (setpriority)";
    }
    return renice(tid) + "; setpriority: " + notInProcess;
  }

  /** Null when done, else why not. */
  private static String setpriority(int tid) {
    if (!nativeAccessQuiet()) {
      return "not tried (JNA would make the JDK print a restricted-method warning; --enable-native-access=ALL-UNNAMED allows it)";
    }
    try {
      CLibrary c = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
      return c.setpriority(PRIO_PROCESS, tid, NICE) == 0 ? null : "failed, errno " + Native.getLastError();
    } catch (Throwable t) { // LinkageError: JNA's native part could not load (a noexec temp directory, ...)
      return "no native access (" + t + ")";
    }
  }

  /** Whether loading a native library stays silent: always before JDK 24, after it only with native access enabled. */
  static boolean nativeAccessQuiet() {
    if (Runtime.version().feature() < 24) {
      return true;
    }
    try {
      return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(BackgroundPriority.class.getModule());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static String renice(int tid) {
    Path renice = RENICE.stream().filter(Files::isExecutable).findFirst().orElse(null);
    if (renice == null) {
      return "left as it is (no renice command in /usr/bin or /bin)";
    }
    try {
      Process p = new ProcessBuilder(renice.toString(), "-n", Integer.toString(NICE), "-p", Integer.toString(tid))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "left as it is (renice did not answer in 2 s)";
      }
      return p.exitValue() == 0 ? "nice " + NICE + " (renice)" : "left as it is (renice exited with " + p.exitValue() + ")";
    } catch (IOException | RuntimeException e) {
      return "left as it is (renice: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "left as it is (interrupted)";
    }
  }
}
