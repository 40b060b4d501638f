using System;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>The pre-tokenizers that split text into pieces before byte-pair merging.</summary>
    internal static class TiktokenPreTokenizers
    {
        // Provisional: the regular expressions Microsoft.ML.Tokenizers uses (UTF-16 based; see issue 3).
        private const string Cl100kPattern =
            @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

        private const string O200kPattern =
            @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

        public static PreTokenizer For(string encodingName) => encodingName switch
        {
            TiktokenEncodings.Cl100kBase => new RegexPreTokenizer(new Regex(Cl100kPattern, RegexOptions.Compiled), null),
            TiktokenEncodings.O200kBase => new RegexPreTokenizer(new Regex(O200kPattern, RegexOptions.Compiled), null),
            _ => throw new ArgumentException($"Unknown tiktoken encoding '{encodingName}'.", nameof(encodingName)),
        };
    }
}
