package io.tollgate.inference.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tollgate.inference.engine.GenerationResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A streamed chat completion as server-sent events: a first chunk with the assistant role, one chunk per piece
 * of text, a chunk with the finish reason, the usage chunk if asked for, then {@code data: [DONE]}. The headers
 * go out with the first chunk, so an error before it can still be answered with an HTTP status.
 */
final class ChunkStream {

    private final HttpExchange exchange;
    private final ObjectMapper json;
    private final CompletionJson completion;
    private final boolean includeUsage;
    private OutputStream body;

    ChunkStream(HttpExchange exchange, ObjectMapper json, CompletionJson completion, boolean includeUsage) {
        this.exchange = exchange;
        this.json = json;
        this.completion = completion;
        this.includeUsage = includeUsage;
    }

    boolean opened() {
        return body != null;
    }

    void text(String piece) {
        open();
        send(completion.chunk(null, piece, null, includeUsage));
    }

    void finish(GenerationResult result) {
        open();
        send(completion.chunk(null, null, result.finishReason(), includeUsage));
        if (includeUsage) {
            send(completion.usageChunk(result));
        }
        write("data: [DONE]\n\n");
    }

    /** An error after the stream began: OpenAI sends it as an event carrying the error object. */
    void fail(ApiError error) {
        send(error.body(json));
    }

    private void open() {
        if (body != null) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        try {
            exchange.sendResponseHeaders(200, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        body = exchange.getResponseBody();
        send(completion.chunk("assistant", "", null, includeUsage));
    }

    private void send(ObjectNode event) {
        try {
            write("data: " + json.writeValueAsString(event) + "\n\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String text) {
        try {
            body.write(text.getBytes(StandardCharsets.UTF_8));
            body.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
