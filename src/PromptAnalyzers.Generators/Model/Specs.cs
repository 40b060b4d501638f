namespace PromptAnalyzers.Generators.Model
{
    /// <summary>Options that come from the build rather than from attributes.</summary>
    internal sealed record BuildOptions(string? DefaultModel, double? ApproximationMargin)
    {
        public static BuildOptions Default { get; } = new BuildOptions(DefaultModel: null, ApproximationMargin: null);

        /// <summary>The built-in catalog extended by the project's model files; null for the built-in one alone.</summary>
        public Internal.Catalog.ModelCatalogData? Catalog { get; init; }

        public Internal.Catalog.ModelCatalogData Models => Catalog ?? Internal.Catalog.ModelCatalogData.Builtin;
    }

    /// <summary>A project model file (an AdditionalFiles item named promptanalyzers.models.json): its path and text.</summary>
    internal sealed record ModelFile(string Path, string Text);

    /// <summary>
    /// A prompt type's [TokenBudget] as written (or its absence), with where each part is: what budget resolution needs,
    /// so it can be redone when the build options change without reading the symbols again.
    /// </summary>
    internal sealed record BudgetArguments(
        string TypeName,
        int Tokens,
        int ReservedOutput,
        string? Encoding,
        string? Model,
        LocationInfo? BudgetLocation,
        LocationInfo? TokensLocation,
        LocationInfo? ReservedOutputLocation,
        LocationInfo? ModelLocation)
    {
        /// <summary>The arguments without locations, for the generator's cache.</summary>
        public BudgetArguments ForGenerator() =>
            this with { BudgetLocation = null, TokensLocation = null, ReservedOutputLocation = null, ModelLocation = null };
    }

    /// <summary>An allocation: kind (0 remainder, 1 fixed, 2 percent, as PromptAnalyzers.TokenAllocationKind) and value.</summary>
    internal readonly record struct AllocationSpec(int Kind, int Value)
    {
        public const int RemainderKind = 0;
        public const int FixedKind = 1;
        public const int PercentKind = 2;

        public static AllocationSpec Remainder => default;

        public bool IsFixed => Kind == FixedKind;

        public bool IsPercent => Kind == PercentKind;

        public bool IsRemainder => Kind == RemainderKind;

        public string Describe() => Kind switch
        {
            FixedKind => Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " tokens",
            PercentKind => Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " % of the input budget",
            _ => "a share of the remainder",
        };
    }

    /// <summary>A budget of one placeholder inside a template.</summary>
    internal sealed record PlaceholderBudgetSpec(string Placeholder, AllocationSpec Allocation, int Truncation);

    /// <summary>A containing type, re-declared partial around the generated members.</summary>
    internal sealed record TypeDeclarationSpec(string Keyword, string Name, EquatableArray<string> TypeParameters);

    /// <summary>The prompt's budget after resolving model, encoding and window.</summary>
    internal sealed record ResolvedBudget(string Encoding, string? Model, int TotalTokens, int ReservedOutput, double ApproximationMargin)
    {
        public int InputBudget => Internal.Budgeting.BudgetMath.InputBudget(TotalTokens, ReservedOutput);

        public bool IsExact => ApproximationMargin <= 0;

        /// <summary>How counts are made, as every message states it: "o200k_base" or "approximate: cl100k_base + 25 % margin".</summary>
        public string CountingDescription => IsExact
            ? Encoding
            : "approximate: " + Encoding + " + " + (ApproximationMargin * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " % margin";

        public int Approximate(int exactTokens) => Internal.Budgeting.BudgetMath.ApplyMargin(exactTokens, ApproximationMargin);

        /// <summary>The model's list prices from the catalog (for the budget report); null without a model or prices.</summary>
        public PriceSpec? Prices { get; init; }
    }

    /// <summary>A model's list prices in US dollars per 1M tokens and their date, as the catalog gives them.</summary>
    internal sealed record PriceSpec(decimal Input, decimal? Output, string? AsOf);

    /// <summary>
    /// Where a type's diagnostics go. Only the analyzer keeps these; the generator drops them so moving code around
    /// does not invalidate its cache.
    /// </summary>
    internal sealed record PromptTypeLocations(LocationInfo? Identifier, LocationInfo? Budget);

    /// <summary>Everything about a prompt type that is not one of its templates.</summary>
    internal sealed record PromptTypeSpec(
        string MetadataName,
        string Name,
        string? Namespace,
        EquatableArray<TypeDeclarationSpec> Declarations,
        ResolvedBudget? Budget,
        bool CanGenerate,
        EquatableArray<DiagnosticInfo> Diagnostics,
        PromptTypeLocations? Locations)
    {
        /// <summary>The budget as written; null for a type that can never hold a prompt.</summary>
        public BudgetArguments? Arguments { get; init; }

        /// <summary>Whether the type has problems other than its budget's resolution (those stop generation whatever the options).</summary>
        public bool HasOtherErrors { get; init; }

        public PromptTypeSpec ForGenerator() =>
            this with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty, Locations = null, Arguments = Arguments?.ForGenerator() };
    }

    /// <summary>One [PromptTemplate] field, parsed.</summary>
    internal sealed record TemplateSpec(
        string Name,
        int Order,
        string Text,
        string StaticText,
        EquatableArray<string> Placeholders,
        int Role,
        string? MessageName,
        AllocationSpec Allocation,
        int Truncation,
        EquatableArray<PlaceholderBudgetSpec> PlaceholderBudgets,
        bool CanGenerate,
        EquatableArray<DiagnosticInfo> Diagnostics,
        LocationInfo? ValueLocation)
    {
        public TemplateSpec ForGenerator() => this with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty, ValueLocation = null };
    }

    /// <summary>A template and the type it belongs to: the output of the generator's first step.</summary>
    internal sealed record TemplateModel(PromptTypeSpec Type, TemplateSpec Template);

    /// <summary>
    /// A template with its static text counted, and its message's chat overhead (3 + role [+ 1 + name]); exact counts
    /// of the prompt's encoding.
    /// </summary>
    internal sealed record CountedTemplate(PromptTypeSpec Type, TemplateSpec Template, int StaticTokens, int MessageOverhead);

    /// <summary>A whole prompt: one type, its templates in declaration order, and the generated file's hint name.</summary>
    internal sealed record PromptModel(PromptTypeSpec Type, EquatableArray<CountedTemplate> Templates, string HintName);

    /// <summary>What the emitter needs to know about the consumer's compilation.</summary>
    internal sealed record EmitOptions(bool NullableAnnotations);
}
