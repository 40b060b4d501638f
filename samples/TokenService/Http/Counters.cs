using System;
using Microsoft.AspNetCore.Http;
using PromptAnalyzers;

namespace TokenService.Http;

/// <summary>Turns a request's <c>model</c> or <c>encoding</c> into a <see cref="TokenCounter"/>.</summary>
internal static class Counters
{
    public const string Cl100kBase = "cl100k_base";
    public const string O200kBase = "o200k_base";

    /// <summary>
    /// The counter of exactly one of <paramref name="model"/> (a catalog name; unknown: 404) or
    /// <paramref name="encoding"/> (cl100k_base or o200k_base; other: 400). Adds field errors to
    /// <paramref name="errors"/> and returns null when the request gives neither, both or an invalid encoding.
    /// </summary>
    public static TokenCounter? Resolve(string? model, string? encoding, ModelCatalog catalog, RequestErrors errors, out IResult? notFound)
    {
        notFound = null;
        if (model is not null && encoding is not null)
        {
            errors.Add("model", "Give either 'model' or 'encoding', not both.");
            return null;
        }

        if (encoding is not null)
        {
            if (string.Equals(encoding, Cl100kBase, StringComparison.Ordinal) || string.Equals(encoding, O200kBase, StringComparison.Ordinal))
            {
                return TokenCounter.ForEncoding(encoding);
            }

            errors.Add("encoding", $"Unknown encoding '{encoding}'; use '{Cl100kBase}' or '{O200kBase}'.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            errors.Add("model", "Give 'model' (a catalog model name such as 'gpt-4o') or 'encoding' ('cl100k_base' or 'o200k_base').");
            return null;
        }

        try
        {
            return TokenCounter.ForModel(model, catalog);
        }
        catch (UnknownModelException exception)
        {
            notFound = Problems.UnknownModel(exception);
            return null;
        }
    }
}
