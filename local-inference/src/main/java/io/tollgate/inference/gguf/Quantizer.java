package io.tollgate.inference.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float values to and from GGML's encodings (GGML's reference rounding, so files match llama.cpp's). */
public final class Quantizer {
    private Quantizer() {}

    public static byte[] encode(GgmlType type, float[] values) {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(type.bytesFor(values.length))).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> { for (float v : values) out.putFloat(v); }
            case F16 -> { for (float v : values) out.putShort(Float16.fromFloat(v)); }
            case Q8_0 -> { for (int b = 0; b < values.length; b += 32) encodeQ8Block(values, b, out); }
            case Q4_0 -> { for (int b = 0; b < values.length; b += 32) encodeQ4Block(values, b, out); }
        }
        return out.array();
    }

    /** Decodes {@code count} values starting at value {@code first} (a multiple of the block size). */
    public static float[] decode(GgmlType type, ByteBuffer data, long first, int count) {
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        int block = type.blockSize();
        if (first % block != 0 || count % block != 0) {
            throw new IllegalArgumentException(type + " decodes whole blocks of " + block);
        }
        int pos = Math.toIntExact(first / block * type.bytesPerBlock());
        switch (type) {
            case F32 -> { for (int i = 0; i < count; i++) out[i] = in.getFloat(pos + 4 * i); }
            case F16 -> { for (int i = 0; i < count; i++) out[i] = Float16.toFloat(in.getShort(pos + 2 * i)); }
            case Q8_0 -> {
                for (int b = 0; b < count; b += 32, pos += 34) {
                    float d = Float16.toFloat(in.getShort(pos));
                    for (int j = 0; j < 32; j++) out[b + j] = in.get(pos + 2 + j) * d;
                }
            }
            case Q4_0 -> {
                for (int b = 0; b < count; b += 32, pos += 18) {
                    float d = Float16.toFloat(in.getShort(pos));
                    for (int j = 0; j < 16; j++) {
                        int q = in.get(pos + 2 + j) & 0xFF;
                        out[b + j] = ((q & 0x0F) - 8) * d;
                        out[b + j + 16] = ((q >>> 4) - 8) * d;
                    }
                }
            }
        }
        return out;
    }

    private static void encodeQ8Block(float[] x, int from, ByteBuffer out) {
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[from + j]));
        float d = amax / 127f;
        float id = d != 0 ? 1f / d : 0f;
        out.putShort(Float16.fromFloat(d));
        for (int j = 0; j < 32; j++) out.put((byte) roundHalfAway(x[from + j] * id));
    }

    /** C's roundf: halves away from zero (Math.round takes them up). */
    private static int roundHalfAway(float v) {
        int r = (int) (Math.abs(v) + 0.5f);
        return v < 0 ? -r : r;
    }

    private static void encodeQ4Block(float[] x, int from, ByteBuffer out) {
        // the value of largest magnitude, sign kept, maps to -8
        float amax = 0;
        float max = 0;
        for (int j = 0; j < 32; j++) {
            float v = x[from + j];
            if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; }
        }
        float d = max / -8f;
        float id = d != 0 ? 1f / d : 0f;
        out.putShort(Float16.fromFloat(d));
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) (x[from + j] * id + 8.5f));
            int hi = Math.min(15, (int) (x[from + j + 16] * id + 8.5f));
            out.put((byte) (lo | (hi << 4)));
        }
    }
}
