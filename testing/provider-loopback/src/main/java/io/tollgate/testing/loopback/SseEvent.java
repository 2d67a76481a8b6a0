package io.tollgate.testing.loopback;

import java.util.Map;
import java.util.Objects;

/**
 * One server-sent event; {@code event} is null for OpenAI Chat's bare {@code data:} lines. A JSON payload is written
 * out when the event is first sent or read, so a stream's first event leaves before the rest are serialised, as a
 * provider's first token leaves before the last is generated (the time-to-first-chunk benchmark measures the client).
 */
final class SseEvent {
  private final String event;
  private Map<String, Object> json;
  private String data;

  SseEvent(String event, String data) {
    this.event = event;
    this.data = Objects.requireNonNull(data);
  }

  private SseEvent(String event, Map<String, Object> json) {
    this.event = event;
    this.json = Objects.requireNonNull(json);
  }

  static SseEvent data(Map<String, Object> json) {
    return new SseEvent(null, json);
  }

  static SseEvent named(String event, Map<String, Object> json) {
    return new SseEvent(event, json);
  }

  String event() {
    return event;
  }

  synchronized String data() {
    if (data == null) {
      data = Json.write(json);
      json = null;
    }
    return data;
  }

  String toWire(String lineEnd) {
    return (event == null ? "" : "event: " + event + lineEnd) + "data: " + data() + lineEnd + lineEnd;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SseEvent other && Objects.equals(event, other.event) && data().equals(other.data());
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, data());
  }

  @Override
  public String toString() {
    return toWire("\n");
  }
}
