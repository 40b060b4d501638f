using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PromptAnalyzers.Generators.Parsing;

namespace PromptAnalyzers.CodeFixes
{
    /// <summary>
    /// PROMPT012: applies the rewrite the diagnostic measured (<see cref="TokenDensity.Rewrite"/>) when the template is one
    /// string literal; regular and verbatim literals stay of their kind, a raw literal becomes a regular one.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RewriteWastefulTextCodeFix)), Shared]
    public sealed class RewriteWastefulTextCodeFix : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("PROMPT012");

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal ||
                    !literal.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    continue;
                }

                string rewritten = TokenDensity.Rewrite(literal.Token.ValueText).Text;
                if (rewritten == literal.Token.ValueText)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Remove the white space and invisible characters that cost tokens",
                        token => Replace(context.Document, literal, rewritten, token),
                        nameof(RewriteWastefulTextCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> Replace(Document document, LiteralExpressionSyntax literal, string text, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SyntaxToken token = literal.Token.IsKind(SyntaxKind.StringLiteralToken) && literal.Token.Text.StartsWith("@", System.StringComparison.Ordinal)
                ? SyntaxFactory.Literal("@\"" + text.Replace("\"", "\"\"") + "\"", text)
                : SyntaxFactory.Literal(text);
            return document.WithSyntaxRoot(root.ReplaceNode(literal, literal.WithToken(token.WithTriviaFrom(literal.Token))));
        }
    }
}
