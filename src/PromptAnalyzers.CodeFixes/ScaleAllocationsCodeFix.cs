using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PromptAnalyzers.Generators.Diagnostics;

namespace PromptAnalyzers.CodeFixes
{
    /// <summary>
    /// PROMPT002: scales the templates' fixed allocations down in proportion, so that together they shed exactly the
    /// excess the diagnostic measured (largest remainder, so the new sum is exact). Only allocations written as
    /// number literals in the same declaration are changed.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ScaleAllocationsCodeFix)), Shared]
    public sealed class ScaleAllocationsCodeFix : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("PROMPT002");

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!TryGet(diagnostic, FixProperties.Needed, out long needed) ||
                    !TryGet(diagnostic, FixProperties.InputBudget, out long inputBudget) ||
                    root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not TypeDeclarationSyntax type)
                {
                    continue;
                }

                List<(LiteralExpressionSyntax Literal, int Tokens)> allocations = FixedAllocations(type);
                long total = allocations.Sum(a => (long)a.Tokens);
                long target = total - (needed - inputBudget);
                if (allocations.Count == 0 || target < 0 || target >= total)
                {
                    continue;
                }

                int[] scaled = Scale(allocations.Select(a => a.Tokens).ToArray(), target);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Scale the fixed allocations down to fit the input budget ({Format(total)} → {Format(target)} tokens)",
                        token => Replace(context.Document, allocations, scaled, token),
                        nameof(ScaleAllocationsCodeFix)),
                    diagnostic);
            }
        }

        /// <summary>Each template field's own <c>[TokenBudget(N)]</c> written as a number literal.</summary>
        private static List<(LiteralExpressionSyntax Literal, int Tokens)> FixedAllocations(TypeDeclarationSyntax type)
        {
            var found = new List<(LiteralExpressionSyntax, int)>();
            foreach (FieldDeclarationSyntax field in type.Members.OfType<FieldDeclarationSyntax>())
            {
                foreach (AttributeSyntax attribute in field.AttributeLists.SelectMany(list => list.Attributes))
                {
                    if (AllocationCodeFixes.TokensArgument(attribute) is LiteralExpressionSyntax literal &&
                        literal.Token.Value is int tokens && tokens > 0)
                    {
                        found.Add((literal, tokens));
                    }
                }
            }

            return found;
        }

        /// <summary>Proportional shares of <paramref name="target"/> that add up to it exactly (largest remainder).</summary>
        private static int[] Scale(int[] values, long target)
        {
            long total = values.Sum(v => (long)v);
            var shares = new int[values.Length];
            var remainders = new (double Remainder, int Index)[values.Length];
            long given = 0;
            for (int i = 0; i < values.Length; i++)
            {
                double exact = (double)values[i] * target / total;
                shares[i] = (int)Math.Floor(exact);
                given += shares[i];
                remainders[i] = (exact - shares[i], i);
            }

            foreach ((double _, int index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)(target - given)))
            {
                shares[index]++;
            }

            return shares;
        }

        private static async Task<Document> Replace(
            Document document, List<(LiteralExpressionSyntax Literal, int Tokens)> allocations, int[] scaled, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var replacements = new Dictionary<SyntaxNode, int>();
            for (int i = 0; i < allocations.Count; i++)
            {
                replacements[allocations[i].Literal] = scaled[i];
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) =>
                AllocationCodeFixes.NumberLiteral(replacements[original]).WithTriviaFrom(original)));
        }

        private static bool TryGet(Diagnostic diagnostic, string key, out long value)
        {
            value = 0;
            return diagnostic.Properties.TryGetValue(key, out string? text) &&
                   long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
