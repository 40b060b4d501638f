namespace PromptAnalyzers.Generators
{
    /// <summary>Names of the generator's tracked pipeline steps (tests enumerate these).</summary>
    internal static class TrackingNames
    {
        public const string Templates = nameof(Templates);
        public const string BuildOptions = nameof(BuildOptions);
        public const string ConfiguredTemplates = nameof(ConfiguredTemplates);
        public const string CountedTemplates = nameof(CountedTemplates);
        public const string Prompts = nameof(Prompts);
        public const string EmitOptions = nameof(EmitOptions);
        public const string PromptsWithOptions = nameof(PromptsWithOptions);
    }
}
