using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PromptAnalyzers.CodeFixes
{
    /// <summary>What the allocation fixes share: finding a template's fixed tokens argument and writing a count.</summary>
    internal static class AllocationCodeFixes
    {
        /// <summary>
        /// The tokens argument of a <c>[TokenBudget]</c> that gives a template a fixed allocation (the constructor's
        /// <c>tokens</c>, positional or named); null for other attributes, placeholder budgets and percent allocations.
        /// </summary>
        public static ExpressionSyntax? TokensArgument(AttributeSyntax attribute)
        {
            string name = attribute.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => string.Empty,
            };
            if (name is not ("TokenBudget" or "TokenBudgetAttribute") || attribute.ArgumentList is null ||
                attribute.ArgumentList.Arguments.Any(a => a.NameEquals?.Name.Identifier.ValueText is "Placeholder" or "Percent"))
            {
                return null;
            }

            AttributeArgumentSyntax? tokens = attribute.ArgumentList.Arguments.FirstOrDefault(a =>
                a.NameEquals is null && (a.NameColon is null || a.NameColon.Name.Identifier.ValueText == "tokens"));
            return tokens?.Expression;
        }

        /// <summary>A number literal for a token count, with digit separators from 10,000 on (10_000).</summary>
        public static LiteralExpressionSyntax NumberLiteral(int tokens) =>
            SyntaxFactory.LiteralExpression(
                SyntaxKind.NumericLiteralExpression,
                SyntaxFactory.Literal(tokens.ToString(tokens >= 10_000 ? "#,0" : "0", CultureInfo.InvariantCulture).Replace(",", "_"), tokens));
    }
}
