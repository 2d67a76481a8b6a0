package io.tollgate.core.budget.policy;

/** A policy file that cannot be used; the message names the file's line where it can. */
public final class PolicyFormatException extends Exception {
  public PolicyFormatException(String message) {
    super(message);
  }

  public PolicyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
