using System;
using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace TokenService.Tests;

/// <summary>
/// GET /usage/report over what POST /prompt/build recorded. Every test uses its own user key, so totals per key are
/// exact whatever other tests recorded in the same process; a current window that ended between the build and the
/// report (a minute or day boundary) must then not hold the build, which the assertions allow for exactly.
/// </summary>
[Collection(TokenServiceCollection.Name)]
public sealed class UsageEndpointTests
{
    private readonly TokenServiceFixture _service;

    public UsageEndpointTests(TokenServiceFixture service) => _service = service;

    [Theory]
    [InlineData("minute")]
    [InlineData("hour")]
    [InlineData("day")]
    [InlineData("month")]
    public async Task The_current_window_holds_the_builds_of_a_key(string window)
    {
        string user = NewUser();
        Build first = await BuildAsync(user, "first question?");
        Build second = await BuildAsync(user, "a second, longer question about batteries?");

        JsonElement report = (await _service.Client.GetReplyAsync("/usage/report?window=" + window)).Ok();

        Assert.Equal(window, report.GetProperty("window").GetString());
        DateTimeOffset from = report.GetProperty("from").GetDateTimeOffset();
        DateTimeOffset to = report.GetProperty("to").GetDateTimeOffset();
        Assert.True(from < to);
        long calls = 0, tokens = 0;
        decimal cost = 0;
        foreach (Build build in new[] { first, second })
        {
            if (build.Timestamp >= from && build.Timestamp < to)
            {
                calls++;
                tokens += build.InputTokens;
                cost += build.Cost;
            }
        }

        AssertKey(report, "user:" + user, calls, tokens, cost);
        Assert.True(report.GetProperty("total").GetProperty("calls").GetInt64() >= calls);
    }

    [Fact]
    public async Task A_range_holds_totals_overall_per_model_and_per_key()
    {
        string user = NewUser();
        string project = "p-" + Guid.NewGuid().ToString("N");
        Build build = await BuildAsync(user, "how long is the warranty?", project);
        string from = Iso(build.Timestamp.AddDays(-1));
        string to = Iso(build.Timestamp.AddDays(1));

        JsonElement report = (await _service.Client.GetReplyAsync($"/usage/report?from={from}&to={to}")).Ok();

        Assert.False(report.TryGetProperty("window", out _));
        Assert.Equal(build.Timestamp.AddDays(-1).ToUnixTimeSeconds() / 60 * 60, report.GetProperty("from").GetDateTimeOffset().ToUnixTimeSeconds());
        AssertKey(report, "user:" + user, 1, build.InputTokens, build.Cost);
        AssertKey(report, "project:" + project, 1, build.InputTokens, build.Cost);
        JsonElement model = report.GetProperty("byModel").GetProperty("gpt-4o-mini");
        JsonElement total = report.GetProperty("total");
        Assert.True(model.GetProperty("inputTokens").GetInt64() >= build.InputTokens);
        Assert.Equal(total.GetProperty("inputTokens").GetInt64(), model.GetProperty("inputTokens").GetInt64());
        Assert.Equal(total.GetProperty("totalTokens").GetInt64(), total.GetProperty("inputTokens").GetInt64() + total.GetProperty("outputTokens").GetInt64());
    }

    [Fact]
    public async Task A_range_before_the_build_does_not_hold_it()
    {
        string user = NewUser();
        Build build = await BuildAsync(user, "anything?");

        JsonElement report = (await _service.Client.GetReplyAsync(
            $"/usage/report?from={Iso(build.Timestamp.AddDays(-3))}&to={Iso(build.Timestamp.AddDays(-2))}")).Ok();

        Assert.False(report.GetProperty("byKey").TryGetProperty("user:" + user, out _));
    }

    [Fact]
    public async Task The_window_defaults_to_day()
    {
        JsonElement report = (await _service.Client.GetReplyAsync("/usage/report")).Ok();

        Assert.Equal("day", report.GetProperty("window").GetString());
        Assert.Equal(TimeSpan.FromDays(1), report.GetProperty("to").GetDateTimeOffset() - report.GetProperty("from").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("window=week", "window")]
    [InlineData("window=day&from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z", "window")]
    [InlineData("from=2025-01-01T00:00:00Z", "to")]
    [InlineData("to=2025-01-01T00:00:00Z", "from")]
    [InlineData("from=yesterday&to=2025-01-01T00:00:00Z", "from")]
    [InlineData("from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z", "to")]
    [InlineData("window=day&window=hour", "window")]
    [InlineData("windw=day", "windw")]
    public async Task Invalid_queries_are_a_validation_problem_naming_the_parameter(string query, string field)
    {
        (await _service.Client.GetReplyAsync("/usage/report?" + query)).ValidationError(field);
    }

    private static void AssertKey(JsonElement report, string key, long calls, long inputTokens, decimal cost)
    {
        JsonElement byKey = report.GetProperty("byKey");
        if (calls == 0)
        {
            Assert.False(byKey.TryGetProperty(key, out _));
            return;
        }

        JsonElement totals = byKey.GetProperty(key);
        Assert.Equal(calls, totals.GetProperty("calls").GetInt64());
        Assert.Equal(inputTokens, totals.GetProperty("inputTokens").GetInt64());
        Assert.Equal(0, totals.GetProperty("outputTokens").GetInt64());
        Assert.Equal(inputTokens, totals.GetProperty("totalTokens").GetInt64());
        Assert.Equal(cost, totals.GetProperty("cost").GetDecimal());
    }

    private async Task<Build> BuildAsync(string user, string question, string? project = null)
    {
        JsonElement usage = (await _service.Client.PostAsync("/prompt/build", new { question, user, project })).Ok().GetProperty("usage");
        return new Build(usage.GetProperty("inputTokens").GetInt64(), usage.GetProperty("cost").GetDecimal(), usage.GetProperty("timestamp").GetDateTimeOffset());
    }

    private static string NewUser() => "u-" + Guid.NewGuid().ToString("N");

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record Build(long InputTokens, decimal Cost, DateTimeOffset Timestamp);
}
