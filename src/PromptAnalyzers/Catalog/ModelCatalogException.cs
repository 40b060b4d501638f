using System;
using System.Collections.Generic;
using PromptAnalyzers.Internal.Catalog;

namespace PromptAnalyzers
{
    /// <summary>
    /// A model catalog document is not valid JSON or not a valid catalog. The message lists every problem as
    /// <c>source(line,column): message</c>; <see cref="Line"/> and <see cref="Column"/> locate the first one.
    /// </summary>
    public sealed class ModelCatalogException : FormatException
    {
        internal ModelCatalogException(IReadOnlyList<CatalogError> errors)
            : base(BuildMessage(errors))
        {
            CatalogError first = errors[0];
            SourceName = first.SourceName;
            Line = first.Line;
            Column = first.Column;
            var formatted = new string[errors.Count];
            for (int i = 0; i < errors.Count; i++)
            {
                formatted[i] = errors[i].ToString();
            }

            Errors = formatted;
        }

        /// <summary>The file path or name given for the document.</summary>
        public string SourceName { get; }

        /// <summary>The 1-based line of the first problem.</summary>
        public int Line { get; }

        /// <summary>The 1-based column (in UTF-16 characters) of the first problem.</summary>
        public int Column { get; }

        /// <summary>Every problem, each as <c>source(line,column): message</c>.</summary>
        public IReadOnlyList<string> Errors { get; }

        private static string BuildMessage(IReadOnlyList<CatalogError> errors)
        {
            if (errors is null || errors.Count == 0)
            {
                throw new ArgumentException("At least one error is required.", nameof(errors));
            }

            return errors.Count == 1
                ? "Invalid model catalog: " + errors[0]
                : $"Invalid model catalog ({errors.Count} problems):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors);
        }
    }
}
