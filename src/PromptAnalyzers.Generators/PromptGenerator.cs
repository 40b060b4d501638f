using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PromptAnalyzers.Generators.Counting;
using PromptAnalyzers.Generators.Emitting;
using PromptAnalyzers.Generators.Model;
using PromptAnalyzers.Generators.Parsing;

namespace PromptAnalyzers.Generators
{
    /// <summary>
    /// Generates <c>TokenCounts</c>, <c>CreateBuilder()</c> and <c>Builder</c> for every type with <c>[PromptTemplate]</c>
    /// fields. Pipeline wiring only: parsing, counting and emitting live elsewhere; diagnostics come from
    /// <see cref="PromptAnalyzer"/>, and whatever cannot be generated is skipped silently.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class PromptGenerator : IIncrementalGenerator
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, PromptTypeSpec> s_typeSpecs = new();

        private static readonly string s_version = typeof(PromptGenerator).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<TemplateModel> templates = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    PromptParser.TemplateAttributeMetadataName,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax,
                    static (context, cancellationToken) => Parse(context, cancellationToken))
                .Where(static model => model is not null)
                .Select(static (model, _) => model!)
                .WithTrackingName(TrackingNames.Templates);

            IncrementalValueProvider<ImmutableArray<ModelFile>> modelFiles = context.AdditionalTextsProvider
                .Where(static file => BuildOptionsReader.IsModelFile(file.Path))
                .Select(static (file, cancellationToken) => new ModelFile(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty))
                .Collect();

            IncrementalValueProvider<BuildOptions> buildOptions = context.AnalyzerConfigOptionsProvider
                .Combine(modelFiles)
                .Select(static (pair, _) => BuildOptionsReader.Read(pair.Left.GlobalOptions, pair.Right))
                .WithTrackingName(TrackingNames.BuildOptions);

            IncrementalValuesProvider<TemplateModel> configured = templates
                .Combine(buildOptions)
                .Select(static (pair, _) => pair.Right == BuildOptions.Default
                    ? pair.Left
                    : new TemplateModel(PromptParser.WithOptions(pair.Left.Type, pair.Right), pair.Left.Template))
                .WithTrackingName(TrackingNames.ConfiguredTemplates);

            IncrementalValuesProvider<CountedTemplate> counted = configured
                .Select(static (model, cancellationToken) => Count(model, cancellationToken))
                .WithTrackingName(TrackingNames.CountedTemplates);

            IncrementalValuesProvider<PromptModel> prompts = counted
                .Collect()
                .SelectMany(static (all, cancellationToken) => Group(all, cancellationToken))
                .WithTrackingName(TrackingNames.Prompts);

            IncrementalValueProvider<EmitOptions> emitOptions = context.ParseOptionsProvider
                .Select(static (options, _) => new EmitOptions(
                    options is CSharpParseOptions csharp && csharp.LanguageVersion >= LanguageVersion.CSharp8))
                .WithTrackingName(TrackingNames.EmitOptions);

            context.RegisterSourceOutput(
                prompts.Combine(emitOptions).WithTrackingName(TrackingNames.PromptsWithOptions),
                static (context, input) => Emit(context, input.Left, input.Right));
        }

        private static TemplateModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                if (context.TargetSymbol is not IFieldSymbol field || context.Attributes.IsEmpty)
                {
                    return null;
                }

                // Every template field of a type asks for the same type spec: parse it once per type and compilation.
                PromptTypeSpec type = s_typeSpecs.GetValue(field.ContainingType, containing => PromptParser.ParseType(containing, BuildOptions.Default, cancellationToken));
                TemplateSpec template = PromptParser.ParseTemplate(field, context.Attributes[0], cancellationToken);
                return new TemplateModel(type.ForGenerator(), template.ForGenerator());
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // Keep the type from being generated without this template: mark it, rather than drop it.
                return context.TargetSymbol is IFieldSymbol field ? PromptParser.Unparseable(field) : null;
            }
        }

        private static CountedTemplate Count(TemplateModel model, CancellationToken cancellationToken)
        {
            int tokens = 0;
            int overhead = 0;
            try
            {
                if (model.Type.Budget is ResolvedBudget budget && model.Template.CanGenerate)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    tokens = TokenCountCache.Count(budget.Encoding, model.Template.StaticText);
                    overhead = PromptChecker.MessageOverheadTokens(budget.Encoding, model.Template);
                }
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // Unreachable unless the tokenizer cannot load; the analyzer reports what it can and nothing is generated.
                return new CountedTemplate(model.Type, model.Template with { CanGenerate = false }, 0, 0);
            }

            return new CountedTemplate(model.Type, model.Template, tokens, overhead);
        }

        private static ImmutableArray<PromptModel> Group(ImmutableArray<CountedTemplate> all, CancellationToken cancellationToken)
        {
            var byType = new Dictionary<string, List<CountedTemplate>>(StringComparer.Ordinal);
            foreach (CountedTemplate template in all)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!byType.TryGetValue(template.Type.MetadataName, out List<CountedTemplate>? list))
                {
                    list = new List<CountedTemplate>();
                    byType.Add(template.Type.MetadataName, list);
                }

                list.Add(template);
            }

            var prompts = new List<PromptModel>(byType.Count);
            foreach (KeyValuePair<string, List<CountedTemplate>> entry in byType.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                List<CountedTemplate> templates = entry.Value;
                templates.Sort((a, b) => a.Template.Order != b.Template.Order
                    ? a.Template.Order.CompareTo(b.Template.Order)
                    : string.CompareOrdinal(a.Template.Name, b.Template.Name));
                PromptTypeSpec type = templates[0].Type;
                if (!type.CanGenerate || templates.Any(t => !t.Template.CanGenerate || t.Type != type) ||
                    PromptChecker.MethodConflicts(templates.Select(t => t.Template).ToList()).Any())
                {
                    continue;
                }

                prompts.Add(new PromptModel(type, new EquatableArray<CountedTemplate>(templates.ToArray()), PromptEmitter.HintName(type)));
            }

            // Hint names must be unique ignoring case: types that differ only in case (or in characters the file name
            // cannot hold) get a hash of their exact name.
            var collisions = new HashSet<string>(
                prompts.GroupBy(p => p.HintName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key),
                StringComparer.OrdinalIgnoreCase);
            var result = ImmutableArray.CreateBuilder<PromptModel>(prompts.Count);
            foreach (PromptModel prompt in prompts)
            {
                result.Add(collisions.Contains(prompt.HintName)
                    ? prompt with { HintName = PromptEmitter.HintName(prompt.Type, disambiguate: true) }
                    : prompt);
            }

            return result.ToImmutable();
        }

        private static void Emit(SourceProductionContext context, PromptModel prompt, EmitOptions options)
        {
            try
            {
                string source = PromptEmitter.Emit(prompt, options, s_version);
                context.AddSource(prompt.HintName, SourceText.From(source, System.Text.Encoding.UTF8));
            }
            catch (Exception exception) when (!(exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
            {
                // Skipped silently: a generator exception would discard every other prompt's output too.
            }
        }
    }
}
