package io.tollgate.benchmarks.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Okio;

/**
 * OkHttp's interceptor chain with the network replaced: {@code proceed} writes the request body as
 * the network would and answers an OpenAI chat completion, so an interceptor sees what it sees in an
 * application, without sockets.
 */
final class FakeProviderChain implements Interceptor.Chain {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  static final String URL = "https://api.openai.com/v1/chat/completions";
  static final byte[] REQUEST = """
      {"messages":[{"content":"Say hello in five words.","role":"user"}],"model":"gpt-4o-mini","max_completion_tokens":64}\
      """.getBytes(StandardCharsets.UTF_8);
  static final byte[] RESPONSE = """
      {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,\
      "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant",\
      "content":"Hello there, how are you?","refusal":null,"annotations":[]},"logprobs":null,\
      "finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":7,"total_tokens":21,\
      "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":\
      {"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},\
      "service_tier":"default","system_fingerprint":"fp_06737a9306"}""".getBytes(StandardCharsets.UTF_8);

  private final Request request;
  int requestBytesSent;

  FakeProviderChain(Request request) {
    this.request = request;
  }

  /** The request an SDK hands OkHttp: a body that serialises itself when written (as openai-java's does). */
  static Request sdkRequest(String logicalCallHeader, String logicalCallId) {
    Request.Builder b = new Request.Builder().url(URL)
        .header("Authorization", "Bearer sk-test")
        .header("X-Stainless-Lang", "java")
        .post(new RequestBody() {
          @Override
          public MediaType contentType() {
            return JSON;
          }

          @Override
          public long contentLength() {
            return REQUEST.length;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.write(REQUEST);
          }
        });
    if (logicalCallId != null) {
      b.header(logicalCallHeader, logicalCallId);
    }
    return b.build();
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Response proceed(Request sent) throws IOException {
    if (sent.body() != null) {
      BufferedSink network = Okio.buffer(Okio.blackhole());
      sent.body().writeTo(network);
      requestBytesSent = (int) network.getBuffer().size();
      network.close();
    }
    return new Response.Builder().request(sent).protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .header("Content-Type", "application/json")
        .body(ResponseBody.create(RESPONSE, JSON)).build();
  }

  @Override
  public Connection connection() {
    return null;
  }

  @Override
  public Call call() {
    throw new UnsupportedOperationException();
  }

  @Override
  public int connectTimeoutMillis() {
    return 10_000;
  }

  @Override
  public Interceptor.Chain withConnectTimeout(int timeout, TimeUnit unit) {
    return this;
  }

  @Override
  public int readTimeoutMillis() {
    return 10_000;
  }

  @Override
  public Interceptor.Chain withReadTimeout(int timeout, TimeUnit unit) {
    return this;
  }

  @Override
  public int writeTimeoutMillis() {
    return 10_000;
  }

  @Override
  public Interceptor.Chain withWriteTimeout(int timeout, TimeUnit unit) {
    return this;
  }
}
