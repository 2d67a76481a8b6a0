package io.tollgate.core.record;

/**
 * The span a record becomes, when it must be known before export: a call whose trace context travelled to
 * another component (an in-process server reached over HTTP) so that both records share one trace.
 *
 * @param parentSpanId the remote parent's span id, or null for a root span
 */
public record TraceIds(String traceId, String spanId, String parentSpanId) {

  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  /** Ids for a new root span. */
  public static TraceIds newRoot() {
    return new TraceIds(HEX.toHexDigits(nonZero()) + HEX.toHexDigits(nonZero()), newSpanId(), null);
  }

  public static String newSpanId() {
    return HEX.toHexDigits(nonZero());
  }

  /** The W3C {@code traceparent} that makes a server's span a child of this one (sampled). */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  private static long nonZero() {
    long id;
    do {
      id = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }

  /** Parses a W3C {@code traceparent} value ({@code 00-<trace>-<parent span>-<flags>}) as this span's parent. */
  public static TraceIds childOf(String traceparent, String newSpanId) {
    if (traceparent == null) {
      return null;
    }
    String[] parts = traceparent.trim().split("-");
    if (parts.length < 4 || parts[1].length() != 32 || parts[2].length() != 16
        || !isHex(parts[1]) || !isHex(parts[2]) || parts[1].equals("0".repeat(32))) {
      return null;
    }
    return new TraceIds(parts[1], newSpanId, parts[2]);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
