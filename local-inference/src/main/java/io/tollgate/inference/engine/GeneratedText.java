package io.tollgate.inference.engine;

import io.tollgate.inference.tokenizer.TokenDecoder;
import io.tollgate.inference.tokenizer.Tokenizer;
import java.util.List;

/**
 * The text of one sequence's generated tokens, and how much of it may be streamed yet: text that could still
 * turn out to start a stop string, or an incomplete UTF-8 sequence, is held back.
 */
final class GeneratedText {

    private final TokenDecoder decoder;
    private final List<String> stops;
    // Decoded one token at a time (TokenDecoder keeps back a character's missing bytes), so each token costs
    // its own length, not the whole output's.
    private final StringBuilder text = new StringBuilder();
    private int released;
    private boolean stopped;

    GeneratedText(Tokenizer tokenizer, List<String> stops) {
        this.decoder = new TokenDecoder(tokenizer);
        this.stops = stops;
    }

    /** Adds a generated token and returns the text that can now be released (maybe empty). */
    String add(int token) {
        text.append(decoder.append(token));
        int stopAt = firstStop();
        if (stopAt >= 0) {
            text.setLength(stopAt);
            stopped = true;
            return release(stopAt);
        }
        return release(text.length() - heldBack());
    }

    /** Releases what was held back, at the end of generation. */
    String flush() {
        if (!stopped) {
            text.append(decoder.flush());
        }
        return release(text.length());
    }

    boolean stopped() {
        return stopped;
    }

    String text() {
        return text.toString();
    }

    private String release(int end) {
        if (end <= released) {
            return "";
        }
        String piece = text.substring(released, end);
        released = end;
        return piece;
    }

    // Nothing before `released` can start a stop string (it was held back while it could), so search from there.
    private int firstStop() {
        int first = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop, released);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    private int heldBack() {
        int held = 0;
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, text.length()); len > held; len--) {
                if (endsWith(stop, len)) {
                    held = len;
                    break;
                }
            }
        }
        // incomplete UTF-8 never reaches the text: TokenDecoder holds it back until its last byte comes
        return held;
    }

    /** Whether the text ends with the first {@code len} characters of {@code stop}. */
    private boolean endsWith(String stop, int len) {
        int from = text.length() - len;
        for (int i = 0; i < len; i++) {
            if (text.charAt(from + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
