package io.tollgate.instrumentation.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.core.estimate.TokenEstimator;
import io.tollgate.core.wire.SseEventReader;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The estimate for a call without usage, against o200k_base counts from an independent tokenizer
 * (gpt-tokenizer, see src/test/estimation-truth): the request's prompt through the wire format's
 * {@code promptText} and the chat framing, and a stream's output through the SSE reader and the
 * stream's kept text, exactly as {@code CallRecorder} estimates.
 */
class EstimationAccuracyTest {
  private static final double MAX_ERROR = 0.03;
  private static final String MODEL = "gpt-4o";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenAiWireFormat openAi = new OpenAiWireFormat();
  private final TokenEstimator estimator = new TokenEstimator();

  @Test
  void estimatesAreWithinThreePercentOfTheTrueO200kCounts() throws IOException {
    JsonNode prompts = resource("estimation-prompts.json");
    Map<String, JsonNode> truth = new HashMap<>();
    resource("estimation-truth.json").get("counts").forEach(c -> truth.put(c.get("id").asText(), c));
    TokenEstimator.Tokenizer tokenizer = estimator.tokenizerFor(MODEL);
    String system = prompts.get("system").asText();

    List<String> failures = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format("%-22s %-9s %7s %7s %7s %7s %7s %7s%n",
        "prompt", "kind", "in", "in est", "in err", "out", "out est", "out err"));
    for (JsonNode p : prompts.get("prompts")) {
      String id = p.get("id").asText();
      String text = p.get("text").asText();
      long trueInput = truth.get(id).get("chat_tokens").asLong();
      long trueOutput = truth.get(id).get("text_tokens").asLong();

      long input = estimator.chatInput(tokenizer, openAi.promptText(OpenAiWireFormat.CHAT_COMPLETIONS, chatRequest(system, text)));
      StreamAccumulator stream = streamed(text);
      assertEquals(text, stream.outputText(), id + ": the stream's kept text is what the application received");
      long output = estimator.count(tokenizer, stream.outputText());

      double inError = error(input, trueInput);
      double outError = error(output, trueOutput);
      table.append(String.format("%-22s %-9s %7d %7d %6.2f%% %7d %7d %6.2f%%%n",
          id, p.get("kind").asText(), trueInput, input, inError * 100, trueOutput, output, outError * 100));
      if (Math.abs(inError) > MAX_ERROR || Math.abs(outError) > MAX_ERROR) {
        failures.add(id);
      }
    }
    System.out.print(table);
    assertTrue(prompts.get("prompts").size() >= 20, "at least 20 prompts");
    assertTrue(failures.isEmpty(), "estimate off by more than 3% for " + failures + "\n" + table);
  }

  private static double error(long estimate, long truth) {
    return (double) (estimate - truth) / truth;
  }

  private static byte[] chatRequest(String system, String user) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("model", MODEL).put("stream", true);
    body.putArray("messages")
        .add(JSON.createObjectNode().put("role", "system").put("content", system))
        .add(JSON.createObjectNode().put("role", "user").put("content", user));
    return JSON.writeValueAsBytes(body);
  }

  /** The text as a Chat Completions stream without usage, a few characters per chunk as providers send it. */
  private StreamAccumulator streamed(String text) throws IOException {
    StreamAccumulator stream = openAi.newStream(OpenAiWireFormat.CHAT_COMPLETIONS);
    SseEventReader reader = new SseEventReader(stream);
    int[] codePoints = text.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i += 4) {
      String piece = new String(codePoints, i, Math.min(4, codePoints.length - i));
      ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("model", MODEL);
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      choice.putObject("delta").put("content", piece);
      choice.putNull("finish_reason");
      byte[] event = ("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8);
      reader.feed(event, 0, event.length, System.nanoTime());
    }
    reader.finish(); // cut short: no usage chunk, no [DONE]
    return stream;
  }

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = EstimationAccuracyTest.class.getResourceAsStream(name)) {
      return JSON.readTree(in);
    }
  }
}
