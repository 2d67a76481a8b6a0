package io.tollgate.agent.cli;

import io.tollgate.core.budget.policy.PolicyFormatException;
import io.tollgate.core.budget.policy.PolicyParser;
import io.tollgate.core.budget.policy.PolicySignature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Map;

/**
 * {@code policy keygen --out DIR}, {@code policy sign --key private.pem policy.yaml} (writes
 * {@code policy.yaml.sig}) and {@code policy check [--public-key K] policy.yaml}: what a security team
 * needs to sign the policies the agents enforce.
 */
final class PolicyCommand {
  private PolicyCommand() {}

  static int run(String[] args, PrintStream out) throws IOException, GeneralSecurityException {
    if (args.length == 0) {
      throw new IllegalArgumentException("policy keygen --out DIR | policy sign --key private.pem FILE | policy check [--public-key K] FILE");
    }
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "keygen" -> {
        Path dir = Path.of(Options.parse(rest, "out").getOrDefault("out", "."));
        Files.createDirectories(dir);
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(dir.resolve("policy-signing.pem"), PolicySignature.pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Files.writeString(dir.resolve("policy-public.pem"), PolicySignature.pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        out.println("wrote " + dir.resolve("policy-signing.pem") + " (keep it secret) and " + dir.resolve("policy-public.pem")
            + " (set tollgate.policy.public-key to it)");
        return 0;
      }
      case "sign" -> {
        Map<String, String> o = Options.parse(rest, "key");
        Path policy = file(o);
        byte[] bytes = Files.readAllBytes(policy);
        check(policy, bytes);
        String signature = PolicySignature.sign(bytes, PolicySignature.privateKey(Options.required(o, "key")));
        Files.writeString(PolicySignature.signatureFileOf(policy), signature + "\n");
        out.println("signed " + policy + " -> " + PolicySignature.signatureFileOf(policy));
        return 0;
      }
      case "check" -> {
        Map<String, String> o = Options.parse(rest, "public-key");
        Path policy = file(o);
        byte[] bytes = Files.readAllBytes(policy);
        try {
          if (o.get("public-key") != null) {
            PolicySignature.verify(bytes, policy, PolicySignature.publicKey(o.get("public-key")));
          }
          int budgets = PolicyParser.parse(bytes).budgets().size();
          out.println(policy + ": valid, " + budgets + " budget(s)" + (o.get("public-key") != null ? ", signature verified" : ""));
          return 0;
        } catch (PolicyFormatException e) {
          out.println(policy + ": " + e.getMessage());
          return 1;
        }
      }
      default -> throw new IllegalArgumentException("unknown policy command '" + args[0] + "' (keygen, sign, check)");
    }
  }

  private static void check(Path policy, byte[] bytes) {
    try {
      PolicyParser.parse(bytes);
    } catch (PolicyFormatException e) {
      throw new IllegalArgumentException("not signing an invalid policy: " + policy + ": " + e.getMessage());
    }
  }

  private static Path file(Map<String, String> o) {
    String f = o.get("");
    if (f == null) {
      throw new IllegalArgumentException("the policy file is required");
    }
    return Path.of(f);
  }
}
