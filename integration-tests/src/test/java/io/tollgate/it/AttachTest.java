package io.tollgate.it;

import static io.tollgate.testing.loopback.ProviderLoopbackServer.CHAT_COMPLETIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import io.tollgate.it.app.AttachLaterApp;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.Reply;
import io.tollgate.testing.loopback.UsagePlan;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent attached to a JVM that is already running (Agent-Class), as an operator would with jcmd. */
class AttachTest {
  @TempDir Path dir;

  @Test
  void attachedAgentRecordsCallsOfClientsBuiltAfterwards() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(500, 50)));
      Path go = dir.resolve("go");
      Path ledger = dir.resolve("ledger.jsonl");
      Process app = new ProcessBuilder(AgentJvm.JDK17.resolve("bin/java").toString(),
          "-cp", String.join(File.pathSeparator, AgentJvm.applicationClasspath()),
          AttachLaterApp.class.getName(), go.toString(), server.baseUrl(), "chat")
          .redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream()));
        String ready = out.readLine();
        assertTrue(ready != null && ready.startsWith("READY "), String.valueOf(ready));
        VirtualMachine vm = VirtualMachine.attach(ready.substring("READY ".length()).trim());
        try {
          vm.loadAgent(AgentJvm.agentJar().toString(),
              "providers.openai.base-urls=" + server.openAiBaseUrl() + ",ledger.path=" + ledger);
        } finally {
          vm.detach();
        }
        Files.createFile(go);
        StringBuilder rest = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
          rest.append(line).append('\n');
        }
        assertTrue(app.waitFor(60, TimeUnit.SECONDS));
        assertTrue(rest.toString().contains("RESULT chat ok"), rest.toString());
        List<JsonNode> records = Ledger.read(ledger);
        assertEquals(1, records.size(), rest.toString());
        assertEquals(500 * 0.15 / 1e6 + 50 * 0.60 / 1e6, records.get(0).get("cost").get("amount").asDouble(), 1e-9);
      } finally {
        app.destroyForcibly();
      }
    }
  }
}
