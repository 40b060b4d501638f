using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using PromptAnalyzers;
using Xunit;

namespace TokenService.Tests;

[Collection(TokenServiceCollection.Name)]
public sealed class CostEndpointTests
{
    private readonly TokenServiceFixture _service;

    public CostEndpointTests(TokenServiceFixture service) => _service = service;

    [Theory]
    [InlineData("gpt-4o", 12_000L, 500L, 4_000L, true)]
    [InlineData("gpt-4o-mini", 1_234L, 567L, 0L, false)]
    [InlineData("gpt-4o-2024-08-06", 100_000L, 0L, 99_000L, false)]
    [InlineData("claude-sonnet-4", 300_000L, 8_000L, 0L, false)]
    [InlineData("o3", 0L, 0L, 0L, true)]
    public async Task The_estimate_equals_CostEstimator(string model, long inputTokens, long outputTokens, long cachedInputTokens, bool batch)
    {
        JsonElement body = (await _service.Client.PostAsync("/cost/estimate",
            new { model, inputTokens, outputTokens, cachedInputTokens, batch })).Ok();

        CostBreakdown expected = new CostEstimator().Estimate(model, inputTokens, outputTokens,
            new CostOptions { Batch = batch, ExpectedCachedInputTokens = cachedInputTokens });
        JsonElement cost = body.GetProperty("cost");
        Assert.Equal(expected.Total, cost.GetProperty("total").GetDecimal());
        Assert.Equal(expected.Input, cost.GetProperty("input").GetDecimal());
        Assert.Equal(expected.CachedInput, cost.GetProperty("cachedInput").GetDecimal());
        Assert.Equal(expected.Output, cost.GetProperty("output").GetDecimal());
        Assert.Equal(expected.Model.Name, body.GetProperty("model").GetString());
        Assert.Equal(model, body.GetProperty("requestedModel").GetString());
        Assert.Equal("USD", body.GetProperty("currency").GetString());
        Assert.Equal(expected.PricesAsOf!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), body.GetProperty("pricesAsOf").GetString());
        Assert.Equal(batch, body.GetProperty("batch").GetBoolean());
        Assert.Equal(expected.IsLongContext, body.GetProperty("longContext").GetBoolean());
        Assert.Equal(expected.UncachedInputTokens, body.GetProperty("uncachedInputTokens").GetInt64());
        Assert.Equal(cachedInputTokens, body.GetProperty("cachedInputTokens").GetInt64());
        if (batch)
        {
            Assert.Equal(expected.BatchDiscount, body.GetProperty("batchDiscount").GetDecimal());
        }
        else
        {
            Assert.False(body.TryGetProperty("batchDiscount", out _));
        }
    }

    [Fact]
    public async Task Cached_and_batch_default_to_none()
    {
        JsonElement body = (await _service.Client.PostAsync("/cost/estimate", new { model = "gpt-4o", inputTokens = 1_000, outputTokens = 100 })).Ok();

        Assert.Equal(new CostEstimator().Estimate("gpt-4o", 1_000, 100).Total, body.GetProperty("cost").GetProperty("total").GetDecimal());
        Assert.False(body.GetProperty("batch").GetBoolean());
    }

    [Theory]
    [InlineData("{\"inputTokens\":1,\"outputTokens\":1}", "model")]
    [InlineData("{\"model\":\" \",\"inputTokens\":1,\"outputTokens\":1}", "model")]
    [InlineData("{\"model\":\"gpt-4o\",\"outputTokens\":1}", "inputTokens")]
    [InlineData("{\"model\":\"gpt-4o\",\"inputTokens\":1}", "outputTokens")]
    [InlineData("{\"model\":\"gpt-4o\",\"inputTokens\":-1,\"outputTokens\":1}", "inputTokens")]
    [InlineData("{\"model\":\"gpt-4o\",\"inputTokens\":1,\"outputTokens\":-1}", "outputTokens")]
    [InlineData("{\"model\":\"gpt-4o\",\"inputTokens\":10,\"outputTokens\":1,\"cachedInputTokens\":11}", "cachedInputTokens")]
    [InlineData("{\"model\":\"gpt-4o\",\"inputTokens\":10,\"outputTokens\":1,\"cachedInputTokens\":-1}", "cachedInputTokens")]
    public async Task Invalid_fields_are_a_validation_problem_naming_the_field(string json, string field)
    {
        (await _service.Client.PostRawAsync("/cost/estimate", json)).ValidationError(field);
    }

    [Fact]
    public async Task An_unknown_model_is_404()
    {
        JsonElement problem = (await _service.Client.PostAsync("/cost/estimate", new { model = "gpt-40", inputTokens = 1, outputTokens = 1 })).Problem(404);

        Assert.Equal("gpt-40", problem.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("llama-3", false)]
    [InlineData("gpt-5-chat-latest", true)]
    public async Task A_model_the_catalog_cannot_price_so_is_422(string model, bool batch)
    {
        JsonElement problem = (await _service.Client.PostAsync("/cost/estimate", new { model, inputTokens = 10, outputTokens = 10, batch })).Problem(422);

        Assert.Equal(model, problem.GetProperty("model").GetString());
        Assert.Contains(model, problem.GetProperty("detail").GetString());
    }
}
