package io.tollgate.instrumentation.jdkhttp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What a call's future failed with, as {@code get} reports it (the JDK's {@code send} maps it from there). */
final class Failure {
  private Failure() {}

  static Throwable of(CompletableFuture<?> future) throws Exception {
    try {
      future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call did not fail");
  }
}
