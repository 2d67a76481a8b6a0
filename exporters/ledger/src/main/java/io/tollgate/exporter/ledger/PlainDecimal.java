package io.tollgate.exporter.ledger;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * A double as a plain decimal (no exponent, no trailing zeros): the text of
 * {@code BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()} with the shortest digits that read back as
 * {@code v} (what Double.toString gives from JDK 19 on; JDK 17's is longer in rare cases), built without
 * {@code BigDecimal}, which was the costliest part of a ledger line in a profile of the writer.
 */
final class PlainDecimal {
  private PlainDecimal() {}

  /** {@code value} must be finite. */
  static String of(double value) {
    if (value == 0) {
      return "0"; // most breakdown buckets of most calls
    }
    String scaled = fewestDecimals(value);
    return scaled != null ? scaled : viaToString(value);
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22};
  private static final double EXACT_INTEGERS = 0x1p53;

  /**
   * The decimal with the fewest digits after the point that reads back as {@code value}: digits / 10^k, both
   * exact doubles, divide correctly rounded, so a quotient equal to {@code value} proves the text round-trips.
   * Costs take the first k that works (a few per call); JDK 17's Double.toString needs big-integer arithmetic for
   * them (the largest item in a profile of the ledger line). Null when no k up to 22 keeps the digits exact.
   */
  private static String fewestDecimals(double value) {
    double magnitude = Math.abs(value);
    for (int k = 0; k < POWERS_OF_TEN.length; k++) {
      double digits = Math.rint(magnitude * POWERS_OF_TEN[k]);
      if (digits >= EXACT_INTEGERS) {
        return null;
      }
      if (digits / POWERS_OF_TEN[k] == magnitude) {
        return withPoint(value < 0, (long) digits, k);
      }
    }
    return null;
  }

  private static String withPoint(boolean negative, long digits, int decimals) {
    String text = Long.toString(digits);
    StringBuilder out = new StringBuilder(text.length() + decimals + 3);
    if (negative) {
      out.append('-');
    }
    if (decimals == 0) {
      return out.append(text).toString();
    }
    int whole = text.length() - decimals;
    if (whole <= 0) {
      zeros(out.append("0."), -whole).append(text);
    } else {
      out.append(text, 0, whole).append('.').append(text, whole, text.length());
    }
    return out.toString();
  }

  /**
   * From the shortest text that reads back as {@code value}, by Jackson's Schubfach writer: what Double.toString
   * gives from JDK 19 on, without JDK 17's big-integer arithmetic (which sums of token costs, with 17 significant
   * digits, still needed after {@link #fewestDecimals}).
   */
  private static String viaToString(double value) {
    String s = NumberOutput.toString(value, true);
    boolean negative = s.charAt(0) == '-';
    int start = negative ? 1 : 0;
    int e = s.indexOf('E');
    int mantissaEnd = e < 0 ? s.length() : e;
    int exponent = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
    int dot = s.indexOf('.', start);

    StringBuilder digits = new StringBuilder(24);
    digits.append(s, start, dot).append(s, dot + 1, mantissaEnd);
    int point = dot - start + exponent; // where the decimal point falls within digits
    int first = 0;
    while (first < digits.length() && digits.charAt(first) == '0') {
      first++;
    }
    int end = digits.length();
    while (end > first && digits.charAt(end - 1) == '0') {
      end--;
    }
    if (first == end) {
      return "0";
    }
    point -= first;
    String significant = digits.substring(first, end);
    StringBuilder out = new StringBuilder(significant.length() + 8);
    if (negative) {
      out.append('-');
    }
    if (point <= 0) {
      out.append("0.");
      zeros(out, -point).append(significant);
    } else if (point >= significant.length()) {
      zeros(out.append(significant), point - significant.length());
    } else {
      out.append(significant, 0, point).append('.').append(significant, point, significant.length());
    }
    return out.toString();
  }

  /**
   * {@code thousandths / 1000} written exactly, as {@link #of} writes {@code Math.round(x * 1000) / 1000.0}
   * for any value a duration in milliseconds takes, without formatting a double.
   */
  static String ofThousandths(long thousandths) {
    if (thousandths == 0) {
      return "0";
    }
    StringBuilder out = new StringBuilder(24);
    if (thousandths < 0) {
      out.append('-');
    }
    long abs = Math.abs(thousandths);
    long whole = abs / 1000;
    int fraction = (int) (abs % 1000);
    out.append(whole);
    if (fraction != 0) {
      out.append('.');
      if (fraction < 100) {
        out.append(fraction < 10 ? "00" : "0");
      }
      while (fraction % 10 == 0) {
        fraction /= 10;
      }
      out.append(fraction);
    }
    return out.toString();
  }

  private static StringBuilder zeros(StringBuilder out, int count) {
    for (int i = 0; i < count; i++) {
      out.append('0');
    }
    return out;
  }
}
