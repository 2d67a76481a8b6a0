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

  static final byte[] STREAM_REQUEST = """
      {"messages":[{"content":"Say hello in five words.","role":"user"}],"model":"gpt-4o-mini","stream":true}\
      """.getBytes(StandardCharsets.UTF_8);
  private static final MediaType EVENT_STREAM = MediaType.get("text/event-stream; charset=utf-8");

  /** Streams by content chunks, negative for those that did not ask for usage. */
  private static final java.util.Map<Integer, java.util.List<byte[]>> STREAMS = new java.util.concurrent.ConcurrentHashMap<>();

  private final Request request;
  /** Content chunks of a streamed answer; 0 answers a whole chat completion. */
  private final int streamedChunks;
  private final java.util.List<byte[]> streamAskedUsage;
  private final java.util.List<byte[]> streamNotAsked;
  int requestBytesSent;

  FakeProviderChain(Request request) {
    this(request, 0);
  }

  FakeProviderChain(Request request, int streamedChunks) {
    this.request = request;
    this.streamedChunks = streamedChunks;
    // made once per length: building the events is not what is measured
    this.streamAskedUsage = streamedChunks == 0 ? null
        : STREAMS.computeIfAbsent(streamedChunks, n -> SseStreams.openAiChat(n, true));
    this.streamNotAsked = streamedChunks == 0 ? null
        : STREAMS.computeIfAbsent(-streamedChunks, n -> SseStreams.openAiChat(-n, false));
  }

  /** The request an SDK hands OkHttp: a body that serialises itself when written (as openai-java's does). */
  static Request sdkRequest(String logicalCallHeader, String logicalCallId) {
    return sdkRequest(logicalCallHeader, logicalCallId, REQUEST);
  }

  static Request sdkRequest(String logicalCallHeader, String logicalCallId, byte[] body) {
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
            return body.length;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.write(body);
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
    boolean usageAsked = false;
    if (sent.body() != null) {
      BufferedSink network = Okio.buffer(Okio.blackhole());
      sent.body().writeTo(network);
      requestBytesSent = (int) network.getBuffer().size();
      usageAsked = network.getBuffer().indexOf(okio.ByteString.encodeUtf8("include_usage")) >= 0;
      network.close();
    }
    Response.Builder response = new Response.Builder().request(sent).protocol(Protocol.HTTP_1_1).code(200).message("OK");
    if (streamedChunks > 0) {
      // one read per event, as a chunked event stream arrives
      okio.Source events = new EventReads(usageAsked ? streamAskedUsage : streamNotAsked);
      return response.header("Content-Type", EVENT_STREAM.toString())
          .body(ResponseBody.create(Okio.buffer(events), EVENT_STREAM, -1)).build();
    }
    return response.header("Content-Type", "application/json")
        .body(ResponseBody.create(RESPONSE, JSON)).build();
  }

  /** A body that answers each read with the next event. */
  private static final class EventReads implements okio.Source {
    private final java.util.Iterator<byte[]> events;

    EventReads(java.util.List<byte[]> events) {
      this.events = events.iterator();
    }

    @Override
    public long read(okio.Buffer sink, long byteCount) {
      if (!events.hasNext()) {
        return -1;
      }
      byte[] event = events.next();
      sink.write(event);
      return event.length;
    }

    @Override
    public okio.Timeout timeout() {
      return okio.Timeout.NONE;
    }

    @Override
    public void close() {}
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
