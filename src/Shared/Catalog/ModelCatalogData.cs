using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using System.Threading;

namespace PromptAnalyzers.Internal.Catalog
{
    /// <summary>
    /// An immutable set of models with name resolution: exact name or alias (case-insensitive), then a fine-tune or
    /// <c>vendor/</c> path reduced to its base name, then the longest family prefix that ends at a name boundary.
    /// Value-equal (the generator caches on it).
    /// </summary>
    internal sealed class ModelCatalogData : IEquatable<ModelCatalogData>
    {
        /// <summary>The manifest resource name of the built-in catalog in both assemblies.</summary>
        public const string ResourceName = "PromptAnalyzers.models.json";

        private static readonly Lazy<CatalogParseResult> s_builtin =
            new Lazy<CatalogParseResult>(LoadBuiltin, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly ModelEntry[] _models;
        private readonly Dictionary<string, ModelEntry> _byName;
        private readonly KeyValuePair<string, ModelEntry>[] _families;

        /// <summary>Creates a catalog; when two models claim the same name, alias or family, the earlier one wins.</summary>
        internal ModelCatalogData(string asOf, IEnumerable<ModelEntry> models)
        {
            AsOf = asOf ?? string.Empty;
            _models = new List<ModelEntry>(models).ToArray();
            _byName = new Dictionary<string, ModelEntry>(StringComparer.OrdinalIgnoreCase);
            var families = new List<KeyValuePair<string, ModelEntry>>();
            var seenFamilies = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (ModelEntry model in _models)
            {
                if (!_byName.ContainsKey(model.Name))
                {
                    _byName.Add(model.Name, model);
                }
            }

            foreach (ModelEntry model in _models)
            {
                foreach (string alias in model.Aliases)
                {
                    if (!_byName.ContainsKey(alias))
                    {
                        _byName.Add(alias, model);
                    }
                }

                foreach (string family in model.Families)
                {
                    if (seenFamilies.Add(family))
                    {
                        families.Add(new KeyValuePair<string, ModelEntry>(family, model));
                    }
                }
            }

            // Longest first; the sort is made stable by the original index so earlier models win ties.
            var indexed = new List<(KeyValuePair<string, ModelEntry> Family, int Index)>();
            for (int i = 0; i < families.Count; i++)
            {
                indexed.Add((families[i], i));
            }

            indexed.Sort((a, b) => a.Family.Key.Length != b.Family.Key.Length
                ? b.Family.Key.Length.CompareTo(a.Family.Key.Length)
                : a.Index.CompareTo(b.Index));
            _families = new KeyValuePair<string, ModelEntry>[indexed.Count];
            for (int i = 0; i < indexed.Count; i++)
            {
                _families[i] = indexed[i].Family;
            }
        }

        /// <summary>
        /// The catalog embedded in this assembly (src/Shared/Catalog/models.json). Never throws: if the resource were
        /// missing or invalid it is empty and <see cref="BuiltinErrors"/> says why.
        /// </summary>
        public static ModelCatalogData Builtin => s_builtin.Value.Catalog ?? Empty;

        /// <summary>Problems loading <see cref="Builtin"/>; empty in a correct build.</summary>
        public static IReadOnlyList<CatalogError> BuiltinErrors => s_builtin.Value.Errors;

        public static ModelCatalogData Empty { get; } = new ModelCatalogData(string.Empty, Array.Empty<ModelEntry>());

        /// <summary>The date (yyyy-MM-dd) the catalog's data was checked; empty when the document does not say.</summary>
        public string AsOf { get; }

        /// <summary>The models in document order.</summary>
        public IReadOnlyList<ModelEntry> Models => _models;

        /// <summary>
        /// Parses a catalog document. Never throws on bad input: the result carries every error with its position.
        /// With <paramref name="baseCatalog"/>, an entry named like a known model (name or alias) may give only the
        /// fields it changes, and an entry with <c>"extends"</c> starts from the named model.
        /// </summary>
        public static CatalogParseResult Parse(string json, string sourceName, ModelCatalogData? baseCatalog = null) =>
            ModelCatalogLoader.Load(json, sourceName, baseCatalog);

        /// <summary>Looks a name up exactly (model name or alias, case-insensitive).</summary>
        public bool TryGetExact(string name, out ModelEntry model)
        {
            if (name is not null && _byName.TryGetValue(name.Trim(), out ModelEntry? found))
            {
                model = found;
                return true;
            }

            model = null!;
            return false;
        }

        /// <summary>
        /// Resolves a model name: exact name or alias; then, for <c>ft:base:org::id</c> and <c>vendor/name</c>, the base
        /// name; then the longest family prefix followed by the end of the name or a separator (not a letter, digit
        /// or '.'), so <c>gpt-4o-2024-08-06</c> is gpt-4o but <c>gpt-4.5</c> is not gpt-4.
        /// </summary>
        public bool TryResolve(string name, out ModelEntry model)
        {
            model = null!;
            if (name is null)
            {
                return false;
            }

            string candidate = name.Trim();
            if (candidate.Length == 0)
            {
                return false;
            }

            if (TryGetExact(candidate, out model))
            {
                return true;
            }

            if (candidate.StartsWith("ft:", StringComparison.OrdinalIgnoreCase))
            {
                candidate = candidate.Substring(3);
                int colon = candidate.IndexOf(':');
                if (colon > 0 && TryGetExact(candidate.Substring(0, colon), out model))
                {
                    return true;
                }
            }

            int slash = candidate.LastIndexOf('/');
            if (slash >= 0 && slash < candidate.Length - 1)
            {
                candidate = candidate.Substring(slash + 1);
                if (TryGetExact(candidate, out model))
                {
                    return true;
                }
            }

            foreach (KeyValuePair<string, ModelEntry> family in _families)
            {
                string prefix = family.Key;
                if (candidate.Length >= prefix.Length
                    && candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && (candidate.Length == prefix.Length || IsBoundary(candidate[prefix.Length])))
                {
                    model = family.Value;
                    return true;
                }
            }

            model = null!;
            return false;
        }

        /// <summary>Up to <paramref name="max"/> known names or aliases close to <paramref name="name"/>, closest first.</summary>
        public IReadOnlyList<string> SuggestNames(string name, int max = 3)
        {
            var scored = new List<(int Distance, string Name)>();
            if (string.IsNullOrWhiteSpace(name) || max <= 0)
            {
                return Array.Empty<string>();
            }

            string wanted = Normalize(name);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string key in _byName.Keys)
            {
                string known = Normalize(key);
                int distance = Distance(wanted, known);
                if (known.StartsWith(wanted, StringComparison.Ordinal) || wanted.StartsWith(known, StringComparison.Ordinal))
                {
                    distance = Math.Min(distance, 1 + Math.Abs(known.Length - wanted.Length) / 4);
                }

                int limit = Math.Max(2, Math.Min(wanted.Length, known.Length) / 3);
                if (distance <= limit)
                {
                    ModelEntry model = _byName[key];
                    scored.Add((distance, model.Name));
                }
            }

            scored.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Name, b.Name));
            var result = new List<string>();
            foreach ((int _, string suggestion) in scored)
            {
                if (result.Count == max)
                {
                    break;
                }

                if (seen.Add(suggestion))
                {
                    result.Add(suggestion);
                }
            }

