package io.tollgate.inference.model;

/** What a loaded model is, for `/v1/models`, logs and cost records. */
public record ModelInfo(String name, String architecture, int vocabularySize, int contextLength,
                        long parameterCount, String weightType) {}
