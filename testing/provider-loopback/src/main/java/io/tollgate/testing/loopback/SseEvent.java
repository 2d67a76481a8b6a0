package io.tollgate.testing.loopback;

import java.util.Map;

/** One server-sent event; {@code event} is null for OpenAI Chat's bare {@code data:} lines. */
record SseEvent(String event, String data) {

  static SseEvent data(Map<String, Object> json) {
    return new SseEvent(null, Json.write(json));
  }

  static SseEvent named(String event, Map<String, Object> json) {
    return new SseEvent(event, Json.write(json));
  }

  String toWire() {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
  }
}
