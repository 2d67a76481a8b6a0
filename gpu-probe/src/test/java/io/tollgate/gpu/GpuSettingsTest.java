package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tollgate.core.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GpuSettingsTest {
  @Test
  void periods() {
    assertEquals(Duration.ofSeconds(1), GpuSettings.period("1s"));
    assertEquals(Duration.ofMillis(100), GpuSettings.period("100ms"));
    assertEquals(Duration.ofMillis(250), GpuSettings.period("0.25s"));
    assertEquals(Duration.ofMinutes(2), GpuSettings.period("2m"));
    assertEquals(Duration.ofMillis(500), GpuSettings.period("500"));
    assertThrows(ConfigException.class, () -> GpuSettings.period("1ms"));
    assertThrows(ConfigException.class, () -> GpuSettings.period("soon"));
  }
}
