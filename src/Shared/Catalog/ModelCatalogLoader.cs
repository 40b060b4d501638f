using System;
using System.Collections.Generic;
using System.Globalization;
using PromptAnalyzers.Internal.Catalog.Json;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Internal.Catalog
{
    /// <summary>
    /// Turns a catalog document into <see cref="ModelCatalogData"/>, validating every field. Collects all errors
    /// (with positions) instead of stopping at the first; never throws on bad input.
    /// </summary>
    internal static class ModelCatalogLoader
    {
        public const string Tiktoken = "tiktoken";
        public const string Approximate = "approximate";

        /// <summary>The largest approximation margin accepted: counts may be raised by at most 400%.</summary>
        public const decimal MaxApproximationMargin = 4m;

        private static readonly HashSet<string> s_rootKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "$schema", "$comment", "asOf", "providers", "models",
        };

        private static readonly HashSet<string> s_providerKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "$comment", "pricesAsOf", "pricesSource",
        };

        private static readonly HashSet<string> s_modelKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "$comment", "name", "provider", "extends", "aliases", "families", "contextWindow", "maxInput", "maxOutput",
            "tokenizer", "encoding", "approximationMargin", "approximationNote", "prices", "pricesAsOf", "pricesSource", "note",
        };

        private static readonly HashSet<string> s_priceKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "$comment", "input", "cachedInput", "cacheWrite", "output", "batchDiscount", "longContext",
        };

        private static readonly HashSet<string> s_longContextKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "$comment", "threshold", "input", "output", "cachedInput", "cacheWrite",
        };

        public static CatalogParseResult Load(string json, string sourceName, ModelCatalogData? baseCatalog)
        {
            sourceName ??= string.Empty;
            if (json is null)
            {
                return CatalogParseResult.Failed(new[] { new CatalogError(sourceName, 0, 1, 1, "The catalog text is null.") });
            }

            if (!JsonReader.TryParse(json, out JsonNode? root, out JsonSyntaxError? syntaxError))
            {
                JsonPosition p = syntaxError!.Position;
                return CatalogParseResult.Failed(new[] { new CatalogError(sourceName, p.Offset, p.Line, p.Column, syntaxError.Message) });
            }

            var context = new Context(sourceName);
            ModelCatalogData? catalog = context.ReadRoot(root!, baseCatalog);
            return catalog is not null && context.Errors.Count == 0
                ? CatalogParseResult.Succeeded(catalog)
                : CatalogParseResult.Failed(context.Errors);
        }

        private sealed class ProviderInfo
        {
            public string? PricesAsOf { get; set; }
            public string? PricesSource { get; set; }
        }

        private sealed class Context
        {
            private readonly string _sourceName;

            /// <summary>True while reading a model whose 'extends' could not be resolved.</summary>
            private bool _unresolvedBasis;

            public Context(string sourceName) => _sourceName = sourceName;

            public List<CatalogError> Errors { get; } = new List<CatalogError>();

            public ModelCatalogData? ReadRoot(JsonNode root, ModelCatalogData? baseCatalog)
            {
                if (root is not JsonObject rootObject)
                {
                    Error(root, $"The catalog must be a JSON object with a \"models\" array, not {root.KindName}.");
                    return null;
                }

                CheckKeys(rootObject, s_rootKeys, "The catalog");
                string asOf = string.Empty;
                if (rootObject.Find("asOf") is { } asOfProperty)
                {
                    asOf = ReadDate(asOfProperty.Value, "The catalog's 'asOf'") ?? string.Empty;
                }

                var providers = new Dictionary<string, ProviderInfo>(StringComparer.OrdinalIgnoreCase);
                if (rootObject.Find("providers") is { } providersProperty)
                {
                    ReadProviders(providersProperty.Value, providers);
                }

                JsonProperty? modelsProperty = rootObject.Find("models");
                if (modelsProperty is null)
                {
                    Error(rootObject, "The catalog has no \"models\" array.");
                    return null;
                }

                if (modelsProperty.Value is not JsonArray modelsArray)
                {
                    Error(modelsProperty.Value, $"\"models\" must be an array, not {modelsProperty.Value.KindName}.");
                    return null;
                }

                var entries = new List<ModelEntry>();
                var claimedNames = new Dictionary<string, (string Owner, int Index)>(StringComparer.OrdinalIgnoreCase);
                var claimedFamilies = new Dictionary<string, (string Owner, int Index)>(StringComparer.OrdinalIgnoreCase);
                for (int i = 0; i < modelsArray.Items.Count; i++)
                {
                    JsonNode item = modelsArray.Items[i];
                    if (item is not JsonObject modelObject)
                    {
                        Error(item, $"models[{i}] must be an object, not {item.KindName}.");
                        continue;
                    }

                    ModelEntry? entry = ReadModel(modelObject, i, providers, baseCatalog);
                    if (entry is null)
                    {
                        continue;
                    }

                    Claim(claimedNames, entry.Name, entry.Name, i, modelObject.Find("name")?.Value ?? modelObject, "name");
                    JsonArray? aliasNodes = modelObject.Find("aliases")?.Value as JsonArray;
                    for (int a = 0; a < entry.Aliases.Count; a++)
                    {
                        JsonNode at = aliasNodes is not null && a < aliasNodes.Items.Count ? aliasNodes.Items[a] : modelObject;
                        Claim(claimedNames, entry.Aliases[a], entry.Name, i, at, "alias");
                    }

                    JsonArray? familyNodes = modelObject.Find("families")?.Value as JsonArray;
                    for (int f = 0; f < entry.Families.Count; f++)
                    {
                        JsonNode at = familyNodes is not null && f < familyNodes.Items.Count ? familyNodes.Items[f] : modelObject;
                        Claim(claimedFamilies, entry.Families[f], entry.Name, i, at, "family prefix");
                    }

                    entries.Add(entry);
                }

                return Errors.Count == 0 ? new ModelCatalogData(asOf, entries) : null;
            }

            private void Claim(Dictionary<string, (string Owner, int Index)> claimed, string key, string owner, int index, JsonNode at, string what)
            {
                if (claimed.TryGetValue(key, out (string Owner, int Index) previous))
                {
                    Error(at, previous.Index == index
                        ? $"Model '{owner}': {what} '{key}' is listed twice."
                        : $"Model '{owner}': {what} '{key}' is already used by model '{previous.Owner}' (models[{previous.Index}]).");
                    return;
                }

                claimed.Add(key, (owner, index));
            }

            private void ReadProviders(JsonNode node, Dictionary<string, ProviderInfo> providers)
            {
                if (node is not JsonObject providersObject)
                {
                    Error(node, $"\"providers\" must be an object keyed by provider name, not {node.KindName}.");
                    return;
                }

                foreach (JsonProperty property in providersObject.Properties)
                {
                    if (property.Name.StartsWith("$", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string label = $"Provider '{property.Name}'";
                    if (property.Value is not JsonObject providerObject)
                    {
                        Error(property.Value, $"{label} must be an object, not {property.Value.KindName}.");
                        continue;
                    }

                    CheckKeys(providerObject, s_providerKeys, label);
                    var info = new ProviderInfo();
                    if (providerObject.Find("pricesAsOf") is { } asOf && asOf.Value.Kind != JsonKind.Null)
                    {
                        info.PricesAsOf = ReadDate(asOf.Value, $"{label}: 'pricesAsOf'");
                    }

                    if (providerObject.Find("pricesSource") is { } source && source.Value.Kind != JsonKind.Null)
                    {
                        info.PricesSource = ReadUrl(source.Value, $"{label}: 'pricesSource'");
                    }

                    providers[property.Name] = info;
                }
            }

            private ModelEntry? ReadModel(JsonObject model, int index, Dictionary<string, ProviderInfo> providers, ModelCatalogData? baseCatalog)
            {
                int errorsBefore = Errors.Count;
                string label = $"models[{index}]";
                JsonProperty? nameProperty = model.Find("name");
                string? name = null;
                if (nameProperty is null)
                {
                    Error(model, $"{label} has no 'name'.");
                }
                else
                {
                    name = ReadName(nameProperty.Value, $"{label}: 'name'");
                    if (name is not null)
                    {
                        label = $"Model '{name}'";
                    }
                }

                CheckKeys(model, s_modelKeys, label);

                // The model this entry starts from: "extends" names one explicitly; otherwise a known name overrides it.
                ModelEntry? basis = null;
                bool sameModel = false;
                _unresolvedBasis = false;
                if (model.Find("extends") is { } extendsProperty)
                {
                    _unresolvedBasis = true;
                    string? extends = ReadName(extendsProperty.Value, $"{label}: 'extends'");
                    if (extends is not null)
                    {
                        if (baseCatalog is null)
                        {
                            Error(extendsProperty.Value, $"{label}: 'extends' needs a base catalog to look '{extends}' up in; this document is read on its own.");
                        }
                        else if (baseCatalog.TryResolve(extends, out basis))
                        {
                            _unresolvedBasis = false;
                        }
                        else
                        {
                            Error(extendsProperty.Value, $"{label}: 'extends' names unknown model '{extends}'{Suggest(baseCatalog, extends)}.");
                        }
                    }
                }
                else if (name is not null && baseCatalog is not null && baseCatalog.TryGetExact(name, out ModelEntry known))
                {
                    basis = known;
                    sameModel = true;
                    name = known.Name;
                }

                string? provider = ReadOptionalName(model, "provider", label) ?? basis?.Provider;
                if (provider is null && model.Find("provider") is null)
                {
                    Missing(model, label, "provider", baseCatalog);
                }

                IReadOnlyList<string>? aliases = ReadNameList(model, "aliases", label) ?? (sameModel ? basis!.Aliases : null);
                IReadOnlyList<string>? families = ReadNameList(model, "families", label) ?? (sameModel ? basis!.Families : null);

                int? contextWindow = ReadInt(model, "contextWindow", label, minimum: 1, allowNull: false, out _) ?? basis?.ContextWindow;
                if (contextWindow is null && model.Find("contextWindow") is null)
                {
                    Missing(model, label, "contextWindow", baseCatalog);
                }

                int? maxInput = ReadInt(model, "maxInput", label, minimum: 1, allowNull: true, out bool maxInputGiven);
                if (!maxInputGiven)
                {
                    maxInput = basis?.MaxInput;
                }

                int? maxOutput = ReadInt(model, "maxOutput", label, minimum: 0, allowNull: false, out _) ?? basis?.MaxOutput;
                if (maxOutput is null && model.Find("maxOutput") is null)
                {
                    Missing(model, label, "maxOutput", baseCatalog);
                }

                if (contextWindow is { } window)
                {
                    if (maxOutput > window)
                    {
                        Error(model.Find("maxOutput")?.Value ?? model,
                            $"{label}: 'maxOutput' ({maxOutput}) exceeds 'contextWindow' ({window}).");
                    }

                    if (maxInput > window)
                    {
                        Error(model.Find("maxInput")?.Value ?? model,
                            $"{label}: 'maxInput' ({maxInput}) exceeds 'contextWindow' ({window}).");
                    }
                }

                ReadTokenizer(model, label, basis, baseCatalog, out string? encoding, out double margin, out string? approximationNote);

                ModelPrices? prices = basis?.Prices;
                string? pricesAsOf = basis?.PricesAsOf;
                string? pricesSource = basis?.PricesSource;
                if (model.Find("prices") is { } pricesProperty)
                {
                    prices = pricesProperty.Value.Kind == JsonKind.Null ? null : ReadPrices(pricesProperty.Value, label);
                    ProviderInfo? providerInfo = provider is not null && providers.TryGetValue(provider, out ProviderInfo? found) ? found : null;
                    pricesAsOf = prices is null ? null : providerInfo?.PricesAsOf;
                    pricesSource = prices is null ? null : providerInfo?.PricesSource;
                }

                if (model.Find("pricesAsOf") is { } asOfProperty)
                {
                    pricesAsOf = asOfProperty.Value.Kind == JsonKind.Null ? null : ReadDate(asOfProperty.Value, $"{label}: 'pricesAsOf'");
                }

                if (model.Find("pricesSource") is { } sourceProperty)
                {
                    pricesSource = sourceProperty.Value.Kind == JsonKind.Null ? null : ReadUrl(sourceProperty.Value, $"{label}: 'pricesSource'");
                }

                string? note = basis?.Note;
                if (model.Find("note") is { } noteProperty)
                {
                    note = noteProperty.Value.Kind == JsonKind.Null ? null : ReadText(noteProperty.Value, $"{label}: 'note'");
                }

                if (Errors.Count != errorsBefore || name is null || provider is null || contextWindow is null || maxOutput is null || encoding is null)
                {
                    return null;
                }

                return new ModelEntry(name, provider, contextWindow.Value, maxInput, maxOutput.Value, encoding, margin,
                    approximationNote, aliases, families, prices, pricesAsOf, pricesSource, note);
            }

            private void ReadTokenizer(JsonObject model, string label, ModelEntry? basis, ModelCatalogData? baseCatalog,
                out string? encoding, out double margin, out string? note)
            {
                JsonProperty? tokenizerProperty = model.Find("tokenizer");
                string tokenizer = basis is not null && !basis.IsExact ? Approximate : Tiktoken;
                if (tokenizerProperty is not null)
                {
                    string? given = ReadText(tokenizerProperty.Value, $"{label}: 'tokenizer'");
                    if (given == Tiktoken || given == Approximate)
                    {
                        tokenizer = given;
                    }
                    else if (given is not null)
                    {
                        Error(tokenizerProperty.Value, $"{label}: 'tokenizer' must be \"{Tiktoken}\" (the model's own encoding) or \"{Approximate}\" (a stand-in encoding plus a margin), not \"{given}\".");
                    }
                }

                bool keepBasis = basis is not null && (tokenizerProperty is null || tokenizer == (basis.IsExact ? Tiktoken : Approximate));

                encoding = basis?.Encoding;
                if (model.Find("encoding") is { } encodingProperty)
                {
                    encoding = ReadText(encodingProperty.Value, $"{label}: 'encoding'");
                    if (encoding is not null && !TiktokenEncodings.IsSupported(encoding))
                    {
                        Error(encodingProperty.Value, $"{label}: unknown 'encoding' \"{encoding}\"; supported: {string.Join(", ", TiktokenEncodings.Names)}.");
                        encoding = null;
                    }
                }
                else if (basis is null)
                {
                    Missing(model, label, "encoding", baseCatalog);
                }

                JsonProperty? marginProperty = model.Find("approximationMargin");
                JsonProperty? noteProperty = model.Find("approximationNote");
                margin = 0;
                note = null;
                if (tokenizer == Tiktoken)
                {
                    if (marginProperty is not null && !(marginProperty.Value is JsonNumber zero && zero.TryGetDecimal(out decimal z) && z == 0))
                    {
                        Error(marginProperty.Value, $"{label}: 'approximationMargin' applies only to \"tokenizer\": \"{Approximate}\"; a tiktoken model is counted exactly.");
                    }

                    if (noteProperty is not null && noteProperty.Value.Kind != JsonKind.Null)
                    {
                        Error(noteProperty.Value, $"{label}: 'approximationNote' applies only to \"tokenizer\": \"{Approximate}\".");
                    }

                    return;
                }

                if (marginProperty is not null)
                {
                    if (ReadDecimal(marginProperty.Value, $"{label}: 'approximationMargin'") is { } value)
                    {
                        if (value <= 0 || value > MaxApproximationMargin)
                        {
                            Error(marginProperty.Value, $"{label}: 'approximationMargin' must be a fraction above 0 and at most {MaxApproximationMargin.ToString(CultureInfo.InvariantCulture)} (0.2 adds 20% to counts), not {value.ToString(CultureInfo.InvariantCulture)}.");
                        }
                        else
                        {
                            margin = (double)value;
                        }
                    }
                }
                else if (keepBasis)
                {
                    margin = basis!.ApproximationMargin;
                }
                else
                {
                    Error(model, $"{label}: \"tokenizer\": \"{Approximate}\" needs an 'approximationMargin' (the fraction added to counts, e.g. 0.2).");
                }

                if (noteProperty is not null)
                {
                    note = ReadText(noteProperty.Value, $"{label}: 'approximationNote'");
                    if (note is not null && (note.Trim().Length == 0 || note.IndexOf('\n') >= 0 || note.IndexOf('\r') >= 0))
                    {
                        Error(noteProperty.Value, $"{label}: 'approximationNote' must be one non-empty line.");
                    }
                }
                else if (keepBasis)
                {
                    note = basis!.ApproximationNote;
                }
                else
                {
                    Error(model, $"{label}: \"tokenizer\": \"{Approximate}\" needs an 'approximationNote' saying why the count is approximate.");
                }
            }

            private ModelPrices? ReadPrices(JsonNode node, string label)
            {
                string what = $"{label}: 'prices'";
                if (node is not JsonObject prices)
                {
                    Error(node, $"{what} must be an object (USD per 1M tokens) or null, not {node.KindName}.");
                    return null;
                }

                CheckKeys(prices, s_priceKeys, what);
                int errorsBefore = Errors.Count;
                decimal? input = ReadPrice(prices, "input", what, required: true);
                decimal? cachedInput = ReadPrice(prices, "cachedInput", what, required: false);
                decimal? cacheWrite = ReadPrice(prices, "cacheWrite", what, required: false);
                decimal? output = ReadPrice(prices, "output", what, required: false);
                decimal? batchDiscount = null;
                if (prices.Find("batchDiscount") is { } batchProperty && batchProperty.Value.Kind != JsonKind.Null)
                {
                    batchDiscount = ReadDecimal(batchProperty.Value, $"{what}.batchDiscount");
                    if (batchDiscount is { } d && (d < 0 || d >= 1))
                    {
                        Error(batchProperty.Value, $"{what}.batchDiscount must be a fraction from 0 up to (not including) 1 (0.5 = half price), not {d.ToString(CultureInfo.InvariantCulture)}.");
                    }
                }

                LongContextPrices? longContext = null;
                if (prices.Find("longContext") is { } longProperty && longProperty.Value.Kind != JsonKind.Null)
                {
                    string longWhat = $"{what}.longContext";
                    if (longProperty.Value is not JsonObject tier)
                    {
                        Error(longProperty.Value, $"{longWhat} must be an object or null, not {longProperty.Value.KindName}.");
                    }
                    else
                    {
                        CheckKeys(tier, s_longContextKeys, longWhat);
                        int? threshold = ReadInt(tier, "threshold", longWhat, minimum: 1, allowNull: false, out bool thresholdGiven);
                        if (!thresholdGiven)
                        {
                            Error(tier, $"{longWhat} has no 'threshold' (the input tokens above which the tier applies).");
                        }

                        decimal? tierInput = ReadPrice(tier, "input", longWhat, required: true);
                        decimal? tierOutput = ReadPrice(tier, "output", longWhat, required: false);
                        decimal? tierCached = ReadPrice(tier, "cachedInput", longWhat, required: false);
                        decimal? tierWrite = ReadPrice(tier, "cacheWrite", longWhat, required: false);
                        if (threshold is not null && tierInput is not null)
                        {
                            longContext = new LongContextPrices(threshold.Value, tierInput.Value, tierOutput, tierCached, tierWrite);
                        }
                    }
                }

                return Errors.Count == errorsBefore && input is not null
                    ? new ModelPrices(input.Value, cachedInput, cacheWrite, output, batchDiscount, longContext)
                    : null;
            }

            private decimal? ReadPrice(JsonObject owner, string key, string what, bool required)
            {
                JsonProperty? property = owner.Find(key);
                if (property is null || property.Value.Kind == JsonKind.Null)
                {
                    if (required)
                    {
                        Error(property?.Value ?? owner, $"{what} needs '{key}' (USD per 1M tokens).");
                    }

                    return null;
                }

                decimal? value = ReadDecimal(property.Value, $"{what}.{key}");
                if (value < 0)
                {
                    Error(property.Value, $"{what}.{key} must not be negative.");
                    return null;
                }

                return value;
            }

            private int? ReadInt(JsonObject owner, string key, string label, int minimum, bool allowNull, out bool given)
            {
                JsonProperty? property = owner.Find(key);
                given = property is not null;
                if (property is null)
                {
                    return null;
                }

                if (allowNull && property.Value.Kind == JsonKind.Null)
                {
                    return null;
                }

                string rule = minimum == 0 ? "a whole number of tokens, 0 or more" : "a whole number of tokens above 0";
                if (property.Value is not JsonNumber number)
                {
                    Error(property.Value, $"{label}: '{key}' must be {rule}, not {property.Value.KindName}.");
                    return null;
                }

                if (!number.TryGetInt32(out int value) || value < minimum)
                {
                    Error(property.Value, $"{label}: '{key}' must be {rule} (at most {int.MaxValue}), not {number.Text}.");
                    return null;
                }

                return value;
            }

            private decimal? ReadDecimal(JsonNode node, string what)
            {
                if (node is not JsonNumber number)
                {
                    Error(node, $"{what} must be a number, not {node.KindName}.");
                    return null;
                }

                if (!number.TryGetDecimal(out decimal value))
                {
                    Error(node, $"{what}: {number.Text} is out of range.");
                    return null;
                }

                return value;
            }

            private string? ReadOptionalName(JsonObject owner, string key, string label) =>
                owner.Find(key) is { } property ? ReadName(property.Value, $"{label}: '{key}'") : null;

            /// <summary>A non-empty string without surrounding whitespace.</summary>
            private string? ReadName(JsonNode node, string what)
            {
                string? text = ReadText(node, what);
                if (text is null)
                {
                    return null;
                }

                if (text.Trim().Length == 0)
                {
                    Error(node, $"{what} must not be empty.");
                    return null;
                }

                if (text.Trim().Length != text.Length)
                {
                    Error(node, $"{what} \"{text}\" must not start or end with whitespace.");
                    return null;
                }

                return text;
            }

            private IReadOnlyList<string>? ReadNameList(JsonObject owner, string key, string label)
            {
                if (owner.Find(key) is not { } property)
                {
                    return null;
                }

                if (property.Value is not JsonArray array)
                {
                    Error(property.Value, $"{label}: '{key}' must be an array of strings, not {property.Value.KindName}.");
                    return null;
                }

                var names = new List<string>(array.Items.Count);
                for (int i = 0; i < array.Items.Count; i++)
                {
                    if (ReadName(array.Items[i], $"{label}: '{key}'[{i}]") is { } name)
                    {
                        names.Add(name);
                    }
                }

                return names;
            }

            private string? ReadText(JsonNode node, string what)
            {
                if (node is JsonString text)
                {
                    return text.Value;
                }

                Error(node, $"{what} must be a string, not {node.KindName}.");
                return null;
            }

            private string? ReadDate(JsonNode node, string what)
            {
                string? text = ReadText(node, what);
                if (text is null)
                {
                    return null;
                }

                if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    Error(node, $"{what} must be a date written yyyy-MM-dd, not \"{text}\".");
                    return null;
                }

                return text;
            }

            private string? ReadUrl(JsonNode node, string what)
            {
                string? text = ReadText(node, what);
                if (text is null)
                {
                    return null;
                }

                if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
                {
                    Error(node, $"{what} must be an absolute http(s) URL, not \"{text}\".");
                    return null;
                }

                return text;
            }

            private void CheckKeys(JsonObject owner, HashSet<string> allowed, string label)
            {
                foreach (JsonProperty property in owner.Properties)
                {
                    if (!allowed.Contains(property.Name))
                    {
                        Error(property.NamePosition, $"{label}: unknown property '{property.Name}'{SuggestKey(property.Name, allowed)}.");
                    }
                }
            }

            private void Missing(JsonObject model, string label, string key, ModelCatalogData? baseCatalog)
            {
                if (_unresolvedBasis)
                {
                    // The 'extends' error already explains why fields are missing.
                    return;
                }

                Error(model, baseCatalog is null
                    ? $"{label} has no '{key}'."
                    : $"{label} has no '{key}' (only entries that name a known model, or use 'extends', may leave fields out).");
            }

            private static string SuggestKey(string key, HashSet<string> allowed)
            {
                foreach (string candidate in allowed)
                {
                    if (string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase))
                    {
                        return $" (did you mean '{candidate}'?)";
                    }
                }

                var catalog = new List<string>();
                foreach (string candidate in allowed)
                {
                    if (!candidate.StartsWith("$", StringComparison.Ordinal))
                    {
                        catalog.Add(candidate);
                    }
                }

                catalog.Sort(StringComparer.Ordinal);
                return $"; expected one of {string.Join(", ", catalog)}";
            }

            private static string Suggest(ModelCatalogData catalog, string name)
            {
                IReadOnlyList<string> names = catalog.SuggestNames(name);
                return names.Count == 0 ? string.Empty : $" (did you mean {string.Join(", ", Quote(names))}?)";
            }

            private static IEnumerable<string> Quote(IReadOnlyList<string> names)
            {
                foreach (string name in names)
                {
                    yield return "'" + name + "'";
                }
            }

            private void Error(JsonNode node, string message) => Error(node.Position, message);

            private void Error(JsonPosition position, string message) =>
                Errors.Add(new CatalogError(_sourceName, position.Offset, position.Line, position.Column, message));
        }
    }
}
