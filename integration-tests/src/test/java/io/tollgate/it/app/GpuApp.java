package io.tollgate.it.app;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Runs for the given milliseconds while the agent samples GPUs; with {@code jna}, first calls libc
 * through the application's own JNA.
 */
public final class GpuApp {
  /** libc, through the application's JNA. */
  public interface CLibrary extends Library {
    int getpid();
  }

  private GpuApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 1 && args[1].equals("jna")) {
      CLibrary c = Native.load("c", CLibrary.class);
      System.out.println("APP jna=" + Native.VERSION + " getpid-matches=" + (c.getpid() == ProcessHandle.current().pid()));
    }
    Thread.sleep(Long.parseLong(args[0]));
    System.out.println("APP done");
  }
}
