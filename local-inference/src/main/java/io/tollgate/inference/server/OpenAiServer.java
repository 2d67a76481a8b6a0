package io.tollgate.inference.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tollgate.inference.engine.GenerationResult;
import io.tollgate.inference.engine.InferenceEngine;
import io.tollgate.inference.engine.QueueFullException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP server for one {@link InferenceEngine}: {@code POST /v1/chat/completions} (plain and
 * streamed), {@code GET /v1/models} and {@code GET /v1/models/{id}}, with errors in OpenAI's error object. Each
 * request is served on its own thread, which blocks in {@link InferenceEngine#generate}; the engine's queue
 * bounds the work (a full queue answers 429).
 */
public final class OpenAiServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OpenAiServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 16 << 20;

    private final InferenceEngine engine;
    private final String model;
    private final long created = System.currentTimeMillis() / 1000;
    private final HttpServer http;
    private final ExecutorService workers;

    private OpenAiServer(InferenceEngine engine, InetSocketAddress address) throws IOException {
        this.engine = engine;
        this.model = engine.modelInfo().name();
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "tollgate-openai-server-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpServer.create(address, 0);
        http.createContext("/", this::handle);
        http.setExecutor(workers);
        http.start();
    }

    /** Serves on the loopback interface; port 0 picks a free one (see {@link #port()}). */
    public static OpenAiServer start(InferenceEngine engine, int port) throws IOException {
        return start(engine, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    public static OpenAiServer start(InferenceEngine engine, InetSocketAddress address) throws IOException {
        return new OpenAiServer(engine, address);
    }

    /** The port it listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops listening; the engine stays open. */
    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (ApiError error) {
            sendJson(exchange, error.status, error.body(JSON));
        } catch (UncheckedIOException gone) {
            // The client went away; nobody is left to answer.
        } catch (RuntimeException e) {
            ApiError error = errorFor(e);
            sendJson(exchange, error.status, error.body(JSON));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String method = exchange.getRequestMethod();
        if (path.equals("/v1/chat/completions")) {
            requireMethod(method, "POST");
            chatCompletion(exchange);
        } else if (path.equals("/v1/models")) {
            requireMethod(method, "GET");
            sendJson(exchange, 200, CompletionJson.models(JSON, model, created));
        } else if (path.startsWith("/v1/models/") && path.substring("/v1/models/".length()).equals(model)) {
            requireMethod(method, "GET");
            sendJson(exchange, 200, CompletionJson.model(JSON, model, created));
        } else if (path.startsWith("/v1/models/")) {
            throw new ApiError(404, "invalid_request_error", "model_not_found", "model",
                    "The model `" + path.substring("/v1/models/".length()) + "` does not exist.");
        } else {
            throw new ApiError(404, "invalid_request_error", "unknown_url", null,
                    "Unknown request URL: " + method + " " + path + ".");
        }
    }

    private void chatCompletion(HttpExchange exchange) {
        ChatCompletionCall call = ChatCompletionCall.read(readJson(exchange), model,
                exchange.getRequestHeaders().getFirst("traceparent"));
        CompletionJson completion = new CompletionJson(JSON, "chatcmpl-" + UUID.randomUUID(),
                System.currentTimeMillis() / 1000, model);
        if (!call.stream()) {
            GenerationResult result = engine.generate(call.request(), null);
            sendJson(exchange, 200, completion.completion(result));
            return;
        }
        ChunkStream stream = new ChunkStream(exchange, JSON, completion, call.includeUsage());
        try {
            stream.finish(engine.generate(call.request(), stream::text));
        } catch (UncheckedIOException gone) {
            throw gone;
        } catch (RuntimeException e) {
            if (!stream.opened()) {
                throw e;
            }
            stream.fail(errorFor(e));
        }
    }

    private static JsonNode readJson(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiError(413, "invalid_request_error", null, null, "The request body is too large.");
            }
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid(null, "We could not parse the JSON body of your request: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                    "Method " + method + " is not allowed here; use " + allowed + ".");
        }
    }

    private static ApiError errorFor(RuntimeException e) {
        if (e instanceof ApiError error) {
            return error;
        }
        if (e instanceof QueueFullException) {
            return new ApiError(429, "requests", "rate_limit_exceeded", null, e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return ApiError.invalid(null, e.getMessage());
        }
        LOG.log(System.Logger.Level.WARNING, "chat completion failed", e);
        return new ApiError(500, "server_error", null, null,
                "The server had an error while processing your request: " + e);
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode body) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The client went away.
        }
    }
}
