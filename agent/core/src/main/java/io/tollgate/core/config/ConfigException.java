package io.tollgate.core.config;

/** A configuration value the agent cannot use; its message says which and why. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  public ConfigException(String message) {
    super(message);
  }
}
