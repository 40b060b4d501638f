using System;
using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>A model name that the catalog does not know; the message names it and suggests close names.</summary>
    public sealed class UnknownModelException : KeyNotFoundException
    {
        /// <summary>Creates the exception for <paramref name="modelName"/> with the given suggestions.</summary>
        /// <param name="modelName">The name that did not resolve.</param>
        /// <param name="suggestions">Known names close to it; may be empty.</param>
        public UnknownModelException(string modelName, IReadOnlyList<string> suggestions)
            : base(BuildMessage(modelName, suggestions))
        {
            ModelName = modelName;
            Suggestions = suggestions ?? Array.Empty<string>();
        }

        /// <summary>The name that did not resolve.</summary>
        public string ModelName { get; }

        /// <summary>Known model names close to <see cref="ModelName"/>, closest first; empty when none is close.</summary>
        public IReadOnlyList<string> Suggestions { get; }

        private static string BuildMessage(string modelName, IReadOnlyList<string>? suggestions)
        {
            string message = $"Unknown model '{modelName}'.";
            if (suggestions is { Count: > 0 })
            {
                message += $" Did you mean '{string.Join("', '", suggestions)}'?";
            }

            return message + " Add it with ModelCatalog.WithModel(...) or a catalog JSON file (ModelCatalog.WithJson), giving its context window, maximum output and encoding.";
        }
    }
}
