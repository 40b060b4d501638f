using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromptAnalyzers;
using TokenService.Contracts;
using TokenService.Http;

namespace TokenService.Endpoints;

/// <summary>GET /usage/report?window=minute|hour|day|month, or ?from=...&amp;to=... (ISO 8601).</summary>
internal static class UsageEndpoints
{
    private static readonly Dictionary<string, UsageWindow> s_windows = new Dictionary<string, UsageWindow>(StringComparer.OrdinalIgnoreCase)
    {
        ["minute"] = UsageWindow.Minute,
        ["hour"] = UsageWindow.Hour,
        ["day"] = UsageWindow.Day,
        ["month"] = UsageWindow.Month,
    };

    public static void MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/usage/report", ReportAsync);
    }

    private static async Task<IResult> ReportAsync(HttpContext context, UsageTracker tracker)
    {
        IQueryCollection query = context.Request.Query;
        string? window = Single(query, "window");
        string? from = Single(query, "from");
        string? to = Single(query, "to");
        var errors = new RequestErrors();
        foreach (string name in new[] { "window", "from", "to" })
        {
            if (query[name].Count > 1)
            {
                errors.Add(name, $"Give '{name}' once.");
            }
        }

        foreach (string name in query.Keys)
        {
            if (name is not ("window" or "from" or "to"))
            {
                errors.Add(name, $"Unknown query parameter '{name}'; use 'window' (minute, hour, day, month) or 'from' and 'to'.");
            }
        }

        UsageWindow kind = UsageWindow.Day;
        DateTimeOffset start = default;
        DateTimeOffset end = default;
        bool range = from is not null || to is not null;
        if (range && window is not null)
        {
            errors.Add("window", "Give either 'window' or 'from' and 'to', not both.");
        }
        else if (range)
        {
            start = ParseTime(from, "from", errors);
            end = ParseTime(to, "to", errors);
            if (from is not null && to is not null && !errors.HasErrors && end < start)
            {
                errors.Add("to", $"'to' ({end:O}) cannot be before 'from' ({start:O}).");
            }
        }
        else if (window is not null && !s_windows.TryGetValue(window, out kind))
        {
            errors.Add("window", $"Unknown window '{window}'; use minute, hour, day or month.");
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        UsageReport report = range
            ? await tracker.GetReportAsync(start, end, context.RequestAborted)
            : await tracker.GetReportAsync(kind, context.RequestAborted);
        var byModel = new SortedDictionary<string, TotalsResponse>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, UsageTotals> pair in report.ByModel)
        {
            byModel.Add(pair.Key, TotalsResponse.From(pair.Value));
        }

        var byKey = new SortedDictionary<string, TotalsResponse>(StringComparer.Ordinal);
        foreach (KeyValuePair<UsageKey, UsageTotals> pair in report.ByKey)
        {
            byKey.Add(pair.Key.ToString(), TotalsResponse.From(pair.Value));
        }

        return Results.Ok(new UsageReportResponse(
            range ? null : UsageCounter.WindowName(kind), report.From, report.To, TotalsResponse.From(report.Total), byModel, byKey));
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues values) && values.Count > 0 ? values[0] : null;

    private static DateTimeOffset ParseTime(string? value, string name, RequestErrors errors)
    {
        if (value is null)
        {
            errors.Add(name, $"'{name}' is required with '{(name == "from" ? "to" : "from")}': an ISO 8601 time such as 2025-06-01T00:00:00Z.");
            return default;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            errors.Add(name, $"'{name}' is not a time: '{value}'; use ISO 8601 such as 2025-06-01T00:00:00Z.");
            return default;
        }

        return time.ToUniversalTime();
    }
}
