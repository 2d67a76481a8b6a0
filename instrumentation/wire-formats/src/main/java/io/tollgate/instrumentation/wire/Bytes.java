package io.tollgate.instrumentation.wire;

import java.nio.charset.StandardCharsets;

/** Cheap looks into event payloads, so that only the few events that matter are parsed as JSON. */
public final class Bytes {
  private Bytes() {}

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code data[0..length)} contains {@code needle}. */
  public static boolean contains(byte[] data, int length, byte[] needle) {
    return indexOf(data, length, needle, 0) >= 0;
  }

  /** Where {@code needle} first starts in {@code data[0..length)}, or -1. */
  public static int indexOf(byte[] data, int length, byte[] needle) {
    return indexOf(data, length, needle, 0);
  }

  /**
   * Whether {@code data[0..length)} contains {@code "name"} as a JSON member name or value, not as
   * text inside a string (where its quotes would be escaped).
   */
  public static boolean containsQuoted(byte[] data, int length, byte[] quotedName) {
    for (int i = indexOf(data, length, quotedName, 0); i >= 0; i = indexOf(data, length, quotedName, i + 1)) {
      if (i == 0 || data[i - 1] != '\\') {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(byte[] data, int length, byte[] needle, int from) {
    outer:
    for (int i = from; i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  public static boolean equals(byte[] data, int length, byte[] expected) {
    if (length != expected.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (data[i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
