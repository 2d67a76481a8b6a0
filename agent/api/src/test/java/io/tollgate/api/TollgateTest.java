package io.tollgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TollgateTest {
  @Test
  void scopesNestAndRestore() {
    assertEquals(Map.of(), Tollgate.currentAttributes());
    try (Tollgate.Scope outer = Tollgate.with("team", "search")) {
      try (Tollgate.Scope inner = Tollgate.with("tenant", "acme")) {
        assertEquals(Map.of("team", "search", "tenant", "acme"), Tollgate.currentAttributes());
      }
      assertEquals(Map.of("team", "search"), Tollgate.currentAttributes());
    }
    assertEquals(Map.of(), Tollgate.currentAttributes());
  }
}
