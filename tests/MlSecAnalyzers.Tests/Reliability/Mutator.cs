using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>One mutated source: what was done to which corpus source, so a failure names a reproducible variant.</summary>
internal sealed record Variant(string Description, string Text);

/// <summary>
/// Cuts and damages a source the way typing does. Deterministic: the same source and seed give the same variants.
/// Per source: truncation at up to <see cref="StatementCuts"/> statement boundaries and at random offsets, deleted
/// braces and parentheses, duplicated members, unterminated strings and interpolations, deleted tokens.
/// </summary>
internal static class Mutator
{
    public const int StatementCuts = 8;

    public static IEnumerable<Variant> Mutate(CorpusSource source, int seed)
    {
        var random = new Random(seed);
        var text = source.Text;
        var root = CSharpSyntaxTree.ParseText(text, Verifiers.AnalyzerRunner.ParseOptions).GetRoot();
        var tokens = root.DescendantTokens().Where(t => t.Span.Length > 0).ToList();

        // Truncation at statement and member boundaries, the state of a file while it is being typed top to bottom.
        var boundaries = root.DescendantNodes()
            .Where(n => n is StatementSyntax or MemberDeclarationSyntax or UsingDirectiveSyntax)
            .SelectMany(n => new[] { n.SpanStart, n.Span.End })
            .Distinct().OrderBy(p => p).ToList();
        foreach (var cut in Spread(boundaries, StatementCuts))
            yield return new Variant($"truncated at boundary {cut}", text.Substring(0, cut));
        // ... and in the middle of a statement.
        for (var i = 0; i < 4; i++)
        {
            var cut = random.Next(text.Length);
            yield return new Variant($"truncated at offset {cut}", text.Substring(0, cut));
        }

        foreach (var kind in new[] { SyntaxKind.OpenBraceToken, SyntaxKind.CloseBraceToken, SyntaxKind.OpenParenToken, SyntaxKind.CloseParenToken })
        {
            var candidates = tokens.Where(t => t.IsKind(kind)).ToList();
            for (var i = 0; i < 2 && candidates.Count > 0; i++)
            {
                var token = candidates[random.Next(candidates.Count)];
                yield return new Variant($"deleted {kind} at {token.SpanStart}", Remove(text, token.Span.Start, token.Span.Length));
            }
        }

        var members = root.DescendantNodes().OfType<MemberDeclarationSyntax>().Where(m => m is not BaseNamespaceDeclarationSyntax).ToList();
        for (var i = 0; i < 2 && members.Count > 0; i++)
        {
            var member = members[random.Next(members.Count)];
            yield return new Variant($"duplicated member at {member.SpanStart}", text.Insert(member.FullSpan.End, member.ToFullString()));
        }

        var strings = tokens.Where(t => t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.InterpolatedStringEndToken)
            || t.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || t.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
            || t.IsKind(SyntaxKind.InterpolatedRawStringEndToken)).ToList();
        for (var i = 0; i < 2 && strings.Count > 0; i++)
        {
            var token = strings[random.Next(strings.Count)];
            yield return new Variant($"unterminated string at {token.SpanStart}", Remove(text, token.Span.End - 1, 1));
        }

        var holes = root.DescendantNodes().OfType<InterpolationSyntax>().ToList();
        for (var i = 0; i < 2 && holes.Count > 0; i++)
        {
            var hole = holes[random.Next(holes.Count)];
            yield return new Variant($"unterminated interpolation at {hole.SpanStart}", Remove(text, hole.CloseBraceToken.SpanStart, hole.CloseBraceToken.Span.Length));
        }

        var statements = root.DescendantNodes().OfType<StatementSyntax>().ToList();
        if (statements.Count > 0)
        {
            var statement = statements[random.Next(statements.Count)];
            yield return new Variant($"open interpolation inserted at {statement.SpanStart}", text.Insert(statement.SpanStart, "var s = $\"{Key ").Insert(0, ""));
            yield return new Variant($"open raw string inserted at {statement.SpanStart}", text.Insert(statement.SpanStart, "var r = $$\"\"\"\n{{"));
        }

        for (var i = 0; i < 4 && tokens.Count > 0; i++)
        {
            var mutated = text;
            var count = 1 + random.Next(3);
            var picked = Enumerable.Range(0, count).Select(_ => tokens[random.Next(tokens.Count)].Span).Distinct().OrderByDescending(s => s.Start).ToList();
            foreach (var span in picked)
                mutated = Remove(mutated, span.Start, span.Length);
            yield return new Variant($"deleted tokens at {string.Join(",", picked.Select(s => s.Start))}", mutated);
        }

        // An identifier replaced by another one of the file: types where values are expected and the other way round.
        var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToList();
        for (var i = 0; i < 2 && identifiers.Count > 1; i++)
        {
            var target = identifiers[random.Next(identifiers.Count)];
            var replacement = identifiers[random.Next(identifiers.Count)].ValueText;
            yield return new Variant($"identifier at {target.SpanStart} replaced by {replacement}", text.Remove(target.SpanStart, target.Span.Length).Insert(target.SpanStart, replacement));
        }
    }

    private static string Remove(string text, int start, int length) => text.Remove(start, Math.Min(length, text.Length - start));

    /// <summary>At most <paramref name="count"/> items, evenly spread over the list (all when it is short).</summary>
    private static IEnumerable<int> Spread(IReadOnlyList<int> items, int count)
    {
        if (items.Count <= count)
            return items;
        return Enumerable.Range(0, count).Select(i => items[(int)((long)i * (items.Count - 1) / (count - 1))]).Distinct();
    }
}
