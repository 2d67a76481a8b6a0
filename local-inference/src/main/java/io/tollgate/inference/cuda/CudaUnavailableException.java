package io.tollgate.inference.cuda;

/** CUDA cannot be used here; the message is the reason, on one line. */
public final class CudaUnavailableException extends RuntimeException {
    public CudaUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
