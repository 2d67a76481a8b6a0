package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.Blocked;
import io.tollgate.bootstrap.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records what a transport tells Tollgate, in order: the bytes it is shown as text (ISO-8859-1, one char a byte),
 * {@code end}, {@code closed}, {@code failed}, {@code request ...}, {@code head ...}, {@code answer may come encoded}.
 * When rewriting (not a body in a Content-Encoding), drops events that say "drop"; when blocking, blocks every request.
 */
final class RecordingExchange implements Exchange {
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final List<Long> nanos = new ArrayList<>();
  private volatile boolean rewrites;
  private final Blocked blocked;
  volatile Throwable failure;
  Runnable showHeldBack;

  RecordingExchange(boolean rewrites) {
    this(rewrites, null);
  }

  RecordingExchange(boolean rewrites, Blocked blocked) {
    this.rewrites = rewrites;
    this.blocked = blocked;
  }

  @Override
  public void onResponseBytes(byte[] bytes, int offset, int length, long receivedNanos) {
    calls.add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
    nanos.add(receivedNanos);
  }

  @Override
  public byte[] rewriteResponseBytes(byte[] bytes, int offset, int length, boolean end) {
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    return text.replace("data: drop\n\n", "").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] onRequestBody(byte[] body) {
    calls.add(body == null ? "request unread" : "request " + new String(body, StandardCharsets.UTF_8));
    return body;
  }

  @Override
  public void answerMayComeEncoded() {
    calls.add("answer may come encoded");
  }

  @Override
  public Blocked blocked() {
    return blocked;
  }

  @Override
  public void onResponseHead(int status, String contentType) {
    onResponseHead(status, contentType, null);
  }

  @Override
  public void onResponseHead(int status, String contentType, String contentEncoding) {
    calls.add("head " + status + (contentEncoding == null ? "" : " " + contentEncoding));
    if (contentEncoding != null) {
      rewrites = false; // as Exchange has it: nothing can be taken out of a compressed body
    }
  }

  @Override public void holdsBytesBack(Runnable showThem) { showHeldBack = showThem; }
  @Override public boolean rewritesResponse() { return rewrites; }
  @Override public void onResponseEnd() { calls.add("end"); }
  @Override public void onResponseClosed() { calls.add("closed"); }

  @Override
  public void onFailure(Throwable error) {
    failure = error;
    calls.add("failed");
  }
}
