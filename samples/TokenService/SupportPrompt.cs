using PromptAnalyzers;

namespace TokenService;

/// <summary>
/// The prompt POST /prompt/build fills. The generator counts each template's static text at build time and emits
/// <c>SupportPrompt.CreateBuilder()</c> with one <c>With...</c> method per placeholder; the built prompt never exceeds
/// the 3,000-token input budget (4,000 minus 1,000 reserved for the answer).
/// </summary>
[TokenBudget(4_000, Model = "gpt-4o-mini", ReservedOutput = 1_000)]
public static partial class SupportPrompt
{
    [PromptTemplate(Role = PromptRole.System)]
    [TokenBudget(80)]
    public const string System = "You are Contoso's support agent. Answer {tone}, and cite the document you used.";

    [PromptTemplate]
    [TokenBudget(Percent = 60, Truncation = Truncation.Sentences)]
    public const string Context = "Use only these documents:\n{documents}";

    [PromptTemplate]
    [TokenBudget(300, Truncation = Truncation.KeepStart)]
    public const string Question = "Question: {question}";
}
