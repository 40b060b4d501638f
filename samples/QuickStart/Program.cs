using System;
using System.Linq;
using System.Text;
using PromptAnalyzers;
using QuickStart;

Console.WriteLine("Build-time token counts of the static text (o200k_base, counted by the compiler):");
Console.WriteLine($"  System   {SupportPrompt.TokenCounts.System,4} tokens");
Console.WriteLine($"  Context  {SupportPrompt.TokenCounts.Context,4} tokens");
Console.WriteLine($"  Question {SupportPrompt.TokenCounts.Question,4} tokens");
Console.WriteLine();

// Far more than fits: 300 support articles and a question pasted twenty times over.
var documents = new StringBuilder();
for (int i = 1; i <= 300; i++)
{
    documents.Append($"[doc {i}] Model X{i % 7} ships with a {12 + (i % 12)}-month warranty that covers parts and labour. ");
    documents.Append("Batteries are covered for the first six months only. Returns are accepted within 30 days.\n");
}

string question = string.Concat(Enumerable.Repeat("My X3 battery stopped charging after seven months; is it covered? ", 20));

BudgetedPrompt prompt = SupportPrompt.CreateBuilder()
    .WithTone("briefly and politely")
    .WithDocuments(documents.ToString())
    .WithQuestion(question)
    .Build();

Console.WriteLine($"Built prompt: {prompt.InputTokens} input tokens of a {prompt.InputBudget}-token input budget " +
                  $"({prompt.ReservedOutput} reserved for the answer), {prompt.Messages.Count} messages.");
Console.WriteLine();
Console.WriteLine($"{"segment",-10}{"role",-8}{"tokens",8}{"alloc",8}  what was cut");
foreach (PromptSegment segment in prompt.Segments)
{
    string cut = segment.IsTruncated
        ? string.Join(", ", segment.Placeholders.Where(p => p.IsTruncated)
            .Select(p => $"{{{p.Name}}} {p.OriginalTokens} -> {p.Tokens} tokens ({segment.Truncation})"))
        : "nothing";
    Console.WriteLine($"{segment.Name,-10}{PromptRoles.ToApiName(segment.Role),-8}{segment.Tokens,8}{segment.Allocation,8}  {cut}");
}

Console.WriteLine();
PromptMessage last = prompt.Messages[prompt.Messages.Count - 1];
string shown = last.Content.Length <= 160 ? last.Content : last.Content.Substring(0, 160) + " [...]";
Console.WriteLine($"Last message as sent ({last.RoleName}, {last.Content.Length} characters):");
Console.WriteLine("  " + shown.Replace("\n", "\n  "));
