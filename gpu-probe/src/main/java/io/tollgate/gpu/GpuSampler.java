package io.tollgate.gpu;

import io.tollgate.core.log.AgentLog;

/**
 * Reads the devices on each {@link #sample()} and keeps the latest snapshot, which exporters and
 * attribution read without waiting, and a history for interpolating energy. Never throws.
 */
public final class GpuSampler implements AutoCloseable {
  private static final AgentLog LOG = AgentLog.get(GpuSampler.class);
  /** An hour at 1 Hz, six minutes at 10 Hz. */
  private static final int HISTORY = 4096;
  private static final int MAX_DEVICES = 64;

  private final GpuReader reader;
  private final SampleHistory history = new SampleHistory(HISTORY, MAX_DEVICES);
  private volatile GpuSnapshot latest;
  private volatile long failures;

  public GpuSampler(GpuReader reader) {
    this.reader = reader;
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

  private void accept(GpuSnapshot snapshot) {
    if (snapshot == latest) {
      return; // nothing new since the last sample (nvidia-smi's loop had not printed yet)
    }
    history.add(snapshot);
    latest = snapshot;
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
