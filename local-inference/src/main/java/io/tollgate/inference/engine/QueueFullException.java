package io.tollgate.inference.engine;

/** The engine's request queue is full: the request was not accepted (an HTTP server answers 429). */
public final class QueueFullException extends RuntimeException {

    public QueueFullException(int capacity) {
        super("the inference engine's queue is full (" + capacity + " requests waiting); retry later");
    }
}
