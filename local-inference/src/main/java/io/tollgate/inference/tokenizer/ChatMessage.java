package io.tollgate.inference.tokenizer;

/** One turn of a chat: role "system", "user", "assistant" (others pass through where the format allows). */
public record ChatMessage(String role, String content) {}
