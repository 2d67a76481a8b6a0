package io.tollgate.inference.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.inference.engine.GenerationResult;

/** The JSON objects of one chat completion, in OpenAI's Chat Completions wire format. */
final class CompletionJson {

    private final ObjectMapper json;
    private final String id;
    private final long created;
    private final String model;

    CompletionJson(ObjectMapper json, String id, long created, String model) {
        this.json = json;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** The whole response of a non-streamed call. */
    ObjectNode completion(GenerationResult result) {
        ObjectNode completion = head("chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message")
                .put("role", "assistant")
                .put("content", result.text())
                .putNull("refusal")
                .putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", result.finishReason());
        completion.set("usage", usage(result));
        return completion;
    }

    /** A streamed chunk: its delta holds {@code role} on the first chunk, {@code content} on the others. */
    ObjectNode chunk(String role, String content, String finishReason, boolean usageRequested) {
        ObjectNode chunk = head("chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (usageRequested) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    /** The last chunk when the request asked for usage: no choices, the usage. */
    ObjectNode usageChunk(GenerationResult result) {
        ObjectNode chunk = head("chat.completion.chunk");
        chunk.putArray("choices");
        chunk.set("usage", usage(result));
        return chunk;
    }

    private ObjectNode head(String object) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("object", object);
        node.put("created", created);
        node.put("model", model);
        node.putNull("system_fingerprint");
        return node;
    }

    private ObjectNode usage(GenerationResult result) {
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", result.promptTokens());
        usage.put("completion_tokens", result.completionTokens());
        usage.put("total_tokens", result.totalTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", result.reusedPromptTokens());
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
        return usage;
    }

    static ObjectNode models(ObjectMapper json, String model, long created) {
        ObjectNode list = json.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        data.add(model(json, model, created));
        return list;
    }

    static ObjectNode model(ObjectMapper json, String model, long created) {
        ObjectNode node = json.createObjectNode();
        node.put("id", model);
        node.put("object", "model");
        node.put("created", created);
        node.put("owned_by", "tollgate");
        return node;
    }
}
