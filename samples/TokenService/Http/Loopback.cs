using System;
using System.Net;

namespace TokenService.Http;

/// <summary>The service listens on loopback addresses only.</summary>
internal static class Loopback
{
    /// <summary>True when <paramref name="url"/> is an http(s) URL whose host is 127.0.0.1 (or another 127.x address), [::1] or localhost.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host, out IPAddress? address) && IPAddress.IsLoopback(address);
    }
}
