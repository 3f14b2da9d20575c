using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlSecAnalyzers.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MlSecAnalyzers.Tests.Reliability;

/// <summary>
/// No diagnostic produced over the whole corpus and its mutations (every reference mode) carries a run of
/// <see cref="ShortestLeak"/> or more characters of any secret-looking literal of the source it was reported in:
/// not in its message, its properties, or its descriptor's title, message format and description.
/// </summary>
public sealed class SecretLeakOverCorpusTests
{
    private const int ShortestLeak = 6;

    private readonly ITestOutputHelper _output;

    public SecretLeakOverCorpusTests(ITestOutputHelper output) => _output = output;

    /// <summary>String values of the source that a secret scanner would call secrets.</summary>
    private static IEnumerable<string> SecretsIn(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, Verifiers.AnalyzerRunner.ParseOptions).GetRoot();
        foreach (var token in root.DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.StringLiteralToken) && !token.IsKind(SyntaxKind.InterpolatedStringTextToken)
                && !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                continue;

            var value = token.ValueText;
            if (value.Length < ShortestLeak)
                continue;
            // The secret part alone: a key inside a URL or connection string, a provider key inside a longer text,
            // else the whole value when it looks like a secret on its own.
            if (EmbeddedSecrets.MayContain(value) && EmbeddedSecrets.TryFind(value, out var embedded))
                yield return value.Substring(embedded.Start, embedded.Length);
            else if (KeyFormats.Match(value, anywhereOnly: false, out var start, out var length) is not null)
                yield return value.Substring(start, length);
            else if (SecretHeuristics.LooksLikeSecret(value))
                yield return value.Substring(SecretHeuristics.AuthSchemeLength(value)).Trim();
        }
    }

    private static string? Leak(string text, string secret)
    {
        for (var i = 0; i + ShortestLeak <= secret.Length; i++)
        {
            var run = secret.Substring(i, ShortestLeak);
            if (text.IndexOf(run, StringComparison.Ordinal) >= 0)
                return run;
        }

        return null;
    }

    [Fact]
    public async Task NoDiagnosticCarriesAnyPartOfASecretOfItsSource()
    {
        int diagnostics = 0, secretsChecked = 0;
        var leaks = new List<string>();
        foreach (var mode in new[] { ReferenceMode.Full, ReferenceMode.NetOnly, ReferenceMode.MlWithoutDependencies })
        {
            var result = await FuzzRun.GetAsync(mode);
            foreach (var variant in result.Analyzed.Where(a => !a.Diagnostics.IsEmpty))
            {
                var secrets = SecretsIn(variant.Text).Distinct().ToList();
                secretsChecked += secrets.Count;
                foreach (var diagnostic in variant.Diagnostics)
                {
                    diagnostics++;
                    var texts = new List<string>
                    {
                        diagnostic.GetMessage(),
                        diagnostic.Descriptor.Title.ToString(),
                        diagnostic.Descriptor.MessageFormat.ToString(),
                        diagnostic.Descriptor.Description.ToString(),
                        diagnostic.Descriptor.HelpLinkUri ?? string.Empty,
                    };
                    texts.AddRange(diagnostic.Properties.Select(p => p.Key + "=" + p.Value));
                    foreach (var secret in secrets)
                    {
                        foreach (var text in texts)
                        {
                            if (Leak(text, secret) is { } run)
                                leaks.Add($"[{mode}] {variant.Origin} / {variant.Description}: {diagnostic.Id} carries '{run}' in '{text}'");
                        }
                    }
                }
            }
        }

        _output.WriteLine($"{diagnostics} diagnostics checked against {secretsChecked} secret literals");
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks.Distinct().Take(10)));
        Assert.True(diagnostics > 500 && secretsChecked > 500, "the corpus runs produced too few diagnostics or secrets to prove anything");
    }
}
