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

  /**
   * The bytes as a string of one char per byte, for searching with {@link String#indexOf}, which
   * the JIT compiles to vector instructions: several times faster than a byte loop, which matters
   * when every chunk of a stream is searched.
   */
  public static String latin1(byte[] data, int length) {
    return new String(data, 0, length, StandardCharsets.ISO_8859_1);
  }

  /**
   * Whether {@code text} holds {@code key} (e.g. {@code "usage":}) followed, after at most one
   * space, by {@code valueStart} (e.g. <code>{</code>): one search where a compact and a spaced needle took two.
   */
  public static boolean containsMember(String text, String key, String valueStart) {
    return containsMember(text, key, valueStart, 0, text.length());
  }

  /** {@link #containsMember(String, String, String)} within text[from, to). */
  public static boolean containsMember(String text, String key, String valueStart, int from, int to) {
    return memberAt(text, key, valueStart, from, to) >= 0;
  }

  /**
   * Where the first such member within text[from, to) begins (its key), or -1; its value starts at
   * {@link #valueAt}.
   */
  public static int memberAt(String text, String key, String valueStart, int from, int to) {
    for (int at = text.indexOf(key, from); at >= 0 && at + key.length() <= to; at = text.indexOf(key, at + 1)) {
      int value = valueAt(text, key, at, to);
      if (value + valueStart.length() <= to && text.startsWith(valueStart, value)) {
        return at;
      }
    }
    return -1;
  }

  /** Where the value of the member whose key begins at {@code at} starts: after the key and at most one space. */
  public static int valueAt(String text, String key, int at, int to) {
    int value = at + key.length();
    return value < to && text.charAt(value) == ' ' ? value + 1 : value;
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
