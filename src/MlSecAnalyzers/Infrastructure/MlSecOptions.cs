using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// The <c>mlsec.*</c> options of .editorconfig / .globalconfig, read per syntax tree. A rule-specific key
/// (<c>mlsec.MLSEC001.credential_parameter_names</c>) beats the general one (<c>mlsec.credential_parameter_names</c>).
/// One instance per compilation caches each parsed list, so a value is split once however many files share it, and each
/// file's lists, so a hot path reads a dictionary rather than the options.
/// </summary>
internal sealed class MlSecOptions
{
    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConcurrentDictionary<(string Raw, ImmutableHashSet<string> Defaults), ImmutableHashSet<string>> _lists = new();
    private readonly ConcurrentDictionary<SyntaxTree, PerTree<ImmutableHashSet<string>>> _namesByTree = new();
    private readonly ConcurrentDictionary<SyntaxTree, PerTree<string?>> _valuesByTree = new();
    // The two key strings of a (rule, key) pair, built once per compilation rather than once per file that reads them.
    private readonly ConcurrentDictionary<(string RuleId, string Key), (string Specific, string General)> _keys = new();

    private MlSecOptions(AnalyzerConfigOptionsProvider provider) => _provider = provider;

    public static MlSecOptions Create(AnalyzerOptions options) => new(options.AnalyzerConfigOptionsProvider);

    /// <summary>The raw value of <c>mlsec.{ruleId}.{key}</c>, else <c>mlsec.{key}</c>, for <paramref name="tree"/>.</summary>
    /// <remarks>Cached per file, rule and key: the endpoint rules read it for every endpoint, MLSEC001 for every sink candidate.</remarks>
    public string? GetValue(SyntaxTree tree, string ruleId, string key)
    {
        var values = _valuesByTree.GetOrAdd(tree, static _ => new PerTree<string?>());
        if (values.TryFind(ruleId, key, out var cached))
            return cached;

        var options = _provider.GetOptions(tree);
        var (specific, general) = _keys.GetOrAdd((ruleId, key), static k => ("mlsec." + k.RuleId + "." + k.Key, "mlsec." + k.Key));
        string? found = null;
        if (options.TryGetValue(specific, out var value) && value.Length > 0)
            found = value;
        else if (options.TryGetValue(general, out value) && value.Length > 0)
            found = value;
        return values.Add(ruleId, key, found);
    }

    /// <summary>
    /// A <c>|</c>-separated list of names added to <paramref name="defaults"/>; an entry written <c>-name</c> removes a
    /// built-in one. Comparison is case-insensitive, like the names users write.
    /// </summary>
    /// <remarks>
    /// Cached per file, rule and key: the analyzers read a list for every sink candidate or visited call. A key has one
    /// set of <paramref name="defaults"/>, so they are not part of the cache key.
    /// </remarks>
    public ImmutableHashSet<string> GetNameList(SyntaxTree tree, string ruleId, string key, ImmutableHashSet<string> defaults)
    {
        var lists = _namesByTree.GetOrAdd(tree, static _ => new PerTree<ImmutableHashSet<string>>());
        if (lists.TryFind(ruleId, key, out var names))
            return names;

        var raw = GetValue(tree, ruleId, key);
        names = raw is null ? defaults : _lists.GetOrAdd((raw, defaults), static k => Parse(k.Raw, k.Defaults));
        return lists.Add(ruleId, key, names);
    }

    /// <summary>
    /// One file's values or lists. Keyed by the tree alone, then a scan of its few (rule, key) pairs; callers pass
    /// constants, so the string comparisons end at the reference check. A (tree, rule, key) dictionary key hashed both
    /// strings on every read (issue 7).
    /// </summary>
    private sealed class PerTree<T>
    {
        private readonly object _gate = new();
        private (string RuleId, string Key, T Value)[] _entries = Array.Empty<(string, string, T)>();

        public bool TryFind(string ruleId, string key, out T value)
        {
            foreach (var entry in Volatile.Read(ref _entries))
            {
                if (entry.RuleId == ruleId && entry.Key == key)
                {
                    value = entry.Value;
                    return true;
                }
            }

            value = default!;
            return false;
        }

        public T Add(string ruleId, string key, T value)
        {
            lock (_gate)
            {
                if (TryFind(ruleId, key, out var known))
                    return known;

                var entries = new (string, string, T)[_entries.Length + 1];
                Array.Copy(_entries, entries, _entries.Length);
                entries[_entries.Length] = (ruleId, key, value);
                Volatile.Write(ref _entries, entries);
                return value;
            }
        }
    }

    /// <summary>A boolean option; anything other than <c>true</c>/<c>false</c> leaves <paramref name="defaultValue"/>.</summary>
    public bool GetBool(SyntaxTree tree, string ruleId, string key, bool defaultValue)
    {
        var raw = GetValue(tree, ruleId, key);
        return raw is not null && bool.TryParse(raw.Trim(), out var value) ? value : defaultValue;
    }

    /// <summary>An MSBuild property made visible by the package's build/MlSecAnalyzers.props.</summary>
    public string? GetBuildProperty(string name) =>
        _provider.GlobalOptions.TryGetValue("build_property." + name, out var value) && value.Length > 0 ? value : null;

    private static ImmutableHashSet<string> Parse(string raw, ImmutableHashSet<string> defaults)
    {
        var builder = defaults.ToBuilder();
        foreach (var part in raw.Split('|'))
        {
            var entry = part.Trim();
            if (entry.Length == 0)
                continue;
            if (entry[0] == '-')
                builder.Remove(entry.Substring(1).Trim());
            else
                builder.Add(entry);
        }

        return builder.ToImmutable();
    }

    public static ImmutableHashSet<string> NameSet(params string[] names) =>
        ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, names);
}
