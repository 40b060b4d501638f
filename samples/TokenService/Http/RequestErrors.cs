using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace TokenService.Http;

/// <summary>Collects the field errors of one request and answers them as one RFC 7807 validation problem (400).</summary>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out List<string>? messages))
        {
            messages = new List<string>();
            _errors.Add(field, messages);
        }

        messages.Add(message);
    }

    public IResult ToProblem()
    {
        Dictionary<string, string[]> errors = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        string detail = string.Join(" ", _errors.SelectMany(e => e.Value));
        return Results.ValidationProblem(errors, detail: detail, title: "The request is invalid.");
    }

    public static IResult Single(string field, string message)
    {
        var errors = new RequestErrors();
        errors.Add(field, message);
        return errors.ToProblem();
    }
}
