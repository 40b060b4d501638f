using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace TokenService.Http;

/// <summary>A request body read as JSON: the value, or the problem to answer instead.</summary>
internal readonly struct JsonBody<T>
    where T : class
{
    public JsonBody(T value)
    {
        Value = value;
        Problem = null;
    }

    public JsonBody(IResult problem)
    {
        Value = null;
        Problem = problem;
    }

    public T? Value { get; }

    public IResult? Problem { get; }
}

/// <summary>
/// Reads request bodies itself rather than through parameter binding, so every failure gets problem details with a
/// useful detail: 415 for a body that is not JSON, 413 for one over the limit, 400 for malformed JSON (with the JSON
/// path, line and byte position), for an unknown property and for a JSON null.
/// </summary>
internal static class JsonBody
{
    public static async Task<JsonBody<T>> ReadAsync<T>(HttpContext context)
        where T : class
    {
        HttpRequest request = context.Request;
        long limit = context.RequestServices.GetRequiredService<IOptions<TokenServiceOptions>>().Value.MaxRequestBodyBytes;
        if (!request.HasJsonContentType())
        {
            return new JsonBody<T>(Problems.UnsupportedMediaType(request.ContentType));
        }

        if (request.ContentLength > limit)
        {
            return new JsonBody<T>(TooLarge(context, limit, request.ContentLength));
        }

        JsonSerializerOptions json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, json, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            string reason = Describe(exception.Message);
            string detail = exception.Path is null || exception.Path == "$"
                ? "The request body is not valid JSON for this endpoint: " + reason
                : $"The request body is not valid JSON for this endpoint at '{exception.Path}': {reason}";
            return new JsonBody<T>(Problems.MalformedJson(detail, exception.Path, exception.LineNumber, exception.BytePositionInLine));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A body without Content-Length (chunked) that grew past Kestrel's MaxRequestBodySize.
            return new JsonBody<T>(TooLarge(context, limit, null));
        }

        return value is null
            ? new JsonBody<T>(Problems.MalformedJson("The request body is JSON null; send a JSON object.", "$", 0, 0))
            : new JsonBody<T>(value);
    }

    /// <summary>
    /// 413, and the connection closed after it: the unread rest of the body is not drained, so a client must not send
    /// its next request on this connection (it would find the connection gone).
    /// </summary>
    private static IResult TooLarge(HttpContext context, long limit, long? length)
    {
        context.Response.Headers.Connection = "close";
        return Problems.TooLarge(limit, length);
    }

    /// <summary>System.Text.Json's message without its location suffix (reported apart) and with JSON type names.</summary>
    private static string Describe(string message)
    {
        int location = message.IndexOf(" Path: ", System.StringComparison.Ordinal);
        if (location > 0)
        {
            message = message.Substring(0, location);
        }

        message = s_unmapped.Replace(message, "'$1' is not a property of this endpoint's request (names are camelCase).");
        foreach ((string dotnet, string json) in s_typeNames)
        {
            message = message.Replace(dotnet, json, System.StringComparison.Ordinal);
        }

        return s_contract.Replace(message, match => match.Groups[1].Value == nameof(Contracts.ChatMessageDto)
            ? (match.Groups[2].Success ? "an array of chat message objects" : "a chat message object")
            : "this endpoint's request object");
    }

    private static readonly Regex s_unmapped = new Regex(
        @"The JSON property '(.*)' could not be mapped to any \.NET member contained in type '[^']*'\.", RegexOptions.CultureInvariant);

    private static readonly Regex s_contract = new Regex(@"'?TokenService\.Contracts\.(\w+)(\[\])?'?", RegexOptions.CultureInvariant);

    private static readonly (string DotNet, string Json)[] s_typeNames =
    {
        ("System.Nullable`1[System.Int32]", "an integer (32-bit)"),
        ("System.Nullable`1[System.Int64]", "an integer (64-bit)"),
        ("System.Nullable`1[System.Boolean]", "true or false"),
        ("System.Nullable`1[System.DateTimeOffset]", "a date and time"),
        ("System.String[]", "an array of strings"),
        ("System.String", "a string"),
    };
}
