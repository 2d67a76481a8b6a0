package io.tollgate.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.budget.policy.Action;
import io.tollgate.core.budget.policy.Policy;
import io.tollgate.core.budget.policy.PolicyFormatException;
import io.tollgate.core.budget.policy.PolicyParser;
import io.tollgate.core.budget.policy.PolicySignature;
import io.tollgate.core.budget.policy.WindowKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyParserTest {

  static Policy parse(String yaml) throws PolicyFormatException {
    return PolicyParser.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAFullPolicy() throws Exception {
    Policy p = parse("""
        version: 1
        timezone: Europe/Berlin
        guards: {max-output-tokens: 2048, max-cost-per-request: 0.5}
        budgets:
          - name: prod-monthly
            limit: {usd: 1000, tokens: 5000000}
            window: calendar-month
            scope: {environment: production, provider: [openai, anthropic]}
            per: team
            alerts: [80, 50]
            action: downgrade
            downgrade-to: gpt-4o-mini
        """);
    assertEquals("Europe/Berlin", p.zone().getId());
    assertEquals(2048L, p.guards().maxOutputTokens());
    var b = p.budgets().get(0);
    assertEquals(WindowKind.CALENDAR_MONTH, b.window());
    assertEquals(Set.of("openai", "anthropic"), b.scope().get("provider"));
    assertEquals(List.of(50, 80), b.alerts());
    assertEquals(Action.DOWNGRADE, b.action());
    assertEquals(1000.0, b.limit().usd());
  }

  @Test
  void errorsNameTheLineAndWhatIsWrong() {
    String yaml = """
        version: 1
        budgets:
          - name: ok
            limit: {usd: 1}
            window: calendar-day
          - name: broken
            limit: {usd: 1}
            window: monthly
        """;
    PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> parse(yaml));
    assertTrue(e.getMessage().startsWith("line 6: budgets[1] 'broken': unknown window 'monthly'"), e.getMessage());
    e = assertThrows(PolicyFormatException.class, () -> parse("version: 1\nbudgets:\n  - name: x\n    limt: {usd: 1}\n"));
    assertTrue(e.getMessage().contains("unknown key 'limt'"), e.getMessage());
    e = assertThrows(PolicyFormatException.class, () -> parse("version: 1\nbudgets: [\n"));
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void signatureAcceptsTheSignedBytesOnly(@TempDir Path dir) throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path policy = dir.resolve("policy.yaml");
    byte[] bytes = "version: 1\nbudgets: []\n".getBytes(StandardCharsets.UTF_8);
    Files.write(policy, bytes);
    var publicKey = PolicySignature.publicKey(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
    PolicyFormatException unsigned = assertThrows(PolicyFormatException.class, () -> PolicySignature.verify(bytes, policy, publicKey));
    assertTrue(unsigned.getMessage().contains("not signed"), unsigned.getMessage());
    Files.writeString(PolicySignature.signatureFileOf(policy), PolicySignature.sign(bytes, keys.getPrivate()));
    PolicySignature.verify(bytes, policy, publicKey);
    byte[] tampered = "version: 1\nbudgets: []\n#".getBytes(StandardCharsets.UTF_8);
    PolicyFormatException bad = assertThrows(PolicyFormatException.class, () -> PolicySignature.verify(tampered, policy, publicKey));
    assertTrue(bad.getMessage().contains("does not match"), bad.getMessage());
  }
}
