package io.tollgate.inference.cuda;

/** Whether this JVM can run models on a CUDA device, found out once per JVM. */
public final class Cuda {
    private static boolean probed;
    private static String reason;

    private Cuda() {}

    /**
     * Null when device 0 opens and the kernels compile, else why not, on one line: e.g. "no CUDA driver (libcuda.so.1
     * not found ...)", "no CUDA device ...", "NVRTC failed: ...". Native code is loaded only when the libraries JCuda
     * links against are all present.
     */
    public static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            try (CudaDevice device = CudaDevice.open()) {
                reason = null;
            } catch (CudaUnavailableException e) {
                reason = e.getMessage();
            } catch (RuntimeException | LinkageError e) {
                reason = CudaDevice.oneLine(e);
            }
        }
        return reason;
    }
}
