using System;
using System.Text;

namespace PromptAnalyzers.Benchmarks.Tokenization;

/// <summary>Deterministic mixed prose and code (mostly English, some other scripts, emoji and astral letters).</summary>
public static class MixedText
{
    private static readonly string[] s_words =
        ("the of and to in is that for it as with was on be by this are or from at an which have not but all were when " +
         "we there can been has more if will one would so what out about up them some could time into only then new these " +
         "two may first any like now my such made over did our well budget prompt token model context window request " +
         "response system user assistant message template segment allocation truncation sentence boundary encoding").Split(' ');

    private static readonly string[] s_code =
    {
        "public static int Add(int a, int b) => a + b;\n",
        "    if (items is null || items.Count == 0)\n    {\n        return Array.Empty<string>();\n    }\n",
        "def tokenize(text: str) -> list[int]:\n    return [enc.encode(t) for t in text.split('\\n')]\n",
        "for (let i = 0; i < rows.length; i++) { total += rows[i].price * 1.25; }\n",
        "SELECT id, name, created_at FROM users WHERE created_at >= '2024-01-01' ORDER BY id DESC;\n",
        "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello!\"}], \"max_tokens\": 512}\n",
        "\t\tvar result = await client.GetAsync($\"{baseUrl}/v1/items/{id}\", cancellationToken);\r\n",
        "// TODO(perf): cache the encoder per thread; see https://example.com/docs/a/b?c=d#e\n",
    };

    private static readonly string[] s_foreign =
    {
        "東京は日本の首都です。", "Привет, как дела?", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "안녕하세요 세계",
        "Ελληνικά κείμενα", "Ça va très bien, merci !", "𝐀's 𝟏𝟐𝟑 𠮷𠮷", "👨‍👩‍👧‍👦 🎉", "Straße über Äpfel",
    };

    /// <summary>Returns at least <paramref name="minChars"/> characters; the same text for the same argument.</summary>
    public static string Create(int minChars)
    {
        var random = new Random(20241123);
        var sb = new StringBuilder(minChars + 256);
        while (sb.Length < minChars)
        {
            double r = random.NextDouble();
            if (r < 0.6)
            {
                int n = 6 + random.Next(18);
                for (int i = 0; i < n; i++)
                {
                    string word = s_words[random.Next(s_words.Length)];
                    if (i == 0)
                    {
                        sb.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
                    }
                    else
                    {
                        sb.Append(' ').Append(word);
                    }
                }

                sb.Append(random.Next(10) switch { 0 => "?\n\n", 1 => "'s ", 2 => ", ", 3 => ".\n", _ => ". " });
            }
            else if (r < 0.85)
            {
                sb.Append(s_code[random.Next(s_code.Length)]);
            }
            else if (r < 0.95)
            {
                sb.Append(s_foreign[random.Next(s_foreign.Length)]).Append(' ');
            }
            else
            {
                sb.Append(random.Next(1_000_000_000)).Append(random.Next(3) == 0 ? "\n" : " ");
            }
        }

        return sb.ToString();
    }
}
