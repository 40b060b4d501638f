using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using PromptAnalyzers;
using Xunit;

namespace TokenService.Tests;

[Collection(TokenServiceCollection.Name)]
public sealed class PromptEndpointTests
{
    private readonly TokenServiceFixture _service;

    public PromptEndpointTests(TokenServiceFixture service) => _service = service;

    [Fact]
    public async Task A_small_prompt_is_built_whole_and_counted_exactly()
    {
        JsonElement body = (await _service.Client.PostAsync("/prompt/build", new
        {
            tone = "formally",
            documents = new[] { "[doc 1] Batteries are covered for six months.", "[doc 2] Returns within 30 days." },
            question = "Is my battery covered after seven months?",
        })).Ok();

        PromptMessage[] messages = Messages(body);
        Assert.Equal(new[] { "system", "user", "user" }, messages.Select(m => m.RoleName));
        Assert.Equal("You are Contoso's support agent. Answer formally, and cite the document you used.", messages[0].Content);
        Assert.Equal("Use only these documents:\n[doc 1] Batteries are covered for six months.\n\n[doc 2] Returns within 30 days.", messages[1].Content);
        Assert.Equal("Question: Is my battery covered after seven months?", messages[2].Content);

        TokenCounter counter = TokenCounter.ForModel("gpt-4o-mini");
        Assert.Equal(counter.CountMessages(messages), body.GetProperty("inputTokens").GetInt32());
        Assert.Equal("SupportPrompt", body.GetProperty("prompt").GetString());
        Assert.Equal("gpt-4o-mini", body.GetProperty("model").GetString());
        Assert.Equal(3_000, body.GetProperty("inputBudget").GetInt32());
        Assert.Equal(1_000, body.GetProperty("reservedOutput").GetInt32());

        JsonElement[] segments = body.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(new[] { "System", "Context", "Question" }, segments.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(new[] { 80, 1_800, 300 }, segments.Select(s => s.GetProperty("allocation").GetInt32()));
        for (int i = 0; i < segments.Length; i++)
        {
            Assert.Equal(counter.CountTokens(messages[i].Content), segments[i].GetProperty("tokens").GetInt32());
            Assert.False(segments[i].GetProperty("truncated").GetBoolean());
        }
    }

    [Fact]
    public async Task Oversized_values_are_cut_to_the_budget()
    {
        string[] documents = Enumerable.Range(1, 400)
            .Select(i => $"[doc {i}] Model X{i % 7} ships with a {12 + (i % 12)}-month warranty. Batteries are covered for six months.")
            .ToArray();
        string question = string.Concat(Enumerable.Repeat("My X3 battery stopped charging after seven months; is it covered? ", 60));

        JsonElement body = (await _service.Client.PostAsync("/prompt/build", new { documents, question })).Ok();

        PromptMessage[] messages = Messages(body);
        TokenCounter counter = TokenCounter.ForModel("gpt-4o-mini");
        int inputTokens = body.GetProperty("inputTokens").GetInt32();
        Assert.Equal(counter.CountMessages(messages), inputTokens);
        Assert.True(inputTokens <= 3_000, $"{inputTokens} > 3000");
        Assert.Contains("briefly and politely", messages[0].Content);

        JsonElement context = body.GetProperty("segments")[1];
        JsonElement questionSegment = body.GetProperty("segments")[2];
        Assert.True(context.GetProperty("truncated").GetBoolean());
        Assert.True(questionSegment.GetProperty("truncated").GetBoolean());
        Assert.True(context.GetProperty("tokens").GetInt32() <= context.GetProperty("allocation").GetInt32());
        Assert.True(questionSegment.GetProperty("tokens").GetInt32() <= questionSegment.GetProperty("allocation").GetInt32());
        Assert.True(context.GetProperty("truncatedTokens").GetInt32() > 0);
        Assert.Equal("sentences", context.GetProperty("truncation").GetString());
        Assert.EndsWith("six months.", messages[1].Content.TrimEnd());
        Assert.StartsWith("Question: My X3 battery", messages[2].Content);
    }

    [Fact]
    public async Task The_build_is_recorded_for_its_keys()
    {
        string user = "u-" + Guid.NewGuid().ToString("N");
        JsonElement body = (await _service.Client.PostAsync("/prompt/build", new { question = "Hi?", user, project = "support" })).Ok();

        JsonElement usage = body.GetProperty("usage");
        int inputTokens = body.GetProperty("inputTokens").GetInt32();
        Assert.Equal("gpt-4o-mini", usage.GetProperty("model").GetString());
        Assert.Equal(inputTokens, usage.GetProperty("inputTokens").GetInt64());
        Assert.Equal(new CostEstimator().Estimate("gpt-4o-mini", inputTokens, 0).Total, usage.GetProperty("cost").GetDecimal());
        Assert.Equal(new[] { "user:" + user, "project:support" }, usage.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task A_user_over_the_daily_token_policy_is_answered_429_with_the_limit_and_when_it_resets()
    {
        string user = "u-" + Guid.NewGuid().ToString("N");
        string documents = string.Concat(Enumerable.Repeat("The X3 battery is covered for two years against defects. ", 400));
        object request = new { question = "Is the X3 battery covered?", documents = new[] { documents }, user };
        long used = 0;
        int builds = 0;
        while (true)
        {
            Reply reply = await _service.Client.PostAsync("/prompt/build", request);
            if (reply.Status != System.Net.HttpStatusCode.OK)
            {
                JsonElement problem = reply.Problem(429);
                Assert.Equal("per-user-daily", problem.GetProperty("policy").GetString());
                Assert.Equal("user:" + user, problem.GetProperty("scope").GetString());
                Assert.Equal("day", problem.GetProperty("window").GetString());
                Assert.Equal("tokens", problem.GetProperty("limitKind").GetString());
                Assert.Equal(TokenServiceFixture.UserDailyTokens, problem.GetProperty("limit").GetDecimal());
                Assert.Equal(used, problem.GetProperty("used").GetDecimal());
                Assert.True(used + problem.GetProperty("requested").GetDecimal() > TokenServiceFixture.UserDailyTokens);
                break;
            }

            used += reply.Ok().GetProperty("inputTokens").GetInt64();
            builds++;
            Assert.True(used <= TokenServiceFixture.UserDailyTokens, $"{builds} builds used {used} tokens, over the limit");
        }

        Assert.True(builds >= 2, $"only {builds} build(s) before the limit");
        using System.Net.Http.HttpResponseMessage refused = await _service.Client.PostAsync("/prompt/build",
            new System.Net.Http.StringContent(JsonSerializer.Serialize(request), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { } delay && delay > TimeSpan.Zero && delay <= TimeSpan.FromDays(1), refused.Headers.RetryAfter?.ToString());

        (await _service.Client.PostAsync("/prompt/build", new { question = "Hi?", user = "u-" + Guid.NewGuid().ToString("N") })).Ok();
    }

    [Theory]
    [InlineData("{}", "question")]
    [InlineData("{\"question\":\"   \"}", "question")]
    [InlineData("{\"question\":\"q\",\"documents\":[\"a\",null]}", "documents[1]")]
    [InlineData("{\"question\":\"q\",\"user\":\"\"}", "user")]
    [InlineData("{\"question\":\"q\",\"project\":\"\"}", "project")]
    public async Task Invalid_fields_are_a_validation_problem_naming_the_field(string json, string field)
    {
        (await _service.Client.PostRawAsync("/prompt/build", json)).ValidationError(field);
    }

    private static PromptMessage[] Messages(JsonElement body) => body.GetProperty("messages").EnumerateArray()
        .Select(m => new PromptMessage(Role(m.GetProperty("role").GetString()!), m.GetProperty("content").GetString()!))
        .ToArray();

    private static PromptRole Role(string name) => name switch
    {
        "system" => PromptRole.System,
        "user" => PromptRole.User,
        _ => throw new InvalidOperationException("Unexpected role " + name),
    };
}
