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

        /// <summary>The file name a project's model file has (any folder; the name is matched ignoring case).</summary>
        public const string ModelFileName = "promptanalyzers.models.json";

        public static bool IsModelFile(string path) =>
            string.Equals(System.IO.Path.GetFileName(path), ModelFileName, System.StringComparison.OrdinalIgnoreCase);

        /// <summary>The options; invalid values and model files that do not parse are left out (<see cref="Problems"/> says why).</summary>
        public static BuildOptions Read(AnalyzerConfigOptions global, IEnumerable<ModelFile> modelFiles)
        {
            ModelCatalogData? catalog = Catalog(modelFiles, errors: null);
            ModelCatalogData models = catalog ?? ModelCatalogData.Builtin;
            string? model = Value(global, DefaultModelProperty) is string named && models.TryResolve(named, out _) ? named : null;
            double? margin = TryMargin(Value(global, MarginProperty), out double parsed) ? parsed : null;
            return model is null && margin is null && catalog is null ? BuildOptions.Default : new BuildOptions(model, margin) { Catalog = catalog };
        }

        /// <summary>The errors of the model files (each at its line and column in its file).</summary>
        public static IReadOnlyList<CatalogError> ModelFileErrors(IEnumerable<ModelFile> modelFiles)
        {
            var errors = new List<CatalogError>();
            Catalog(modelFiles, errors);
            return errors;
        }

        /// <summary>The built-in catalog extended by each model file that parses, in path order; null when there is none.</summary>
        private static ModelCatalogData? Catalog(IEnumerable<ModelFile> modelFiles, List<CatalogError>? errors)
        {
            ModelCatalogData? catalog = null;
            foreach (ModelFile file in System.Linq.Enumerable.OrderBy(modelFiles, f => f.Path, System.StringComparer.Ordinal))
            {
                ModelCatalogData basis = catalog ?? ModelCatalogData.Builtin;
                CatalogParseResult result = ModelCatalogData.Parse(file.Text, file.Path, basis);
                if (result.Catalog is not null)
                {
                    catalog = basis.WithOverrides(result.Catalog);
                }
                else
                {
                    errors?.AddRange(result.Errors);
                }
            }

            return catalog;
        }

        /// <summary>Each invalid setting: the property, its value and what is wrong with it.</summary>
        public static IEnumerable<(string Property, string Value, string Problem)> Problems(AnalyzerConfigOptions global, BuildOptions options)
        {
            if (Value(global, DefaultModelProperty) is string model && !options.Models.TryResolve(model, out _))
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
