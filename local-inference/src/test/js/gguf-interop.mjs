// Reads or rewrites a GGUF file with Hugging Face's GGUF library, an implementation independent of ours, so the
// Java tests can check our files against it. Used by HuggingFaceGgufInteropTest; needs `npm ci` in this folder.
//   node gguf-interop.mjs read FILE         prints the version, typed metadata and tensor table it parsed, as JSON
//   node gguf-interop.mjs rewrite IN OUT    writes OUT: IN's header rebuilt by that library's writer with the
//                                           keys below added, then IN's tensor data unchanged
import { buildGgufHeader, gguf, GGUFValueType } from "@huggingface/gguf";
import { openAsBlob } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";

const [command, input, output] = process.argv.slice(2);
const parsed = await gguf(input, { allowLocalFile: true, typedMetadata: true });
const { version, tensor_count, kv_count, ...metadata } = parsed.typedMetadata;

if (command === "read") {
  const json = {
    version: version.value,
    tensorCount: tensor_count.value,
    tensorDataOffset: parsed.tensorDataOffset,
    metadata,
    tensors: parsed.tensorInfos,
  };
  process.stdout.write(JSON.stringify(json, (key, value) => (typeof value === "bigint" ? value.toString() : value)));
} else if (command === "rewrite") {
  const added = {
    "interop.uint8": { type: GGUFValueType.UINT8, value: 200 },
    "interop.int16": { type: GGUFValueType.INT16, value: -300 },
    "interop.uint32": { type: GGUFValueType.UINT32, value: 4000000000 },
    "interop.uint64": { type: GGUFValueType.UINT64, value: 1n << 40n },
    "interop.float64": { type: GGUFValueType.FLOAT64, value: 0.1 },
    "interop.bool": { type: GGUFValueType.BOOL, value: true },
    "interop.strings": { type: GGUFValueType.ARRAY, subType: GGUFValueType.STRING, value: ["a", "\u00fc\u20ac"] },
  };
  const alignment = Number(metadata["general.alignment"]?.value ?? 32);
  const header = await buildGgufHeader(await openAsBlob(input), { ...parsed.typedMetadata, ...added }, {
    littleEndian: parsed.littleEndian,
    tensorInfoByteRange: parsed.tensorInfoByteRange,
    alignment,
  });
  const data = (await readFile(input)).subarray(Number(parsed.tensorDataOffset));
  await writeFile(output, Buffer.concat([Buffer.from(await header.arrayBuffer()), data]));
} else {
  console.error("usage: node gguf-interop.mjs read FILE | rewrite IN OUT");
  process.exit(2);
}
