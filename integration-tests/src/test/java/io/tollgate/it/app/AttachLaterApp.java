package io.tollgate.it.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starts without the agent, waits until a go-file appears (the test attaches the agent first), then runs scenarios. */
public final class AttachLaterApp {
  private AttachLaterApp() {}

  public static void main(String[] args) throws Exception {
    Path go = Path.of(args[0]);
    System.out.println("READY " + ProcessHandle.current().pid());
    System.out.flush();
    long deadline = System.currentTimeMillis() + 60_000;
    while (!Files.exists(go) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    ScenarioApp.main(rest);
  }
}
