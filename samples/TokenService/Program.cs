using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromptAnalyzers;
using TokenService;
using TokenService.Endpoints;
using TokenService.Http;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// Loopback only: http://127.0.0.1:5080 unless --urls (or ASPNETCORE_URLS) says otherwise, and then still loopback.
string? urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
if (string.IsNullOrWhiteSpace(urls))
{
    urls = TokenServiceOptions.DefaultUrl;
    builder.WebHost.UseUrls(urls);
}

// Kestrel:Endpoints (configuration) would bind beside --urls: its URLs are held to the same rule.
IEnumerable<string> endpointUrls = builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren()
    .Select(endpoint => endpoint["Url"] ?? string.Empty);
foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Concat(endpointUrls))
{
    if (!Loopback.IsLoopbackUrl(url))
    {
        Console.Error.WriteLine($"TokenService listens on loopback addresses only (127.0.0.1, [::1], localhost); '{url}' is not one.");
        return 2;
    }
}

IConfigurationSection section = builder.Configuration.GetSection(TokenServiceOptions.Section);
TokenServiceOptions options = section.Get<TokenServiceOptions>() ?? new TokenServiceOptions();
if (options.MaxRequestBodyBytes <= 0)
{
    Console.Error.WriteLine($"TokenService:MaxRequestBodyBytes must be more than 0; it is {options.MaxRequestBodyBytes}.");
    return 2;
}

builder.Services.Configure<TokenServiceOptions>(section);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
});

builder.Services.ConfigureHttpJsonOptions(json =>
{
    // camelCase names (the web default); a property the endpoint does not know is an error, not silently dropped.
    json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
});

builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
{
    context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
    context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
});

if (options.UserDailyTokens <= 0)
{
    Console.Error.WriteLine($"TokenService:UserDailyTokens must be more than 0; it is {options.UserDailyTokens}.");
    return 2;
}

// The catalog, cost estimator, usage store (in memory; register a RedisUsageStore for several instances), tracker,
// budget enforcer and metrics, as PromptAnalyzers.Extensions.AI registers them.
builder.Services.AddPromptBudgeting(budgeting =>
{
    budgeting.DefaultModel = PromptEndpoints.SupportPromptModel;
    budgeting.Policies.Add(new BudgetPolicy(PromptEndpoints.UserDailyPolicy)
    {
        Dimension = UsageKey.UserDimension,
        Window = UsageWindow.Day,
        MaxTokens = options.UserDailyTokens,
    });
});
builder.Services.AddHealthChecks();

WebApplication app = builder.Build();
const string UnexpectedErrorDetail = "An unexpected error occurred; it was logged with the traceId of this response.";

// Unhandled exceptions become a 500 problem (no stack trace, even in Development); empty 4xx answers such as an
// unknown route (404) or method (405) become problems too.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // The middleware logs the exception; the answer never carries it (its message or stack could hold prompt text).
    ExceptionHandler = http => Results.Problem(
        detail: UnexpectedErrorDetail, statusCode: StatusCodes.Status500InternalServerError, instance: http.Request.Path).ExecuteAsync(http),
});
app.UseStatusCodePages(context =>
{
    // Through Results.Problem, so the answer is problem+json whatever the client's Accept header says.
    HttpContext http = context.HttpContext;
    int status = http.Response.StatusCode;
    string detail = status switch
    {
        StatusCodes.Status404NotFound => $"No endpoint answers {http.Request.Method} {http.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Path} does not answer {http.Request.Method}.",
        _ => $"The request failed with status {status}.",
    };
    return Results.Problem(detail: detail, statusCode: status, instance: http.Request.Path).ExecuteAsync(http);
});

app.MapHealthChecks("/health");
app.MapTokenEndpoints();
app.MapPromptEndpoints();
app.MapCostEndpoints();
app.MapUsageEndpoints();
if (options.EnableFaultEndpoint)
{
    app.MapPost("/_test/fault", (HttpContext _) => throw new InvalidOperationException("Deliberate fault for tests: SECRET-FAULT-DETAIL."));
}

await app.RunAsync();
return 0;
