package io.tollgate.exporter.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as {@code 2026-11-23T10:00:00.123Z}. Records come in bursts within the same second, so
 * the text up to the second is formatted once per second and reused; only the milliseconds change.
 */
final class UtcMillisText {
  private static final DateTimeFormatter TO_SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

  private record Second(long epochSecond, String text) {}

  // racing writers may each format the same second; every holder is immutable, so any one read is whole
  private volatile Second last = new Second(Long.MIN_VALUE, "");

  String format(Instant at) {
    Second s = last;
    if (s.epochSecond != at.getEpochSecond()) {
      s = new Second(at.getEpochSecond(), TO_SECOND.format(at));
      last = s;
    }
    int millis = at.getNano() / 1_000_000;
    StringBuilder out = new StringBuilder(s.text.length() + 4).append(s.text);
    if (millis < 100) {
      out.append(millis < 10 ? "00" : "0");
    }
    return out.append(millis).append('Z').toString();
  }
}
