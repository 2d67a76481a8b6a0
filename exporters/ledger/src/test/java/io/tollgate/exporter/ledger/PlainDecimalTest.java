package io.tollgate.exporter.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlainDecimalTest {
  private static String viaBigDecimal(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  @Test
  void writesWhatBigDecimalWritesForTheLedgersKindsOfNumbers() {
    double[] values = {0.0, -0.0, 1.0, -1.0, 10.0, 1000.0, 1e7, 1.5e21, 123456789.125, 0.00472, 0.0000048,
        4.8e-6, 1e-3, 1e-9, 2.5e-12, -3.25e-7, 812.4, 11.039, 0.1 + 0.2, Double.MIN_VALUE, Double.MAX_VALUE};
    for (double v : values) {
      assertEquals(viaBigDecimal(v), PlainDecimal.of(v), "for " + v);
    }
  }

  @Test
  void agreesWithBigDecimalOnRandomDoublesOfEveryMagnitude() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      double v = random.nextDouble() * Math.pow(10, random.nextInt(-15, 12)) * (random.nextBoolean() ? 1 : -1);
      // costs are sums of products of token counts and rates; latencies are rounded to microseconds
      double rounded = Math.round(v * 1000) / 1000.0;
      assertEquals(viaBigDecimal(v), PlainDecimal.of(v), "for " + v);
      assertEquals(viaBigDecimal(rounded), PlainDecimal.of(rounded), "for " + rounded);
      assertEquals(v, Double.parseDouble(PlainDecimal.of(v)), "reads back, for " + v);
      assertEquals(rounded, Double.parseDouble(PlainDecimal.of(rounded)), "reads back, for " + rounded);
    }
  }

  @Test
  void writesMillisecondsWithMicrosecondsAsTheRoundedDoubleReadsBack() {
    SplittableRandom random = new SplittableRandom(7);
    long[] edges = {0, 1, 5, 10, 50, 100, 999, 1000, 1001, 1010, 1100, 120_000, -1, -1500, 86_400_000_000L};
    for (long m : edges) {
      assertEquals(BigDecimal.valueOf(m, 3).stripTrailingZeros().toPlainString(), PlainDecimal.ofThousandths(m), "for " + m);
    }
    for (int i = 0; i < 200_000; i++) {
      double latencyMs = random.nextDouble() * Math.pow(10, random.nextInt(-2, 8));
      long m = Math.round(latencyMs * 1000);
      String text = PlainDecimal.ofThousandths(m);
      assertEquals(BigDecimal.valueOf(m, 3).stripTrailingZeros().toPlainString(), text, "for " + m);
      assertEquals(m / 1000.0, Double.parseDouble(text), "for " + m);
    }
  }
}
