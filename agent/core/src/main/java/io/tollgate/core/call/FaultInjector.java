package io.tollgate.core.call;

/**
 * Lets tests force a failure inside Tollgate ({@code tollgate.internal.fault=<stage>}) to prove that
 * it never reaches the application. Off unless configured.
 */
public final class FaultInjector {
  private static volatile String stage;

  private FaultInjector() {}

  public static void configure(String configuredStage) {
    stage = configuredStage == null || configuredStage.isBlank() ? null : configuredStage.trim();
  }

  public static void maybeFail(String here) {
    if (here.equals(stage)) {
      throw new IllegalStateException("tollgate fault injected at " + here);
    }
  }
}
