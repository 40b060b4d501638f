using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace TokenService.Tests;

/// <summary>Bodies that cannot be read: every JSON endpoint answers them with problem details before looking at fields.</summary>
[Collection(TokenServiceCollection.Name)]
public sealed class RequestBodyTests
{
    public static readonly TheoryData<string> JsonEndpoints = new TheoryData<string>
    {
        "/tokens/count", "/tokens/truncate", "/prompt/build", "/cost/estimate",
    };

    private readonly TokenServiceFixture _service;

    public RequestBodyTests(TokenServiceFixture service) => _service = service;

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task Malformed_json_is_400_with_where_it_broke(string path)
    {
        JsonElement problem = (await _service.Client.PostRawAsync(path, "{\"text\": \"unterminated")).Problem(400);

        Assert.Equal("Invalid JSON body", problem.GetProperty("title").GetString());
        Assert.Equal(1, problem.GetProperty("line").GetInt32());
        Assert.True(problem.GetProperty("bytePosition").GetInt32() > 1);
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task An_unknown_property_is_400_naming_it(string path)
    {
        JsonElement problem = (await _service.Client.PostRawAsync(path, "{\"maxTokenz\": 3}")).Problem(400);

        Assert.Equal("$.maxTokenz", problem.GetProperty("path").GetString());
        Assert.Contains("'maxTokenz' is not a property", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/tokens/truncate", "{\"text\":\"a\",\"maxTokens\":\"3\",\"encoding\":\"o200k_base\"}", "$.maxTokens", "an integer")]
    [InlineData("/tokens/count", "{\"text\":42,\"model\":\"gpt-4o\"}", "$.text", "a string")]
    [InlineData("/cost/estimate", "{\"model\":\"gpt-4o\",\"inputTokens\":1.5,\"outputTokens\":1}", "$.inputTokens", "an integer")]
    [InlineData("/prompt/build", "{\"question\":\"q\",\"documents\":\"one\"}", "$.documents", "an array of strings")]
    [InlineData("/tokens/count", "[]", "$", "this endpoint's request object")]
    public async Task A_value_of_the_wrong_type_is_400_with_its_path(string path, string json, string jsonPath, string expected)
    {
        JsonElement problem = (await _service.Client.PostRawAsync(path, json)).Problem(400);

        Assert.Equal(jsonPath, problem.GetProperty("path").GetString());
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("System.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task An_empty_or_null_body_is_400(string json)
    {
        (await _service.Client.PostRawAsync("/tokens/count", json)).Problem(400);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_is_415(string? contentType)
    {
        JsonElement problem = (await _service.Client.PostRawAsync("/tokens/count", "{\"text\":\"a\",\"model\":\"gpt-4o\"}", contentType)).Problem(415);

        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        string json = "{\"text\":\"" + new string('a', 1_100_000) + "\",\"model\":\"gpt-4o\"}";

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _service.Client.PostAsync("/tokens/count", content);
        JsonElement problem = (await Api.ReadAsync(response)).Problem(413);

        // The unread body is not drained: the connection is closed, and the client told so (no reuse of a dead connection).
        Assert.True(response.Headers.ConnectionClose);
        Assert.Equal(1_048_576, problem.GetProperty("maxBytes").GetInt64());
        Assert.Contains(Encoding.UTF8.GetByteCount(json).ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"text\":\"" + new string('a', 1_100_000) + "\",\"model\":\"gpt-4o\"}");
        using var content = new StreamContent(new System.IO.MemoryStream(json));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens/count") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using HttpResponseMessage response = await _service.Client.SendAsync(request);

        (await Api.ReadAsync(response)).Problem(413);
        Assert.True(response.Headers.ConnectionClose);
        (await _service.Client.PostAsync("/tokens/count", new { text = "a", model = "gpt-4o" })).Ok();
    }

    [Fact]
    public async Task Json_with_charset_is_accepted()
    {
        Reply reply = await _service.Client.PostRawAsync("/tokens/count", "{\"text\":\"a\",\"model\":\"gpt-4o\"}", "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }
}
