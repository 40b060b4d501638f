using System;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace TokenService.Tests;

[Collection(TokenServiceCollection.Name)]
public sealed class ServiceBehaviourTests
{
    private readonly TokenServiceFixture _service;

    public ServiceBehaviourTests(TokenServiceFixture service) => _service = service;

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        JsonElement problem = (await _service.Client.GetReplyAsync("/tokens/nothing-here")).Problem(404);

        Assert.Equal("/tokens/nothing-here", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        (await _service.Client.GetReplyAsync("/tokens/count")).Problem(405);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_the_exception()
    {
        JsonElement problem = (await _service.Client.PostRawAsync("/_test/fault", "{}")).Problem(500);

        string body = problem.GetRawText();
        Assert.DoesNotContain("SECRET-FAULT-DETAIL", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain(" at ", body);
        Assert.DoesNotContain("Program.cs", body);
        Assert.True(problem.TryGetProperty("traceId", out _));
        // It was logged, with the exception, on the server side.
        Assert.True(await _service.WaitForOutputAsync("SECRET-FAULT-DETAIL", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Prompt_text_is_not_logged_even_at_debug()
    {
        string secret = "SECRET-PROMPT-" + Guid.NewGuid().ToString("N");
        string user = "log-" + Guid.NewGuid().ToString("N");

        (await _service.Client.PostAsync("/prompt/build", new { question = secret, documents = new[] { secret }, tone = secret, user })).Ok();
        (await _service.Client.PostAsync("/tokens/count", new { text = secret, model = "gpt-4o" })).Ok();
        (await _service.Client.PostAsync("/tokens/truncate", new { text = secret, maxTokens = 2, encoding = "o200k_base" })).Ok();
        (await _service.Client.PostRawAsync("/tokens/count", "{\"text\":\"" + secret + "\",\"bogus\":1}")).Problem(400);

        // Logging is queued: a later request whose URL is logged proves everything before it has been written.
        string probe = Guid.NewGuid().ToString("N");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _service.Client.GetReplyAsync("/health?probe=" + probe)).Status);
        Assert.True(await _service.WaitForOutputAsync(probe, TimeSpan.FromSeconds(10)), _service.Output);
        Assert.Contains("Built SupportPrompt", _service.Output);
        Assert.DoesNotContain(secret, _service.Output);
        Assert.DoesNotContain(user, _service.Output);
    }

    [Theory]
    [InlineData("GET", "/nowhere", null, 404)]
    [InlineData("POST", "/_test/fault", "{}", 500)]
    [InlineData("POST", "/tokens/count", "{}", 400)]
    [InlineData("POST", "/tokens/count", "{\"text\":\"a\",\"model\":\"gtp-4o\"}", 404)]
    public async Task Problems_are_json_even_when_the_client_asks_for_html(string method, string path, string? json, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await _service.Client.SendAsync(request);

        (await Api.ReadAsync(response)).Problem(status);
    }

    [Fact]
    public async Task Health_answers_ok()
    {
        Reply reply = await _service.Client.GetReplyAsync("/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, reply.Status);
        Assert.Equal("Healthy", reply.Body);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5099")]
    [InlineData("http://*:5099")]
    [InlineData("http://127.0.0.1:5099;http://192.168.1.10:5099")]
    public async Task A_non_loopback_url_is_refused_at_startup(string urls)
    {
        await AssertRefusedAsync("--urls", urls);
    }

    [Fact]
    public async Task A_non_loopback_kestrel_endpoint_is_refused_at_startup()
    {
        await AssertRefusedAsync("--urls", "http://127.0.0.1:5099", "--Kestrel:Endpoints:Public:Url=http://0.0.0.0:5098");
    }

    private static async Task AssertRefusedAsync(params string[] arguments)
    {
        using var process = Process.Start(TokenServiceFixture.ServiceStartInfo(arguments))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The service started instead of refusing " + string.Join(" ", arguments));
        }

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("loopback addresses only", await error);
        Assert.DoesNotContain("Now listening", await output);
    }
}
