package io.tollgate.testing.loopback;

import static io.tollgate.testing.loopback.Json.obj;

/** Error bodies in each provider's documented shape, with the type each provider uses per status. */
final class ProviderErrors {

  private ProviderErrors() {}

  /** {@code {"error":{"message","type","param","code"}}}. */
  static String openAi(int status, String message) {
    String type;
    String code = null;
    if (status == 401) {
      type = "invalid_request_error";
      code = "invalid_api_key";
    } else if (status == 429) {
      type = "requests";
      code = "rate_limit_exceeded";
    } else if (status >= 500) {
      type = "server_error";
    } else {
      type = "invalid_request_error";
    }
    return Json.write(obj("error", obj("message", message != null ? message : openAiMessage(status),
        "type", type, "param", null, "code", code)));
  }

  /** {@code {"type":"error","error":{"type","message"}}}. */
  static String anthropic(int status, String message) {
    String type = switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
    return Json.write(obj("type", "error", "error", obj("type", type,
        "message", message != null ? message : "Loopback " + type + " (HTTP " + status + ")")));
  }

  /** Google's {@code {"error":{"code","message","status"}}}. */
  static String gemini(int status, String message) {
    String code = switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
    return Json.write(obj("error", obj("code", status,
        "message", message != null ? message : "Loopback " + code + " (HTTP " + status + ")", "status", code)));
  }

  private static String openAiMessage(int status) {
    return switch (status) {
      case 401 -> "Incorrect API key provided.";
      case 429 -> "Rate limit reached for requests.";
      case 500 -> "The server had an error while processing your request. Sorry about that!";
      case 503 -> "The engine is currently overloaded, please try again later.";
      default -> "Loopback error (HTTP " + status + ")";
    };
  }
}
