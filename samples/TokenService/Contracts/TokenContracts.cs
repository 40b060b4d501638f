namespace TokenService.Contracts;

/// <summary>POST /tokens/count: <c>text</c> or <c>messages</c>, and <c>model</c> or <c>encoding</c>.</summary>
public sealed class CountTokensRequest
{
    /// <summary>The text to count; give this or <see cref="Messages"/>.</summary>
    public string? Text { get; set; }

    /// <summary>Chat messages to count as a request (cookbook rule, reply priming included); give this or <see cref="Text"/>.</summary>
    public ChatMessageDto?[]? Messages { get; set; }

    /// <summary>A catalog model name (e.g. <c>gpt-4o</c>, <c>claude-sonnet-4</c>); give this or <see cref="Encoding"/>.</summary>
    public string? Model { get; set; }

    /// <summary><c>cl100k_base</c> or <c>o200k_base</c>; give this or <see cref="Model"/>.</summary>
    public string? Encoding { get; set; }
}

/// <summary>One chat message of a request.</summary>
public sealed class ChatMessageDto
{
    /// <summary><c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public string? Role { get; set; }

    /// <summary>The content (may be empty).</summary>
    public string? Content { get; set; }

    /// <summary>The participant name, if any.</summary>
    public string? Name { get; set; }

    /// <summary>For a <c>tool</c> message: the id of the call it answers.</summary>
    public string? ToolCallId { get; set; }
}

/// <summary>The answer of POST /tokens/count.</summary>
/// <param name="Tokens">The count (approximate when <paramref name="Exact"/> is false).</param>
/// <param name="Encoding">The tiktoken encoding that counted.</param>
/// <param name="Exact">True when the encoding is the model's own tokenizer.</param>
/// <param name="Margin">The fraction added to the encoding's count for an approximate model (0.3 = +30 %); 0 when exact.</param>
/// <param name="Model">The catalog model the name resolved to; absent when counted by encoding.</param>
/// <param name="Note">Why the count is approximate; absent when exact.</param>
public sealed record CountTokensResponse(int Tokens, string Encoding, bool Exact, double Margin, string? Model, string? Note);

/// <summary>POST /tokens/truncate.</summary>
public sealed class TruncateRequest
{
    /// <summary>The text to cut.</summary>
    public string? Text { get; set; }

    /// <summary>The most tokens the result may have, marker included (0 or more).</summary>
    public int? MaxTokens { get; set; }

    /// <summary><c>keepStart</c> (default), <c>keepEnd</c>, <c>keepBothEnds</c> or <c>sentences</c>.</summary>
    public string? Strategy { get; set; }

    /// <summary>
    /// Text put where the cut is (end for keepStart and sentences, start for keepEnd, middle for keepBothEnds), counted
    /// inside <see cref="MaxTokens"/>. Default: "…" for keepBothEnds, none for the others.
    /// </summary>
    public string? Marker { get; set; }

    /// <summary>A catalog model name; give this or <see cref="Encoding"/>.</summary>
    public string? Model { get; set; }

    /// <summary><c>cl100k_base</c> or <c>o200k_base</c>; give this or <see cref="Model"/>.</summary>
    public string? Encoding { get; set; }
}

/// <summary>The answer of POST /tokens/truncate.</summary>
/// <param name="Text">The text, cut or whole.</param>
/// <param name="Tokens">Its tokens, counted from scratch (never more than maxTokens).</param>
/// <param name="Truncated">True when the text was cut.</param>
/// <param name="RemovedTokens"><paramref name="OriginalTokens"/> minus <paramref name="Tokens"/>.</param>
/// <param name="OriginalTokens">The tokens of the text as given.</param>
/// <param name="Strategy">The strategy used.</param>
/// <param name="Encoding">The tiktoken encoding that counted.</param>
/// <param name="Exact">True when the counts are exact for the model.</param>
public sealed record TruncateResponse(
    string Text, int Tokens, bool Truncated, int RemovedTokens, int OriginalTokens, string Strategy, string Encoding, bool Exact);
