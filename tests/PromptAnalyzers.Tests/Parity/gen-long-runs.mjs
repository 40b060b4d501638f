// Generates long-runs.json: reference token ids from OpenAI's tiktoken (npm `tiktoken`, encode_ordinary) for long
// unbroken pre-tokenizer pieces, where byte-pair merging is costly and the product merges with its own heap-based
// algorithm. Deterministic. Run next to an `npm install tiktoken@1.0.22`: node gen-long-runs.mjs <output.json>
import { writeFileSync } from 'node:fs';
import { get_encoding } from 'tiktoken';

let seed = 0x10a6;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randomFrom = (alphabet, length) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const cases = [
  ['a x 10000', 'a'.repeat(10000)],
  ['a x 40000 (giant piece)', 'a'.repeat(40000)],
  ['ab x 3000', 'ab'.repeat(3000)],
  ['random letters 8000', randomFrom(letters, 8000)],
  ['random lowercase 20000 (giant piece)', randomFrom('abcdefghijklmnopqrstuvwxyz', 20000)],
  ['base64 alphabet 8000', randomFrom(letters + '0123456789+/', 8000)],
  ['exclamation x 3000', '!'.repeat(3000)],
  ['emoji x 1000', '😀'.repeat(1000)],
  ['CJK x 4000', '漢字'.repeat(2000)],
  ['spaces x 5000 then x', ' '.repeat(5000) + 'x'],
  ['newlines x 3000', '\n'.repeat(3000)],
  ['HelloWorld x 500', 'HelloWorld'.repeat(500)],
  ['e-acute x 3000', 'é'.repeat(3000)],
  ['prose around a long run', 'Here is the blob: ' + randomFrom(letters, 5000) + ' and the end of the sentence.'],
  ['minified-like', Array.from({ length: 600 }, (_, i) => `var a${i}=function(b){return b+${i}};`).join('')],
];

const out = { tiktoken: '1.0.22', cases: [] };
const encodings = { cl100k_base: get_encoding('cl100k_base'), o200k_base: get_encoding('o200k_base') };
for (const [name, text] of cases) {
  const entry = { name, text };
  for (const [encoding, enc] of Object.entries(encodings)) entry[encoding] = Array.from(enc.encode_ordinary(text));
  out.cases.push(entry);
}
writeFileSync(process.argv[2], JSON.stringify(out));
