package io.tollgate.inference.engine;

import io.tollgate.inference.tokenizer.ChatMessage;

import io.tollgate.inference.model.KvCache;
import io.tollgate.inference.model.LanguageModel;
import io.tollgate.inference.model.ModelInfo;
import io.tollgate.inference.tokenizer.Tokenizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Runs generation requests on one model with continuous batching: a scheduler thread owns the model; each
 * step it prefills (a chunk of) one waiting prompt, then every sequence past prefill takes one decode step
 * together. Sequences join and leave between steps. Finished sequences' KV caches feed a prefix cache; every
 * other cache is closed when its sequence ends, and the kept ones when the engine closes, so a GPU cache's memory
 * does not wait for a garbage collection.
 *
 * <p>Thread-safe: any number of threads may call {@link #generate} at once. {@link #close()} stops the
 * scheduler; it closes the model too when the engine loaded it ({@link LocalEngines}), else the caller owns it.
 */
public final class InferenceEngine implements AutoCloseable {

    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Function<List<ChatMessage>, String> promptFormat;
    private final EngineOptions options;
    private final Set<Integer> stopIds;
    private final BlockingQueue<Sequence> queue;
    private final PrefixCache prefixCache;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpuTimed;
    private final List<Sequence> running = new ArrayList<>(); // scheduler thread only
    private final Thread scheduler;
    private final boolean ownsModel;
    private volatile boolean closed;

    /** An engine over a model the caller owns (and closes). */
    public InferenceEngine(LanguageModel model, Tokenizer tokenizer,
                           Function<List<ChatMessage>, String> promptFormat, EngineOptions options) {
        this(model, tokenizer, promptFormat, options, false);
    }

    InferenceEngine(LanguageModel model, Tokenizer tokenizer, Function<List<ChatMessage>, String> promptFormat,
                    EngineOptions options, boolean ownsModel) {
        this.model = model;
        this.ownsModel = ownsModel;
        this.tokenizer = tokenizer;
        this.promptFormat = promptFormat;
        this.options = options;
        this.stopIds = Set.copyOf(tokenizer.stopIds());
        this.queue = new ArrayBlockingQueue<>(options.maxQueuedRequests());
        this.prefixCache = new PrefixCache(options.prefixCachePositions());
        this.cpuTimed = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        this.scheduler = new Thread(this::schedule, "tollgate-inference-" + model.info().name());
        scheduler.setDaemon(true);
        scheduler.start();
    }

    /**
     * Generates a completion, blocking until it is done. {@code listener} (may be null) receives the text as it
     * is decoded, on this thread.
     *
     * @throws QueueFullException when the engine's queue is full
     * @throws IllegalArgumentException when the prompt does not fit the model's context
     */
    public GenerationResult generate(GenerationRequest request, TokenListener listener) {
        Sequence sequence = submit(request);
        try {
            while (true) {
                Sequence.Event event = sequence.events.take();
                if (event.piece() != null) {
                    if (listener != null) {
                        listener.onText(event.piece());
                    }
                } else if (event.result() != null) {
                    return event.result();
                } else {
                    throw new IllegalStateException("generation failed: " + event.error(), event.error());
                }
            }
        } catch (InterruptedException e) {
            sequence.cancelled = true;
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while generating");
        } catch (RuntimeException | Error e) {
            sequence.cancelled = true;
            throw e;
        }
    }

    public ModelInfo modelInfo() {
        return model.info();
    }

    /** Where the model runs, as its backend says (e.g. "cpu (Vector API, 256-bit)"). */
    public String backend() {
        return model.backend();
    }

    /** Requests waiting for a batch slot. */
    public int queuedRequests() {
        return queue.size();
    }

    public long prefixCacheHits() {
        return prefixCache.hits();
    }

    public long prefixCacheMisses() {
        return prefixCache.misses();
    }

    public long reusedPromptTokens() {
        return prefixCache.reusedTokens();
    }

    @Override
    public void close() {
        closed = true;
        scheduler.interrupt();
        try {
            scheduler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a scheduler still stepping would use a closed model: then the model is left to the JVM's exit
        if (ownsModel && !scheduler.isAlive()) {
            model.close();
        }
    }

    private Sequence submit(GenerationRequest request) {
        if (closed) {
            throw new IllegalStateException("the inference engine is closed");
        }
        String text = request.messages() != null ? promptFormat.apply(request.messages()) : request.prompt();
        int[] prompt = tokenize(text);
        int context = model.info().contextLength();
        if (prompt.length == 0 || prompt.length >= context) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens; the model's context"
                    + " holds " + context + " and generation needs at least one more");
        }
        int room = context - prompt.length;
        int maxTokens = request.maxTokens() == 0 ? room : Math.min(request.maxTokens(), room);
        long seed = request.seed() != null ? request.seed() : ThreadLocalRandom.current().nextLong();
        Sequence sequence = new Sequence(request, model.info().name(), prompt, maxTokens,
                new Sampler(request.temperature(), request.topP(), seed),
                new GeneratedText(tokenizer, request.stop()), System.nanoTime());
        if (!queue.offer(sequence)) {
            throw new QueueFullException(options.maxQueuedRequests());
        }
        // If close() drained the queue first, it has failed this sequence already.
        if (closed && queue.remove(sequence)) {
            throw new IllegalStateException("the inference engine is closed");
        }
        return sequence;
    }

    private int[] tokenize(String text) {
        int[] tokens = tokenizer.encode(text);
        if (!tokenizer.addBos() || (tokens.length > 0 && tokens[0] == tokenizer.bosId())) {
            return tokens;
        }
        int[] withBos = new int[tokens.length + 1];
        withBos[0] = tokenizer.bosId();
        System.arraycopy(tokens, 0, withBos, 1, tokens.length);
        return withBos;
    }

    private void schedule() {
        try {
            while (!closed) {
                admit();
                prefillStep();
                decodeStep();
            }
        } catch (InterruptedException e) {
            // close()
        } finally {
            closed = true;
            IllegalStateException closedError = new IllegalStateException("the inference engine was closed");
            running.forEach(sequence -> sequence.fail(closedError));
            running.clear();
            List<Sequence> waiting = new ArrayList<>();
            queue.drainTo(waiting);
            waiting.forEach(sequence -> sequence.fail(closedError));
            prefixCache.close();
        }
    }

    private void admit() throws InterruptedException {
        if (running.isEmpty()) {
            running.add(queue.take());
        }
        while (running.size() < options.maxBatchSize()) {
            Sequence next = queue.poll();
            if (next == null) {
                break;
            }
            running.add(next);
        }
        for (Sequence sequence : List.copyOf(running)) {
            if (sequence.cancelled) {
                running.remove(sequence);
                keepCache(sequence);
            }
        }
    }

    private void prefillStep() {
        Sequence sequence = running.stream().filter(Sequence::prefilling).findFirst().orElse(null);
        if (sequence == null) {
            return;
        }
        long cpuStart = cpuTime();
        try {
            if (sequence.cache == null) {
                sequence.prefillStartedAt = System.nanoTime();
                sequence.cache = model.newCache(sequence.prompt.length + sequence.maxTokens);
                sequence.reusedTokens = prefixCache.restore(sequence.prompt, sequence.cache);
            }
            int from = sequence.cache.length();
            int to = Math.min(sequence.prompt.length, from + options.prefillChunkTokens());
            float[] logits = model.prefill(sequence.cache, Arrays.copyOfRange(sequence.prompt, from, to));
            boolean finished = to == sequence.prompt.length && sequence.accept(logits, stopIds, System.nanoTime());
            sequence.cpuNanos += cpuTime() - cpuStart;
            if (finished) {
                finish(sequence);
            }
        } catch (RuntimeException | Error e) {
            running.remove(sequence);
            sequence.fail(e);
        }
    }

    private void decodeStep() {
        List<Sequence> batch = running.stream().filter(sequence -> !sequence.prefilling()).toList();
        if (batch.isEmpty()) {
            return;
        }
        KvCache[] caches = new KvCache[batch.size()];
        int[] tokens = new int[batch.size()];
        for (int i = 0; i < caches.length; i++) {
            caches[i] = batch.get(i).cache;
            tokens[i] = batch.get(i).lastToken();
        }
        long cpuStart = cpuTime();
        float[][] logits;
        try {
            logits = model.decode(caches, tokens);
        } catch (RuntimeException | Error e) {
            running.removeAll(batch);
            batch.forEach(sequence -> sequence.fail(e));
            return;
        }
        long sampleStart = cpuTime();
        long cpuShare = (sampleStart - cpuStart) / batch.size();
        long now = System.nanoTime();
        for (int i = 0; i < caches.length; i++) {
            Sequence sequence = batch.get(i);
            sequence.decodeSteps++;
            sequence.batchSizeSum += batch.size();
            try {
                boolean finished = sequence.accept(logits[i], stopIds, now);
                // Sampling is the sequence's own work: it is not shared.
                long sampled = cpuTime();
                sequence.cpuNanos += cpuShare + sampled - sampleStart;
                sampleStart = sampled;
                if (finished) {
                    finish(sequence);
                }
            } catch (RuntimeException e) {
                running.remove(sequence);
                sequence.fail(e);
            }
        }
    }

    private void finish(Sequence sequence) {
        running.remove(sequence);
        keepCache(sequence); // first: when the caller has its result, what the pool let go is closed
        sequence.complete(System.nanoTime());
    }

    private void keepCache(Sequence sequence) {
        if (sequence.cache != null) {
            int[] tokens = sequence.cachedTokens();
            prefixCache.keep(tokens, sequence.takeCache());
        }
    }

    private long cpuTime() {
        return cpuTimed ? threads.getCurrentThreadCpuTime() : 0;
    }
}
