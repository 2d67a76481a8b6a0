package io.tollgate.core.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

  /**
   * What may pass on now. Runs of events that pass unchanged are copied once, not event by event:
   * this runs for every read of a stream.
   */
  public byte[] filter(byte[] bytes, int offset, int length, boolean end) {
    append(bytes, offset, length);
    ByteArrayOutputStream out = null; // only once an event is dropped or changed
    int passingFrom = 0;
    int eventStart = 0;
    // one char per byte: String.indexOf finds the line ends with vector instructions, a byte loop cost more than the rest
    String text = new String(held, 0, heldLength, StandardCharsets.ISO_8859_1);
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (boundaryEndingAt(i) > 0) {
        int eventEnd = i + 1;
        byte[] event = eventStart == 0 ? held : Arrays.copyOfRange(held, eventStart, eventEnd);
        byte[] restored = format.withoutRequestedUsage(event, eventEnd - eventStart);
        if (restored != event) {
          if (out == null) {
            out = new ByteArrayOutputStream(heldLength);
          }
          out.write(held, passingFrom, eventStart - passingFrom);
          if (restored != null) {
            out.write(restored, 0, restored.length);
          }
          passingFrom = eventEnd;
        }
        eventStart = eventEnd;
      }
    }
    int through = end ? heldLength : eventStart;
    byte[] result;
    if (out == null) {
      result = Arrays.copyOf(held, through);
    } else {
      out.write(held, passingFrom, through - passingFrom);
      result = out.toByteArray();
    }
    System.arraycopy(held, through, held, 0, heldLength - through);
    heldLength -= through;
    return result;
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
