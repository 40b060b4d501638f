using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromptAnalyzers;
using TokenService.Contracts;
using TokenService.Http;

namespace TokenService.Endpoints;

/// <summary>POST /tokens/count and POST /tokens/truncate.</summary>
internal static class TokenEndpoints
{
    private static readonly Dictionary<string, Truncation> s_strategies = new Dictionary<string, Truncation>(StringComparer.OrdinalIgnoreCase)
    {
        ["keepStart"] = Truncation.KeepStart,
        ["keepEnd"] = Truncation.KeepEnd,
        ["keepBothEnds"] = Truncation.KeepBothEnds,
        ["sentences"] = Truncation.Sentences,
    };

    private static readonly Dictionary<string, PromptRole> s_roles = new Dictionary<string, PromptRole>(StringComparer.Ordinal)
    {
        ["system"] = PromptRole.System,
        ["developer"] = PromptRole.Developer,
        ["user"] = PromptRole.User,
        ["assistant"] = PromptRole.Assistant,
        ["tool"] = PromptRole.Tool,
    };

    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tokens/count", CountAsync);
        app.MapPost("/tokens/truncate", TruncateAsync);
    }

    public static string StrategyName(Truncation strategy) => strategy switch
    {
        Truncation.KeepEnd => "keepEnd",
        Truncation.KeepBothEnds => "keepBothEnds",
        Truncation.Sentences => "sentences",
        Truncation.Fail => "fail",
        _ => "keepStart",
    };

    private static async Task<IResult> CountAsync(HttpContext context, ModelCatalog catalog)
    {
        JsonBody<CountTokensRequest> body = await JsonBody.ReadAsync<CountTokensRequest>(context);
        if (body.Value is not CountTokensRequest request)
        {
            return body.Problem!;
        }

        var errors = new RequestErrors();
        if (request.Text is null == (request.Messages is null))
        {
            errors.Add("text", "Give either 'text' (a string) or 'messages' (an array of chat messages), not both.");
        }

        List<PromptMessage>? messages = request.Messages is null ? null : ReadMessages(request.Messages, errors);
        TokenCounter? counter = Counters.Resolve(request.Model, request.Encoding, catalog, errors, out IResult? notFound);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        if (counter is null)
        {
            return notFound!;
        }

        int tokens = messages is null ? counter.CountTokens(request.Text!) : counter.CountMessages(messages);
        return Results.Ok(new CountTokensResponse(
            tokens, counter.Encoding, counter.IsExact, counter.ApproximationMargin, counter.Model?.Name, counter.ApproximationNote));
    }

    private static async Task<IResult> TruncateAsync(HttpContext context, ModelCatalog catalog)
    {
        JsonBody<TruncateRequest> body = await JsonBody.ReadAsync<TruncateRequest>(context);
        if (body.Value is not TruncateRequest request)
        {
            return body.Problem!;
        }

        var errors = new RequestErrors();
        if (request.Text is null)
        {
            errors.Add("text", "'text' is required: the text to cut.");
        }

        if (request.MaxTokens is not int maxTokens)
        {
            errors.Add("maxTokens", "'maxTokens' is required: the most tokens the result may have.");
            maxTokens = 0;
        }
        else if (maxTokens < 0)
        {
            errors.Add("maxTokens", $"'maxTokens' must be 0 or more; it is {maxTokens}.");
        }

        Truncation strategy = Truncation.KeepStart;
        if (request.Strategy is not null && !s_strategies.TryGetValue(request.Strategy, out strategy))
        {
            errors.Add("strategy", $"Unknown strategy '{request.Strategy}'; use keepStart, keepEnd, keepBothEnds or sentences.");
        }

        TokenCounter? counter = Counters.Resolve(request.Model, request.Encoding, catalog, errors, out IResult? notFound);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        if (counter is null)
        {
            return notFound!;
        }

        string text = request.Text!;
        Cut? cut = MarkedTruncator.Truncate(counter, text, maxTokens, strategy, request.Marker);
        if (cut is not Cut result)
        {
            return RequestErrors.Single("marker",
                $"The text does not fit in {maxTokens} tokens and the marker alone has {counter.CountTokens(request.Marker!)}; " +
                "raise 'maxTokens' or shorten the marker.");
        }

        int originalTokens = result.IsTruncated ? counter.CountTokens(text) : result.Tokens;
        return Results.Ok(new TruncateResponse(
            result.Text,
            result.Tokens,
            result.IsTruncated,
            originalTokens - result.Tokens,
            originalTokens,
            StrategyName(strategy),
            counter.Encoding,
            counter.IsExact));
    }

    private static List<PromptMessage> ReadMessages(ChatMessageDto?[] messages, RequestErrors errors)
    {
        var result = new List<PromptMessage>(messages.Length);
        for (int i = 0; i < messages.Length; i++)
        {
            string field = $"messages[{i}]";
            ChatMessageDto? message = messages[i];
            if (message is null)
            {
                errors.Add(field, $"'{field}' is null; each message is an object with 'role' and 'content'.");
                continue;
            }

            if (message.Role is null || !s_roles.TryGetValue(message.Role, out PromptRole role))
            {
                errors.Add(field + ".role", message.Role is null
                    ? $"'{field}.role' is required: system, developer, user, assistant or tool."
                    : $"Unknown role '{message.Role}' in '{field}.role'; use system, developer, user, assistant or tool.");
                continue;
            }

            if (message.Content is null)
            {
                errors.Add(field + ".content", $"'{field}.content' is required (it may be empty).");
                continue;
            }

            if (role == PromptRole.Tool)
            {
                if (string.IsNullOrEmpty(message.ToolCallId))
                {
                    errors.Add(field + ".toolCallId", $"'{field}' is a tool message: give 'toolCallId', the id of the call it answers.");
                    continue;
                }

                result.Add(PromptMessage.Tool(message.ToolCallId, message.Content));
            }
            else
            {
                if (message.ToolCallId is not null)
                {
                    errors.Add(field + ".toolCallId", $"'{field}.toolCallId' is only for tool messages.");
                    continue;
                }

                result.Add(new PromptMessage(role, message.Content, message.Name));
            }
        }

        return result;
    }
}
