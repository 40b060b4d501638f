using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using PromptAnalyzers;
using Xunit;

namespace TokenService.Tests;

[Collection(TokenServiceCollection.Name)]
public sealed class TruncateEndpointTests
{
    private static readonly string s_text = BuildText();

    private readonly TokenServiceFixture _service;

    public TruncateEndpointTests(TokenServiceFixture service) => _service = service;

    [Theory]
    [InlineData("keepStart", Truncation.KeepStart, "o200k_base", 40)]
    [InlineData("keepEnd", Truncation.KeepEnd, "o200k_base", 40)]
    [InlineData("keepBothEnds", Truncation.KeepBothEnds, "cl100k_base", 41)]
    [InlineData("sentences", Truncation.Sentences, "cl100k_base", 57)]
    [InlineData("KEEPSTART", Truncation.KeepStart, "cl100k_base", 1)]
    public async Task Each_strategy_cuts_exactly_as_TextTruncator(string strategy, Truncation expected, string encoding, int maxTokens)
    {
        JsonElement body = (await _service.Client.PostAsync("/tokens/truncate", new { text = s_text, maxTokens, strategy, encoding })).Ok();

        TruncatedText cut = TextTruncator.Truncate(s_text, maxTokens, expected, encoding);
        int original = TextTruncator.CountTokens(s_text, encoding);
        Assert.Equal(cut.Text, body.GetProperty("text").GetString());
        Assert.Equal(cut.Tokens, body.GetProperty("tokens").GetInt32());
        Assert.True(body.GetProperty("tokens").GetInt32() <= maxTokens);
        Assert.True(body.GetProperty("truncated").GetBoolean());
        Assert.Equal(original, body.GetProperty("originalTokens").GetInt32());
        Assert.Equal(original - cut.Tokens, body.GetProperty("removedTokens").GetInt32());
        Assert.Equal(encoding, body.GetProperty("encoding").GetString());
    }

