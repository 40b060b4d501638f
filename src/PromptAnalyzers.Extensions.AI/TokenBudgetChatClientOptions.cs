using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptAnalyzers.Extensions.AI
{
    /// <summary>Settings of a <see cref="TokenBudgetChatClient"/>.</summary>
    /// <remarks>
    /// With <c>ChatClientBuilder.UseTokenBudget(...)</c>, every service left null here is taken from the builder's
    /// <see cref="IServiceProvider"/> when it is registered there (as <c>services.AddPromptBudgeting(...)</c> does).
    /// </remarks>
    public sealed class TokenBudgetChatClientOptions
    {
        /// <summary>
        /// The <see cref="ChatOptions.AdditionalProperties"/> entry that carries a call's usage keys: an
        /// <see cref="IEnumerable{T}"/> of <see cref="UsageKey"/>, one <see cref="UsageKey"/>, or <c>dimension:value</c>
        /// text (one string or several). It is removed before the call goes on to the inner client.
        /// </summary>
        public const string KeysProperty = "promptanalyzers.keys";

        /// <summary>
        /// The model of calls whose <see cref="ChatOptions.ModelId"/> is null; when this is null too, the inner client's
        /// <see cref="ChatClientMetadata.DefaultModelId"/>. The name must be in the catalog (or added to it).
        /// </summary>
        public string? DefaultModel { get; set; }

        /// <summary>
        /// The output tokens to keep free in the model's window, and the cap on <see cref="ChatOptions.MaxOutputTokens"/>.
        /// Null: the call's own <see cref="ChatOptions.MaxOutputTokens"/>, else the model's maximum output. Never more than
        /// the model's maximum output.
        /// </summary>
        public int? ReservedOutputTokens { get; set; }

        /// <summary>
        /// Whether the conversation is reduced to the model's input limit with <see cref="TokenBudgetChatReducer"/> (default
        /// true). When false the messages are sent as given and only counted.
        /// </summary>
        public bool FitToWindow { get; set; } = true;

        /// <summary>
        /// Computes a call's usage keys (for example the current user from the ambient request); they are added to the
        /// keys of <see cref="KeysProperty"/>. Null for none.
        /// </summary>
        public Func<IEnumerable<ChatMessage>, ChatOptions?, IEnumerable<UsageKey>>? Keys { get; set; }

        /// <summary>
        /// Whether this library reports <c>gen_ai.client.token.usage</c> for the calls it records. Null (default): not
        /// when the inner pipeline holds Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/>, which reports it
        /// already; otherwise yes. Set false when that client sits outside this one (<c>UseOpenTelemetry()</c> before
        /// <c>UseTokenBudget()</c> in the builder), where it cannot be detected. Cost and budget metrics are always reported.
        /// </summary>
        /// <remarks>It applies to the calls through this client only (<see cref="UsageRecordOptions.ReportTokenUsage"/>); other callers of the same metrics still report theirs.</remarks>
        public bool? ReportTokenUsage { get; set; }

        /// <summary>The catalog that resolves model names (windows, output limits, encodings); null: <see cref="ModelCatalog.Default"/>.</summary>
        public ModelCatalog? Catalog { get; set; }

        /// <summary>Checks each call against the budget policies and charges its usage; null: calls are only recorded (with <see cref="Tracker"/>).</summary>
        public BudgetEnforcer? Enforcer { get; set; }

        /// <summary>Records each call's usage when there is no <see cref="Enforcer"/>; null: the enforcer's tracker, or no recording.</summary>
        public UsageTracker? Tracker { get; set; }

        /// <summary>
        /// How the tracker reads cache-read tokens; null: the tracker's default for the model. Microsoft.Extensions.AI
        /// reports them inside <see cref="UsageDetails.InputTokenCount"/>; they are converted to this convention.
        /// </summary>
        public CachedTokensConvention? TrackerCachedTokens { get; set; }

        /// <summary>Where the client logs (prompt text only at <see cref="LogLevel.Trace"/>); null: no logging.</summary>
        public ILoggerFactory? LoggerFactory { get; set; }

        internal TokenBudgetChatClientOptions Clone() => (TokenBudgetChatClientOptions)MemberwiseClone();
    }
}
