package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.Exchange;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.Okio;

/** The application's response body, unchanged, with every byte read also shown to the exchange. */
final class TeeResponseBody extends ResponseBody {
  private final ResponseBody delegate;
  private final BufferedSource source;
  private final boolean rewrites;

  TeeResponseBody(ResponseBody delegate, Exchange exchange) {
    this.delegate = delegate;
    TeeSource tee = new TeeSource(delegate.source(), exchange);
    this.rewrites = tee.rewrites();
    this.source = Okio.buffer(tee);
  }

  /** Whether the application reads fewer bytes than the provider sent (Tollgate takes out what it asked for). */
  boolean rewrites() {
    return rewrites;
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() {
    return rewrites ? -1 : delegate.contentLength();
  }

  @Override
  public BufferedSource source() {
    return source;
  }
}
