using System;
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
    /// PROMPT001: raises the template's fixed allocation (<c>[TokenBudget(N)]</c>) to the static text's measured count,
    /// or to that count plus 20 % headroom for the placeholders, using the count the diagnostic carries.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RaiseAllocationCodeFix)), Shared]
    public sealed class RaiseAllocationCodeFix : CodeFixProvider
    {
        private const int HeadroomPercent = 20;

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("PROMPT001");

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(FixProperties.StaticTokens, out string? counted) ||
                    !int.TryParse(counted, NumberStyles.None, CultureInfo.InvariantCulture, out int staticTokens) ||
                    root?.FindNode(diagnostic.Location.SourceSpan) is not SyntaxNode node ||
                    FixedAllocationArgument(node) is not ExpressionSyntax argument)
                {
                    continue;
                }

                int withHeadroom = (int)Math.Min(int.MaxValue, (long)Math.Ceiling(staticTokens * (100 + HeadroomPercent) / 100.0));
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Raise the allocation to {staticTokens} tokens (the static text's count)",
                        token => Replace(context.Document, argument, staticTokens, token),
                        nameof(RaiseAllocationCodeFix) + ".Exact"),
                    diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Raise the allocation to {withHeadroom} tokens (the static text's count + {HeadroomPercent} % for the placeholders)",
                        token => Replace(context.Document, argument, withHeadroom, token),
                        nameof(RaiseAllocationCodeFix) + ".Headroom"),
                    diagnostic);
            }
        }

        /// <summary>The tokens argument of the field's own <c>[TokenBudget]</c> (not a placeholder budget), if it is fixed.</summary>
        private static ExpressionSyntax? FixedAllocationArgument(SyntaxNode node) =>
            node.FirstAncestorOrSelf<FieldDeclarationSyntax>()?.AttributeLists
                .SelectMany(list => list.Attributes)
                .Select(AllocationCodeFixes.TokensArgument)
                .FirstOrDefault(argument => argument is not null);

        private static async Task<Document> Replace(Document document, ExpressionSyntax argument, int tokens, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            return document.WithSyntaxRoot(root.ReplaceNode(argument, AllocationCodeFixes.NumberLiteral(tokens).WithTriviaFrom(argument)));
        }
    }
}
