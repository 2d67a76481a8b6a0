package io.tollgate.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceIdsTest {

  @Test
  void rootIdsAreW3cLowerCaseHexOfTheRightLength() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      TraceIds ids = TraceIds.newRoot();
      assertTrue(ids.traceId().matches("[0-9a-f]{32}") && !ids.traceId().equals("0".repeat(32)), ids.traceId());
      assertTrue(ids.spanId().matches("[0-9a-f]{16}") && !ids.spanId().equals("0".repeat(16)), ids.spanId());
      assertTrue(seen.add(ids.traceId()), "a trace id repeated");
      assertNull(ids.parentSpanId());
      assertEquals("00-" + ids.traceId() + "-" + ids.spanId() + "-01", ids.traceparent());
    }
  }

  @Test
  void aServerSideSpanIsTheChildOfTheTraceparentItReceived() {
    TraceIds client = TraceIds.newRoot();
    TraceIds server = TraceIds.childOf(client.traceparent(), TraceIds.newSpanId());
    assertEquals(client.traceId(), server.traceId());
    assertEquals(client.spanId(), server.parentSpanId());
    assertNotEquals(client.spanId(), server.spanId());
    assertNull(TraceIds.childOf("00-" + "0".repeat(32) + "-b7ad6b7169203331-01", "x"), "an all-zero trace id is invalid");
  }
}
