namespace TokenService.Contracts;

/// <summary>POST /prompt/build: the placeholder values of <see cref="SupportPrompt"/> and who the build is for.</summary>
public sealed class BuildPromptRequest
{
    /// <summary>The <c>{tone}</c> of the system message (default "briefly and politely").</summary>
    public string? Tone { get; set; }

    /// <summary>The <c>{documents}</c> of the context message, joined with blank lines; cut at sentence ends to fit.</summary>
    public string?[]? Documents { get; set; }

    /// <summary>The <c>{question}</c> (required); its start is kept when it is too long.</summary>
    public string? Question { get; set; }

    /// <summary>The user the build's input is recorded for (usage key <c>user:&lt;id&gt;</c>); optional.</summary>
    public string? User { get; set; }

    /// <summary>The project the build's input is recorded for (usage key <c>project:&lt;name&gt;</c>); optional.</summary>
    public string? Project { get; set; }
}

/// <summary>The answer of POST /prompt/build.</summary>
/// <param name="Prompt">The prompt type: <c>SupportPrompt</c>.</param>
/// <param name="Model">The prompt's model.</param>
/// <param name="Encoding">Its encoding.</param>
/// <param name="Exact">True when the counts are exact.</param>
/// <param name="InputBudget">The input budget: total budget minus reserved output.</param>
/// <param name="ReservedOutput">Tokens kept for the answer.</param>
/// <param name="InputTokens">The prompt's tokens, message overhead included; never more than the input budget.</param>
/// <param name="Messages">The messages to send.</param>
/// <param name="Segments">What each template cost and what was cut.</param>
/// <param name="Usage">What was recorded in the usage tracker.</param>
public sealed record BuildPromptResponse(
    string Prompt,
    string? Model,
    string Encoding,
    bool Exact,
    int InputBudget,
    int ReservedOutput,
    int InputTokens,
    MessageResponse[] Messages,
    SegmentResponse[] Segments,
    RecordedUsage? Usage);

/// <summary>A message of a built prompt.</summary>
/// <param name="Role">The API role name.</param>
/// <param name="Content">The content.</param>
public sealed record MessageResponse(string Role, string Content);

/// <summary>One template of a built prompt.</summary>
/// <param name="Name">The template's name.</param>
/// <param name="Role">Its message's role.</param>
/// <param name="Tokens">The content's tokens as sent.</param>
/// <param name="StaticTokens">The static text's tokens (counted at build time).</param>
/// <param name="Allocation">The tokens the segment was allotted.</param>
/// <param name="Truncation">How its values are cut.</param>
/// <param name="Truncated">True when a value was cut.</param>
/// <param name="TruncatedTokens">Tokens removed from its values.</param>
public sealed record SegmentResponse(
    string Name, string Role, int Tokens, int StaticTokens, int Allocation, string Truncation, bool Truncated, int TruncatedTokens);

/// <summary>The usage a build recorded.</summary>
/// <param name="Model">The model recorded.</param>
/// <param name="InputTokens">The input tokens recorded (the prompt's tokens; output 0).</param>
/// <param name="Cost">The input's list-price cost in US dollars.</param>
/// <param name="Keys">The usage keys charged beside the whole application.</param>
/// <param name="Timestamp">When it was recorded (UTC).</param>
public sealed record RecordedUsage(string Model, long InputTokens, decimal Cost, string[] Keys, System.DateTimeOffset Timestamp);
