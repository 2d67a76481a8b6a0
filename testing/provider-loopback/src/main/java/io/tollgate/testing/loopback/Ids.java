package io.tollgate.testing.loopback;

import java.security.SecureRandom;
import java.util.Random;

/** Provider-looking ids ({@code chatcmpl-…}, {@code msg_…}) so clients that sniff prefixes are happy. */
final class Ids {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final Random RANDOM = new SecureRandom();

  private Ids() {}

  static String next(String prefix, int length) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  static long epochSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
