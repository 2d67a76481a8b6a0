package io.tollgate.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void runsEveryChunkOnceJobAfterJob() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int job = 0; job < 2_000; job++) {
                int chunks = 1 + job % 37;
                AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
                pool.run(chunks, runs::incrementAndGet);
                for (int c = 0; c < chunks; c++) assertEquals(1, runs.get(c), "job " + job + " chunk " + c);
            }
        }
    }

    @Test
    void reportsAFailedChunkToTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(8, c -> {
                if (c == 5) throw new ArithmeticException("chunk 5");
            }));
            assertEquals("chunk 5", e.getCause().getMessage());
            pool.run(4, c -> {}); // still usable
        }
    }
}
