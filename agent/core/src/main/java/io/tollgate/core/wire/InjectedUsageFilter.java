package io.tollgate.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Undoes in a server-sent-event stream what Tollgate's usage request caused (the usage-only chunk,
 * members added to other chunks), so the application reads exactly what it would have without the
 * agent. Whole events pass on as soon as their blank line arrives; only an event still arriving is held.
 * Lines end in CR, LF or CRLF, mixed as they come, as the SSE specification allows ({@link SseEventReader}).
 */
public final class InjectedUsageFilter {
  /**
   * The most held of an event still arriving. A usage chunk is a few hundred bytes: a stream with more than this and
   * no blank line is not one the usage request changed as expected (an event that large, or no SSE framing at all),
   * and holding more would delay the application and grow without bound; it then passes on unchanged to its end.
   */
  static final int MAX_HELD_BYTES = 1024 * 1024;

  private final WireFormat format;
  private byte[] held = new byte[0];
  private int heldLength;
  /** Spans to leave out of what passes, as from, to pairs; reused from read to read. */
  private int[] cut = new int[8];
  private int cuts;
  /** The last event passed on ended in a CR that was the last byte read: an LF first in the next read is its CRLF. */
  private boolean lfMayFollow;
  /** Whether that event was dropped: its LF goes with it. */
  private boolean lastDropped;
  private boolean passThrough;

  /** @param format the wire format whose usage request is undone ({@link WireFormat#requestedUsageIn}) */
  public InjectedUsageFilter(WireFormat format) {
    this.format = format;
  }

  /**
   * What may pass on now: held[0, through) less the spans the usage request added, copied once into the array
   * returned. This runs for every read of a stream.
   */
  public byte[] filter(byte[] bytes, int offset, int length, boolean end) {
    if (passThrough) {
      return Arrays.copyOfRange(bytes, offset, offset + length);
    }
    append(bytes, offset, length);
    cuts = 0;
    int eventsEnd = wholeEventsEnd(crlfContinued());
    int through = end ? heldLength : eventsEnd;
    if (heldLength - through > MAX_HELD_BYTES) {
      through = heldLength;
      passThrough = true;
    }
    byte[] result = withoutCuts(through);
    System.arraycopy(held, through, held, 0, heldLength - through);
    heldLength -= through;
    if (passThrough) {
      held = new byte[0];
    }
    return result;
  }

  /** Where the held bytes' first event starts: after the LF of a CRLF whose CR ended the last event passed on. */
  private int crlfContinued() {
    if (!lfMayFollow || heldLength == 0) {
      return 0;
    }
    lfMayFollow = false;
    if (held[0] != '\n') {
      return 0;
    }
    if (lastDropped) {
      cut(0, 1);
    }
    return 1;
  }

  /** The end of the last whole event from {@code eventStart} on, each one's edit cut; its blank line ends one. */
  private int wholeEventsEnd(int eventStart) {
    // one char per byte: String.indexOf finds line ends and members with vector instructions
    String text = new String(held, 0, heldLength, StandardCharsets.ISO_8859_1);
    int lineStart = eventStart;
    int lf = text.indexOf('\n', lineStart);
    int cr = text.indexOf('\r', lineStart);
    while (lf >= 0 || cr >= 0) {
      int eol = cr < 0 || lf >= 0 && lf < cr ? lf : cr;
      int next = eol == cr && eol + 1 == lf ? eol + 2 : eol + 1;
      if (eol == lineStart) {
        long edit = format.requestedUsageIn(text, eventStart, next);
        lastDropped = edit == WireFormat.DROP_EVENT;
        if (lastDropped) {
          cut(eventStart, next);
        } else if (edit != WireFormat.KEEP_EVENT) {
          cut((int) (edit >>> 32), (int) edit);
        }
        lfMayFollow = eol == cr && next == heldLength;
        eventStart = next;
      }
      // a CR last in a line not blank may be half a CRLF: its event is held, so that line is read again whole
      lineStart = next;
      lf = lf >= 0 && lf < lineStart ? text.indexOf('\n', lineStart) : lf;
      cr = cr >= 0 && cr < lineStart ? text.indexOf('\r', lineStart) : cr;
    }
    return eventStart;
  }

  private void cut(int from, int to) {
    if (cuts == cut.length) {
      cut = Arrays.copyOf(cut, cuts * 2);
    }
    cut[cuts++] = from;
    cut[cuts++] = to;
  }

  /** held[0, through) less the cuts, which all lie in it. */
  private byte[] withoutCuts(int through) {
    int removed = 0;
    for (int c = 0; c < cuts; c += 2) {
      removed += cut[c + 1] - cut[c];
    }
    byte[] result = new byte[through - removed];
    int written = 0;
    int passingFrom = 0;
    for (int c = 0; c < cuts; c += 2) {
      System.arraycopy(held, passingFrom, result, written, cut[c] - passingFrom);
      written += cut[c] - passingFrom;
      passingFrom = cut[c + 1];
    }
    System.arraycopy(held, passingFrom, result, written, through - passingFrom);
    return result;
  }

  private void append(byte[] bytes, int offset, int length) {
    if (heldLength + length > held.length) {
      held = Arrays.copyOf(held, Math.max(held.length * 2, heldLength + length));
    }
    System.arraycopy(bytes, offset, held, heldLength, length);
    heldLength += length;
  }
}
