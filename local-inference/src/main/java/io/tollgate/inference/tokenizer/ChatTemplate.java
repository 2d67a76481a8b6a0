package io.tollgate.inference.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders chat messages into a prompt, with the assistant's turn opened at the end. Models carry their format as
 * a Jinja template ({@code tokenizer.chat_template}); there is no Jinja engine here, so the template is only
 * recognised by its markers and the format is written out in Java, as llama.cpp's built-in templates do.
 * Tool calls and other template features are not rendered.
 *
 * <p>The leading BOS token is left out of the text: prepend {@link Tokenizer#bosId()} when
 * {@link Tokenizer#addBos()} says so.
 */
public final class ChatTemplate {

    public enum Format {
        /** {@code <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>}, content trimmed. */
        LLAMA3,
        /** {@code <|im_start|>role\ncontent<|im_end|>\n}; Qwen2's default system prompt when it has one. */
        CHATML,
        /** {@code [INST] <<SYS>>\nsystem\n<</SYS>>\n\nuser [/INST] assistant </s><s>[INST] ...} */
        LLAMA2
    }

    /** A system turn the template writes when the messages do not start with one (Qwen2's). */
    private static final Pattern DEFAULT_SYSTEM =
            Pattern.compile("'<\\|im_start\\|>system(?:\\\\n|\\n)([^'{}<]+)<\\|im_end\\|>");

    private final Format format;
    private final String defaultSystemPrompt;

    private ChatTemplate(Format format, String defaultSystemPrompt) {
        this.format = format;
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    public static ChatTemplate fromMetadata(Map<String, Object> metadata) {
        return of(new TokenizerMetadata(metadata).string(TokenizerMetadata.CHAT_TEMPLATE, null));
    }

    /**
     * @param jinja the model's template; null or blank for ChatML
     * @throws IllegalArgumentException when the template is of none of the supported formats
     */
    public static ChatTemplate of(String jinja) {
        if (jinja == null || jinja.isBlank()) return new ChatTemplate(Format.CHATML, null);
        if (jinja.contains("<|start_header_id|>")) return new ChatTemplate(Format.LLAMA3, null);
        if (jinja.contains("<|im_start|>")) {
            Matcher m = DEFAULT_SYSTEM.matcher(jinja);
            return new ChatTemplate(Format.CHATML, m.find() ? m.group(1).replace("\\n", "\n") : null);
        }
        if (jinja.contains("[INST]")) return new ChatTemplate(Format.LLAMA2, null);
        throw new IllegalArgumentException("unsupported " + TokenizerMetadata.CHAT_TEMPLATE
                + ": none of the markers <|start_header_id|> (Llama 3), <|im_start|> (ChatML, Qwen2), [INST] (Llama 2)");
    }

    public Format format() {
        return format;
    }

    public Optional<String> defaultSystemPrompt() {
        return Optional.ofNullable(defaultSystemPrompt);
    }

    public String render(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder();
        switch (format) {
            case LLAMA3 -> {
                for (ChatMessage m : messages) {
                    out.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
                            .append(m.content().strip()).append("<|eot_id|>");
                }
                out.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
            }
            case CHATML -> {
                boolean hasSystem = !messages.isEmpty() && messages.get(0).role().equals("system");
                if (defaultSystemPrompt != null && !hasSystem) chatMl(out, "system", defaultSystemPrompt);
                for (ChatMessage m : messages) chatMl(out, m.role(), m.content());
                out.append("<|im_start|>assistant\n");
            }
            case LLAMA2 -> renderLlama2(messages, out);
        }
        return out.toString();
    }

    private static void chatMl(StringBuilder out, String role, String content) {
        out.append("<|im_start|>").append(role).append('\n').append(content).append("<|im_end|>\n");
    }

    /** The system prompt goes inside the first user turn; each later user turn starts a new BOS-led sequence. */
    private static void renderLlama2(List<ChatMessage> messages, StringBuilder out) {
        String system = null;
        boolean first = true;
        for (ChatMessage m : messages) {
            if (m.role().equals("system") && first && system == null) {
                system = m.content();
                continue;
            }
            if (m.role().equals("assistant")) {
                out.append(' ').append(m.content().strip()).append(" </s>");
                continue;
            }
            String content = m.content();
            if (first && system != null) content = "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + content;
            out.append(first ? "" : "<s>").append("[INST] ").append(content.strip()).append(" [/INST]");
            first = false;
        }
    }
}
