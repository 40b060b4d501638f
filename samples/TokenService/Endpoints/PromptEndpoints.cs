using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PromptAnalyzers;
using TokenService.Contracts;
using TokenService.Http;

namespace TokenService.Endpoints;

/// <summary>POST /prompt/build: fills the generated <see cref="SupportPrompt"/> builder.</summary>
internal static class PromptEndpoints
{
    public const string DefaultTone = "briefly and politely";

    /// <summary>The model of <see cref="SupportPrompt"/>, and the service's default model.</summary>
    public const string SupportPromptModel = "gpt-4o-mini";

    /// <summary>The name of the per-user daily token policy (<see cref="TokenServiceOptions.UserDailyTokens"/>).</summary>
    public const string UserDailyPolicy = "per-user-daily";

    public static void MapPromptEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/prompt/build", BuildAsync);
    }

    private static async Task<IResult> BuildAsync(HttpContext context, BudgetEnforcer enforcer, ILoggerFactory loggers)
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

        // The build's input is checked against the budget policies, then charged (output 0): the whole application, the
        // prompt's model, and each key.
        string model = prompt.Definition.Model ?? SupportPromptModel;
        ILogger logger = loggers.CreateLogger(typeof(PromptEndpoints).FullName!);
        try
        {
            // The call this prompt is for may also spend its reserved output: the check counts both.
            int? reservedOutput = prompt.ReservedOutput > 0 ? prompt.ReservedOutput : null;
            await enforcer.CheckAsync(new BudgetRequest(model, prompt.InputTokens, reservedOutput, keys), context.RequestAborted);
        }
        catch (BudgetExceededException rejection)
        {
            logger.LogWarning("Budget policy {Policy} refused a build of {Prompt}: {Used} of {Limit} {LimitKind} used this {Window}.",
                rejection.PolicyName, prompt.Definition.Name, rejection.Used, rejection.Limit, rejection.LimitKind, rejection.Window);
            return Problems.BudgetExceeded(context, rejection);
        }

        UsageRecord record = await enforcer.ChargeAsync(model, new TokenUsage(prompt.InputTokens, outputTokens: 0), keys, context.RequestAborted);
        logger.LogInformation("Built {Prompt}: {InputTokens} input tokens of {InputBudget}; usage recorded under {KeyCount} key(s).",
            prompt.Definition.Name, prompt.InputTokens, prompt.InputBudget, keys.Count);
        if (logger.IsEnabled(LogLevel.Trace))
        {
            // Prompt text is logged at Trace only.
            logger.LogTrace("Built {Prompt} messages: {Messages}", prompt.Definition.Name, string.Join("\n---\n", prompt.Messages));
        }

        var usage = new RecordedUsage(
            record.Model, record.Totals.InputTokens, record.Totals.Cost, record.Keys.Select(k => k.ToString()).ToArray(), record.Timestamp);
        return Results.Ok(ToResponse(prompt, usage));
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
