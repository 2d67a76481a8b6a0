package io.tollgate.core.wire;

import java.util.Arrays;

/**
 * Splits a streamed JSON array ({@code [{...},{...}]}, Gemini's {@code streamGenerateContent}
 * without {@code alt=sse}) into its elements, each handed on as one unnamed event as soon as its
 * closing brace arrives. A body that is a single object (an error) is one event. Only the framing
 * is tracked here (depth, strings, escapes); the elements are parsed by the accumulator.
 */
public final class JsonArrayEventReader implements StreamEventReader {
  /** An element larger than this is dropped rather than buffered without bound. */
  private static final int MAX_ELEMENT_BYTES = 4 * 1024 * 1024;

  private final StreamAccumulator accumulator;
  private byte[] element = new byte[1024];
  private int length;
  private boolean tooLarge;
  private boolean collecting;
  private int depth;
  /** The depth at which elements start: 1 inside the streamed array, 0 for a bare object. */
  private int elementDepth;
  private boolean inString;
  private boolean escaped;

  public JsonArrayEventReader(StreamAccumulator accumulator) {
    this.accumulator = accumulator;
  }

  @Override
  public void feed(byte[] bytes, int offset, int count, long receivedNanos) {
    for (int i = offset; i < offset + count; i++) {
      byte b = bytes[i];
      if (inString) {
        keep(b);
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
        continue;
      }
      switch (b) {
        case '"' -> {
          inString = true;
          keep(b);
        }
        case '[', '{' -> {
          if (depth == 0 && b == '[') {
            depth = 1;
            elementDepth = 1;
            continue;
          }
          if (depth == elementDepth) {
            collecting = true;
            length = 0;
            tooLarge = false;
          }
          depth++;
          keep(b);
        }
        case ']', '}' -> {
          keep(b);
          depth--;
          if (collecting && depth == elementDepth) {
            collecting = false;
            if (!tooLarge) {
              accumulator.onEvent(null, element, length, receivedNanos);
            }
          }
        }
        default -> keep(b);
      }
    }
  }

  private void keep(byte b) {
    if (!collecting || tooLarge) {
      return;
    }
    if (length == element.length) {
      if (length == MAX_ELEMENT_BYTES) {
        tooLarge = true;
        return;
      }
      element = Arrays.copyOf(element, Math.min(MAX_ELEMENT_BYTES, length * 2));
    }
    element[length++] = b;
  }

  @Override
  public void finish() {
    // an element still open at the end was cut short: it is not handed on
  }
}
