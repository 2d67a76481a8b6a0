package io.tollgate.core.log;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own log: plain lines on stderr, so it never touches the application's logging
 * framework or its configuration.
 */
public final class AgentLog {
  public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

  private static volatile Level threshold = Level.INFO;
  private static final Set<String> onceKeys = ConcurrentHashMap.newKeySet();

  private final String name;

  private AgentLog(String name) {
    this.name = name;
  }

  public static AgentLog get(Class<?> type) {
    return new AgentLog(type.getSimpleName());
  }

  public static void setThreshold(Level level) {
    threshold = level;
  }

  public void debug(String message) { log(Level.DEBUG, message, null); }
  public void info(String message) { log(Level.INFO, message, null); }
  public void warn(String message) { log(Level.WARN, message, null); }
  public void warn(String message, Throwable error) { log(Level.WARN, message, error); }
  public void error(String message, Throwable error) { log(Level.ERROR, message, error); }

  /** Logs a line only the first time {@code key} is seen, so a repeated condition cannot flood the log. */
  public void warnOnce(String key, String message) {
    if (onceKeys.add(key)) {
      log(Level.WARN, message, null);
    }
  }

  public void infoOnce(String key, String message) {
    if (onceKeys.add(key)) {
      log(Level.INFO, message, null);
    }
  }

  private void log(Level level, String message, Throwable error) {
    if (level.ordinal() < threshold.ordinal()) {
      return;
    }
    StringBuilder line = new StringBuilder(96)
        .append(Instant.now()).append(" [tollgate] ").append(level).append(' ')
        .append(name).append(": ").append(message);
    if (error != null) {
      line.append(" (").append(error).append(')');
    }
    System.err.println(line);
    if (error != null && threshold == Level.DEBUG) {
      error.printStackTrace();
    }
  }
}
