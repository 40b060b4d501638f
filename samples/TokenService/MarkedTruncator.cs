using System;
using PromptAnalyzers;

namespace TokenService;

/// <summary>
/// <see cref="TextTruncator"/> for any <see cref="TokenCounter"/> and any cut marker. The result counted from scratch
/// by the counter (its margin included for an approximate model) is never more than the limit, the marker included.
/// </summary>
public static class MarkedTruncator
{
    private const int HalvingAfter = 24;

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxTokens"/> tokens of <paramref name="counter"/>.</summary>
    /// <param name="counter">Counts the result; its encoding cuts.</param>
    /// <param name="text">The text.</param>
    /// <param name="maxTokens">The limit, 0 or more.</param>
    /// <param name="strategy">KeepStart, KeepEnd, KeepBothEnds or Sentences.</param>
    /// <param name="marker">
    /// Text placed where the cut is; null for the library's default ("…" for KeepBothEnds, nothing for the others).
    /// </param>
    /// <returns>The result, or null when the text does not fit and the marker alone is over the limit.</returns>
    public static Cut? Truncate(TokenCounter counter, string text, int maxTokens, Truncation strategy, string? marker)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        if (strategy is not (Truncation.KeepStart or Truncation.KeepEnd or Truncation.KeepBothEnds or Truncation.Sentences))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Only the cutting strategies are supported.");
        }

        if (counter.IsWithin(text, maxTokens, out int whole))
        {
            return new Cut(text, whole, IsTruncated: false);
        }

        if (marker is null && counter.IsExact)
        {
            // The library's own cut: exact, and KeepBothEnds places its "…" marker.
            TruncatedText cut = TextTruncator.Truncate(text, maxTokens, strategy, counter.Encoding);
            return new Cut(cut.Text, cut.Tokens, cut.IsTruncated);
        }

        marker ??= strategy == Truncation.KeepBothEnds ? TextTruncator.Marker : string.Empty;
        if (counter.CountTokens(marker) > maxTokens)
        {
            return null;
        }

        // The cut's content budget in the encoding's own (exact) tokens; shrunk until the whole result fits the counter.
        double scale = 1 + counter.ApproximationMargin;
        int budget = Math.Max(0, (int)Math.Floor(maxTokens / scale) - TextTruncator.CountTokens(marker, counter.Encoding));
        for (int attempt = 0; ; attempt++)
        {
            string candidate = Compose(text, budget, strategy, marker, counter.Encoding);
            int tokens = counter.CountTokens(candidate);
            if (tokens <= maxTokens || budget == 0)
            {
                // Budget 0 leaves the marker alone, which fits (checked above).
                return new Cut(candidate, tokens, IsTruncated: true);
            }

            int excess = Math.Max(1, (int)Math.Ceiling((tokens - maxTokens) / scale));
            budget = attempt >= HalvingAfter ? budget / 2 : Math.Max(0, budget - excess);
        }
    }

    private static string Compose(string text, int budget, Truncation strategy, string marker, string encoding)
    {
        switch (strategy)
        {
            case Truncation.KeepEnd:
                return marker + TextTruncator.Truncate(text, budget, Truncation.KeepEnd, encoding).Text;
            case Truncation.KeepBothEnds:
                string head = TextTruncator.Truncate(text, (budget + 1) / 2, Truncation.KeepStart, encoding).Text;
                string tail = TextTruncator.Truncate(text, budget / 2, Truncation.KeepEnd, encoding).Text;
                int tailStart = Math.Max(head.Length, text.Length - tail.Length);
                return head + marker + text.Substring(tailStart);
            default:
                return TextTruncator.Truncate(text, budget, strategy, encoding).Text + marker;
        }
    }
}

/// <summary>The result of <see cref="MarkedTruncator.Truncate"/>.</summary>
/// <param name="Text">The text, cut or whole.</param>
/// <param name="Tokens">Its tokens counted from scratch by the counter.</param>
/// <param name="IsTruncated">True when the text was cut.</param>
public readonly record struct Cut(string Text, int Tokens, bool IsTruncated);
