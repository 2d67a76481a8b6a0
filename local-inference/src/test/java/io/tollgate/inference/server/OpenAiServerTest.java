package io.tollgate.inference.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import io.tollgate.inference.engine.CharTokenizer;
import io.tollgate.inference.engine.CountingModel;
import io.tollgate.inference.engine.EngineOptions;
import io.tollgate.inference.engine.InferenceEngine;
import io.tollgate.inference.engine.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiServerTest {

    private static final String MODEL = "counting-test-model";
    private static final String PROMPT = "user: Hello | assistant: ";

    private final CountingModel model = new CountingModel(new CharTokenizer().vocabularySize(), 256);
    private InferenceEngine engine;
    private OpenAiServer server;
    private OpenAIClient client;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        callers.shutdownNow();
        if (client != null) {
            client.close();
        }
        server.close();
        engine.close();
    }

    @Test
    void aChatCompletionCarriesTheTextAndUsageAndCountsCachedTokens() {
        start(EngineOptions.defaults());
        ChatCompletion first = client.chat().completions().create(hello(8).build());
        first.validate();

        assertEquals(TestEngines.expectedGreedy(model, PROMPT, 8), first.choices().get(0).message().content().get());
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, first.choices().get(0).finishReason());
        assertEquals(MODEL, first.model());
        CompletionUsage usage = first.usage().get();
        assertEquals(1 + PROMPT.length(), usage.promptTokens());
        assertEquals(8, usage.completionTokens());
        assertEquals(usage.promptTokens() + 8, usage.totalTokens());
        assertEquals(0, usage.promptTokensDetails().get().cachedTokens().get());

        ChatCompletion again = client.chat().completions().create(hello(8).build());
        assertEquals(usage.promptTokens() - 1, again.usage().get().promptTokensDetails().get().cachedTokens().get());
    }

    @Test
    void aStopStringAndASeedReachTheEngine() {
        start(EngineOptions.defaults());
        String cold = TestEngines.expectedGreedy(model, PROMPT, 20);
        ChatCompletion stopped = client.chat().completions().create(hello(20).stop(cold.substring(6, 9)).build());
        assertEquals(cold.substring(0, cold.indexOf(cold.substring(6, 9))),
                stopped.choices().get(0).message().content().get());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, stopped.choices().get(0).finishReason());

        ChatCompletionCreateParams sampled = hello(20).temperature(1.2).seed(99).build();
        assertEquals(client.chat().completions().create(sampled).choices().get(0).message().content(),
                client.chat().completions().create(sampled).choices().get(0).message().content());
    }

    @Test
    void aStreamWithoutUsageCarriesNone() {
        start(EngineOptions.defaults());
        List<ChatCompletionChunk> chunks = stream(hello(10).build());

        assertEquals(TestEngines.expectedGreedy(model, PROMPT, 10), content(chunks));
        assertEquals(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT, chunks.get(0).choices().get(0).delta().role().get());
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertEquals(ChatCompletionChunk.Choice.FinishReason.LENGTH, last.choices().get(0).finishReason().get());
        assertTrue(chunks.stream().allMatch(chunk -> chunk.usage().isEmpty()));
    }

    @Test
    void aStreamWithIncludeUsageEndsWithAUsageChunkWithoutChoices() {
        start(EngineOptions.defaults());
        List<ChatCompletionChunk> chunks = stream(hello(10)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        assertEquals(TestEngines.expectedGreedy(model, PROMPT, 10), content(chunks));
        ChatCompletionChunk usageChunk = chunks.get(chunks.size() - 1);
        assertTrue(usageChunk.choices().isEmpty());
        assertEquals(10, usageChunk.usage().get().completionTokens());
        assertEquals(1 + PROMPT.length(), usageChunk.usage().get().promptTokens());
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertEquals(ChatCompletionChunk.Choice.FinishReason.LENGTH, finish.choices().get(0).finishReason().get());
        assertTrue(chunks.subList(0, chunks.size() - 1).stream().allMatch(chunk -> chunk.usage().isEmpty()));
    }

    @Test
    void theStreamOnTheWireIsOpenAisFormat() throws Exception {
        start(EngineOptions.defaults());
        HttpResponse<String> response = post("{\"model\":\"" + MODEL + "\",\"max_tokens\":3,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        String[] events = response.body().split("\n\n");
        assertEquals("data: [DONE]", events[events.length - 1]);
        for (int i = 0; i < events.length - 1; i++) {
            JsonNode chunk = new ObjectMapper().readTree(events[i].substring("data: ".length()));
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertTrue(chunk.has("usage"), "every chunk carries usage when it was asked for: " + chunk);
            assertEquals(i == events.length - 2, !chunk.get("usage").isNull());
        }
    }

    @Test
    void theModelsListNamesTheServedModel() {
        start(EngineOptions.defaults());
        List<Model> models = client.models().list().data();
        assertEquals(1, models.size());
        assertEquals(MODEL, models.get(0).id());
        assertEquals(MODEL, client.models().retrieve(MODEL).id());
        assertThrows(NotFoundException.class, () -> client.models().retrieve("other"));
    }

    @Test
    void anUnknownModelIsNotFound() {
        start(EngineOptions.defaults());
        NotFoundException error = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(hello(3).model("gpt-4o").build()));
        assertTrue(error.getMessage().contains("gpt-4o"), error.getMessage());
    }

    @Test
    void badRequestsGetOpenAisErrorObject() throws Exception {
        start(EngineOptions.defaults());
        assertError(post("{not json"), 400, "invalid_request_error", null);
        assertError(post("{\"model\":\"" + MODEL + "\"}"), 400, "invalid_request_error", "messages");
        assertError(post("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":3}"), 400,
                "invalid_request_error", "temperature");
        assertError(post("{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(300) + "\"}]}"), 400,
                "invalid_request_error", null);
        HttpResponse<String> unknown = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base() + "/v1/embeddings")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(unknown, 404, "invalid_request_error", null);
    }

    @Test
    void aFullQueueAnswers429() throws Exception {
        start(EngineOptions.defaults().withMaxBatchSize(1).withMaxQueuedRequests(1));
        model.closeGate();
        Future<ChatCompletion> running =
                callers.submit(() -> client.chat().completions().create(hello(3).build()));
        model.awaitPrefillEntered();
        Future<ChatCompletion> queued =
                callers.submit(() -> client.chat().completions().create(hello(3).build()));
        TestEngines.awaitQueued(engine, 1);

        RateLimitException rejected = assertThrows(RateLimitException.class,
                () -> client.chat().completions().create(hello(3).build()));
        assertTrue(rejected.getMessage().contains("queue is full"), rejected.getMessage());
        model.openGate();
        assertFalse(running.get().choices().isEmpty());
        assertFalse(queued.get().choices().isEmpty());
    }

    private void start(EngineOptions options) {
        engine = new InferenceEngine(model, new CharTokenizer(), TestEngines.PROMPT_FORMAT, options);
        try {
            server = OpenAiServer.start(engine, 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        client = OpenAIOkHttpClient.builder().baseUrl(base() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static ChatCompletionCreateParams.Builder hello(int maxTokens) {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Hello")
                .maxCompletionTokens(maxTokens).temperature(0);
    }

    private List<ChatCompletionChunk> stream(ChatCompletionCreateParams params) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.validate();
                chunks.add(chunk);
            });
        }
        return chunks;
    }

    private static String content(List<ChatCompletionChunk> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        return text.toString();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String param)
            throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = new ObjectMapper().readTree(response.body()).get("error");
        assertEquals(type, error.get("type").asText());
        assertTrue(error.get("message").asText().length() > 10);
        assertEquals(param, error.get("param").isNull() ? null : error.get("param").asText());
        assertTrue(error.has("code"));
    }
}
