using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace TokenService.Tests;

/// <summary>An HTTP answer: status, media type and body.</summary>
public sealed class Reply
{
    public Reply(HttpStatusCode status, string? mediaType, string body)
    {
        Status = status;
        MediaType = mediaType;
        Body = body;
    }

    public HttpStatusCode Status { get; }

    public string? MediaType { get; }

    public string Body { get; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Asserts a 200 JSON answer and returns its body.</summary>
    public JsonElement Ok()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected 200, got {(int)Status}: {Body}");
        Assert.Equal("application/json", MediaType);
        return Json;
    }

    /// <summary>Asserts an RFC 7807 answer with <paramref name="status"/>, a title and a detail, and returns it.</summary>
    public JsonElement Problem(int status)
    {
        Assert.True((int)Status == status, $"Expected {status}, got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", MediaType);
        JsonElement problem = Json;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), Body);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), Body);
        Assert.StartsWith("https://tools.ietf.org/html/rfc", problem.GetProperty("type").GetString());
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming <paramref name="field"/>; returns that field's first message.</summary>
    public string ValidationError(string field)
    {
        JsonElement problem = Problem(400);
        Assert.True(problem.TryGetProperty("errors", out JsonElement errors), $"No 'errors' in {Body}");
        Assert.True(errors.TryGetProperty(field, out JsonElement messages), $"No error for '{field}' in {Body}");
        string message = messages[0].GetString()!;
        Assert.Contains(message, problem.GetProperty("detail").GetString());
        return message;
    }
}

public static class Api
{
    private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

    public static Task<Reply> PostAsync(this HttpClient client, string path, object body) =>
        client.PostRawAsync(path, JsonSerializer.Serialize(body, s_json));

    public static async Task<Reply> PostRawAsync(this HttpClient client, string path, string body, string? contentType = "application/json")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using HttpResponseMessage response = await client.PostAsync(path, content);
        return await ReadAsync(response);
    }

    public static async Task<Reply> GetReplyAsync(this HttpClient client, string path)
    {
        using HttpResponseMessage response = await client.GetAsync(path);
        return await ReadAsync(response);
    }

    public static async Task<Reply> ReadAsync(HttpResponseMessage response) => new Reply(
        response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
}
