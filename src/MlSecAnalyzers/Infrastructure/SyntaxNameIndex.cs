using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// A compilation's calls by method name and assignments by target name. The trackers that look for a method's callers
/// or a member's writers across the compilation bind only the candidates it lists; searching the files again for each
/// method or member grew with the square of their number.
/// </summary>
/// <remarks>
/// Lazy and shared by the analyzers that ask (issue 7). One scan of every file's characters records which files contain
/// each word (by hash: no string per word, no syntax node). A question then reads only the files that contain the name,
/// and in them only the tokens at the name's occurrences. Walking every file's syntax up front was the largest single
/// cost of the package on a large app, and almost every question names a method or member that few files mention.
/// A name spelled with a Unicode escape (<c>M\u0061p</c>) or holding a formatting character is not found; no code the
/// rules look at does that.
/// </remarks>
internal sealed class SyntaxNameIndex
{
    private static readonly ConditionalWeakTable<Compilation, SyntaxNameIndex> Indexes = new();

    private readonly SyntaxTree[] _trees;
    private readonly ConcurrentDictionary<(string Name, string? AlsoNamed), IReadOnlyList<InvocationExpressionSyntax>> _invocations = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<AssignmentExpressionSyntax>> _assignments = new(StringComparer.Ordinal);
    private Dictionary<int, List<int>>? _filesByWord;

    private SyntaxNameIndex(Compilation compilation)
    {
        _trees = new List<SyntaxTree>(compilation.SyntaxTrees).ToArray();
    }

    /// <summary>The index of <paramref name="compilation"/>; it does no work until asked.</summary>
    public static SyntaxNameIndex For(Compilation compilation) => Indexes.GetValue(compilation, static c => new SyntaxNameIndex(c));

    /// <summary>
    /// Calls named <paramref name="name"/>; with <paramref name="alsoNamed"/>, only those in files that also mention that
    /// word (the receiver a caller filters on, e.g. the field in <c>_items.Add(x)</c>), which keeps common names such as
    /// <c>Add</c> from visiting every file.
    /// </summary>
    public IReadOnlyList<InvocationExpressionSyntax> Invocations(string name, CancellationToken cancellationToken, string? alsoNamed = null)
    {
        if (_invocations.TryGetValue((name, alsoNamed), out var cached))
            return cached;

        var found = Find(name, alsoNamed, cancellationToken, static named => named.Parent is InvocationExpressionSyntax call && call.Expression == named ? call : null);
        return _invocations.GetOrAdd((name, alsoNamed), found);
    }

    /// <summary>Assignments whose target's simple name is <paramref name="name"/>.</summary>
    public IReadOnlyList<AssignmentExpressionSyntax> Assignments(string name, CancellationToken cancellationToken)
    {
        if (_assignments.TryGetValue(name, out var cached))
            return cached;

        var found = Find(name, null, cancellationToken, static named => named.Parent is AssignmentExpressionSyntax assignment && assignment.Left == named ? assignment : null);
        return _assignments.GetOrAdd(name, found);
    }

    /// <summary>The nodes <paramref name="match"/> finds around each occurrence of <paramref name="name"/> (as <c>Name</c>, <c>x.Name</c> or <c>?.Name</c>).</summary>
    private List<T> Find<T>(string name, string? alsoNamed, CancellationToken cancellationToken, Func<ExpressionSyntax, T?> match)
        where T : SyntaxNode
    {
        var found = new List<T>();
        foreach (var file in FilesMentioning(name, alsoNamed, cancellationToken))
        {
            var start = found.Count;
            foreach (var simpleName in Occurrences(file, name, cancellationToken))
            {
                if (match(NamedExpression(simpleName)) is { } node)
                    found.Add(node);
            }

            // Syntax order, outer node first (Add(1).Add(2) before Add(1)), as a walk of the file gives: the trackers
            // stop at the first finding and after a number of sites, so the order decides what they report.
            found.Sort(start, found.Count - start, SyntaxOrder<T>.Instance);
        }

        return found;
    }

