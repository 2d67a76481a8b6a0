package io.tollgate.inference.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Texts the tokenizer tests encode: English, code, numbers, white space runs, non-Latin scripts, emoji. */
final class TokenizerTexts {

    private TokenizerTexts() {}

    static final List<String> SAMPLES = List.of(
            "Hello, world! It's a beautiful day, isn't it? We'll see what they've done.",
            "The quick brown fox jumps over the lazy dog. THE QUICK BROWN FOX'S DEN.",
            "public static void main(String[] args) {\n    System.out.println(\"hi\" + args.length);\n}\n",
            "def fib(n):\n\tif n < 2:\n\t\treturn n\n\treturn fib(n - 1) + fib(n - 2)\n\n\n",
            "{\"model\": \"gpt-4o\", \"usage\": {\"prompt_tokens\": 1234567, \"completion_tokens\": 89}}",
            "Numbers: 3.14159, 1,000,000, 2024-11-23T22:55:00Z and 0xDEADBEEF; version 1.18.17.",
            "   leading spaces,   runs   of  spaces\n\n\r\n  and trailing   ",
            "Ünïcödé façade, naïve café; Straße; Ωμέγα; Привет, мир! 日本語のテキスト。 中文文本 한국어",
            "Emoji: 😀👍🏽 👨‍👩‍👧‍👦 🇩🇪 — dashes – and “quotes” … ellipsis",
            "mixedCASE camelCaseWords snake_case_words SCREAMING_CASE HTTPServerError I'M YOU'RE",
            "<html><body class=\"x\">a &amp; b</body></html> // comment /* block */ a/b/c ../../x",
            "",
            " ",
            "a");

    static String corpus() {
        try (InputStream in = TokenizerTexts.class.getResourceAsStream("corpus.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
