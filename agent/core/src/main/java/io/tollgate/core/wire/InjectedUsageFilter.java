package io.tollgate.core.wire;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Undoes in a server-sent-event stream what Tollgate's usage request caused (the usage-only chunk,
 * members added to other chunks), so the application reads exactly what it would have without the
 * agent. Whole events pass on as soon as their blank line arrives; only an event still arriving is held.
 */
public final class InjectedUsageFilter {
  private final WireFormat format;
  private byte[] held = new byte[0];
  private int heldLength;

  /** @param format the wire format whose usage request is undone ({@link WireFormat#withoutRequestedUsage}) */
  public InjectedUsageFilter(WireFormat format) {
    this.format = format;
  }

  public byte[] filter(byte[] bytes, int offset, int length, boolean end) {
    append(bytes, offset, length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(heldLength);
    int eventStart = 0;
    for (int i = 0; i < heldLength; i++) {
      int boundary = boundaryEndingAt(i);
      if (boundary > 0) {
        int eventEnd = i + 1;
        byte[] event = Arrays.copyOfRange(held, eventStart, eventEnd);
        byte[] restored = format.withoutRequestedUsage(event, event.length);
        if (restored != null) {
          out.write(restored, 0, restored.length);
        }
        eventStart = eventEnd;
      }
    }
    if (end) {
      out.write(held, eventStart, heldLength - eventStart);
      eventStart = heldLength;
    }
    System.arraycopy(held, eventStart, held, 0, heldLength - eventStart);
    heldLength -= eventStart;
    return out.toByteArray();
  }

  /** The length of the blank-line boundary ending at {@code i} ("\n\n" or "\r\n\r\n"), or 0. */
  private int boundaryEndingAt(int i) {
    if (held[i] != '\n' || i == 0) {
      return 0;
    }
    if (held[i - 1] == '\n') {
      return 2;
    }
    if (i >= 3 && held[i - 1] == '\r' && held[i - 2] == '\n' && held[i - 3] == '\r') {
      return 4;
    }
    return 0;
  }

  private void append(byte[] bytes, int offset, int length) {
    if (heldLength + length > held.length) {
      held = Arrays.copyOf(held, Math.max(held.length * 2, heldLength + length));
    }
    System.arraycopy(bytes, offset, held, heldLength, length);
    heldLength += length;
  }
}
