package io.tollgate.testing.loopback;

import java.util.ArrayList;
import java.util.List;

/** Splits an SSE body into events for assertions. */
record SseParsing(String event, String data) {

  static List<SseParsing> parse(String body) {
    List<SseParsing> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          event = line.substring("event: ".length());
        } else if (line.startsWith("data: ")) {
          data.append(line.substring("data: ".length()));
        }
      }
      events.add(new SseParsing(event, data.toString()));
    }
    return events;
  }
}
