package io.tollgate.inference.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A few daemon threads that run the chunks of one job together with the calling thread. A decode step runs
 * about fifty jobs of tens of microseconds each, so hand-off cost matters: idle workers spin briefly before
 * parking, and chunks are claimed from a counter rather than queued.
 */
public final class WorkerPool implements AutoCloseable {
    /** How long an idle thread spins before parking: longer than the gap between two jobs of one step. */
    private static final long SPIN_NANOS = 50_000;

    private final Thread[] workers;
    private volatile Job job;
    private volatile boolean closed;

    /** @param threads threads that work on a job, the caller included */
    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::work, "tollgate-inference-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    public int threads() { return workers.length + 1; }

    /** Runs {@code body} for every chunk index in {@code [0, chunks)}; returns when all are done. */
    public void run(int chunks, IntConsumer body) {
        if (closed) throw new IllegalStateException("worker pool closed");
        if (chunks <= 0) return;
        if (workers.length == 0 || chunks == 1) {
            for (int c = 0; c < chunks; c++) body.accept(c);
            return;
        }
        Job j = new Job(body, chunks, Thread.currentThread());
        job = j;
        for (Thread w : workers) LockSupport.unpark(w);
        j.claimAll();
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (j.done.get() < chunks) {
            if (System.nanoTime() - spinUntil < 0) Thread.onSpinWait();
            else LockSupport.parkNanos(this, 100_000);
        }
        if (j.failure != null) throw new IllegalStateException("inference worker failed", j.failure);
    }

    private void work() {
        Job seen = null;
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (!closed) {
            Job j = job;
            if (j == seen) {
                if (System.nanoTime() - spinUntil < 0) Thread.onSpinWait();
                else LockSupport.park(this);
                continue;
            }
            seen = j;
            j.claimAll();
            spinUntil = System.nanoTime() + SPIN_NANOS;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }

    /** One job's own counters, so a worker that wakes late can never claim a chunk of the next job. */
    private static final class Job {
        final IntConsumer body;
        final int chunks;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(IntConsumer body, int chunks, Thread caller) {
            this.body = body;
            this.chunks = chunks;
            this.caller = caller;
        }

        /** Counts its chunks done once at the end: one contended write per thread rather than one per chunk. */
        void claimAll() {
            int c;
            int mine = 0;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    body.accept(c);
                } catch (Throwable t) {
                    failure = t;
                }
                mine++;
            }
            if (mine > 0 && done.addAndGet(mine) == chunks) LockSupport.unpark(caller);
        }
    }
}
