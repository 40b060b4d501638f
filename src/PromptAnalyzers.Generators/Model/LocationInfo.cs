using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PromptAnalyzers.Generators.Model
{
    /// <summary>A source location reduced to values, so it can live in a cached pipeline model.</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location)
        {
            if (location is null || location.SourceTree is null)
            {
                return null;
            }

            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }

        public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

        public static LocationInfo? From(SyntaxTree tree, TextSpan span) => From(Location.Create(tree, span));

        /// <summary>The location in one of <paramref name="trees"/> (so suppressions and spans work), else an external one.</summary>
        public Location ToLocation(IReadOnlyDictionary<string, SyntaxTree>? trees)
        {
            if (trees is not null && trees.TryGetValue(FilePath, out SyntaxTree? tree))
            {
                return Location.Create(tree, TextSpan);
            }

            return Location.Create(FilePath, TextSpan, LineSpan);
        }
    }

    /// <summary>
    /// A diagnostic to report: descriptor ID, where, the message arguments and the facts a code fix needs
    /// (<see cref="Properties"/>, "key=value"); strings only, so it is equatable.
    /// </summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public EquatableArray<string> Properties { get; init; } = EquatableArray<string>.Empty;

        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            new DiagnosticInfo(descriptor.Id, location, new EquatableArray<string>(arguments));

        public DiagnosticInfo WithProperties(params string[] keyValues) => this with { Properties = new EquatableArray<string>(keyValues) };
    }
}
