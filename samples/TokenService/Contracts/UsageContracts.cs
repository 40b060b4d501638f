using System;
using System.Collections.Generic;
using PromptAnalyzers;

namespace TokenService.Contracts;

/// <summary>The answer of GET /usage/report.</summary>
/// <param name="Window">The current window asked for (<c>minute</c>, <c>hour</c>, <c>day</c>, <c>month</c>); absent for a from/to range.</param>
/// <param name="From">The start of the range (inclusive, UTC, whole minute).</param>
/// <param name="To">The end of the range (exclusive, UTC, whole minute).</param>
/// <param name="Total">Every call in the range.</param>
/// <param name="ByModel">Every call, per model.</param>
/// <param name="ByKey">Every model, per usage key (<c>user:alice</c>, <c>project:checkout</c>).</param>
public sealed record UsageReportResponse(
    string? Window,
    DateTimeOffset From,
    DateTimeOffset To,
    TotalsResponse Total,
    SortedDictionary<string, TotalsResponse> ByModel,
    SortedDictionary<string, TotalsResponse> ByKey);

/// <summary>Usage totals.</summary>
/// <param name="Calls">Recorded calls.</param>
/// <param name="InputTokens">All prompt tokens, cached ones included.</param>
/// <param name="CachedInputTokens">Prompt tokens read from the cache.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="TotalTokens">Input plus output.</param>
/// <param name="Cost">List-price cost in US dollars.</param>
public sealed record TotalsResponse(long Calls, long InputTokens, long CachedInputTokens, long OutputTokens, long TotalTokens, decimal Cost)
{
    /// <summary>The response form of <paramref name="totals"/>.</summary>
    public static TotalsResponse From(UsageTotals totals) => new TotalsResponse(
        totals.Calls, totals.InputTokens, totals.CachedInputTokens, totals.OutputTokens, totals.TotalTokens, totals.Cost);
}