            return result;
        }

        /// <summary>This catalog with <paramref name="custom"/>'s models added; a custom model replaces the one of the same name.</summary>
        public ModelCatalogData WithOverrides(ModelCatalogData custom)
        {
            if (custom is null)
            {
                throw new ArgumentNullException(nameof(custom));
            }

            if (custom.Models.Count == 0)
            {
                return this;
            }

            var replaced = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var merged = new List<ModelEntry>(custom.Models.Count + _models.Length);
            foreach (ModelEntry model in custom.Models)
            {
                replaced.Add(model.Name);
                merged.Add(model);
            }

            foreach (ModelEntry model in _models)
            {
                if (!replaced.Contains(model.Name))
                {
                    merged.Add(model);
                }
            }

            // Custom models come first so their names, aliases and families win every tie.
            return new ModelCatalogData(AsOf, merged);
        }

        /// <summary>This catalog with one model added or replaced (by name).</summary>
        public ModelCatalogData WithModel(ModelEntry model)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            return WithOverrides(new ModelCatalogData(string.Empty, new[] { model }));
        }

        public bool Equals(ModelCatalogData? other)
        {
            if (other is null)
            {
                return false;
            }

            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (AsOf != other.AsOf || _models.Length != other._models.Length)
            {
                return false;
            }

            for (int i = 0; i < _models.Length; i++)
            {
                if (!_models[i].Equals(other._models[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as ModelCatalogData);

        public override int GetHashCode()
        {
            int hash = _models.Length;
            foreach (ModelEntry model in _models)
            {
                hash = unchecked((hash * 31) + model.GetHashCode());
            }

            return hash;
        }

        private static bool IsBoundary(char c) => !char.IsLetterOrDigit(c) && c != '.';

        private static string Normalize(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (char c in name.Trim())
            {
                if (char.IsLetterOrDigit(c) || c == '.')
                {
                    builder.Append(char.ToLowerInvariant(c));
                }
            }

            return builder.ToString();
        }

        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }

        private static CatalogParseResult LoadBuiltin()
        {
            Assembly assembly = typeof(ModelCatalogData).Assembly;
            try
            {
                using Stream? stream = assembly.GetManifestResourceStream(ResourceName);
                if (stream is null)
                {
                    return BuiltinFailure($"The built-in model catalog resource '{ResourceName}' is missing from {assembly.GetName().Name}.");
                }

                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                return ModelCatalogLoader.Load(reader.ReadToEnd(), "models.json", baseCatalog: null);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is BadImageFormatException || ex is NotSupportedException)
            {
                // Never let the generator fail on this: the error becomes data like any other catalog problem.
                return BuiltinFailure($"The built-in model catalog could not be read from {assembly.GetName().Name}: {ex.Message}");
            }
        }

        private static CatalogParseResult BuiltinFailure(string message) =>
            CatalogParseResult.Failed(new[] { new CatalogError(ResourceName, 0, 1, 1, message) });
    }
}
