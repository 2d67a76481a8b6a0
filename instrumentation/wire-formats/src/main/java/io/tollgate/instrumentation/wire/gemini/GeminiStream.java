package io.tollgate.instrumentation.wire.gemini;

import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.instrumentation.wire.Bytes;
import io.tollgate.instrumentation.wire.StreamState;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code streamGenerateContent} stream: every event (an SSE {@code data:} or an element of the
 * streamed JSON array) is a whole GenerateContentResponse. {@code usageMetadata} is a running
 * total that may ride on any chunk; the one on or after the chunk with a {@code finishReason} is
 * final. A stream cut before that has no usage here (an estimate follows), never a partial count.
 * Only the first chunk, the finishing chunk and errors are parsed on arrival; the latest chunk with
 * usage is copied and parsed when the facts are asked for.
 */
final class GeminiStream extends StreamState {
  private static final byte[] PARTS = Bytes.ascii("\"parts\"");
  private static final byte[] TEXT = Bytes.ascii("\"text\"");
  private static final byte[] USAGE = Bytes.ascii("\"usageMetadata\"");
  private static final byte[] FINISH = Bytes.ascii("\"finishReason\"");
  private static final byte[] BLOCKED = Bytes.ascii("\"blockReason\"");
  private static final byte[] ERROR = Bytes.ascii("\"error\"");
  private static final JsonPaths HEAD = JsonPaths.of(
      "responseId", "modelVersion", "candidates[].finishReason", "promptFeedback.blockReason",
      "error.code", "error.status", "error.message");
  // compiled once: a stream reader is made per response, before its first chunk
  private static final JsonPaths TEXT_PATHS = JsonPaths.of("candidates[].content.parts[].text");
  private static final JsonPaths USAGE_PATHS = JsonPaths.of("responseId", "modelVersion", "usageMetadata.*");

  private boolean seenFirst;
  private byte[] usageChunk;
  private int usageChunkLength;
  private String id;
  private String model;
  private List<String> finishReasons = List.of();
  private String errorType;
  private String errorMessage;

  GeminiStream() {
    super(TEXT_PATHS);
  }

  @Override
  public void onEvent(String event, byte[] data, int length, long nanoTime) {
    boolean first = !seenFirst;
    seenFirst = true;
    if (Bytes.containsQuoted(data, length, PARTS)) {
      chunk(nanoTime, data, length, Bytes.containsQuoted(data, length, TEXT));
    }
    if (Bytes.containsQuoted(data, length, USAGE)) {
      keepUsageChunk(data, length);
    }
    boolean finishing = Bytes.containsQuoted(data, length, FINISH) || Bytes.containsQuoted(data, length, BLOCKED);
    if (first || finishing || Bytes.containsQuoted(data, length, ERROR)) {
      read(parse(HEAD, data, length));
    }
  }

  private void keepUsageChunk(byte[] data, int length) {
    if (usageChunk == null || usageChunk.length < length) {
      usageChunk = Arrays.copyOf(data, length);
    } else {
      System.arraycopy(data, 0, usageChunk, 0, length);
    }
    usageChunkLength = length;
  }

  private void read(JsonLeaves r) {
    id = r.getString("responseId") != null ? r.getString("responseId") : id;
    model = GeminiWireFormat.model(r) != null ? GeminiWireFormat.model(r) : model;
    List<String> reasons = GeminiWireFormat.finishReasons(r);
    if (!reasons.isEmpty()) {
      finishReasons = reasons;
      end();
    }
    if (GeminiWireFormat.errorType(r) != null) {
      errorType = GeminiWireFormat.errorType(r);
      errorMessage = r.getString("error.message");
    }
  }

  @Override
  public ResponseFacts facts() {
    Usage usage = null;
    if (ended() && usageChunk != null) {
      JsonLeaves r = parse(USAGE_PATHS, usageChunk, usageChunkLength);
      usage = GeminiWireFormat.usage(r);
      model = GeminiWireFormat.model(r) != null ? GeminiWireFormat.model(r) : model;
    }
    return new ResponseFacts(id, model, usage, finishReasons, errorType, errorMessage, null);
  }
}
