using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using PromptAnalyzers;
using Xunit;

namespace TokenService.Tests;

[Collection(TokenServiceCollection.Name)]
public sealed class CountEndpointTests
{
    // Emoji (outside the BMP), CJK, RTL, a whitespace run, a special-token look-alike and a long word.
    private const string HardText = "Hello 👋🏽 世界! مرحبا بالعالم   \t\n <|endoftext|> Donaudampfschifffahrtsgesellschaftskapitän 12345.";

    private readonly TokenServiceFixture _service;

    public CountEndpointTests(TokenServiceFixture service) => _service = service;

    [Theory]
    [InlineData("gpt-4o", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-4o-2024-08-06", "o200k_base")]
    public async Task Text_for_a_model_counts_what_TokenCounter_counts(string model, string encoding)
    {
        JsonElement body = (await _service.Client.PostAsync("/tokens/count", new { text = HardText, model })).Ok();

        TokenCounter counter = TokenCounter.ForModel(model);
        Assert.Equal(counter.CountTokens(HardText), body.GetProperty("tokens").GetInt32());
        Assert.Equal(encoding, body.GetProperty("encoding").GetString());
        Assert.True(body.GetProperty("exact").GetBoolean());
        Assert.Equal(0, body.GetProperty("margin").GetDouble());
        Assert.Equal(counter.Model!.Name, body.GetProperty("model").GetString());
        Assert.False(body.TryGetProperty("note", out _));
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public async Task Text_for_an_encoding_counts_what_TokenCounter_counts(string encoding)
    {
        JsonElement body = (await _service.Client.PostAsync("/tokens/count", new { text = HardText, encoding })).Ok();

        Assert.Equal(TokenCounter.ForEncoding(encoding).CountTokens(HardText), body.GetProperty("tokens").GetInt32());
        Assert.Equal(encoding, body.GetProperty("encoding").GetString());
        Assert.False(body.TryGetProperty("model", out _));
    }

    [Fact]
    public async Task An_approximate_model_reports_its_margin_and_why()
    {
        JsonElement body = (await _service.Client.PostAsync("/tokens/count", new { text = HardText, model = "claude-sonnet-4" })).Ok();

        TokenCounter counter = TokenCounter.ForModel("claude-sonnet-4");
        Assert.Equal(counter.CountTokens(HardText), body.GetProperty("tokens").GetInt32());
        Assert.False(body.GetProperty("exact").GetBoolean());
        Assert.Equal(counter.ApproximationMargin, body.GetProperty("margin").GetDouble());
        Assert.Equal(counter.ApproximationNote, body.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Messages_count_what_CountMessages_counts()
    {
        var messages = new object[]
        {
            new { role = "system", content = "You are terse." },
            new { role = "user", content = HardText, name = "alice" },
            new { role = "assistant", content = "" },
            new { role = "tool", content = "{\"status\":\"shipped\"}", toolCallId = "call_1" },
        };

        JsonElement body = (await _service.Client.PostAsync("/tokens/count", new { messages, model = "gpt-4o-mini" })).Ok();

        int expected = TokenCounter.ForModel("gpt-4o-mini").CountMessages(new[]
        {
            new PromptMessage(PromptRole.System, "You are terse."),
            new PromptMessage(PromptRole.User, HardText, "alice"),
            new PromptMessage(PromptRole.Assistant, ""),
            PromptMessage.Tool("call_1", "{\"status\":\"shipped\"}"),
        });
        Assert.Equal(expected, body.GetProperty("tokens").GetInt32());
    }

    [Theory]
    [InlineData("{\"model\":\"gpt-4o\"}", "text")]
    [InlineData("{\"text\":\"a\",\"messages\":[],\"model\":\"gpt-4o\"}", "text")]
    [InlineData("{\"text\":\"a\"}", "model")]
    [InlineData("{\"text\":\"a\",\"model\":\"gpt-4o\",\"encoding\":\"o200k_base\"}", "model")]
    [InlineData("{\"text\":\"a\",\"encoding\":\"p50k_base\"}", "encoding")]
    [InlineData("{\"messages\":[null],\"model\":\"gpt-4o\"}", "messages[0]")]
    [InlineData("{\"messages\":[{\"role\":\"bot\",\"content\":\"a\"}],\"model\":\"gpt-4o\"}", "messages[0].role")]
    [InlineData("{\"messages\":[{\"content\":\"a\"}],\"model\":\"gpt-4o\"}", "messages[0].role")]
    [InlineData("{\"messages\":[{\"role\":\"user\"}],\"model\":\"gpt-4o\"}", "messages[0].content")]
    [InlineData("{\"messages\":[{\"role\":\"tool\",\"content\":\"a\"}],\"model\":\"gpt-4o\"}", "messages[0].toolCallId")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"toolCallId\":\"c\"}],\"model\":\"gpt-4o\"}", "messages[0].toolCallId")]
    public async Task Invalid_fields_are_a_validation_problem_naming_the_field(string json, string field)
    {
        Reply reply = await _service.Client.PostRawAsync("/tokens/count", json);

        reply.ValidationError(field);
    }

    [Fact]
    public async Task An_unknown_model_is_404_with_suggestions()
    {
        JsonElement problem = (await _service.Client.PostAsync("/tokens/count", new { text = "a", model = "gtp-4o" })).Problem(404);

        Assert.Equal("Unknown model", problem.GetProperty("title").GetString());
        Assert.Equal("gtp-4o", problem.GetProperty("model").GetString());
        Assert.Equal(new[] { "gpt-4o" }, problem.GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("'gtp-4o'", problem.GetProperty("detail").GetString());
    }
}
