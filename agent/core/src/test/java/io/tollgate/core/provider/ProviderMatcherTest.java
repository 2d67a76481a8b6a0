package io.tollgate.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.config.ConfigException;
import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.WireFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderMatcherTest {
  private static final Operation CHAT = new Operation("chat", "chat.completions");

  /** A format that knows one path, enough to test routing. */
  private static WireFormat format(String id, String path) {
    return new WireFormat() {
      @Override public String id() { return id; }
      @Override public Operation operation(String method, String p) { return p.equals(path) ? CHAT : null; }
      @Override public JsonPaths requestPaths() { return JsonPaths.of(); }
      @Override public RequestFacts readRequest(JsonLeaves r) { return RequestFacts.UNKNOWN; }
      @Override public JsonPaths responsePaths(Operation o) { return JsonPaths.of(); }
      @Override public ResponseFacts readResponse(Operation o, JsonLeaves r) { return ResponseFacts.NONE; }
      @Override public io.tollgate.core.wire.StreamAccumulator newStream(Operation o) { throw new UnsupportedOperationException(); }
    };
  }

  private static final Map<String, WireFormat> FORMATS = Map.of(
      "openai", format("openai", "/chat/completions"), "anthropic", format("anthropic", "/messages"),
      "gemini", geminiLike());

  /** Knows any path ending in {@code :generateContent}, and names the model before it. */
  private static WireFormat geminiLike() {
    WireFormat base = format("gemini", "");
    return new WireFormat() {
      @Override public String id() { return "gemini"; }
      @Override public Operation operation(String method, String p) { return p.endsWith(":generateContent") ? CHAT : null; }
      @Override public String modelFromPath(String p) { return p.substring(p.lastIndexOf('/') + 1, p.lastIndexOf(':')); }
      @Override public JsonPaths requestPaths() { return base.requestPaths(); }
      @Override public RequestFacts readRequest(JsonLeaves r) { return base.readRequest(r); }
      @Override public JsonPaths responsePaths(Operation o) { return base.responsePaths(o); }
      @Override public ResponseFacts readResponse(Operation o, JsonLeaves r) { return base.readResponse(o, r); }
      @Override public io.tollgate.core.wire.StreamAccumulator newStream(Operation o) { return base.newStream(o); }
    };
  }

  @Test
  void builtInProviders() {
    ProviderMatcher m = ProviderMatcher.create(AgentConfig.of(Map.of()), FORMATS);
    ProviderEndpoint openai = m.match("POST", "https://api.openai.com/v1/chat/completions");
    assertEquals("openai", openai.providerName());
    assertEquals("api.openai.com", openai.serverAddress());
    assertEquals(443, openai.serverPort());
    assertEquals("anthropic", m.match("POST", "https://api.anthropic.com/v1/messages").providerName());
    assertNull(m.match("POST", "https://api.openai.com/v1/files"), "not a billable path");
    assertNull(m.match("GET", "https://example.com/v1/chat/completions"), "other hosts pass");
    assertNull(m.match("POST", "https://api.openai.com.evil.com/v1/chat/completions"));
  }

  @Test
  void aRepeatedUrlGetsTheSameAnswerForItsOwnMethod() {
    ProviderMatcher m = ProviderMatcher.create(AgentConfig.of(Map.of()), FORMATS);
    String url = "https://acme.openai.azure.com/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21";
    ProviderEndpoint first = m.match("POST", url);
    assertEquals(first, m.match("POST", url));
    assertEquals("prod-gpt4o", m.match("POST", url).modelFromPath());
    assertEquals(ProviderMatcher.create(AgentConfig.of(Map.of()), FORMATS).match("GET", url), m.match("GET", url),
        "another method on a remembered URL is matched afresh");
    assertNull(m.match("POST", "https://api.openai.com/v1/files"));
    assertNull(m.match("POST", "https://api.openai.com/v1/files"), "a miss stays a miss");
  }

  @Test
  void aUrlWithACredentialInItIsMatchedButNotKept() {
    ProviderMatcher m = ProviderMatcher.create(
        AgentConfig.of(Map.of("providers.openai.base-urls", "https://llm-gw.corp/v1")), FORMATS);
    String withUser = "https://svc:s3cret@llm-gw.corp/v1/chat/completions";
    assertEquals("openai", m.match("POST", withUser).format().id());
    assertEquals("openai", m.match("POST", withUser).format().id());
    assertEquals(0, m.rememberedUrls(), "the password is not held in the matcher's memory");
    m.match("POST", "https://llm-gw.corp/v1/chat/completions?key=abc");
    assertEquals(1, m.rememberedUrls(), "a URL without user info is remembered, without its query");
  }

  @Test
  void azureDeploymentNamesTheModel() {
    ProviderMatcher m = ProviderMatcher.create(AgentConfig.of(Map.of()), FORMATS);
    ProviderEndpoint e = m.match("POST", "https://acme.openai.azure.com/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21");
    assertEquals("azure.ai.openai", e.providerName());
    assertEquals("prod-gpt4o", e.modelFromPath());
    assertEquals("azure.ai.openai", m.match("POST", "https://acme.openai.azure.com/openai/v1/chat/completions").providerName());
  }

  @Test
  void geminiAndVertexHosts() {
    ProviderMatcher m = ProviderMatcher.create(AgentConfig.of(Map.of()), FORMATS);
    ProviderEndpoint g = m.match("POST", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    assertEquals("gcp.gemini", g.providerName());
    assertEquals("gemini", g.format().id());
    assertEquals("gemini-2.5-flash", g.modelFromPath());
    ProviderEndpoint v = m.match("POST",
        "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent");
    assertEquals("gcp.vertex_ai", v.providerName());
    assertEquals("us-central1-aiplatform.googleapis.com", v.serverAddress());
    assertEquals("gemini-2.5-pro", v.modelFromPath());
    assertEquals("gcp.vertex_ai", m.match("POST",
        "https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-pro:generateContent").providerName());
    assertNull(m.match("POST", "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/l/operations/1"));
    assertNull(m.match("POST", "https://storage.googleapis.com/v1beta/models/x:generateContent"), "another Google host");
    assertNull(m.match("POST", "https://x-aiplatform.googleapis.com.evil.com/v1/models/x:generateContent"));
    assertEquals("gcp.gemini", ProviderMatcher.create(AgentConfig.of(Map.of(
        "providers.gemini.base-urls", "http://127.0.0.1:9000")), FORMATS)
        .match("POST", "http://127.0.0.1:9000/v1beta/models/gemini-2.5-flash:generateContent").providerName(),
        "a configured Gemini endpoint is recorded under the provider name the built-in host gets");
  }

  @Test
  void configuredBaseUrlsWithNamesAndSharedHosts() {
    ProviderMatcher m = ProviderMatcher.create(AgentConfig.of(Map.of(
        "providers.openai.base-urls", "http://127.0.0.1:8000/v1, https://llm-gw.corp/v1",
        "providers.anthropic.base-urls", "https://llm-gw.corp/v1",
        "providers.vllm.format", "openai",
        "providers.vllm.base-urls", "http://10.0.0.5:9000/v1")), FORMATS);
    assertEquals("openai", m.match("POST", "http://127.0.0.1:8000/v1/chat/completions").providerName());
    assertEquals("openai", m.match("POST", "https://llm-gw.corp/v1/chat/completions").providerName());
    assertEquals("anthropic", m.match("POST", "https://llm-gw.corp/v1/messages").providerName(), "one gateway, two formats");
    assertEquals("vllm", m.match("POST", "http://10.0.0.5:9000/v1/chat/completions").providerName());
    assertNull(m.match("POST", "http://127.0.0.1:8001/v1/chat/completions"), "another port");
    assertNull(m.match("POST", "http://127.0.0.1:8000/v2/chat/completions"), "another base path");
  }

  @Test
  void aProviderSetOnlyInTheEnvironmentIsMatched() {
    ProviderMatcher m = ProviderMatcher.create(AgentConfig.load(null, Map.of(
        "TOLLGATE_PROVIDERS_DEEPSEEK_FORMAT", "openai",
        "TOLLGATE_PROVIDERS_DEEPSEEK_BASE_URLS", "https://api.deepseek.com/v1",
        "TOLLGATE_PROVIDERS_DEEPSEEK_SELF_HOSTED", "true"), Map.of()), FORMATS);
    ProviderEndpoint e = m.match("POST", "https://api.deepseek.com/v1/chat/completions");
    assertEquals("deepseek", e.providerName());
    assertTrue(e.selfHosted());
  }

  @Test
  void badConfigurationNamesTheSetting() {
    ConfigException e = assertThrows(ConfigException.class, () -> ProviderMatcher.create(
        AgentConfig.of(Map.of("providers.groq.base-urls", "https://api.groq.com/openai/v1")), FORMATS));
    assertTrue(e.getMessage().contains("tollgate.providers.groq"), e.getMessage());
    assertThrows(ConfigException.class, () -> ProviderMatcher.create(
        AgentConfig.of(Map.of("providers.openai.base-urls", "not a url")), FORMATS));
  }
}