    [Fact]
    public async Task Strategy_defaults_to_keepStart()
    {
        JsonElement body = (await _service.Client.PostAsync("/tokens/truncate", new { text = s_text, maxTokens = 25, model = "gpt-4o" })).Ok();

        Assert.Equal("keepStart", body.GetProperty("strategy").GetString());
        Assert.Equal(TextTruncator.Truncate(s_text, 25, Truncation.KeepStart, "o200k_base").Text, body.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("keepStart", 30)]
    [InlineData("keepEnd", 30)]
    [InlineData("keepBothEnds", 31)]
    [InlineData("sentences", 45)]
    [InlineData("keepBothEnds", 7)]
    [InlineData("keepStart", 9)]
    public async Task A_custom_marker_sits_at_the_cut_and_is_counted_inside_the_limit(string strategy, int maxTokens)
    {
        const string marker = " [... cut ...] ";
        JsonElement body = (await _service.Client.PostAsync("/tokens/truncate",
            new { text = s_text, maxTokens, strategy, marker, model = "gpt-4o" })).Ok();

        string text = body.GetProperty("text").GetString()!;
        int tokens = body.GetProperty("tokens").GetInt32();
        Assert.Equal(TokenCounter.ForModel("gpt-4o").CountTokens(text), tokens);
        Assert.True(tokens <= maxTokens, $"{tokens} > {maxTokens}");
        Assert.True(body.GetProperty("truncated").GetBoolean());
        int at = text.IndexOf(marker, System.StringComparison.Ordinal);
        Assert.True(at >= 0, text);
        string before = text.Substring(0, at);
        string after = text.Substring(at + marker.Length);
        switch (strategy)
        {
            case "keepEnd":
                Assert.Equal(0, at);
                Assert.EndsWith(after, s_text);
                break;
            case "keepBothEnds":
                Assert.StartsWith(before, s_text);
                Assert.EndsWith(after, s_text);
                break;
            default:
                Assert.Equal(string.Empty, after);
                Assert.StartsWith(before, s_text);
                break;
        }
    }

    [Theory]
    [InlineData("keepStart", 20)]
    [InlineData("keepEnd", 20)]
    [InlineData("keepBothEnds", 20)]
    [InlineData("sentences", 60)]
    public async Task An_approximate_model_stays_within_the_limit_by_its_own_count(string strategy, int maxTokens)
    {
        JsonElement body = (await _service.Client.PostAsync("/tokens/truncate",
            new { text = s_text, maxTokens, strategy, model = "claude-sonnet-4" })).Ok();

        TokenCounter claude = TokenCounter.ForModel("claude-sonnet-4");
        string text = body.GetProperty("text").GetString()!;
        int tokens = body.GetProperty("tokens").GetInt32();
        Assert.Equal(claude.CountTokens(text), tokens);
        Assert.True(tokens <= maxTokens, $"{tokens} > {maxTokens}");
        Assert.True(tokens > 0);
        Assert.False(body.GetProperty("exact").GetBoolean());
        Assert.Equal(claude.CountTokens(s_text) - tokens, body.GetProperty("removedTokens").GetInt32());
    }

    [Fact]
    public async Task A_text_that_fits_comes_back_whole()
    {
        JsonElement body = (await _service.Client.PostAsync("/tokens/truncate",
            new { text = "Short text.", maxTokens = 100, strategy = "keepBothEnds", marker = "<cut>", encoding = "o200k_base" })).Ok();

        Assert.Equal("Short text.", body.GetProperty("text").GetString());
        Assert.False(body.GetProperty("truncated").GetBoolean());
        Assert.Equal(0, body.GetProperty("removedTokens").GetInt32());
        Assert.Equal(TextTruncator.CountTokens("Short text.", "o200k_base"), body.GetProperty("tokens").GetInt32());
    }

    [Fact]
    public async Task Zero_tokens_leaves_nothing()
    {
        JsonElement body = (await _service.Client.PostAsync("/tokens/truncate", new { text = s_text, maxTokens = 0, encoding = "o200k_base" })).Ok();

        Assert.Equal(string.Empty, body.GetProperty("text").GetString());
        Assert.Equal(0, body.GetProperty("tokens").GetInt32());
    }

    [Theory]
    [InlineData("{\"text\":\"a b c\",\"maxTokens\":-1,\"encoding\":\"o200k_base\"}", "maxTokens")]
    [InlineData("{\"text\":\"a b c\",\"encoding\":\"o200k_base\"}", "maxTokens")]
    [InlineData("{\"maxTokens\":3,\"encoding\":\"o200k_base\"}", "text")]
    [InlineData("{\"text\":\"a b c\",\"maxTokens\":3,\"strategy\":\"middle\",\"encoding\":\"o200k_base\"}", "strategy")]
    [InlineData("{\"text\":\"a b c\",\"maxTokens\":3,\"strategy\":\"fail\",\"encoding\":\"o200k_base\"}", "strategy")]
    [InlineData("{\"text\":\"a b c\",\"maxTokens\":3}", "model")]
    [InlineData("{\"text\":\"one two three four five\",\"maxTokens\":2,\"marker\":\"[a marker much longer than two tokens]\",\"encoding\":\"o200k_base\"}", "marker")]
    public async Task Invalid_fields_are_a_validation_problem_naming_the_field(string json, string field)
    {
        (await _service.Client.PostRawAsync("/tokens/truncate", json)).ValidationError(field);
    }

    [Fact]
    public async Task A_negative_limit_says_so()
    {
        string message = (await _service.Client.PostAsync("/tokens/truncate", new { text = "a", maxTokens = -5, model = "gpt-4o" }))
            .ValidationError("maxTokens");

        Assert.Contains("-5", message);
    }

    [Fact]
    public async Task An_unknown_model_is_404()
    {
        JsonElement problem = (await _service.Client.PostAsync("/tokens/truncate", new { text = "a", maxTokens = 1, model = "no-such-model" })).Problem(404);

        Assert.Equal("no-such-model", problem.GetProperty("model").GetString());
    }

    private static string BuildText()
    {
        var text = new StringBuilder();
        for (int i = 1; i <= 12; i++)
        {
            text.Append("Sentence number ").Append(i).Append(" talks about warranties, returns and batteries 🔋. ");
            if (i % 4 == 0)
            {
                text.Append("世界の終わり。\n");
            }
        }

        return text.ToString().Trim();
    }
}
