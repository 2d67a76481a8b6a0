package io.tollgate.instrumentation.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.wire.InjectedUsageFilter;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageInjectionTest {
  private final OpenAiWireFormat openai = new OpenAiWireFormat();
  private static final RequestFacts STREAM = new RequestFacts("gpt-4o", null, true, null, null, null, null, null);
  // a stream's events without their blank lines: as the server sends them without and with the usage request
  private static final String PLAIN = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
  private static final String ASKED = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}";
  private static final String USAGE = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}";
  private static final String DONE = "data: [DONE]";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void asksForUsageOnlyWhenTheRequestSaidNothing() {
    byte[] asked = openai.withUsageRequested(OpenAiWireFormat.CHAT_COMPLETIONS, STREAM, utf8("{\"model\":\"gpt-4o\",\"stream\":true}"));
    assertEquals("{\"stream_options\":{\"include_usage\":true},\"model\":\"gpt-4o\",\"stream\":true}", new String(asked, StandardCharsets.UTF_8));
    assertNull(openai.withUsageRequested(OpenAiWireFormat.CHAT_COMPLETIONS, STREAM,
        utf8("{\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}}")), "their stream_options are left alone");
    assertNull(openai.withUsageRequested(OpenAiWireFormat.RESPONSES, STREAM, utf8("{\"stream\":true}")), "Responses always report usage");
  }

  @Test
  void theStreamReadsAsIfUsageHadNotBeenAskedForWhateverTheSplits() {
    assertRestored(ASKED + "\n\n" + ASKED + "\n\n" + USAGE + "\n\n" + DONE + "\n\n", PLAIN + "\n\n" + PLAIN + "\n\n" + DONE + "\n\n");
  }

  @Test
  void theStreamIsRestoredWithCrlfAndSpacedJson() {
    String plain = "data: {\"id\": \"c\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hi\"}}]}\r\n\r\n";
    String asked = "data: {\"id\": \"c\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hi\"}}], \"usage\": null}\r\n\r\n";
    String usage = "data: {\"id\": \"c\", \"choices\": [], \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 1}}\r\n\r\n";
    String done = "data: [DONE]\r\n\r\n";
    assertRestored(asked + asked + usage + done, plain + plain + done);
  }

  /** The SSE specification lets lines end in CR alone, and a stream mix CR, LF and CRLF. */
  @Test
  void theStreamIsRestoredWithCrAndMixedLineEnds() {
    assertRestored(ASKED + "\r\r" + ASKED + "\r\r" + USAGE + "\r\r" + DONE + "\r\r", PLAIN + "\r\r" + PLAIN + "\r\r" + DONE + "\r\r");
    assertRestored(ASKED + "\r\n\r" + USAGE + "\r\n\r" + DONE + "\n\r\n", PLAIN + "\r\n\r" + DONE + "\n\r\n");
    assertRestored(": keep-alive\r" + ASKED + "\n\r\n" + USAGE + "\r\r\n" + DONE + "\r\n\n",
        ": keep-alive\r" + PLAIN + "\n\r\n" + DONE + "\r\n\n");
  }

  @Test
  void anEventEndedByCrPassesOnAtOnce() {
    InjectedUsageFilter filter = new InjectedUsageFilter(openai);
    byte[] event = utf8("data: {\"id\":\"c\",\"choices\":[]}\r\r");
    assertEquals(new String(event, StandardCharsets.UTF_8),
        new String(filter.filter(event, 0, event.length, false), StandardCharsets.UTF_8), "not held for the next read");
  }

  /** A usage chunk is small: a stream that goes on past 1 MiB without a blank line is passed on as it comes. */
  @Test
  void whatIsHeldBackIsBounded() {
    InjectedUsageFilter filter = new InjectedUsageFilter(openai);
    byte[] piece = new byte[64 * 1024];
    java.util.Arrays.fill(piece, (byte) 'x');
    long passed = 0;
    for (int i = 0; i < 32; i++) {
      passed += filter.filter(piece, 0, piece.length, false).length;
      assertTrue((i + 1L) * piece.length - passed <= 1024 * 1024 + piece.length, "held " + ((i + 1L) * piece.length - passed));
    }
    assertEquals(32L * piece.length, passed, "once past the bound, nothing more is held");
    String usage = "\n\n" + USAGE + "\n\n";
    assertEquals(usage, new String(filter.filter(utf8(usage), 0, usage.length(), true), StandardCharsets.UTF_8),
        "and nothing more is filtered: the stream passes unchanged");
  }

  private void assertRestored(String received, String expected) {
    byte[] all = utf8(received);
    for (int split = 1; split <= all.length; split++) {
      InjectedUsageFilter filter = new InjectedUsageFilter(openai);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < all.length; i += split) {
        out.writeBytes(filter.filter(all, i, Math.min(split, all.length - i), false));
      }
      out.writeBytes(filter.filter(new byte[0], 0, 0, true));
      assertEquals(expected, out.toString(StandardCharsets.UTF_8), "split " + split);
    }
  }


  @Test
  void theNullUsageMemberGoesWithTheCommaThatJoinedIt() {
    assertEquals("data: {\"id\":\"c\", \"choices\": [{}]}\n\n",
        restored("data: {\"id\":\"c\", \"usage\": null, \"choices\": [{}]}\n\n"));
    assertEquals("data: {\"id\":\"c\"}\n\n", restored("data: {\"usage\":null,\"id\":\"c\"}\n\n"));
    String untouched = "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\":null\"}}]}\n\n";
    assertEquals(untouched, restored(untouched), "text that merely mentions it is left alone");
  }

  private String restored(String event) {
    byte[] bytes = utf8(event);
    return new String(new InjectedUsageFilter(openai).filter(bytes, 0, bytes.length, true), StandardCharsets.UTF_8);
  }
}
