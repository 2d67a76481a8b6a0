package io.tollgate.core.wire;

import java.nio.charset.StandardCharsets;

/**
 * Splits server-sent-event bytes, fed in whatever pieces the transport delivers, into events
 * ({@code event:} name plus joined {@code data:} lines) for a {@link StreamAccumulator}. Nothing is
 * held back from the application: this reads a copy of what passes.
 */
public final class SseEventReader implements StreamEventReader {
  /** An event larger than this is dropped rather than buffered without bound. */
  private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
  private static final byte[] NEWLINE = {'\n'};

  private final StreamAccumulator accumulator;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean lineTooLong;
  private byte[] data = new byte[1024];
  private int dataLength;
  private boolean hasData;
  private String event;
  private boolean lastWasCr;
  private long receivedNanos;

  public SseEventReader(StreamAccumulator accumulator) {
    this.accumulator = accumulator;
  }

  @Override
  public void feed(byte[] bytes, int offset, int length, long receivedNanos) {
    this.receivedNanos = receivedNanos;
    int end = offset + length;
    int i = offset;
    if (lastWasCr && i < end && bytes[i] == '\n') {
      i++; // the LF of a CRLF split across two reads
    }
    lastWasCr = false;
    while (i < end) {
      int eol = i;
      while (eol < end && bytes[eol] != '\n' && bytes[eol] != '\r') {
        eol++;
      }
      appendToLine(bytes, i, eol - i); // whole runs are copied at once: a byte at a time cost more than all the rest
      if (eol == end) {
        return;
      }
      endOfLine();
      i = eol + 1;
      if (bytes[eol] == '\r') {
        if (i == end) {
          lastWasCr = true;
        } else if (bytes[i] == '\n') {
          i++;
        }
      }
    }
  }

  private void appendToLine(byte[] bytes, int from, int count) {
    int room = MAX_EVENT_BYTES - lineLength;
    if (count > room) {
      lineTooLong = true;
      count = room;
    }
    if (lineLength + count > line.length) {
      line = java.util.Arrays.copyOf(line, Math.min(MAX_EVENT_BYTES, Math.max(line.length * 2, lineLength + count)));
    }
    System.arraycopy(bytes, from, line, lineLength, count);
    lineLength += count;
  }

  private void endOfLine() {
    if (lineLength == 0) {
      dispatch();
    } else if (lineTooLong) {
      hasData = false; // the event is incomplete: drop it whole
      dataLength = 0;
    } else if (startsWith("data:")) {
      int from = valueStart(5);
      if (hasData) {
        append(NEWLINE, 0, 1);
      }
      append(line, from, lineLength - from);
      hasData = true;
    } else if (startsWith("event:")) {
      int from = valueStart(6);
      event = new String(line, from, lineLength - from, StandardCharsets.UTF_8);
    } // comments (":"), id: and retry: carry nothing Tollgate needs
    lineLength = 0;
    lineTooLong = false;
  }

  private void dispatch() {
    if (hasData || event != null) {
      accumulator.onEvent(event, data, dataLength, receivedNanos);
    }
    event = null;
    hasData = false;
    dataLength = 0;
  }

  private void append(byte[] bytes, int from, int count) {
    count = Math.min(count, MAX_EVENT_BYTES - dataLength);
    if (dataLength + count > data.length) {
      data = java.util.Arrays.copyOf(data, Math.min(MAX_EVENT_BYTES, Math.max(data.length * 2, dataLength + count)));
    }
    System.arraycopy(bytes, from, data, dataLength, count);
    dataLength += count;
  }

  private boolean startsWith(String field) {
    if (lineLength < field.length()) {
      return false;
    }
    for (int i = 0; i < field.length(); i++) {
      if (line[i] != field.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int valueStart(int afterColon) {
    return afterColon < lineLength && line[afterColon] == ' ' ? afterColon + 1 : afterColon;
  }

  /** At the end of the stream, a last event not followed by a blank line still counts. */
  @Override
  public void finish() {
    if (lineLength > 0) {
      endOfLine();
    }
    dispatch();
  }
}
