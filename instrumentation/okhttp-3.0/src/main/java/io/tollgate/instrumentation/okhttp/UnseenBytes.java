package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.Exchange;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Response bytes the application has and the exchange has not seen yet, with the time they arrived. Kept and shown
 * on the application's thread, or shown by the exchange's owner when the application has left the body unread.
 */
final class UnseenBytes extends OutputStream {
  private final Exchange exchange;
  private byte[] bytes = new byte[512];
  private int length;
  private long receivedNanos;

  UnseenBytes(Exchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  synchronized void keep(okio.Buffer from, long offset, long count, long receivedNanos) throws java.io.IOException {
    this.receivedNanos = receivedNanos;
    from.copyTo(this, offset, count);
  }

  /** okio's Buffer.copyTo hands its segments here, one array copy each. */
  @Override
  public synchronized void write(byte[] b, int off, int len) {
    if (length + len > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
    }
    System.arraycopy(b, off, bytes, length, len);
    length += len;
  }

  synchronized void show() {
    if (length > 0) {
      int n = length;
      length = 0;
      exchange.onResponseBytes(bytes, 0, n, receivedNanos);
    }
  }
}
