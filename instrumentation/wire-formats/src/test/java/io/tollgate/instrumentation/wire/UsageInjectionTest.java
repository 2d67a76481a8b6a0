package io.tollgate.instrumentation.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tollgate.core.wire.InjectedUsageFilter;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageInjectionTest {
  private final OpenAiWireFormat openai = new OpenAiWireFormat();
  private static final RequestFacts STREAM = new RequestFacts("gpt-4o", null, true, null, null, null, null, null);

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
  void theUsageOnlyChunkIsRemovedWhateverTheSplits() {
    String chunk = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n";
    String usage = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n";
    String done = "data: [DONE]\n\n";
    assertRemoved(chunk, usage, done);
  }

  @Test
  void theUsageOnlyChunkIsRemovedWithCrlfAndSpacedJson() {
    String chunk = "data: {\"id\": \"c\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hi\"}}], \"usage\": null}\r\n\r\n";
    String usage = "data: {\"id\": \"c\", \"choices\": [], \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 1}}\r\n\r\n";
    String done = "data: [DONE]\r\n\r\n";
    assertRemoved(chunk, usage, done);
  }

  private void assertRemoved(String chunk, String usage, String done) {
    byte[] all = utf8(chunk + chunk + usage + done);
    for (int split = 1; split <= all.length; split++) {
      InjectedUsageFilter filter = new InjectedUsageFilter(openai::isInjectedEvent);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < all.length; i += split) {
        out.writeBytes(filter.filter(all, i, Math.min(split, all.length - i), false));
      }
      out.writeBytes(filter.filter(new byte[0], 0, 0, true));
      assertEquals(chunk + chunk + done, out.toString(StandardCharsets.UTF_8), "split " + split);
    }
  }
}
