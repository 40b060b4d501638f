using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PromptAnalyzers.Tests.Tokenization;

/// <summary>One reference case from Parity/vectors.json (made by Parity/gen-vectors.mjs with npm tiktoken).</summary>
public sealed record ParityCase(string Name, string Text, int[] Cl100kIds, int[] O200kIds)
{
    public int[] IdsFor(string encoding) => encoding == "cl100k_base" ? Cl100kIds : O200kIds;
}

public static class ParityVectors
{
    private static readonly Lazy<(string TiktokenVersion, IReadOnlyList<ParityCase> Cases)> s_vectors = new(Load);

    public static IReadOnlyList<ParityCase> Cases => s_vectors.Value.Cases;

    public static string TiktokenVersion => s_vectors.Value.TiktokenVersion;

    public static string Path { get; } = FindVectors();

    private static (string, IReadOnlyList<ParityCase>) Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path));
        JsonElement root = document.RootElement;
        var cases = new List<ParityCase>();
        foreach (JsonElement item in root.GetProperty("cases").EnumerateArray())
        {
            // Lone surrogates cannot travel as JSON text through every reader, so those cases carry UTF-16 code units.
            string text = item.TryGetProperty("codeUnits", out JsonElement units)
                ? new string(units.EnumerateArray().Select(u => (char)u.GetInt32()).ToArray())
                : item.GetProperty("text").GetString()!;
            cases.Add(new ParityCase(
                item.GetProperty("name").GetString()!,
                text,
                item.GetProperty("cl100k_base").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                item.GetProperty("o200k_base").EnumerateArray().Select(e => e.GetInt32()).ToArray()));
        }

        return (root.GetProperty("tiktoken").GetString()!, cases);
    }

    private static string FindVectors()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "tests", "PromptAnalyzers.Tests", "Parity", "vectors.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/PromptAnalyzers.Tests/Parity/vectors.json was not found above " + AppContext.BaseDirectory);
    }
}
