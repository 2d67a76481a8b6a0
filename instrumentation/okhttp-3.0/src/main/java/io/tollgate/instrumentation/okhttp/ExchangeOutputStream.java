package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.Exchange;
import java.io.OutputStream;

/** Lets okio's Buffer.copyTo hand its segments to the exchange without an intermediate copy. */
final class ExchangeOutputStream extends OutputStream {
  private final Exchange exchange;
  /** When the bytes being written were received from the network. */
  long receivedNanos;

  ExchangeOutputStream(Exchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void write(int b) {
    exchange.onResponseBytes(new byte[] {(byte) b}, 0, 1, receivedNanos);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    exchange.onResponseBytes(b, off, len, receivedNanos);
  }
}
