import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.model.functions.Generator;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a tiny random-weight Llama model in Jlama's on-disk format (config.json, tokenizer.json,
 * model.safetensors), loads it with Jlama and generates twice, printing what Jlama's Response says, then makes one
 * call Jlama refuses (a prompt longer than its token limit). With a second argument {@code concurrent} it generates
 * once, then twice at the same time on two threads, printing the CPU time used during those two. Run by a JDK 20+ source launcher: Jlama's classes are
 * Java 20 class files, which the build's javac 17 cannot read.
 */
public class JlamaApp {
  static final int DIM = 64, HIDDEN = 128, HEADS = 4, KV_HEADS = 2, LAYERS = 2, CONTEXT = 256;
  static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]).resolve("tiny-llama"));
    int vocab = writeTokenizer(dir);
    writeConfig(dir, vocab);
    writeWeights(dir, vocab);
    try (AbstractModel model = ModelSupport.loadModel(dir.toFile(), DType.F32, DType.I8)) {
      if (args.length > 1 && args[1].equals("concurrent")) {
        concurrent(model, dir);
        return;
      }
      for (String prompt : List.of("hello world", "the quick brown fox jumps")) {
        Generator.Response r = model.generate(UUID.randomUUID(), PromptContext.of(prompt), 0.0f, 64, (token, ms) -> {});
        System.out.println("RESPONSE prompt_tokens=" + r.promptTokens + " generated_tokens=" + r.generatedTokens
            + " prompt_ms=" + r.promptTimeMs + " generate_ms=" + r.generateTimeMs + " finish=" + r.finishReason);
      }
      try {
        model.generate(UUID.randomUUID(), PromptContext.of("far too long a prompt for eight tokens"), 0.0f, 8, (t, ms) -> {});
      } catch (IllegalArgumentException e) {
        System.out.println("REFUSED " + e.getMessage());
      }
    }
  }

  /**
   * One call alone (it warms the code up), then one on each of two copies of the model that start together (two
   * threads on one model failed here inside Jlama's batched dot product). Prints the CPU time the
   * process, the two callers and every fork-join worker used while they ran.
   */
  static void concurrent(AbstractModel model, Path dir) throws Exception {
    model.generate(UUID.randomUUID(), PromptContext.of("warm up"), 0.0f, 64, (t, ms) -> {});
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (AbstractModel copy = ModelSupport.loadModel(dir.toFile(), DType.F32, DType.I8)) {
      CountDownLatch go = new CountDownLatch(1);
      AtomicLong callersCpu = new AtomicLong();
      List<Thread> callers = new ArrayList<>();
      for (AbstractModel m : List.of(model, copy)) {
        callers.add(Thread.ofPlatform().start(() -> {
          try {
            go.await();
            long cpu = threads.getCurrentThreadCpuTime();
            m.generate(UUID.randomUUID(), PromptContext.of("hello world"), 0.0f, 200, (t, ms) -> {});
            callersCpu.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      Map<Long, Long> workersBefore = workersCpu(threads);
      long before = os.getProcessCpuTime();
      go.countDown();
      for (Thread t : callers) {
        t.join();
      }
      long process = os.getProcessCpuTime() - before;
      long workers = 0;
      for (Map.Entry<Long, Long> w : workersCpu(threads).entrySet()) {
        workers += w.getValue() - workersBefore.getOrDefault(w.getKey(), 0L); // a worker started meanwhile from 0
      }
      System.out.println("CONCURRENT process_cpu_ns=" + process + " callers_cpu_ns=" + callersCpu.get()
          + " workers_cpu_ns=" + workers);
    }
  }

  /** Every fork-join worker's CPU time by thread id: Jlama's pool and the common pool. */
  static Map<Long, Long> workersCpu(ThreadMXBean threads) {
    Map<Long, Long> cpu = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t instanceof ForkJoinWorkerThread) {
        cpu.put(t.threadId(), threads.getThreadCpuTime(t.threadId()));
      }
    }
    return cpu;
  }

  /** Byte-fallback BPE: special tokens, the 256 byte tokens, then lower-case letters. */
  static int writeTokenizer(Path dir) throws IOException {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    vocab.put("<unk>", 0);
    vocab.put("<s>", 1);
    vocab.put("</s>", 2);
    for (int b = 0; b < 256; b++) {
      vocab.put(String.format("<0x%02X>", b), vocab.size());
    }
    for (char c = 'a'; c <= 'z'; c++) {
      vocab.put(String.valueOf(c), vocab.size());
    }
    List<Map<String, Object>> added = new ArrayList<>();
    for (int id = 0; id < 3; id++) {
      String content = List.of("<unk>", "<s>", "</s>").get(id);
      added.add(Map.of("id", id, "content", content, "special", true));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", "BPE");
    model.put("unk_token", "<unk>");
    model.put("byte_fallback", true);
    model.put("vocab", vocab);
    model.put("merges", List.of());
    JSON.writeValue(dir.resolve("tokenizer.json").toFile(), Map.of("model", model, "added_tokens", added));
    return vocab.size();
  }

  static void writeConfig(Path dir, int vocab) throws IOException {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model_type", "llama");
    c.put("max_position_embeddings", CONTEXT);
    c.put("hidden_size", DIM);
    c.put("intermediate_size", HIDDEN);
    c.put("num_attention_heads", HEADS);
    c.put("num_key_value_heads", KV_HEADS);
    c.put("num_hidden_layers", LAYERS);
    c.put("rms_norm_eps", 1e-5);
    c.put("vocab_size", vocab);
    c.put("bos_token_id", 1);
    c.put("eos_token_id", 2);
    c.put("hidden_act", "silu");
    c.put("rope_theta", 10000.0);
    JSON.writeValue(dir.resolve("config.json").toFile(), c);
  }

  /** safetensors: an 8-byte little-endian header length, the JSON header, then the F32 tensors back to back. */
  static void writeWeights(Path dir, int vocab) throws IOException {
    int kvDim = DIM / HEADS * KV_HEADS;
    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put("model.embed_tokens.weight", new int[] {vocab, DIM});
    for (int l = 0; l < LAYERS; l++) {
      String p = "model.layers." + l + ".";
      shapes.put(p + "self_attn.q_proj.weight", new int[] {DIM, DIM});
      shapes.put(p + "self_attn.k_proj.weight", new int[] {kvDim, DIM});
      shapes.put(p + "self_attn.v_proj.weight", new int[] {kvDim, DIM});
      shapes.put(p + "self_attn.o_proj.weight", new int[] {DIM, DIM});
      shapes.put(p + "mlp.gate_proj.weight", new int[] {HIDDEN, DIM});
      shapes.put(p + "mlp.up_proj.weight", new int[] {HIDDEN, DIM});
      shapes.put(p + "mlp.down_proj.weight", new int[] {DIM, HIDDEN});
      shapes.put(p + "input_layernorm.weight", new int[] {DIM});
      shapes.put(p + "post_attention_layernorm.weight", new int[] {DIM});
    }
    shapes.put("model.norm.weight", new int[] {DIM});
    shapes.put("lm_head.weight", new int[] {vocab, DIM});

    Map<String, Object> header = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      long bytes = 4L * count(e.getValue());
      header.put(e.getKey(), Map.of("dtype", "F32", "shape", e.getValue(), "data_offsets", List.of(offset, offset + bytes)));
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    Random random = new Random(42);
    try (OutputStream out = Files.newOutputStream(dir.resolve("model.safetensors"))) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
      out.write(json);
      for (Map.Entry<String, int[]> e : shapes.entrySet()) {
        boolean norm = e.getKey().endsWith("norm.weight");
        ByteBuffer data = ByteBuffer.allocate(4 * count(e.getValue())).order(ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) {
          data.putFloat(norm ? 1f : (float) (random.nextGaussian() * 0.1));
        }
        out.write(data.array());
      }
    }
  }

  static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
