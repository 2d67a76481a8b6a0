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

  TeeResponseBody(ResponseBody delegate, Exchange exchange) {
    this.delegate = delegate;
    this.source = Okio.buffer(new TeeSource(delegate.source(), exchange));
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public BufferedSource source() {
    return source;
  }
}
