package io.tollgate.instrumentation.wire.openai;

import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.instrumentation.wire.Bytes;
import io.tollgate.instrumentation.wire.StreamState;
import java.util.ArrayList;
import java.util.List;

/**
 * A Chat Completions stream: {@code data:} chunks, usage in a last chunk with empty choices (when
 * the request asked for it), then {@code data: [DONE]}. Only the first chunk, chunks that finish a
 * choice and the usage chunk are parsed; the rest cost a byte scan.
 */
final class OpenAiChatStream extends StreamState {
  private static final byte[] DONE = Bytes.ascii("[DONE]");
  private static final String USAGE = "\"usage\":";
  private static final String FINISH = "\"finish_reason\":";
  // compiled once: a stream reader is made per response, before its first chunk
  private static final JsonPaths TEXT = JsonPaths.of("choices[].delta.content", "choices[].delta.refusal");
  private static final JsonPaths PATHS = JsonPaths.of(
      "id", "model", "service_tier", "usage.*", "choices[].finish_reason", "error.type", "error.code", "error.message");

  private final Operation operation;
  private final List<String> finishReasons = new ArrayList<>(1);
  private String id;
  private String model;
  private Usage usage;
  private String errorType;
  private String errorMessage;
  private String serviceTier;
  /**
   * The first chunk's payload, kept unread so it reaches the application at once; every chunk repeats its id and
   * model, so it is read only when no later chunk was (a stream cut short, an error as the first event).
   */
  private byte[] unreadFirst;

  OpenAiChatStream(Operation operation) {
    super(TEXT);
    this.operation = operation;
  }

  @Override
  public void onEvent(String event, byte[] data, int length, long nanoTime) {
    if (Bytes.equals(data, length, DONE)) {
      end();
      return;
    }
    boolean first = chunks() == 0;
    chunk(nanoTime, data, length, true);
    String text = Bytes.latin1(data, length);
    if (hasUsageObject(text) || Bytes.containsMember(text, FINISH, "\"")) {
      read(data, length);
    } else if (first) {
      unreadFirst = java.util.Arrays.copyOf(data, length);
    }
  }

  static boolean hasUsageObject(String text) {
    return Bytes.containsMember(text, USAGE, "{");
  }

  private void read(byte[] data, int length) {
    JsonLeaves r = parse(PATHS, data, length);
    if (id == null) {
      id = r.getString("id");
    }
    if (r.getString("model") != null) {
      model = r.getString("model");
    }
    if (r.getString("service_tier") != null) {
      serviceTier = r.getString("service_tier");
    }
    Usage u = OpenAiWireFormat.usage(operation, r, "");
    if (u != null) {
      usage = u;
    }
    finishReasons.addAll(r.getStrings("choices[].finish_reason"));
    if (r.getString("error.message") != null) {
      errorType = r.getString("error.code") != null ? r.getString("error.code") : r.getString("error.type");
      errorMessage = r.getString("error.message");
    }
  }





  /** The chunk with a finish reason ends the answer; a usage chunk and {@code [DONE]} may still follow. */
  @Override
  public boolean answerComplete() {
    return ended() || !finishReasons.isEmpty();
  }

  @Override
  public ResponseFacts facts() {
    if (unreadFirst != null && id == null && model == null) {
      read(unreadFirst, unreadFirst.length);
    }
    unreadFirst = null;
    return new ResponseFacts(id, model, usage, List.copyOf(finishReasons), errorType, errorMessage, serviceTier);
  }
}
