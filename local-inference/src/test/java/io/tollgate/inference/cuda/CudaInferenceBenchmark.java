package io.tollgate.inference.cuda;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.InMemoryTensors;
import io.tollgate.inference.model.BenchmarkTimings;
import io.tollgate.inference.model.ModelSpec;
import io.tollgate.inference.model.RandomModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decode speed of a ~100M-parameter generated model on the GPU at batch 1 and 8, and its share of the device's
 * theoretical memory bandwidth (memory clock x bus width x 2 from cuDeviceGetAttribute). Run with
 * {@code benchmarks/run-local-inference.sh --cuda}; properties {@code -Dtypes=F32,Q8_0}, {@code -Dprompt=128},
 * {@code -Dsteps=64}. Without a usable GPU it prints why and exits.
 */
public final class CudaInferenceBenchmark {
    private static final int VOCABULARY = 32000;

    public static void main(String[] args) {
        String reason = Cuda.unavailableReason();
        if (reason != null) {
            System.out.println("CUDA benchmark not run: no usable GPU here (" + reason + ")");
            return;
        }
        int promptLength = Integer.getInteger("prompt", 128);
        int steps = Integer.getInteger("steps", 64);
        List<String> rows = new ArrayList<>();
        for (String name : System.getProperty("types", "F32,Q8_0").split(",")) {
            GgmlType type = GgmlType.valueOf(name.trim());
            InMemoryTensors source = RandomModel.build(ModelSpec.hundredMillion(type, VOCABULARY), Map.of());
            try (CudaLlamaModel model = CudaLlamaModel.load(source)) {
                source = null;
                System.out.printf("%s: %,d parameters, %.1f MB of weights read per decode step (F32 on the device), %s%n",
                        type, model.info().parameterCount(), model.decodeBytes() / 1e6, model.backend());
                // the first prefill pass allocates (the kernels were compiled by load)
                int[] prompt = BenchmarkTimings.tokens(promptLength, 3, VOCABULARY);
                double prefill = promptLength / BenchmarkTimings.bestPrefillSeconds(model, prompt);
                for (int batch : new int[] {1, 8}) {
                    double[] times = BenchmarkTimings.sortedDecodeStepSeconds(model, batch, steps, 8, VOCABULARY);
                    double step = times[steps / 2];
                    double bandwidth = model.decodeBytes() / step;
                    rows.add(String.format("| %s | %.0f | %d | %.1f | %.3f | %.0f | %.0f%% |", type, prefill, batch,
                            batch / step, step * 1e3, bandwidth / 1e9, 100 * bandwidth / model.peakBandwidth()));
                }
            }
        }
        System.out.println();
        System.out.println("| type | prefill tok/s (" + promptLength + ") | batch | decode tok/s | ms/step | weights GB/s "
                + "| of roofline |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|");
        rows.forEach(System.out::println);
    }
}
