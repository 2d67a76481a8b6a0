package io.tollgate.it.app;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import java.util.Iterator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An ordinary application using the real google-genai SDK (no Tollgate code) against a loopback
 * base URL; prints one {@code RESULT name outcome} line per scenario.
 */
public final class GeminiApp {
  private static final GenerateContentConfig CONFIG = GenerateContentConfig.builder().maxOutputTokens(1024).build();

  private final String baseUrl;
  private final Client gemini;

  private GeminiApp(String baseUrl) {
    this.baseUrl = baseUrl;
    this.gemini = Client.builder().apiKey("test-key")
        .httpOptions(HttpOptions.builder().baseUrl(baseUrl).build()).build();
  }

  public static void main(String[] args) {
    GeminiApp app = new GeminiApp(args[0]);
    for (int i = 1; i < args.length; i++) {
      String name = args[i];
      String outcome;
      try {
        outcome = "ok " + app.run(name);
      } catch (Throwable t) {
        outcome = "threw " + t.getClass().getName() + ": " + t.getMessage();
      }
      System.out.println("RESULT " + name + " " + outcome);
    }
    System.exit(0);
  }

  String run(String scenario) throws Exception {
    return switch (scenario) {
      case "generate" -> gemini.models.generateContent("gemini-2.5-flash", "Why is the sky blue?", CONFIG).text();
      case "stream" -> stream(Integer.MAX_VALUE);
      case "stream-cancel" -> stream(3);
      case "vertex" -> vertex();
      case "json-array-stream" -> jsonArrayStream();
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  /** Reads at most {@code chunks} chunks, then closes the stream. */
  private String stream(int chunks) {
    StringBuilder text = new StringBuilder();
    int read = 0;
    try (ResponseStream<GenerateContentResponse> stream =
        gemini.models.generateContentStream("gemini-2.5-pro", "Tell me a story.", CONFIG)) {
      Iterator<GenerateContentResponse> it = stream.iterator();
      while (read < chunks && it.hasNext()) {
        text.append(it.next().text());
        read++;
      }
    }
    return "read " + read + " chunks: " + text;
  }

  /** Vertex AI's path shape (projects/…/publishers/google/models/…), with a fixed token instead of real credentials. */
  private String vertex() {
    Client vertex = Client.builder().vertexAI(true).project("acme").location("us-central1")
        .credentials(GoogleCredentials.create(new AccessToken("test-token", null)))
        .httpOptions(HttpOptions.builder().baseUrl(baseUrl).build()).build();
    return vertex.models.generateContent("gemini-2.5-flash", "Hello Vertex.", CONFIG).text();
  }

  /** streamGenerateContent without alt=sse: one JSON array, read to its end. */
  private String jsonArrayStream() throws Exception {
    OkHttpClient client = new OkHttpClient.Builder().build();
    Request request = new Request.Builder()
        .url(baseUrl + "/v1beta/models/gemini-2.5-flash:streamGenerateContent")
        .post(RequestBody.create("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Count to five.\"}]}]}",
            MediaType.get("application/json")))
        .build();
    try (Response response = client.newCall(request).execute()) {
      return response.code() + " " + response.body().string().length() + " bytes";
    }
  }
}
