package io.tollgate.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * GPU time and energy of in-process inference requests. {@link #begin} when a request starts
 * computing on a device, {@link #end} when it stops: the device's energy over that time
 * (interpolated between samples) and the time itself are shared among the requests running on
 * the device at each moment, equally, so concurrent requests add up to the device's total.
 */
public final class GpuAttribution {
  /** A request in progress; hand it back to {@link #end}. */
  public record Token(int device, long startNanos, long sequence) {}

  /** The number of requests running on a device from {@code nanoTime} on. */
  private record Change(long nanoTime, long sequence, int running) {}

  private final SampleHistory history;
  private final Supplier<GpuSnapshot> latest;
  private final LongSupplier clock;
  private final List<List<Change>> changes = new ArrayList<>();
  private final List<List<Token>> running = new ArrayList<>();
  private long sequence;

  public GpuAttribution(SampleHistory history, Supplier<GpuSnapshot> latest, LongSupplier clock) {
    this.history = history;
    this.latest = latest;
    this.clock = clock;
  }

  public GpuAttribution(SampleHistory history, Supplier<GpuSnapshot> latest) {
    this(history, latest, System::nanoTime);
  }

  public synchronized Token begin(int device) {
    List<Change> log = log(device);
    List<Token> active = running.get(device);
    Token token = new Token(device, clock.getAsLong(), ++sequence);
    active.add(token);
    log.add(new Change(token.startNanos(), token.sequence(), active.size()));
    return token;
  }

  public synchronized GpuUsage end(Token token) {
    List<Change> log = log(token.device());
    List<Token> active = running.get(token.device());
    if (!active.remove(token)) {
      throw new IllegalArgumentException("request already ended or never begun: " + token);
    }
    long now = clock.getAsLong();
    log.add(new Change(now, ++sequence, active.size()));
    double seconds = 0;
    double joules = 0;
    int from = 0;
    while (log.get(from).sequence() != token.sequence()) {
      from++;
    }
    for (int i = from; i < log.size() - 1; i++) {
      Change c = log.get(i);
      long until = log.get(i + 1).nanoTime();
      seconds += (until - c.nanoTime()) / 1e9 / c.running();
      joules += (history.energyAt(token.device(), until) - history.energyAt(token.device(), c.nanoTime())) / c.running();
    }
    forgetBefore(log, active);
    GpuSnapshot snapshot = latest.get();
    GpuReading device = snapshot == null ? null : snapshot.device(token.device());
    return new GpuUsage(seconds, joules, device == null ? null : device.name());
  }

  /** Keeps only the changes that a running request may still need. */
  private static void forgetBefore(List<Change> log, List<Token> active) {
    long oldest = Long.MAX_VALUE;
    for (Token t : active) {
      oldest = Math.min(oldest, t.sequence());
    }
    int keepFrom = 0;
    while (keepFrom < log.size() && log.get(keepFrom).sequence() < oldest) {
      keepFrom++;
    }
    log.subList(0, keepFrom).clear();
  }

  private List<Change> log(int device) {
    while (changes.size() <= device) {
      changes.add(new ArrayList<>());
      running.add(new ArrayList<>());
    }
    return changes.get(device);
  }
}
