package io.tollgate.instrumentation.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import okio.Buffer;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

/** What the application reads through the tee, and when Tollgate gets to read the same bytes. */
class TeeSourceTest {

  @Test
  void aReadReachesTheApplicationBeforeTollgateReadsIt() throws Exception {
    RecordingExchange seen = new RecordingExchange(false);
    TeeSource tee = new TeeSource(new Reads("data: first\n\ndata: second\n\n", "data: third\n\n"), seen);
    Buffer app = new Buffer();
    long before = System.nanoTime();
    tee.read(app, 8192);
    long after = System.nanoTime();
    assertEquals("data: first\n\ndata: second\n\n", app.readUtf8());
    assertEquals(List.of(), seen.calls, "nothing read by Tollgate while the application has the first chunk to handle");

    tee.read(app, 8192);
    assertEquals("data: third\n\n", app.readUtf8());
    assertEquals(List.of("data: first\n\ndata: second\n\n"), seen.calls, "shown when the application came back for more");
    long received = seen.nanos.get(0);
    assertTrue(received >= before && received <= after, "the time is when the bytes arrived, not when they were read");

    assertEquals(-1, tee.read(app, 8192));
    assertEquals(List.of("data: first\n\ndata: second\n\n", "data: third\n\n", "end"), seen.calls);
  }

  @Test
  void closingEarlyShowsWhatTheApplicationReadThenTheClose() throws Exception {
    RecordingExchange seen = new RecordingExchange(false);
    TeeSource tee = new TeeSource(new Reads("data: first\n\n", "data: never read\n\n"), seen);
    tee.read(new Buffer(), 8192);
    tee.close();
    assertEquals(List.of("data: first\n\n", "closed"), seen.calls);
  }

  @Test
  void bytesHeldBackAreShownWhenTheExchangeAsksForThemFromAnotherThread() throws Exception {
    RecordingExchange seen = new RecordingExchange(false);
    TeeSource tee = new TeeSource(new Reads("data: first\n\n", "data: never read\n\n"), seen);
    tee.read(new Buffer(), 8192); // then the application drops the body: no further read, no close
    assertEquals(List.of(), seen.calls);
    Thread abandoning = new Thread(seen.showHeldBack);
    abandoning.start();
    abandoning.join();
    assertEquals(List.of("data: first\n\n"), seen.calls);
    tee.close(); // shown once only
    assertEquals(List.of("data: first\n\n", "closed"), seen.calls);
  }

  @Test
  void aRewrittenStreamShowsTollgateTheBytesAsReceived() throws Exception {
    RecordingExchange seen = new RecordingExchange(true);
    TeeSource tee = new TeeSource(new Reads("data: a\n\ndata: drop\n\n", "data: b\n\n"), seen);
    Buffer app = new Buffer();
    while (tee.read(app, 8192) != -1) {
      // read to the end
    }
    assertEquals("data: a\n\ndata: b\n\n", app.readUtf8(), "the application reads the rewritten stream");
    assertEquals(List.of("data: a\n\ndata: drop\n\n", "data: b\n\n", "end"), seen.calls, "Tollgate reads the original");
  }

  /** An upstream that answers each read with the next of its pieces. */
  private static final class Reads implements Source {
    private final ArrayDeque<String> pieces;

    Reads(String... pieces) {
      this.pieces = new ArrayDeque<>(List.of(pieces));
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      String next = pieces.poll();
      if (next == null) {
        return -1;
      }
      sink.writeUtf8(next);
      return next.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}
