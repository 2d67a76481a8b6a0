package io.tollgate.inference.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the server answers with an HTTP error and OpenAI's error object. */
final class ApiError extends RuntimeException {

    final int status;
    private final String type;
    private final String code;
    private final String param;

    ApiError(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", null, param, message);
    }

    /** {@code {"error":{"message":..,"type":..,"param":..,"code":..}}} */
    ObjectNode body(ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error")
                .put("message", getMessage())
                .put("type", type)
                .put("param", param)
                .put("code", code);
        return body;
    }
}
