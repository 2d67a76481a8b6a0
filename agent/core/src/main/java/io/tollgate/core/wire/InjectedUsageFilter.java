package io.tollgate.core.wire;

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
  /** Spans to leave out of what passes, as from, to pairs; reused from read to read. */
  private int[] cut = new int[8];

  /** @param format the wire format whose usage request is undone ({@link WireFormat#requestedUsageIn}) */
  public InjectedUsageFilter(WireFormat format) {
    this.format = format;
  }

  /**
   * What may pass on now: held[0, through) less the spans the usage request added, copied once into the array
   * returned. This runs for every read of a stream.
   */
  public byte[] filter(byte[] bytes, int offset, int length, boolean end) {
    append(bytes, offset, length);
    // one char per byte: String.indexOf finds line ends and members with vector instructions
    String text = new String(held, 0, heldLength, StandardCharsets.ISO_8859_1);
    int cuts = 0;
    int removed = 0;
    int eventStart = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (boundaryEndingAt(i) > 0) {
        int eventEnd = i + 1;
        long edit = format.requestedUsageIn(text, eventStart, eventEnd);
        if (edit != WireFormat.KEEP_EVENT) {
          int from = edit == WireFormat.DROP_EVENT ? eventStart : (int) (edit >>> 32);
          int to = edit == WireFormat.DROP_EVENT ? eventEnd : (int) edit;
          if (cuts == cut.length) {
            cut = Arrays.copyOf(cut, cuts * 2);
          }
          cut[cuts++] = from;
          cut[cuts++] = to;
          removed += to - from;
        }
        eventStart = eventEnd;
      }
    }
    int through = end ? heldLength : eventStart;
    byte[] result = new byte[through - removed];
    int written = 0;
    int passingFrom = 0;
    for (int c = 0; c < cuts; c += 2) {
      System.arraycopy(held, passingFrom, result, written, cut[c] - passingFrom);
      written += cut[c] - passingFrom;
      passingFrom = cut[c + 1];
    }
    System.arraycopy(held, passingFrom, result, written, through - passingFrom);
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
