package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.Blocked;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** The 429 a budget block answers with, made in-process: nothing reaches the network. */
final class BlockedResponse {
  private BlockedResponse() {}

  static Response of(Request request, Blocked blocked) {
    long now = System.currentTimeMillis();
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(Blocked.STATUS)
        .message(Blocked.REASON)
        .header(Blocked.SHOULD_RETRY_HEADER, "false")
        .header("Content-Type", Blocked.CONTENT_TYPE)
        .body(ResponseBody.create(MediaType.parse(Blocked.CONTENT_TYPE), blocked.body))
        .sentRequestAtMillis(now)
        .receivedResponseAtMillis(now)
        .build();
  }
}
