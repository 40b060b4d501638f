using PromptAnalyzers;

namespace QuickStart;

/// <summary>
/// One type = one prompt. The generator counts each template's static text at build time and emits
/// <c>SupportPrompt.TokenCounts</c> and <c>SupportPrompt.CreateBuilder()</c>.
/// </summary>
[TokenBudget(2_000, Model = "gpt-4o-mini", ReservedOutput = 500)]
public static partial class SupportPrompt
{
    [PromptTemplate(Role = PromptRole.System)]
    [TokenBudget(60)]
    public const string System = "You are Contoso's support agent. Answer {tone}, and cite the document you used.";

    [PromptTemplate]
    [TokenBudget(Percent = 60, Truncation = Truncation.Sentences)]
    public const string Context = "Use only these documents:\n{documents}";

    [PromptTemplate]
    [TokenBudget(120, Truncation = Truncation.KeepStart)]
    public const string Question = "Question: {question}";
}
