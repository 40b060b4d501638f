using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptAnalyzers.Generators.Model;
using PromptAnalyzers.Internal.Catalog;

namespace PromptAnalyzers.Generators.Parsing
{
    /// <summary>
    /// The project's MSBuild settings, made visible to the compiler by the package's props (CompilerVisibleProperty):
    /// <c>PromptAnalyzersDefaultModel</c>, the model of prompts that name neither a model nor an encoding, and
    /// <c>PromptAnalyzersApproximationMargin</c>, the margin added to counts of models whose tokenizer is approximated.
    /// </summary>
    internal static class BuildOptionsReader
    {
        public const string DefaultModelProperty = "PromptAnalyzersDefaultModel";
        public const string MarginProperty = "PromptAnalyzersApproximationMargin";

        /// <summary>The options; invalid values are left out (<see cref="Problems"/> says why).</summary>
        public static BuildOptions Read(AnalyzerConfigOptions global)
        {
            string? model = Value(global, DefaultModelProperty) is string named && ModelCatalogData.Builtin.TryResolve(named, out _) ? named : null;
            double? margin = TryMargin(Value(global, MarginProperty), out double parsed) ? parsed : null;
            return model is null && margin is null ? BuildOptions.Default : new BuildOptions(model, margin);
        }

        /// <summary>Each invalid setting: the property, its value and what is wrong with it.</summary>
        public static IEnumerable<(string Property, string Value, string Problem)> Problems(AnalyzerConfigOptions global)
        {
            if (Value(global, DefaultModelProperty) is string model && !ModelCatalogData.Builtin.TryResolve(model, out _))
            {
                yield return (DefaultModelProperty, model, "the model is not in the model catalog");
            }

            if (Value(global, MarginProperty) is string margin && !TryMargin(margin, out _))
            {
                yield return (MarginProperty, margin, "the margin must be a number from 0 to 10 (0.2 adds 20 %)");
            }
        }

        private static string? Value(AnalyzerConfigOptions global, string property) =>
            global.TryGetValue("build_property." + property, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        private static bool TryMargin(string? text, out double margin) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out margin) && margin >= 0 && margin <= 10;
    }
}
