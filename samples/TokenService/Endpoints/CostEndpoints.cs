using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromptAnalyzers;
using TokenService.Contracts;
using TokenService.Http;

namespace TokenService.Endpoints;

/// <summary>POST /cost/estimate.</summary>
internal static class CostEndpoints
{
    public static void MapCostEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cost/estimate", EstimateAsync);
    }

    private static async Task<IResult> EstimateAsync(HttpContext context, CostEstimator estimator)
    {
        JsonBody<CostEstimateRequest> body = await JsonBody.ReadAsync<CostEstimateRequest>(context);
        if (body.Value is not CostEstimateRequest request)
        {
            return body.Problem!;
        }

        var errors = new RequestErrors();
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            errors.Add("model", "'model' is required: a catalog model name such as 'gpt-4o'.");
        }

        long input = Required(request.InputTokens, "inputTokens", "all prompt tokens, cached ones included", errors);
        long output = Required(request.OutputTokens, "outputTokens", "the output tokens you expect", errors);
        long cached = request.CachedInputTokens ?? 0;
        if (cached < 0)
        {
            errors.Add("cachedInputTokens", $"'cachedInputTokens' must be 0 or more; it is {cached}.");
        }
        else if (request.InputTokens is long given && given >= 0 && cached > given)
        {
            errors.Add("cachedInputTokens",
                $"'cachedInputTokens' ({cached}) are part of 'inputTokens' ({given}), so they cannot exceed them.");
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        string model = request.Model!;
        ModelInfo info;
        try
        {
            info = estimator.Catalog.Get(model);
        }
        catch (UnknownModelException exception)
        {
            return Problems.UnknownModel(exception);
        }

        bool batch = request.Batch ?? false;
        if (info.Pricing is null)
        {
            return Problems.CannotPrice(info.Name, $"The catalog has no list prices for '{info.Name}'.");
        }

        if (batch && info.Pricing.BatchDiscount is null)
        {
            return Problems.CannotPrice(info.Name, $"The catalog has no batch price for '{info.Name}'; ask without 'batch'.");
        }

        CostBreakdown cost;
        try
        {
            cost = estimator.Estimate(model, input, output, new CostOptions { Batch = batch, ExpectedCachedInputTokens = cached });
        }
        catch (ModelPricesUnknownException exception)
        {
            return Problems.CannotPrice(exception.ModelName, exception.Message);
        }

        return Results.Ok(new CostEstimateResponse(
            cost.Model.Name,
            cost.RequestedModel,
            cost.Currency,
            cost.PricesAsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            batch,
            cost.BatchDiscount,
            cost.IsLongContext,
            cost.PromptTokens,
            cost.Usage.CachedInputTokens,
            cost.UncachedInputTokens,
            cost.Usage.OutputTokens,
            new CostParts(cost.Input, cost.CachedInput, cost.Output, cost.Total)));
    }

    private static long Required(long? value, string field, string meaning, RequestErrors errors)
    {
        if (value is not long tokens)
        {
            errors.Add(field, $"'{field}' is required: {meaning}.");
            return 0;
        }

        if (tokens < 0)
        {
            errors.Add(field, $"'{field}' must be 0 or more; it is {tokens}.");
        }

        return tokens;
    }
}
