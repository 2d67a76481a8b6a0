package io.tollgate.core.budget.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.core.budget.Amount;
import io.tollgate.core.budget.BudgetEngine;
import io.tollgate.core.budget.JournalSink;
import io.tollgate.core.budget.Reservation;
import io.tollgate.core.log.AgentLog;
import io.tollgate.core.log.LineFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The budget engine's append-only journal, so spend survives a restart (format: README "Budgets").
 *
 * <p>Each reservation is written when it is made ({@code R}, with its worst case and the budgets it
 * holds) and again when it ends ({@code S} settled at the real amount, {@code X} released). At start
 * a reservation with no end (the process died while the call was in flight) counts at its worst
 * case: a crash can only make a budget stricter. Lines reach the file every flush interval, so a
 * {@code kill -9} forgets at most the decisions of that last interval. At start the file is
 * compacted to one {@code C} line per call that can still count (the last 32 days).
 */
public final class SpendJournal implements JournalSink {
  private static final AgentLog LOG = AgentLog.get(SpendJournal.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration KEEP = Duration.ofDays(32);

  private final LineFile file;

  public SpendJournal(LineFile file) {
    this.file = file;
  }

  public Path path() {
    return file.path();
  }

  public void flush() {
    file.flush();
  }

  // the application's thread only queues these; their lines are formatted when the file is flushed
  private record Reserved(Reservation r) {
    @Override public String toString() { return line("R", r.id(), r.atMillis(), r.amount(), r.accountNames()); }
  }

  private record Settled(Reservation r, Amount actual) {
    @Override public String toString() { return line("S", r.id(), -1, actual, null); }
  }

  private record Released(Reservation r) {
    @Override public String toString() { return "{\"op\":\"X\",\"id\":" + quote(r.id()) + "}"; }
  }

  @Override
  public void reserved(Reservation r) {
    file.append(new Reserved(r));
  }

  @Override
  public void settled(Reservation r, Amount actual) {
    file.append(new Settled(r, actual));
  }

  @Override
  public void released(Reservation r) {
    file.append(new Released(r));
  }

  /** Feeds what the journal holds into {@code engine}, then compacts the file. Returns the calls restored. */
  public int restoreInto(BudgetEngine engine, long nowMillis) throws IOException {
    List<String> compacted = new ArrayList<>();
    int restored = replay(file.path(), engine, nowMillis, compacted);
    file.rewrite(compacted);
    return restored;
  }

  /** Feeds a journal into {@code engine} without touching the file (the {@code budgets} command, while an agent may write it). */
  public static int replay(Path path, BudgetEngine engine, long nowMillis) throws IOException {
    return replay(path, engine, nowMillis, new ArrayList<>());
  }

  private static int replay(Path path, BudgetEngine engine, long nowMillis, List<String> compacted) throws IOException {
    Map<String, Entry> entries = read(path);
    int restored = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry entry = e.getValue();
      if (entry.released || entry.atMillis < nowMillis - KEEP.toMillis()) {
        continue;
      }
      Amount amount = entry.settled != null ? entry.settled : entry.reserved;
      for (String[] acc : entry.accounts) {
        engine.restore(acc[0], acc[1], amount, entry.atMillis);
      }
      compacted.add(line("C", e.getKey(), entry.atMillis, amount, entry.accounts));
      restored++;
    }
    return restored;
  }

  /** The journal's calls by id, in file order; torn or unreadable lines are skipped and counted. */
  static Map<String, Entry> read(Path path) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (!Files.exists(path)) {
      return entries;
    }
    int skipped = 0;
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(line);
          String op = n.path("op").asText();
          String id = n.path("id").asText();
          switch (op) {
            case "R", "C" -> {
              Entry entry = new Entry(n.path("t").asLong(), amount(n), accounts(n));
              if (op.equals("C")) {
                entry.settled = entry.reserved;
              }
              entries.put(id, entry);
            }
            case "S" -> {
              Entry entry = entries.get(id);
              if (entry != null) {
                entry.settled = amount(n);
              }
            }
            case "X" -> {
              Entry entry = entries.get(id);
              if (entry != null) {
                entry.released = true;
              }
            }
            default -> skipped++;
          }
        } catch (IOException | RuntimeException torn) {
          skipped++;
        }
      }
    }
    if (skipped > 0) {
      LOG.warn("budget journal " + path + ": skipped " + skipped + " unreadable line(s) (a line cut short by a kill is expected)");
    }
    return entries;
  }

  static final class Entry {
    final long atMillis;
    final Amount reserved;
    final List<String[]> accounts;
    Amount settled;
    boolean released;

    Entry(long atMillis, Amount reserved, List<String[]> accounts) {
      this.atMillis = atMillis;
      this.reserved = reserved;
      this.accounts = accounts;
    }
  }

  private static Amount amount(JsonNode n) {
    return new Amount(n.path("usd").asDouble(), n.path("tok").asLong(), n.path("req").asLong());
  }

  private static List<String[]> accounts(JsonNode n) {
    List<String[]> out = new ArrayList<>();
    for (JsonNode a : n.path("acc")) {
      out.add(new String[] {a.path(0).asText(), a.path(1).asText()});
    }
    return out;
  }

  private static String line(String op, String id, long at, Amount a, List<String[]> accounts) {
    StringBuilder b = new StringBuilder(160).append("{\"op\":\"").append(op).append("\",\"id\":").append(quote(id));
    if (at >= 0) {
      b.append(",\"t\":").append(at);
    }
    b.append(",\"usd\":").append(a.usd()).append(",\"tok\":").append(a.tokens()).append(",\"req\":").append(a.requests());
    if (accounts != null) {
      b.append(",\"acc\":[");
      for (int i = 0; i < accounts.size(); i++) {
        b.append(i == 0 ? "[" : ",[").append(quote(accounts.get(i)[0])).append(',').append(quote(accounts.get(i)[1])).append(']');
      }
      b.append(']');
    }
    return b.append('}').toString();
  }

  private static String quote(String s) {
    return '"' + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
