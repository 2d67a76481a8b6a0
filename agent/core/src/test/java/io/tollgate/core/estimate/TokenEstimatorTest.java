package io.tollgate.core.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {
  private final TokenEstimator estimator = new TokenEstimator();

  @Test
  void ownModelTableNotJtokkitsStaleOne() {
    for (String m : List.of("gpt-4o", "gpt-4o-mini-2024-07-18", "gpt-4.1", "gpt-4.1-nano", "o1", "o3-mini", "o4-mini", "gpt-5", "gpt-5.1", "openai/gpt-5-mini")) {
      TokenEstimator.Tokenizer t = estimator.tokenizerFor(m);
      assertEquals("o200k_base", t.name(), m);
      assertTrue(t.exact(), m);
    }
    assertEquals("cl100k_base", estimator.tokenizerFor("gpt-4-turbo").name());
    assertEquals("cl100k_base", estimator.tokenizerFor("text-embedding-3-small").name());
    TokenEstimator.Tokenizer claude = estimator.tokenizerFor("claude-sonnet-4-5");
    assertFalse(claude.exact(), "no public tokenizer: a proxy, and said so");
  }

  @Test
  void chatFramingIsAdded() {
    TokenEstimator.Tokenizer t = estimator.tokenizerFor("gpt-4o");
    long hello = estimator.count(t, "Hello there");
    long sys = estimator.count(t, "Be brief.");
    assertEquals(hello + sys + 2 * 4 + 3, estimator.chatInput(t, new TokenEstimator.PromptText(List.of("Be brief.", "Hello there"), 2)));
    assertEquals(hello, estimator.chatInput(t, new TokenEstimator.PromptText(List.of("Hello there"), 0)), "a plain input has no framing");
    assertEquals(0, estimator.count(t, null));
    assertEquals(0, estimator.count(t, ""));
    assertTrue(estimator.count(t, "<|endoftext|> is just text here") > 0, "special tokens never throw");
  }
}
