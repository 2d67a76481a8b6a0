package io.tollgate.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The templates are the models' own (tokenizer_config.json of Meta-Llama-3-8B-Instruct, Qwen2-7B-Instruct,
 * Qwen2.5-7B-Instruct's system part, Llama-2-7b-chat-hf), as a GGUF carries them: "\n" inside Jinja strings is
 * a backslash and an n. The expected texts are those templates worked by hand, less the leading BOS.
 */
class ChatTemplateTest {

    static final String LLAMA3 = "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
            + "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}"
            + "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    static final String QWEN2 = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
            + "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}"
            + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    static final String QWEN25_SYSTEM_PART = "{%- if tools %}{{- '<|im_start|>system\\n' }}{%- if messages[0]['role'] == 'system' %}"
            + "{{- messages[0]['content'] }}{%- endif %}{%- else %}{%- if messages[0]['role'] == 'system' %}"
            + "{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}{%- else %}"
            + "{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}"
            + "{%- endif %}{%- endif %}";

    static final String LLAMA2 = "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
            + "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
            + "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
            + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
            + "{% if loop.index0 == 0 and system_message != false %}"
            + "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
            + "{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}"
            + "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
            + "{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}";

    private static final List<ChatMessage> CONVERSATION = List.of(
            new ChatMessage("system", "You are a pirate."),
            new ChatMessage("user", " Who are you?\n"),
            new ChatMessage("assistant", "Arr, a pirate."),
            new ChatMessage("user", "Where is the gold?"));

    @Test
    void rendersLlama3() {
        ChatTemplate template = ChatTemplate.fromMetadata(Map.of("tokenizer.chat_template", LLAMA3));
        assertEquals(ChatTemplate.Format.LLAMA3, template.format());
        assertEquals("<|start_header_id|>system<|end_header_id|>\n\nYou are a pirate.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWho are you?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nArr, a pirate.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhere is the gold?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", template.render(CONVERSATION));
    }

    @Test
    void rendersQwen2WithItsDefaultSystemPromptOnlyWhenNoneIsGiven() {
        ChatTemplate template = ChatTemplate.of(QWEN2);
        assertEquals(ChatTemplate.Format.CHATML, template.format());
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
                template.render(List.of(new ChatMessage("user", "Hello"))));
        assertEquals("<|im_start|>system\nYou are a pirate.<|im_end|>\n<|im_start|>user\n Who are you?\n<|im_end|>\n"
                + "<|im_start|>assistant\nArr, a pirate.<|im_end|>\n<|im_start|>user\nWhere is the gold?<|im_end|>\n"
                + "<|im_start|>assistant\n", template.render(CONVERSATION));
        assertEquals("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
                ChatTemplate.of(QWEN25_SYSTEM_PART).defaultSystemPrompt().orElseThrow());
    }

    @Test
    void rendersLlama2WithTheSystemPromptInTheFirstTurn() {
        ChatTemplate template = ChatTemplate.of(LLAMA2);
        assertEquals(ChatTemplate.Format.LLAMA2, template.format());
        assertEquals("[INST] <<SYS>>\nYou are a pirate.\n<</SYS>>\n\n Who are you? [/INST] Arr, a pirate. </s>"
                + "<s>[INST] Where is the gold? [/INST]", template.render(CONVERSATION));
    }

    @Test
    void usesChatMlWithoutATemplateAndRefusesUnknownOnes() {
        ChatTemplate none = ChatTemplate.fromMetadata(Map.of());
        assertEquals(ChatTemplate.Format.CHATML, none.format());
        assertTrue(none.defaultSystemPrompt().isEmpty());
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", none.render(List.of(new ChatMessage("user", "Hi"))));
        ChatTemplate trained = ChatTemplate.of(BpeTrainer.CHATML_TEMPLATE);
        assertEquals(ChatTemplate.Format.CHATML, trained.format());
        assertTrue(trained.defaultSystemPrompt().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatTemplate.of("{{ bos_token }}<start_of_turn>user\n"));
        assertTrue(e.getMessage().contains("<|im_start|>"), e.getMessage());
    }
}
