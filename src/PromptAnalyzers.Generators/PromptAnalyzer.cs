using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptAnalyzers.Generators.Counting;
using PromptAnalyzers.Generators.Diagnostics;
using PromptAnalyzers.Generators.Model;
using PromptAnalyzers.Generators.Parsing;
using PromptAnalyzers.Internal.Catalog;

namespace PromptAnalyzers.Generators
{
    /// <summary>Reports PROMPT001… for prompt types, using the generator's parser and counting cache.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PromptAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                INamedTypeSymbol? templateAttribute = start.Compilation.GetTypeByMetadataName(PromptParser.TemplateAttributeMetadataName);
                if (templateAttribute is null)
                {
                    return;
                }

                AnalyzerConfigOptions global = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
                var modelFiles = new List<ModelFile>();
                foreach (AdditionalText file in start.Options.AdditionalFiles)
                {
                    if (BuildOptionsReader.IsModelFile(file.Path))
                    {
                        modelFiles.Add(new ModelFile(file.Path, file.GetText(start.CancellationToken)?.ToString() ?? string.Empty));
                    }
                }

                BuildOptions options = BuildOptionsReader.Read(global, modelFiles);
                start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, templateAttribute, options), SymbolKind.NamedType);
                start.RegisterCompilationEndAction(end =>
                {
                    foreach ((string property, string value, string problem) in BuildOptionsReader.Problems(global, options))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidBuildSetting, Location.None, property, value, problem));
                    }

                    foreach (CatalogError error in BuildOptionsReader.ModelFileErrors(modelFiles))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidModelFile, ModelFileLocation(modelFiles, error), error.SourceName, error.Message.TrimEnd('.')));
                    }
                });
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol templateAttribute, BuildOptions options)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var fields = new List<(IFieldSymbol Field, AttributeData Attribute)>();
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IFieldSymbol field)
                {
                    foreach (AttributeData attribute in field.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, templateAttribute))
                        {
                            fields.Add((field, attribute));
                            break;
                        }
                    }
                }
            }

            if (fields.Count == 0)
            {
                return;
            }

            var trees = new Dictionary<string, SyntaxTree>();
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                trees[reference.SyntaxTree.FilePath] = reference.SyntaxTree;
            }

            PromptTypeSpec spec = PromptParser.ParseType(type, options, context.CancellationToken);
            Report(context, spec.Diagnostics, trees);

            var templates = new List<TemplateSpec>(fields.Count);
            bool allValid = true;
            foreach ((IFieldSymbol field, AttributeData attribute) in fields)
            {
                TemplateSpec template = PromptParser.ParseTemplate(field, attribute, context.CancellationToken);
                Report(context, template.Diagnostics, trees);
                allValid &= template.CanGenerate;
                templates.Add(template);
            }

            if (allValid)
            {
                templates.Sort((a, b) => a.Order.CompareTo(b.Order));
                Report(context, PromptChecker.Check(spec, templates, MinHeadroomPercent(context, fields[0].Field)), trees);
                if (spec.Budget is ResolvedBudget budget)
                {
                    Report(context, EfficiencyChecker.CheckDensity(budget, templates), trees);
                    var staticTokens = templates.ConvertAll(t => TokenCountCache.Count(budget.Encoding, t.StaticText));
                    Report(context, EfficiencyChecker.CheckCacheOrder(spec, budget, templates, staticTokens, CacheMinPrefixTokens(context, fields[0].Field)), trees);
                }
            }
        }

        /// <summary>Where a model file error is: its line and column in the file (one character wide).</summary>
        private static Location ModelFileLocation(List<ModelFile> files, CatalogError error)
        {
            ModelFile? file = files.Find(f => f.Path == error.SourceName);
            int length = file is not null && error.Offset < file.Text.Length ? 1 : 0;
            var start = new Microsoft.CodeAnalysis.Text.LinePosition(System.Math.Max(0, error.Line - 1), System.Math.Max(0, error.Column - 1));
            return Location.Create(error.SourceName, new Microsoft.CodeAnalysis.Text.TextSpan(System.Math.Max(0, error.Offset), length),
                new Microsoft.CodeAnalysis.Text.LinePositionSpan(start, new Microsoft.CodeAnalysis.Text.LinePosition(start.Line, start.Character + length)));
        }

        /// <summary>The PROMPT013 threshold from .editorconfig/.globalconfig; the default when missing or not a count.</summary>
        private static int CacheMinPrefixTokens(SymbolAnalysisContext context, IFieldSymbol field)
        {
            SyntaxTree? tree = field.Locations.FirstOrDefault()?.SourceTree;
            if (tree is not null &&
                context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(EfficiencyChecker.CachePrefixOption, out string? text) &&
                int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int tokens))
            {
                return tokens;
            }

            return EfficiencyChecker.DefaultCacheMinPrefixTokens;
        }

        /// <summary>The PROMPT011 threshold from .editorconfig/.globalconfig; the default when missing or not within 0–100.</summary>
        private static int MinHeadroomPercent(SymbolAnalysisContext context, IFieldSymbol field)
        {
            SyntaxTree? tree = field.Locations.FirstOrDefault()?.SourceTree;
            if (tree is not null &&
                context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(PromptChecker.HeadroomOption, out string? text) &&
                int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int percent) &&
                percent <= 100)
            {
                return percent;
            }

            return PromptChecker.DefaultMinHeadroomPercent;
        }

        private static void Report(SymbolAnalysisContext context, IEnumerable<DiagnosticInfo> diagnostics, IReadOnlyDictionary<string, SyntaxTree> trees)
        {
            foreach (DiagnosticInfo info in diagnostics)
            {
                Location location = info.Location?.ToLocation(trees) ?? Location.None;
                object[] arguments = new object[info.Arguments.Count];
                for (int i = 0; i < arguments.Length; i++)
                {
                    arguments[i] = info.Arguments[i];
                }

                ImmutableDictionary<string, string?>.Builder properties = ImmutableDictionary.CreateBuilder<string, string?>();
                foreach (string property in info.Properties)
                {
                    int equals = property.IndexOf('=');
                    properties[property.Substring(0, equals)] = property.Substring(equals + 1);
                }

                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ById(info.Id), location, properties.ToImmutable(), arguments));
            }
        }
    }
}
