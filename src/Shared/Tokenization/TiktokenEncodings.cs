using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Reflection;
using System.Threading;
using Microsoft.ML.Tokenizers;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>
    /// The tiktoken encodings the product counts with: one tokenizer per encoding per process, created on first
    /// use, thread-safe, with ordinary semantics (special-token look-alikes are plain text). Token ids equal OpenAI's
    /// tiktoken: text is split by <see cref="CodePointPreTokenizer"/> over code points (Unicode 16.0 tables), and a lone
    /// surrogate counts as U+FFFD (see <see cref="OrdinaryTiktokenTokenizer"/>). For truncation by token count use
    /// <see cref="TokenBoundaries"/>, not the tokenizer's own index search.
    /// </summary>
    internal static class TiktokenEncodings
    {
        public const string Cl100kBase = "cl100k_base";
        public const string O200kBase = "o200k_base";

        private static readonly Lazy<Tokenizer> s_cl100k = new Lazy<Tokenizer>(() => Create(Cl100kBase), LazyThreadSafetyMode.ExecutionAndPublication);
        private static readonly Lazy<Tokenizer> s_o200k = new Lazy<Tokenizer>(() => Create(O200kBase), LazyThreadSafetyMode.ExecutionAndPublication);

        public static IReadOnlyList<string> Names { get; } = new[] { Cl100kBase, O200kBase };

        public static bool IsSupported(string? encodingName) =>
            string.Equals(encodingName, Cl100kBase, StringComparison.Ordinal) ||
            string.Equals(encodingName, O200kBase, StringComparison.Ordinal);

        /// <summary>Returns the process-wide tokenizer of <paramref name="encodingName"/>.</summary>
        /// <exception cref="ArgumentException">The encoding is not cl100k_base or o200k_base.</exception>
        public static Tokenizer Get(string encodingName)
        {
            switch (encodingName)
            {
                case Cl100kBase: return s_cl100k.Value;
                case O200kBase: return s_o200k.Value;
                default:
                    throw new ArgumentException(
                        $"Unknown tiktoken encoding '{encodingName}'. Supported encodings: {Cl100kBase}, {O200kBase}.",
                        nameof(encodingName));
            }
        }

        /// <summary>True once the tokenizer of <paramref name="encodingName"/> has been created in this process.</summary>
        public static bool IsLoaded(string encodingName) => encodingName switch
        {
            Cl100kBase => s_cl100k.IsValueCreated,
            O200kBase => s_o200k.IsValueCreated,
            _ => false,
        };

        private static Tokenizer Create(string encodingName)
        {
            var (dataType, resourceName) = encodingName == Cl100kBase
                ? ("Microsoft.ML.Tokenizers.Cl100kBaseTokenizerData, Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate")
                : ("Microsoft.ML.Tokenizers.O200kBaseTokenizerData, Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate");

            // The data packages hold the vocabularies as resources; their marker types are internal, so bind by name.
            Assembly data = Type.GetType(dataType, throwOnError: true)!.Assembly;
            string assemblyName = data.GetName().Name!;
            Stream OpenVocabulary() => new DeflateStream(
                data.GetManifestResourceStream(resourceName)
                    ?? throw new InvalidOperationException($"The vocabulary '{resourceName}' is missing from {assemblyName}."),
                CompressionMode.Decompress);

            using Stream vocabulary = OpenVocabulary();

            // No special tokens: prompt text is encoded the way the API sees it (encode_ordinary).
            return new OrdinaryTiktokenTokenizer(
                TiktokenTokenizer.Create(vocabulary, TiktokenPreTokenizers.For(encodingName), normalizer: null, specialTokens: new Dictionary<string, int>()),
                o200k: encodingName == O200kBase,
                OpenVocabulary);
        }
    }
}
