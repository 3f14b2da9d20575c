using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlSecAnalyzers.Endpoints;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;

namespace MlSecAnalyzers.Tests.Endpoints;

/// <summary>
/// The two endpoint analyzers share one context per compilation, and what an endpoint's own conventions add is
/// computed once for both: each rule must still read its own options.
/// </summary>
public sealed class EndpointFamilyTests
{
    private const string Source = """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        """ + MLSEC010AnonymousModelEndpointTests.ControllerWithAuthorizationFilter;

    // MLSEC011's analyzer runs first: this relies on the driver's observed (undocumented) order under sequential analysis;
    // Evaluate_KeepsEachRulesFilterOptionApart_InEitherOrder covers both orders directly.
    [Theory]
    [InlineData("mlsec.MLSEC010.authorization_filters", new string[] { "MLSEC011" })]
    [InlineData("mlsec.MLSEC011.authorization_filters", new string[] { "MLSEC010", "MLSEC011" })]
    public async Task EachRuleReadsItsOwnAuthorizationFilters(string key, string[] expected)
    {
        var tree = CSharpSyntaxTree.ParseText(Source, AnalyzerRunner.ParseOptions, "Chat.cs");
        var compilation = CSharpCompilation.Create(
            "Analyzed", new[] { tree }, await AnalyzerRunner.GetReferencesAsync(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new Provider(new() { [key] = "Contoso.Security.ApiKeyAuthAttribute" }));

        var result = await AnalyzerRunner.AnalyzeAsync(
            compilation, options, ImmutableArray.Create<DiagnosticAnalyzer>(new ModelEndpointExposureAnalyzer(), new AnonymousModelEndpointAnalyzer()),
            concurrentAnalysis: false);

        Assert.Empty(result.Exceptions);
        Assert.Equal(expected, result.Diagnostics.Select(d => d.Id).Where(id => id.StartsWith("MLSEC", System.StringComparison.Ordinal)).OrderBy(id => id));
    }

    // The shared context asked directly, in both orders: unlike the test above, this does not depend on the order in
    // which the driver runs the two analyzers.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Evaluate_KeepsEachRulesFilterOptionApart_InEitherOrder(bool mlsec010First)
    {
        var tree = CSharpSyntaxTree.ParseText(Source, AnalyzerRunner.ParseOptions, "Chat.cs");
        var compilation = CSharpCompilation.Create(
            "Analyzed", new[] { tree }, await AnalyzerRunner.GetReferencesAsync(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new AnalyzerOptions(
            ImmutableArray<AdditionalText>.Empty,
            new Provider(new() { ["mlsec.MLSEC010.authorization_filters"] = "Contoso.Security.ApiKeyAuthAttribute" }));
        var context = EndpointContext.Get(compilation, options);
        Assert.NotNull(context);

        var action = (IMethodSymbol)compilation.GetTypeByMetadataName("ChatController")!.GetMembers("Ask").Single();
        var model = compilation.GetSemanticModel(tree);
        var body = model.GetOperation(action.DeclaringSyntaxReferences[0].GetSyntax())!;
        var endpoint = context!.FindControllerAction(action, ImmutableArray.Create(body), "MLSEC010", default);
        Assert.NotNull(endpoint);

        bool Authorized(string ruleId) => context.Evaluate(endpoint!, ruleId, needAuthorization: true, needRateLimiting: false, default).Authorized;
        bool for010, for011;
        if (mlsec010First)
        {
            for010 = Authorized("MLSEC010");
            for011 = Authorized("MLSEC011");
        }
        else
        {
            for011 = Authorized("MLSEC011");
            for010 = Authorized("MLSEC010");
        }

        Assert.True(for010, "MLSEC010's filter option names the attribute");
        Assert.False(for011, "MLSEC011 has no filter option of its own");
    }

    private sealed class Provider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(values);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new());
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
