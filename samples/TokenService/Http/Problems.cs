using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using PromptAnalyzers;

namespace TokenService.Http;

/// <summary>The problem answers other than field validation (those are <see cref="RequestErrors"/>).</summary>
internal static class Problems
{
    /// <summary>404: the catalog does not know the model (as OpenAI answers an unknown model), with close names.</summary>
    public static IResult UnknownModel(UnknownModelException exception) => Results.Problem(
        title: "Unknown model",
        detail: exception.Message,
        statusCode: StatusCodes.Status404NotFound,
        extensions: new Dictionary<string, object?>
        {
            ["model"] = exception.ModelName,
            ["suggestions"] = exception.Suggestions,
        });

    /// <summary>
    /// 429: a budget policy refuses the request; the answer names the limit and says when its window resets
    /// (<c>Retry-After</c>, in seconds).
    /// </summary>
    public static IResult BudgetExceeded(HttpContext context, BudgetExceededException rejection)
    {
        long retryAfter = Math.Max(1, (long)Math.Ceiling((rejection.RetryAfter - DateTimeOffset.UtcNow).TotalSeconds));
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            title: "Token budget exceeded",
            detail: rejection.Message,
            statusCode: StatusCodes.Status429TooManyRequests,
            type: "https://tools.ietf.org/html/rfc6585#section-4",
            extensions: new Dictionary<string, object?>
            {
                ["policy"] = rejection.PolicyName,
                ["scope"] = rejection.Scope,
                ["window"] = rejection.Window.ToString().ToLowerInvariant(),
                ["limitKind"] = rejection.LimitKind.ToString().ToLowerInvariant(),
                ["limit"] = rejection.Limit,
                ["used"] = rejection.Used,
                ["requested"] = rejection.Requested,
                ["retryAt"] = rejection.RetryAfter,
            });
    }

    /// <summary>422: the request is well formed and the model known, but the catalog cannot price it as asked.</summary>
    public static IResult CannotPrice(string model, string detail) => Results.Problem(
        title: "The model cannot be priced",
        detail: detail,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        extensions: new Dictionary<string, object?> { ["model"] = model });

    public static IResult UnsupportedMediaType(string? contentType) => Results.Problem(
        title: "Unsupported media type",
        detail: contentType is null
            ? "The request has no Content-Type; send the body as JSON with Content-Type: application/json."
            : $"The request body is '{contentType}'; send it as JSON with Content-Type: application/json.",
        statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static IResult TooLarge(long limit, long? length) => Results.Problem(
        title: "Request body too large",
        detail: length is long bytes
            ? $"The request body has {bytes} bytes; this service accepts at most {limit}."
            : $"The request body is larger than the {limit} bytes this service accepts.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        extensions: new Dictionary<string, object?> { ["maxBytes"] = limit });

    public static IResult MalformedJson(string detail, string? path, long? line, long? bytePosition) => Results.Problem(
        title: "Invalid JSON body",
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?>
        {
            ["path"] = path,
            ["line"] = line is long l ? l + 1 : null,
            ["bytePosition"] = bytePosition is long b ? b + 1 : null,
        });
}
