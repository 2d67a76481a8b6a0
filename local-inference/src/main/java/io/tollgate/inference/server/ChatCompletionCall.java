package io.tollgate.inference.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.inference.tokenizer.ChatMessage;
import io.tollgate.inference.engine.GenerationRequest;
import java.util.ArrayList;
import java.util.List;

/** A {@code POST /v1/chat/completions} body, read into what the engine needs. */
record ChatCompletionCall(GenerationRequest request, boolean stream, boolean includeUsage) {

    static ChatCompletionCall read(JsonNode body, String servedModel, String traceParent) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalid(null, "The body must be a JSON object.");
        }
        String model = servedModel;
        JsonNode modelNode = body.path("model");
        if (!modelNode.isMissingNode() && !modelNode.isNull()) {
            model = text(modelNode, "model");
            if (!model.equals(servedModel)) {
                throw new ApiError(404, "invalid_request_error", "model_not_found", "model",
                        "The model `" + model + "` does not exist; this server serves `" + servedModel + "`.");
            }
        }
        Integer n = intParam(body, "n");
        if (n != null && n != 1) {
            throw ApiError.invalid("n", "Only n = 1 is supported.");
        }
        Integer maxTokens = intParam(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = intParam(body, "max_tokens");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw ApiError.invalid("max_tokens", "max_tokens must be at least 1.");
        }
        double temperature = numberParam(body, "temperature", 1);
        if (temperature < 0 || temperature > 2) {
            throw ApiError.invalid("temperature", "temperature must be between 0 and 2.");
        }
        double topP = numberParam(body, "top_p", 1);
        if (topP < 0 || topP > 1) {
            throw ApiError.invalid("top_p", "top_p must be between 0 and 1.");
        }
        if (topP == 0) { // only the most likely token is left
            temperature = 0;
            topP = 1;
        }
        JsonNode seed = body.path("seed");
        if (!seed.isMissingNode() && !seed.isNull() && !seed.canConvertToLong()) {
            throw ApiError.invalid("seed", "seed must be an integer.");
        }
        JsonNode streamOptions = body.path("stream_options");
        GenerationRequest request = new GenerationRequest(messages(body.path("messages")), null,
                maxTokens == null ? 0 : maxTokens,
                temperature, topP, seed.isIntegralNumber() ? seed.asLong() : null, stops(body.path("stop")), model,
                traceParent);
        return new ChatCompletionCall(request, body.path("stream").asBoolean(false),
                streamOptions.path("include_usage").asBoolean(false));
    }

    private static List<ChatMessage> messages(JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalid("messages", "messages must be a non-empty array.");
        }
        List<ChatMessage> result = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            if (!message.path("role").isTextual()) {
                throw ApiError.invalid(param + ".role", "Each message needs a role.");
            }
            result.add(new ChatMessage(message.get("role").asText(), content(message.path("content"), param)));
        }
        return result;
    }

    // A string, or an array of parts of which the text ones are joined; null for an assistant's tool call.
    private static String content(JsonNode content, String param) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiError.invalid(param + ".content", "Only text content parts are supported.");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw ApiError.invalid(param + ".content", "content must be a string or an array of text parts.");
    }

    private static List<String> stops(JsonNode stop) {
        if (stop.isMissingNode() || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return stop.asText().isEmpty() ? List.of() : List.of(stop.asText());
        }
        List<String> stops = new ArrayList<>();
        if (stop.isArray()) {
            for (JsonNode item : stop) {
                if (!item.isTextual()) {
                    throw ApiError.invalid("stop", "stop must be a string or an array of strings.");
                }
                if (!item.asText().isEmpty()) {
                    stops.add(item.asText());
                }
            }
            return stops;
        }
        throw ApiError.invalid("stop", "stop must be a string or an array of strings.");
    }

    private static String text(JsonNode node, String param) {
        if (!node.isTextual()) {
            throw ApiError.invalid(param, param + " must be a string.");
        }
        return node.asText();
    }

    private static Integer intParam(JsonNode body, String param) {
        JsonNode node = body.path(param);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw ApiError.invalid(param, param + " must be an integer.");
        }
        return node.asInt();
    }

    private static double numberParam(JsonNode body, String param, double absent) {
        JsonNode node = body.path(param);
        if (node.isMissingNode() || node.isNull()) {
            return absent;
        }
        if (!node.isNumber()) {
            throw ApiError.invalid(param, param + " must be a number.");
        }
        return node.asDouble();
    }
}
