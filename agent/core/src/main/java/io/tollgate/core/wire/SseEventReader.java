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

  private final StreamAccumulator accumulator;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean lineTooLong;
  private byte[] data = new byte[1024];
  private int dataLength;
  private boolean hasData;
  private String event;
  private boolean lastWasCr;

  public SseEventReader(StreamAccumulator accumulator) {
    this.accumulator = accumulator;
  }

  @Override
  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b == '\n' && lastWasCr) {
        lastWasCr = false;
        continue; // the LF of a CRLF
      }
      lastWasCr = b == '\r';
      if (b == '\n' || b == '\r') {
        endOfLine();
      } else if (lineLength < MAX_EVENT_BYTES) {
        if (lineLength == line.length) {
          line = java.util.Arrays.copyOf(line, Math.min(MAX_EVENT_BYTES, line.length * 2));
        }
        line[lineLength++] = b;
      } else {
        lineTooLong = true;
      }
    }
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
        append((byte) '\n');
      }
      for (int i = from; i < lineLength; i++) {
        append(line[i]);
      }
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
      accumulator.onEvent(event, data, dataLength, System.nanoTime());
    }
    event = null;
    hasData = false;
    dataLength = 0;
  }

  private void append(byte b) {
    if (dataLength == data.length) {
      data = java.util.Arrays.copyOf(data, Math.min(MAX_EVENT_BYTES, data.length * 2));
    }
    if (dataLength < data.length) {
      data[dataLength++] = b;
    }
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
