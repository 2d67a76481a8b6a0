package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * Hands each read to the application first and shows it to the exchange when the application comes back for more
 * (or closes the body, or the body ends): a read that brings several events, the first chunk among them, reaches
 * the application before Tollgate reads any of it. Reports end, close and failure.
 */
final class TeeSource extends ForwardingSource {
  private final Exchange exchange;
  private final boolean rewriting;
  private final Buffer scratch;
  private byte[] in = new byte[0];
  /**
   * The last read's bytes, not yet shown to the exchange. Copied: okio's segment sharing would keep every segment
   * the application reads out of okio's pool, and a new 8 KB segment would be allocated for each read.
   */
  private final UnseenBytes unseen;
  private boolean finished;
  private boolean upstreamEnded;

  TeeSource(Source delegate, Exchange exchange) {
    super(delegate);
    this.exchange = exchange;
    this.unseen = new UnseenBytes(exchange);
    exchange.holdsBytesBack(this::showUnseen);
    this.rewriting = exchange.rewritesResponse();
    this.scratch = rewriting ? new Buffer() : null;
  }

  /** Whether the application reads the body with something taken out of it (its length is then not the provider's). */
  boolean rewrites() {
    return rewriting;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    showUnseen();
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
      upstreamEnded = n == -1;
      if (n > 0) {
        keepUnseen(scratch, 0, n);
      }
      int got = takeScratch();
      byte[] out = exchange.rewriteResponseBytes(in, 0, got, upstreamEnded);
      if (upstreamEnded) {
        finish(null);
      }
      if (out.length > 0) {
        sink.write(out);
        return out.length;
      }
      showUnseen(); // nothing passed on yet: the application is still waiting for this event's end
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
      keepUnseen(sink, sink.size() - n, n);
    }
    return n;
  }

  /** Empties the scratch buffer into {@link #in}, reused from read to read. */
  private int takeScratch() {
    int size = (int) scratch.size();
    if (size > in.length) {
      in = new byte[Math.max(size, in.length * 2)];
    }
    int got = 0;
    while (got < size) {
      got += scratch.read(in, got, size - got);
    }
    return got;
  }

  private void keepUnseen(Buffer from, long offset, long count) {
    try {
      unseen.keep(from, offset, count, System.nanoTime());
    } catch (Throwable t) {
      Tollgate.internalError("okhttp tee", t);
    }
  }

  private void showUnseen() {
    try {
      unseen.show();
    } catch (Throwable t) {
      Tollgate.internalError("okhttp tee", t);
    }
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      showUnseen();
      finished = true;
      exchange.onResponseClosed();
    }
    super.close();
  }

  private void finish(Throwable error) {
    if (finished) {
      return;
    }
    showUnseen();
    finished = true;
    if (error == null) {
      exchange.onResponseEnd();
    } else {
      exchange.onFailure(error);
    }
  }
}
