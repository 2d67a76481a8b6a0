package io.tollgate.core.wire;

import java.util.function.Predicate;

/**
 * Finds the line that marks a server-sent-event stream's proper end ({@code data: [DONE]},
 * {@code event: message_stop}, ...) in bytes as they pass, keeping only the head of the current
 * line, so a stream the application stops reading after its end is told apart from one cut short.
 */
public final class SseLineScanner {
  private static final int KEPT = 64;

  private final Predicate<String> isTerminal;
  private final StringBuilder line = new StringBuilder(KEPT);
  private boolean terminalSeen;

  public SseLineScanner(Predicate<String> isTerminal) {
    this.isTerminal = isTerminal;
  }

  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length && !terminalSeen; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        if (line.length() > 0 && isTerminal.test(line.toString().trim())) {
          terminalSeen = true;
        }
        line.setLength(0);
      } else if (line.length() < KEPT) {
        line.append((char) (b & 0xff));
      }
    }
  }

  public boolean terminalSeen() {
    return terminalSeen;
  }
}
