package io.tollgate.core.budget.policy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures of policy files (JDK only). The signature of {@code policy.yaml} is the base64
 * text in {@code policy.yaml.sig}, over the file's exact bytes. Keys are PEM ({@code PUBLIC KEY},
 * {@code PRIVATE KEY}) or the same base64 DER inline, so {@code openssl genpkey -algorithm ed25519}
 * keys work as they are.
 */
public final class PolicySignature {
  private static final String ALGORITHM = "Ed25519";

  private PolicySignature() {}

  public static Path signatureFileOf(Path policy) {
    return policy.resolveSibling(policy.getFileName() + ".sig");
  }

  /** Accepts a PEM file's path or the base64 DER itself. */
  public static PublicKey publicKey(String pathOrBase64) throws PolicyFormatException {
    try {
      byte[] der = der(pathOrBase64, "PUBLIC KEY");
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
      throw new PolicyFormatException("tollgate.policy.public-key is not an Ed25519 public key (PEM file or base64 DER): " + e.getMessage(), e);
    }
  }

  public static PrivateKey privateKey(String pathOrBase64) throws GeneralSecurityException, java.io.IOException {
    return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pathOrBase64, "PRIVATE KEY")));
  }

  /** Throws with the reason when {@code bytes} are not signed by {@code key}. */
  public static void verify(byte[] bytes, Path policy, PublicKey key) throws PolicyFormatException {
    Path sigFile = signatureFileOf(policy);
    if (!Files.isRegularFile(sigFile)) {
      throw new PolicyFormatException("policy is not signed: " + sigFile + " is missing and a public key is configured");
    }
    try {
      byte[] sig = Base64.getMimeDecoder().decode(Files.readString(sigFile, StandardCharsets.US_ASCII).trim());
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(bytes);
      if (!verifier.verify(sig)) {
        throw new PolicyFormatException("policy signature does not match its content (tampered, or signed with another key): " + sigFile);
      }
    } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
      throw new PolicyFormatException("policy signature " + sigFile + " cannot be checked: " + e.getMessage(), e);
    }
  }

  public static String sign(byte[] bytes, PrivateKey key) throws GeneralSecurityException {
    Signature signer = Signature.getInstance(ALGORITHM);
    signer.initSign(key);
    signer.update(bytes);
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] der(String pathOrBase64, String type) throws java.io.IOException {
    String text = pathOrBase64.trim();
    if (!text.startsWith("-----") && !looksLikeBase64(text)) {
      text = Files.readString(Path.of(text), StandardCharsets.US_ASCII);
    }
    text = text.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", "");
    return Base64.getMimeDecoder().decode(text.trim());
  }

  private static boolean looksLikeBase64(String s) {
    return s.length() >= 40 && s.matches("[A-Za-z0-9+/=\\s]+");
  }
}
