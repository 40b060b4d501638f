using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromptAnalyzers;
using TokenService.Contracts;
using TokenService.Http;

namespace TokenService.Endpoints;

/// <summary>POST /prompt/build: fills the generated <see cref="SupportPrompt"/> builder.</summary>
internal static class PromptEndpoints
{
    public const string DefaultTone = "briefly and politely";

    public static void MapPromptEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/prompt/build", (System.Delegate)BuildAsync);
    }

    private static async Task<IResult> BuildAsync(HttpContext context)
    {
        JsonBody<BuildPromptRequest> body = await JsonBody.ReadAsync<BuildPromptRequest>(context);
        if (body.Value is not BuildPromptRequest request)
        {
            return body.Problem!;
        }

        var errors = new RequestErrors();
        if (string.IsNullOrWhiteSpace(request.Question))
        {
            errors.Add("question", "'question' is required and cannot be blank.");
        }

        string?[] documents = request.Documents ?? System.Array.Empty<string?>();
        for (int i = 0; i < documents.Length; i++)
        {
            if (documents[i] is null)
            {
                errors.Add($"documents[{i}]", $"'documents[{i}]' is null; each document is a string.");
            }
        }

        List<UsageKey> keys = ReadKeys(request, errors);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        BudgetedPrompt prompt = SupportPrompt.CreateBuilder()
            .WithTone(request.Tone ?? DefaultTone)
            .WithDocuments(string.Join("\n\n", documents))
            .WithQuestion(request.Question!)
            .Build();

        return Results.Ok(ToResponse(prompt, null));
    }

    private static List<UsageKey> ReadKeys(BuildPromptRequest request, RequestErrors errors)
    {
        var keys = new List<UsageKey>(2);
        if (request.User is not null)
        {
            if (request.User.Length == 0)
            {
                errors.Add("user", "'user' cannot be empty; leave it out instead.");
            }
            else
            {
                keys.Add(UsageKey.User(request.User));
            }
        }

        if (request.Project is not null)
        {
            if (request.Project.Length == 0)
            {
                errors.Add("project", "'project' cannot be empty; leave it out instead.");
            }
            else
            {
                keys.Add(UsageKey.Project(request.Project));
            }
        }

        return keys;
    }

    private static BuildPromptResponse ToResponse(BudgetedPrompt prompt, RecordedUsage? usage) => new BuildPromptResponse(
        prompt.Definition.Name,
        prompt.Definition.Model,
        prompt.Definition.Encoding,
        prompt.IsExact,
        prompt.InputBudget,
        prompt.ReservedOutput,
        prompt.InputTokens,
        prompt.Messages.Select(m => new MessageResponse(m.RoleName, m.Content)).ToArray(),
        prompt.Segments.Select(s => new SegmentResponse(
            s.Name,
            PromptRoles.ToApiName(s.Role),
            s.Tokens,
            s.StaticTokens,
            s.Allocation,
            TokenEndpoints.StrategyName(s.Truncation),
            s.IsTruncated,
            s.TruncatedTokens)).ToArray(),
        usage);
}
