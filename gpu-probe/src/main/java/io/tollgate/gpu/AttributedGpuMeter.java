package io.tollgate.gpu;

import io.tollgate.core.local.GpuMeter;

/**
 * Gives the agent's local-call recorder each GPU call's share of device 0's time and energy. One device: the
 * in-process engines run on one GPU today and say nothing about which; a multi-GPU engine would pass its index.
 */
public final class AttributedGpuMeter implements GpuMeter {
  private final GpuAttribution attribution;

  public AttributedGpuMeter(GpuSampler sampler) {
    this.attribution = new GpuAttribution(sampler.history(), sampler::latest);
  }

  @Override
  public Object begin() {
    return attribution.begin(0);
  }

  @Override
  public GpuShare end(Object begun) {
    if (!(begun instanceof GpuAttribution.Token token)) {
      return null;
    }
    GpuUsage usage = attribution.end(token);
    return new GpuShare(usage.gpuSeconds(), Double.isNaN(usage.energyJoules()) ? null : usage.energyJoules(),
        usage.deviceModel());
  }
}
