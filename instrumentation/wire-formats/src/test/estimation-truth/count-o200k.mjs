// Ground truth for EstimationAccuracyTest: o200k_base counts from gpt-tokenizer (a JavaScript port
// of OpenAI's tiktoken, independent of JTokkit). Reads the prompts, writes the counts as JSON.
// Run: see README.md next to this file.
import { readFileSync } from 'node:fs';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { encodeChat } from 'gpt-tokenizer/model/gpt-4o';

const [promptsPath] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(promptsPath, 'utf8'));
// special-token strings in a prompt are plain text to the API, so encode them as text
const plain = { disallowedSpecial: new Set() };

const counts = doc.prompts.map(({ id, text }) => ({
  id,
  // the text alone, as the output of a stream is counted
  text_tokens: encode(text, plain).length,
  // a Chat Completions request [system, user] in gpt-4o's chat framing, reply primed
  chat_tokens: encodeChat([{ role: 'system', content: doc.system }, { role: 'user', content: text }], 'gpt-4o', plain).length,
}));

const out = {
  tokenizer: 'gpt-tokenizer@4.0.0 o200k_base',
  prompts: promptsPath.split('/').pop(),
  counts,
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
