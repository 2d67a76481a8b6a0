package io.tollgate.gpu;

import io.tollgate.core.log.AgentLog;
import java.time.Duration;

/**
 * Reads the devices on each {@link #sample()}, or takes the snapshots a reader delivers itself,
 * and keeps the latest, which exporters and attribution read without waiting, and a history for
 * interpolating energy. Never throws.
 */
public final class GpuSampler implements AutoCloseable {
  private static final AgentLog LOG = AgentLog.get(GpuSampler.class);
  /** An hour at 1 Hz, six minutes at 10 Hz. */
  private static final int HISTORY = 4096;
  /** The most GPUs one server carries (HGX: 16); beyond it a device's energy is not kept for attribution. 1 MiB in all. */
  private static final int MAX_DEVICES = 16;

  /** A reader that delivers its snapshots is read this often only to notice that it went silent. */
  private static final Duration DELIVERED_CHECK = Duration.ofSeconds(1);

  private final GpuReader reader;
  private final SampleHistory history = new SampleHistory(HISTORY, MAX_DEVICES);
  private final boolean delivered;
  private volatile GpuSnapshot latest;
  private volatile long failures;
  private volatile long snapshots;

  public GpuSampler(GpuReader reader) {
    this.reader = reader;
    this.delivered = reader.deliverTo(this::accept);
  }

  /** Seeds the sampler with a snapshot already read (the probe's first read). */
  GpuSampler(GpuReader reader, GpuSnapshot first) {
    this(reader);
    accept(first);
  }

  public void sample() {
    try {
      accept(reader.read());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutting down: not a failure of the source
    } catch (Throwable t) {
      failures++;
      LOG.warnOnce("gpu-sample", "GPU sampling through " + reader.source()
          + " failed (last readings kept; further failures are counted silently): " + t);
    }
  }

  private synchronized void accept(GpuSnapshot snapshot) {
    GpuSnapshot last = latest;
    if (last != null && snapshot.nanoTime() - last.nanoTime() <= 0) {
      return; // nothing newer: nvidia-smi's loop has not printed since, or delivered it already
    }
    history.add(snapshot);
    latest = snapshot;
    snapshots++;
  }

  /**
   * How often {@link #sample} should run for readings every {@code period}: that period, or, for a
   * reader that delivers its snapshots itself, once a second (or the period if longer).
   */
  public Duration samplePeriod(Duration period) {
    return delivered && period.compareTo(DELIVERED_CHECK) < 0 ? DELIVERED_CHECK : period;
  }

  /** Snapshots taken so far (a sample that found nothing new is not one). */
  public long snapshots() {
    return snapshots;
  }

  /** The last snapshot read, or null before the first. */
  public GpuSnapshot latest() {
    return latest;
  }

  public SampleHistory history() {
    return history;
  }

  public String source() {
    return reader.source();
  }

  public long failures() {
    return failures;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (Throwable t) {
      LOG.debug("closing " + reader.source() + ": " + t);
    }
  }
}
