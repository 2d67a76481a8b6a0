package io.tollgate.instrumentation.jlama;

import java.lang.reflect.Field;

/** The fields of Jlama's {@code Generator.Response} a record reads, looked up once per class rather than per call. */
final class ResponseFields {
  private static final ClassValue<ResponseFields> BY_CLASS = new ByClass();

  final Field promptTokens;
  final Field generatedTokens;
  final Field promptTimeMs;
  final Field generateTimeMs;
  final Field finishReason;

  private ResponseFields(Class<?> type) throws NoSuchFieldException {
    promptTokens = type.getField("promptTokens");
    generatedTokens = type.getField("generatedTokens");
    promptTimeMs = type.getField("promptTimeMs");
    generateTimeMs = type.getField("generateTimeMs");
    finishReason = type.getField("finishReason");
  }

  static ResponseFields of(Class<?> type) {
    return BY_CLASS.get(type);
  }

  private static final class ByClass extends ClassValue<ResponseFields> {
    @Override
    protected ResponseFields computeValue(Class<?> type) {
      try {
        return new ResponseFields(type);
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(e); // not cached: the next call asks again
      }
    }
  }
}
