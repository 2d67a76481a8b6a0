package io.tollgate.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Collects wanted leaves from a JSON document fed in chunks as the application reads it (Jackson's
 * non-blocking parser), so a response is never buffered whole and never delayed. Skipped subtrees
 * (choices, embedding vectors) cost tokenising only.
 */
public final class JsonLeafCollector {
  // interning every field name of every response would cost a synchronized map lookup per name;
  // canonicalising (with parsers closed so their symbols are shared) keeps repeated names cheap
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();

  private final JsonPaths wanted;
  private final JsonLeaves leaves = new JsonLeaves();
  private final ArrayDeque<Frame> frames = new ArrayDeque<>();
  private JsonParser parser;
  private String field;
  private int skipDepth;
  private boolean blocking;
  private boolean readWhole;
  private boolean complete;
  private String failure;

  public JsonLeafCollector(JsonPaths wanted) {
    this.wanted = wanted;
  }

  /** Parses a whole document at once (request bodies), with the cheaper blocking parser. */
  public static JsonLeafCollector parse(JsonPaths wanted, byte[] document) {
    JsonLeafCollector c = held(wanted, document, document.length);
    c.end();
    return c;
  }

  /**
   * Reads a document held whole (a response body kept for the export thread) with the blocking parser, which
   * skips unwanted subtrees without handing out their tokens. The result is what {@link #feed} would leave for
   * the same bytes: a document cut short stays incomplete, without failure, until {@link #end} names it.
   */
  public static JsonLeafCollector held(JsonPaths wanted, byte[] bytes, int length) {
    JsonLeafCollector c = new JsonLeafCollector(wanted);
    if (length <= 0) {
      return c;
    }
    c.readWhole = true;
    try (JsonParser p = FACTORY.createParser(bytes, 0, length)) {
      c.parser = p;
      c.blocking = true;
      c.drain();
    } catch (IOException | RuntimeException e) {
      // cut short, or malformed: the blocking parser cannot tell the two apart as the fed one does (it names
      // many cuts as malformed JSON), so such a body, a rare one, is read again as if it had been fed
      JsonLeafCollector fed = new JsonLeafCollector(wanted);
      fed.feed(bytes, 0, length);
      return fed;
    }
    c.parser = null;
    return c;
  }

  public void feed(byte[] bytes, int offset, int length) {
    if (failure != null || complete || length <= 0) {
      return;
    }
    try {
      if (parser == null) {
        // one parser per document; created on the first bytes
        parser = FACTORY.createNonBlockingByteArrayParser();
      }
      ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(bytes, offset, offset + length);
      drain();
    } catch (IOException | RuntimeException e) {
      failure = describe(e);
    }
    if (complete || failure != null) {
      close();
    }
  }

  /** Closing returns the parser's field-name symbols to the shared table, so the next document finds them. */
  private void close() {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException | RuntimeException ignored) {
        // nothing held that matters
      }
      parser = null;
    }
  }

  /** No more input: a document that has not closed is reported as truncated. */
  public void end() {
    if (failure != null || complete) {
      close();
      return;
    }
    if (parser == null) {
      failure = readWhole ? "truncated JSON document" : "empty body";
      return;
    }
    try {
      ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).endOfInput();
      drain();
      if (!complete) {
        failure = "truncated JSON document";
      }
    } catch (IOException | RuntimeException e) {
      failure = "truncated JSON document (" + describe(e) + ")";
    }
    close();
  }

  private void drain() throws IOException {
    JsonToken token;
    while (!complete && (token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
      onToken(token);
    }
  }

  private void onToken(JsonToken token) throws IOException {
    if (skipDepth > 0) {
      if (token.isStructStart()) {
        skipDepth++;
      } else if (token.isStructEnd()) {
        skipDepth--;
        if (skipDepth == 0) {
          closed();
        }
      }
      return;
    }
    switch (token) {
      case FIELD_NAME -> field = parser.currentName();
      case START_OBJECT, START_ARRAY -> {
        if (frames.isEmpty()) {
          frames.push(new Frame(wanted.root(), token == JsonToken.START_ARRAY));
        } else {
          JsonPaths.Node node = childNode();
          if (node != null) {
            frames.push(new Frame(node, token == JsonToken.START_ARRAY));
          } else if (blocking) {
            parser.skipChildren(); // a whole document at hand: skip without looking at tokens
          } else {
            skipDepth = 1;
          }
        }
      }
      case END_OBJECT, END_ARRAY -> {
        frames.pop();
        closed();
      }
      default -> {
        if (frames.isEmpty()) {
          complete = true; // a scalar document
          return;
        }
        JsonPaths.Node node = childNode();
        if (node != null && node.leaf) {
          leaves.add(node.path, scalar(token));
        }
      }
    }
  }

  private void closed() {
    if (frames.isEmpty()) {
      complete = true;
    }
  }

  private JsonPaths.Node childNode() {
    Frame parent = frames.peek();
    return parent.array ? parent.node.arrayElement() : parent.node.field(field);
  }

  private Object scalar(JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_NUMBER_INT -> parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> JsonLeaves.JsonNull.NULL;
      default -> parser.getText();
    };
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    int nl = m == null ? -1 : m.indexOf('\n');
    return "malformed JSON: " + (nl > 0 ? m.substring(0, nl) : m);
  }

  public JsonLeaves leaves() {
    return leaves;
  }

  /** The document closed (its top-level value ended). */
  public boolean complete() {
    return complete;
  }

  /** Why the document could not be read, or null. */
  public String failure() {
    return failure;
  }

  private record Frame(JsonPaths.Node node, boolean array) {}
}
