using System;
using System.Globalization;
using System.Linq;
using PromptAnalyzers.Internal.Catalog;

namespace PromptAnalyzers.Generators.Tests;

/// <summary>Catalog facts the tests rely on, read from the catalog so its data can change without breaking them.</summary>
internal static class Catalog
{
    /// <summary>A model counted approximately (another vendor's tokenizer).</summary>
    public static ModelEntry Approximate { get; } = ModelCatalogData.Builtin.Models
        .Where(m => !m.IsExact && m.ContextWindow > 0)
        .OrderBy(m => m.Name, StringComparer.Ordinal)
        .First();

    public static ModelEntry Get(string name) =>
        ModelCatalogData.Builtin.TryResolve(name, out ModelEntry entry) ? entry : throw new InvalidOperationException(name + " is not in the catalog");

    /// <summary>"approximate: cl100k_base + 25 % margin".</summary>
    public static string Description(ModelEntry model) =>
        "approximate: " + model.Encoding + " + " + (model.ApproximationMargin * 100).ToString("0.##", CultureInfo.InvariantCulture) + " % margin";
}
