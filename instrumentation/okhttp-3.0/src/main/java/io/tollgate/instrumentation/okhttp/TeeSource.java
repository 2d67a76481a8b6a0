package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/** Copies each read into the exchange without holding the bytes back; reports end, close and failure. */
final class TeeSource extends ForwardingSource {
  private final Exchange exchange;
  private final ExchangeOutputStream copy;
  private final boolean rewriting;
  private final Buffer scratch;
  private boolean finished;
  private boolean upstreamEnded;

  TeeSource(Source delegate, Exchange exchange) {
    super(delegate);
    this.exchange = exchange;
    this.copy = new ExchangeOutputStream(exchange);
    this.rewriting = exchange.rewritesResponse();
    this.scratch = rewriting ? new Buffer() : null;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    return rewriting ? readRewritten(sink, byteCount) : readTeed(sink, byteCount);
  }

  /** Whole events pass on as they complete, minus the one Tollgate asked for on the application's behalf. */
  private long readRewritten(Buffer sink, long byteCount) throws IOException {
    while (!upstreamEnded) {
      long n;
      try {
        n = super.read(scratch, byteCount);
      } catch (IOException | RuntimeException e) {
        finish(e);
        throw e;
      }
      byte[] in = n == -1 ? new byte[0] : scratch.readByteArray();
      upstreamEnded = n == -1;
      byte[] out = exchange.rewriteResponseBytes(in, 0, in.length, upstreamEnded);
      if (upstreamEnded) {
        finish(null);
      }
      if (out.length > 0) {
        sink.write(out);
        return out.length;
      }
    }
    return -1;
  }

  private long readTeed(Buffer sink, long byteCount) throws IOException {
    long n;
    try {
      n = super.read(sink, byteCount);
    } catch (IOException | RuntimeException e) {
      finish(e);
      throw e;
    }
    if (n == -1) {
      finish(null);
    } else if (n > 0 && !finished) {
      try {
        sink.copyTo(copy, sink.size() - n, n);
      } catch (Throwable t) {
        Tollgate.internalError("okhttp tee", t);
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      exchange.onResponseClosed();
    }
    super.close();
  }

  private void finish(Throwable error) {
    if (finished) {
      return;
    }
    finished = true;
    if (error == null) {
      exchange.onResponseEnd();
    } else {
      exchange.onFailure(error);
    }
  }
}
