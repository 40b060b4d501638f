namespace TokenService.Contracts;

/// <summary>POST /cost/estimate.</summary>
public sealed class CostEstimateRequest
{
    /// <summary>A catalog model name (dated snapshots resolve to their family).</summary>
    public string? Model { get; set; }

    /// <summary>All prompt tokens, cached ones included.</summary>
    public long? InputTokens { get; set; }

    /// <summary>The output tokens you expect.</summary>
    public long? OutputTokens { get; set; }

    /// <summary>How many of <see cref="InputTokens"/> you expect to be read from the prompt cache (default 0).</summary>
    public long? CachedInputTokens { get; set; }

    /// <summary>Price at the Batch API discount (default false).</summary>
    public bool? Batch { get; set; }
}

/// <summary>The answer of POST /cost/estimate; amounts are exact decimal US dollars.</summary>
/// <param name="Model">The catalog model whose prices were used.</param>
/// <param name="RequestedModel">The name as asked for.</param>
/// <param name="Currency">Always <c>USD</c>.</param>
/// <param name="PricesAsOf">The date of the list prices (yyyy-MM-dd).</param>
/// <param name="Batch">True when priced at the batch discount.</param>
/// <param name="BatchDiscount">The discount applied (0.5 = half price); absent when not a batch.</param>
/// <param name="LongContext">True when the long-context tier priced every part.</param>
/// <param name="InputTokens">All prompt tokens.</param>
/// <param name="CachedInputTokens">Prompt tokens priced as cache reads.</param>
/// <param name="UncachedInputTokens">Prompt tokens priced at the plain input price.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">The parts and their total.</param>
public sealed record CostEstimateResponse(
    string Model,
    string RequestedModel,
    string Currency,
    string? PricesAsOf,
    bool Batch,
    decimal? BatchDiscount,
    bool LongContext,
    long InputTokens,
    long CachedInputTokens,
    long UncachedInputTokens,
    long OutputTokens,
    CostParts Cost);

/// <summary>The parts of a cost, in US dollars.</summary>
/// <param name="Input">Uncached input tokens.</param>
/// <param name="CachedInput">Input tokens read from the cache.</param>
/// <param name="Output">Output tokens.</param>
/// <param name="Total">The sum.</param>
public sealed record CostParts(decimal Input, decimal CachedInput, decimal Output, decimal Total);
