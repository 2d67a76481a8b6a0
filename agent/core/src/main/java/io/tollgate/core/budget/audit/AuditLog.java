package io.tollgate.core.budget.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.core.budget.Admission;
import io.tollgate.core.budget.BudgetAlert;
import io.tollgate.core.budget.BudgetListener;
import io.tollgate.core.budget.CallFacts;
import io.tollgate.core.budget.Refusal;
import io.tollgate.core.log.AgentLog;
import io.tollgate.core.log.LineFile;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

/**
 * The security team's record of what the budget engine did: every policy load, reload and rejection,
 * every block, clamp, downgrade and alert, one JSON object per line. Blocks and alerts also go to
 * the agent's log.
 */
public final class AuditLog implements BudgetListener {
  private static final AgentLog LOG = AgentLog.get(AuditLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LineFile file;

  public AuditLog(LineFile file) {
    this.file = file;
  }

  public void flush() {
    file.flush();
  }

  public void policyLoaded(String path, String digest, boolean signed, int budgets, boolean reload) {
    write(reload ? "policy_reloaded" : "policy_loaded", g -> {
      g.writeStringField("path", path);
      g.writeStringField("sha256", digest);
      g.writeBooleanField("signed", signed);
      g.writeNumberField("budgets", budgets);
    });
  }

  public void policyRejected(String path, String error, boolean keptPrevious) {
    write("policy_rejected", g -> {
      g.writeStringField("path", path);
      g.writeStringField("error", error);
      g.writeStringField("in_force", keptPrevious ? "previous policy" : "none");
    });
  }

  @Override
  public void blocked(CallFacts facts, Admission admission) {
    Refusal r = admission.refusal();
    LOG.warnOnce("block:" + r.budget() + ":" + r.scopeValue(), "blocked an LLM call: " + r.message()
        + " (further blocks by this budget go to the audit log only)");
    write("block", g -> {
      call(g, facts);
      g.writeStringField("budget", r.budget());
      g.writeStringField("scope_value", r.scopeValue());
      g.writeStringField("limit", r.limit());
      g.writeStringField("spent", r.spent());
      g.writeStringField("resets_at", r.resetsAt() == null ? null : r.resetsAt().toString());
      g.writeStringField("message", r.message());
    });
  }

  @Override
  public void changed(CallFacts facts, Admission admission) {
    write(admission.decision().wire(), g -> {
      call(g, facts);
      g.writeObjectField("budgets", admission.budgets());
      if (admission.maxOutputTokens() != null) {
        g.writeNumberField("max_output_tokens", admission.maxOutputTokens());
      }
      if (admission.model() != null) {
        g.writeStringField("model_sent", admission.model());
      }
    });
  }

  @Override
  public void alerted(BudgetAlert alert) {
    LOG.warn("budget '" + alert.budget() + "'" + (alert.scopeValue() == null ? "" : " for '" + alert.scopeValue() + "'")
        + " passed " + alert.thresholdPercent() + "% of its limit (" + String.format(java.util.Locale.ROOT, "%.1f", alert.utilizationPercent()) + "%)");
    write("alert", g -> {
      g.writeStringField("budget", alert.budget());
      g.writeStringField("scope_value", alert.scopeValue());
      g.writeNumberField("threshold_percent", alert.thresholdPercent());
      g.writeNumberField("utilization_percent", alert.utilizationPercent());
    });
  }

  private static void call(JsonGenerator g, CallFacts facts) throws IOException {
    g.writeStringField("provider", facts.attributes().get("provider"));
    g.writeStringField("model", facts.model());
    g.writeObjectFieldStart("attributes");
    for (Map.Entry<String, String> e : facts.attributes().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private void write(String event, Fields fields) {
    try {
      StringWriter out = new StringWriter(256);
      try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("ts", Instant.now().toString());
        g.writeStringField("event", event);
        fields.write(g);
        g.writeEndObject();
      }
      file.append(out.toString());
    } catch (IOException | RuntimeException e) {
      LOG.warnOnce("audit", "cannot write the audit log: " + e);
    }
  }
}
