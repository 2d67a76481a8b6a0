package io.tollgate.core.budget.policy;

import java.time.Duration;

/** The period a budget's limit applies to. Rolling windows slide; calendar windows reset at a boundary. */
public enum WindowKind {
  ROLLING_MINUTE("rolling-minute", Duration.ofMinutes(1), Duration.ofSeconds(1)),
  ROLLING_HOUR("rolling-hour", Duration.ofHours(1), Duration.ofMinutes(1)),
  ROLLING_DAY("rolling-day", Duration.ofDays(1), Duration.ofMinutes(15)),
  CALENDAR_DAY("calendar-day", null, null),
  CALENDAR_MONTH("calendar-month", null, null);

  private final String yaml;
  private final Duration length;
  private final Duration bucket;

  WindowKind(String yaml, Duration length, Duration bucket) {
    this.yaml = yaml;
    this.length = length;
    this.bucket = bucket;
  }

  public String yaml() {
    return yaml;
  }

  public boolean rolling() {
    return length != null;
  }

  /** Rolling windows: their length. */
  public Duration length() {
    return length;
  }

  /**
   * Rolling windows: spend is kept in buckets of this size, so a bucket's spend leaves the window up
   * to one bucket late (never early: a limit is never loosened by the bucketing).
   */
  public Duration bucket() {
    return bucket;
  }

  static WindowKind parse(String value) {
    for (WindowKind w : values()) {
      if (w.yaml.equals(value)) {
        return w;
      }
    }
    return null;
  }

  static String choices() {
    StringBuilder b = new StringBuilder();
    for (WindowKind w : values()) {
      b.append(b.length() == 0 ? "" : ", ").append(w.yaml);
    }
    return b.toString();
  }
}
