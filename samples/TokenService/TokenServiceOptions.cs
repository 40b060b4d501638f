namespace TokenService;

/// <summary>Settings of the service, bound from the <c>TokenService</c> configuration section.</summary>
public sealed class TokenServiceOptions
{
    /// <summary>The configuration section: <c>TokenService</c> (e.g. <c>--TokenService:MaxRequestBodyBytes=65536</c>).</summary>
    public const string Section = "TokenService";

    /// <summary>The URL the service listens on when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The largest request body accepted, in bytes; a larger one is answered 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;

    /// <summary>
    /// The tokens each user (the request's <c>user</c>) may build per UTC day through <c>POST /prompt/build</c>. A build
    /// is checked with its input tokens plus the output its prompt reserves (the call it is for may spend both) and
    /// charged with its input; one that would go over is answered 429 with the limit, the usage and a Retry-After.
    /// Default 1,000,000.
    /// </summary>
    public long UserDailyTokens { get; set; } = 1_000_000;

    /// <summary>
    /// Maps <c>POST /_test/fault</c>, which throws, so tests can check that an unhandled exception is answered with
    /// problem details and no stack trace. Off by default; never turn it on in production.
    /// </summary>
    public bool EnableFaultEndpoint { get; set; }
}
