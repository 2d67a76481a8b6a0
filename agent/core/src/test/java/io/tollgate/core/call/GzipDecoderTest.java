package io.tollgate.core.call;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** A gzip body decoded as it comes, whatever the size of the pieces it comes in. */
class GzipDecoderTest {
  private static final byte[] TEXT = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n".repeat(500)
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void aBodyDecodesTheSameInOnePieceAndByteByByte() throws Exception {
    byte[] gzip = gzip(TEXT);
    assertArrayEquals(TEXT, decode(gzip, gzip.length));
    assertArrayEquals(TEXT, decode(gzip, 1));
    assertArrayEquals(TEXT, decode(gzip, 7));
  }

  @Test
  void everyOptionalHeaderPartIsSkipped() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, (byte) 255});
    body.write(new byte[] {3, 0, 'x', 'y', 'z'}); // extra field, 3 bytes
    body.write("name.txt\0comment\0".getBytes(StandardCharsets.US_ASCII));
    body.write(new byte[] {0x12, 0x34}); // header CRC
    body.write(deflate(TEXT));
    body.write(trailer(TEXT));
    assertArrayEquals(TEXT, decode(body.toByteArray(), 1));
    assertArrayEquals(TEXT, decode(body.toByteArray(), 4096));
  }

  @Test
  void membersFollowingOneAnotherAreDecodedAndWhatFollowsTheLastIsIgnored() throws Exception {
    byte[] first = gzip("first ".getBytes(StandardCharsets.UTF_8));
    byte[] second = gzip("second".getBytes(StandardCharsets.UTF_8));
    byte[] body = concat(first, second, new byte[16]);
    assertArrayEquals("first second".getBytes(StandardCharsets.UTF_8), decode(body, 3));
  }

  @Test
  void aBodyThatIsNotGzipIsRefused() {
    byte[] plain = "{\"usage\":{}}".getBytes(StandardCharsets.UTF_8);
    assertThrows(ZipException.class, () -> decode(plain, plain.length));
    byte[] broken = gzip(TEXT);
    Arrays.fill(broken, 10, 40, (byte) 0xff);
    assertThrows(ZipException.class, () -> decode(broken, broken.length));
  }

  private static byte[] decode(byte[] body, int piece) throws ZipException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GzipDecoder decoder = new GzipDecoder();
    try {
      for (int at = 0; at < body.length; at += piece) {
        decoder.decode(body, at, Math.min(piece, body.length - at), out::write);
      }
    } finally {
      decoder.close();
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] bytes) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(bytes);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static byte[] trailer(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    long c = crc.getValue();
    int n = bytes.length;
    return new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
        (byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)};
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }
}
