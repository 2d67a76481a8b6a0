package io.tollgate.core.call;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decodes a gzip body as it comes, in pieces of any size (members one after another allowed, bytes after the last one
 * ignored as {@code GZIPInputStream} ignores them), handing each decoded piece on. Holds an 8 KB buffer and the
 * inflater's window, whatever the body's size; {@link #close} frees the inflater.
 */
final class GzipDecoder {
  /** Where the decoded bytes go; the array is reused after the call returns. */
  interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  private static final int FIXED = 0;
  private static final int EXTRA_LENGTH = 1;
  private static final int EXTRA = 2;
  private static final int NAME = 3;
  private static final int COMMENT = 4;
  private static final int HEADER_CRC = 5;
  private static final int BODY = 6;
  private static final int TRAILER = 7;
  private static final int AFTER = 8;
  private static final int[] MAGIC = {0x1f, 0x8b, 8}; // and 8: deflate, the only method gzip has

  private final Inflater inflater = new Inflater(true);
  private final byte[] out = new byte[8192];
  private int step = FIXED;
  /** Bytes consumed in the current header step or the trailer. */
  private int count;
  private int flags;
  private int extraLength;
  private boolean firstMember = true;

  static boolean decodes(String contentEncoding) {
    return contentEncoding.equalsIgnoreCase("gzip") || contentEncoding.equalsIgnoreCase("x-gzip");
  }

  /** @throws ZipException when the bytes are not gzip */
  void decode(byte[] bytes, int offset, int length, Sink sink) throws ZipException {
    int end = offset + length;
    int at = offset;
    while (at < end && step != AFTER) {
      if (step == BODY) {
        at = end - inflate(bytes, at, end - at, sink);
      } else if (step == TRAILER) {
        int n = Math.min(8 - count, end - at); // CRC-32 and size: the application checks them, Tollgate need not
        at += n;
        count += n;
        if (count == 8) {
          firstMember = false;
          step = FIXED;
          count = 0;
        }
      } else {
        headerByte(bytes[at++] & 0xff);
      }
    }
  }

  void close() {
    inflater.end();
  }

  /** Returns how many of the bytes given are left over after the member's deflate data ended. */
  private int inflate(byte[] bytes, int offset, int length, Sink sink) throws ZipException {
    inflater.setInput(bytes, offset, length);
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(out);
        if (n > 0) {
          sink.accept(out, 0, n);
        } else if (inflater.needsInput()) {
          return 0;
        } else if (inflater.needsDictionary()) {
          throw new ZipException("gzip data asks for a preset dictionary");
        }
      }
    } catch (DataFormatException e) {
      throw new ZipException(e.getMessage());
    }
    int left = inflater.getRemaining();
    inflater.reset();
    step = TRAILER;
    count = 0;
    return left;
  }

  private void headerByte(int b) throws ZipException {
    switch (step) {
      case FIXED -> {
        if (count < 3 && b != MAGIC[count]) {
          if (firstMember) {
            throw new ZipException("not in gzip format");
          }
          step = AFTER; // what follows the last member is not ours to read
          return;
        }
        if (count == 3) {
          flags = b;
        }
        if (++count == 10) {
          next();
        }
      }
      case EXTRA_LENGTH -> {
        extraLength |= b << (8 * count);
        if (++count == 2) {
          next();
          if (extraLength == 0) {
            next();
          }
        }
      }
      case EXTRA -> {
        if (++count == extraLength) {
          next();
        }
      }
      case NAME, COMMENT -> {
        if (b == 0) {
          next();
        }
      }
      case HEADER_CRC -> {
        if (++count == 2) {
          next();
        }
      }
      default -> throw new IllegalStateException("step " + step);
    }
  }

  /** On to the next header part the flags say is there, or to the deflate data. */
  private void next() {
    count = 0;
    if (step == FIXED) {
      extraLength = 0;
    }
    do {
      step++;
    } while (step < BODY && !present(step));
  }

  private boolean present(int part) {
    return switch (part) {
      case EXTRA_LENGTH, EXTRA -> (flags & 4) != 0;
      case NAME -> (flags & 8) != 0;
      case COMMENT -> (flags & 16) != 0;
      case HEADER_CRC -> (flags & 2) != 0;
      default -> true;
    };
  }
}