    /// <summary>The simple name an invocation calls or an assignment writes: <c>Name</c> in <c>x.Name</c>, <c>?.Name</c>, <c>Name&lt;T&gt;</c>.</summary>
    public static string? NameOf(ExpressionSyntax expression) =>
        expression switch
        {
            SimpleNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

    private IEnumerable<int> FilesMentioning(string name, string? alsoNamed, CancellationToken cancellationToken)
    {
        var words = Words(cancellationToken);
        if (!words.TryGetValue(Hash(name), out var files))
            return Array.Empty<int>();
        if (alsoNamed is null)
            return files;
        if (!words.TryGetValue(Hash(alsoNamed), out var others))
            return Array.Empty<int>();

        // Both lists are in file order.
        var both = new List<int>();
        for (int i = 0, j = 0; i < files.Count && j < others.Count;)
        {
            if (files[i] == others[j])
            {
                both.Add(files[i]);
                i++;
                j++;
            }
            else if (files[i] < others[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return both;
    }

    /// <summary>Word hash → the files (indexes into <see cref="_trees"/>, ascending) whose text contains the word.</summary>
    private Dictionary<int, List<int>> Words(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _filesByWord) is { } built)
            return built;

        // Two threads may both build it; the loser's copy is dropped. A cancelled build stores nothing.
        var words = new Dictionary<int, List<int>>();
        var buffer = new char[4096];
        for (var file = 0; file < _trees.Length; file++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = _trees[file].GetText(cancellationToken);
            var inWord = false;
            var isNumber = false;
            var hash = 0;
            for (var start = 0; start < text.Length; start += buffer.Length)
            {
                var count = Math.Min(buffer.Length, text.Length - start);
                text.CopyTo(start, buffer, 0, count);
                for (var i = 0; i < count; i++)
                {
                    var c = buffer[i];
                    if (IsWordCharacter(c))
                    {
                        if (!inWord)
                        {
                            inWord = true;
                            isNumber = c is >= '0' and <= '9';
                            hash = HashStart;
                        }

                        hash = HashStep(hash, c);
                    }
                    else if (inWord)
                    {
                        inWord = false;
                        if (!isNumber)
                            Add(words, hash, file);
                    }
                }
            }

            if (inWord && !isNumber)
                Add(words, hash, file);
        }

        return Interlocked.CompareExchange(ref _filesByWord, words, null) ?? words;

        static void Add(Dictionary<int, List<int>> words, int hash, int file)
        {
            if (!words.TryGetValue(hash, out var files))
                words[hash] = new List<int>(2) { file };
            else if (files[files.Count - 1] != file)
                files.Add(file);
        }
    }

    /// <summary>The simple names spelled <paramref name="name"/> in file <paramref name="file"/>, in text order.</summary>
    private IEnumerable<SimpleNameSyntax> Occurrences(int file, string name, CancellationToken cancellationToken)
    {
        var tree = _trees[file];
        var text = tree.GetText(cancellationToken);
        var root = tree.GetRoot(cancellationToken);
        var wanted = Hash(name);
        var buffer = new char[4096];
        var wordStart = -1;
        var hash = 0;
        for (var start = 0; start <= text.Length; start += buffer.Length)
        {
            var count = Math.Min(buffer.Length, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            // One position past the end closes a word that ends the file.
            for (var i = 0; i <= count; i++)
            {
                if (i < count && IsWordCharacter(buffer[i]))
                {
                    if (wordStart < 0)
                    {
                        wordStart = start + i;
                        hash = HashStart;
                    }

                    hash = HashStep(hash, buffer[i]);
                    continue;
                }

                if (i == count && start + count < text.Length)
                    break;
                // The token must hold the word itself: a comment or string mentioning it belongs to another token.
                if (wordStart >= 0 && hash == wanted && start + i - wordStart == name.Length
                    && text.ToString(new TextSpan(wordStart, name.Length)) == name
                    && root.FindToken(wordStart) is var token && token.Span.Contains(wordStart)
                    && token.Parent is SimpleNameSyntax simpleName && simpleName.Identifier == token
                    && simpleName.Identifier.ValueText == name)
                {
                    yield return simpleName;
                }

                wordStart = -1;
            }
        }
    }

    /// <summary><c>Name</c>, or the <c>x.Name</c> / <c>?.Name</c> it is the name of: what <see cref="NameOf"/> reads back.</summary>
    private static ExpressionSyntax NamedExpression(SimpleNameSyntax name) =>
        name.Parent switch
        {
            MemberAccessExpressionSyntax member when member.Name == name => member,
            MemberBindingExpressionSyntax binding when binding.Name == name => binding,
            _ => name,
        };

    // A C# identifier part: letters, letter numbers, digits, connectors, combining and formatting marks (a Devanagari
    // vowel sign is a combining mark inside a Hindi name).
    private static bool IsWordCharacter(char c) =>
        c < 128
            ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '_'
            : CharUnicodeInfo.GetUnicodeCategory(c) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                    or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                    or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format => true,
                _ => char.IsSurrogate(c),
            };

    private sealed class SyntaxOrder<T> : IComparer<T>
        where T : SyntaxNode
    {
        public static readonly SyntaxOrder<T> Instance = new();

        public int Compare(T? x, T? y) =>
            x!.SpanStart != y!.SpanStart ? x.SpanStart.CompareTo(y.SpanStart) : y.Span.Length.CompareTo(x.Span.Length);
    }

    private const int HashStart = unchecked((int)2166136261);

    private static int HashStep(int hash, char c) => unchecked((hash ^ c) * 16777619);

    private static int Hash(string word)
    {
        var hash = HashStart;
        foreach (var c in word)
            hash = HashStep(hash, c);
        return hash;
    }
}
