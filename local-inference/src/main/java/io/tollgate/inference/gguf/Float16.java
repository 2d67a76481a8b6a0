package io.tollgate.inference.gguf;

/** IEEE 754 half precision conversion (JDK 17 has no Float.float16ToFloat). */
public final class Float16 {
    private Float16() {}

    public static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            // subnormal (or zero): mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Round to nearest even, as hardware and GGML do. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) { // inf or nan
            return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 : 0));
        }
        if (abs >= 0x477FF000) { // rounds to beyond the largest half
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x38800000) { // below the smallest normal half: subnormal
            float scaled = Float.intBitsToFloat(abs) * 0x1p24f;
            return (short) (sign | Math.round(Math.rint(scaled)));
        }
        int exp = (abs >>> 23) - 112;
        int mant = abs & 0x7FFFFF;
        int half = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return (short) (sign | half);
    }
}
