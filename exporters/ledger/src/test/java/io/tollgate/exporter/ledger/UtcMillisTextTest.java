package io.tollgate.exporter.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class UtcMillisTextTest {
  private static final DateTimeFormatter CONTRACT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void formatsAsTheContractWithinOneSecondAndAcrossSeconds() {
    UtcMillisText text = new UtcMillisText();
    Instant start = Instant.parse("2026-11-23T23:59:58.000Z");
    // every millisecond of three seconds, a day boundary included, and sub-millisecond parts cut off
    for (long micros = 0; micros < 3_000_000; micros += 997) {
      Instant at = start.plusNanos(micros * 1000 + 999);
      assertEquals(CONTRACT.format(at), text.format(at), "for " + at);
    }
    Instant before1970 = Instant.parse("1969-12-31T23:59:59.005Z");
    assertEquals("1969-12-31T23:59:59.005Z", text.format(before1970));
    assertEquals("2026-11-23T10:00:00.123Z", text.format(Instant.parse("2026-11-23T10:00:00.123456Z")));
  }
}
