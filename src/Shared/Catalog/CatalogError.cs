using System;
using System.Collections.Generic;
using System.Globalization;

namespace PromptAnalyzers.Internal.Catalog
{
    /// <summary>
    /// One problem in a catalog document, as data: the generator turns it into a diagnostic at
    /// <see cref="Line"/>/<see cref="Column"/> (1-based; <see cref="Offset"/> is the 0-based character index), the runtime
    /// into an exception message. Value-equal.
    /// </summary>
    internal sealed class CatalogError : IEquatable<CatalogError>
    {
        public CatalogError(string sourceName, int offset, int line, int column, string message)
        {
            SourceName = sourceName;
            Offset = offset;
            Line = line;
            Column = column;
            Message = message;
        }

        public string SourceName { get; }
        public int Offset { get; }
        public int Line { get; }
        public int Column { get; }
        public string Message { get; }

        public bool Equals(CatalogError? other) =>
            other is not null
            && SourceName == other.SourceName
            && Offset == other.Offset
            && Line == other.Line
            && Column == other.Column
            && Message == other.Message;

        public override bool Equals(object? obj) => Equals(obj as CatalogError);

        public override int GetHashCode() => unchecked((StringComparer.Ordinal.GetHashCode(Message) * 31) + Offset);

        /// <summary>The MSBuild-style form: <c>source(line,column): message</c>.</summary>
        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): {3}", SourceName, Line, Column, Message);
    }

    /// <summary>The outcome of parsing a catalog document: the catalog, or the errors (never both). Value-equal.</summary>
    internal sealed class CatalogParseResult : IEquatable<CatalogParseResult>
    {
        private CatalogParseResult(ModelCatalogData? catalog, IReadOnlyList<CatalogError> errors)
        {
            Catalog = catalog;
            Errors = errors;
        }

        /// <summary>The parsed catalog; null when <see cref="Errors"/> is not empty.</summary>
        public ModelCatalogData? Catalog { get; }

        public IReadOnlyList<CatalogError> Errors { get; }

        public bool Success => Catalog is not null;

        public static CatalogParseResult Succeeded(ModelCatalogData catalog) =>
            new CatalogParseResult(catalog, Array.Empty<CatalogError>());

        public static CatalogParseResult Failed(IReadOnlyList<CatalogError> errors) =>
            new CatalogParseResult(null, errors);

        public bool Equals(CatalogParseResult? other)
        {
            if (other is null || !Equals(Catalog, other.Catalog) || Errors.Count != other.Errors.Count)
            {
                return false;
            }

            for (int i = 0; i < Errors.Count; i++)
            {
                if (!Errors[i].Equals(other.Errors[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as CatalogParseResult);

        public override int GetHashCode() => Catalog?.GetHashCode() ?? Errors.Count;
    }
}
