using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using MlSecAnalyzers.TrainingInput;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlSecAnalyzers.CodeFixes.TrainingInput;

/// <summary>
/// MLSEC031: before the load, compares the SHA-256 digest of the model's bytes with the digest in the
/// <c>MODEL_SHA256</c> environment variable, in constant time, and throws on a mismatch. Offered when the load takes a
/// path or a byte array held in a local or parameter, in a statement of a block (streams are consumed by hashing; the
/// rule page shows how to handle them).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VerifyModelHashFixer)), Shared]
public sealed class VerifyModelHashFixer : CodeFixProvider
{
    public const string DigestVariable = "MODEL_SHA256";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.MLSEC031_UntrustedModelLoad.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model?.Compilation.GetTypeByMetadataName("System.Convert")?.GetMembers("FromHexString").IsEmpty != false
            || model.Compilation.GetTypeByMetadataName("System.Security.Cryptography.SHA256")?.GetMembers("HashData").IsEmpty != false)
        {
            return; // .NET 5 or later APIs are needed
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var kind = diagnostic.Properties.GetValueOrDefault(UntrustedModelLoadAnalyzer.LoadedArgumentProperty);
            var load = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var argument = load switch
            {
                InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression,
                BaseObjectCreationExpressionSyntax creation => creation.ArgumentList?.Arguments.FirstOrDefault()?.Expression,
                _ => null,
            };

            if (kind is not ("path" or "bytes") || argument is not IdentifierNameSyntax identifier
                || load.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax or GlobalStatementSyntax } statement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Verify the model's SHA-256 digest ({DigestVariable}) before loading it",
                    async ct =>
                    {
                        var editor = await DocumentEditor.CreateAsync(context.Document, ct).ConfigureAwait(false);
                        var check = Check(identifier.Identifier.ValueText, kind == "path");
                        if (statement.Parent is GlobalStatementSyntax global)
                            editor.InsertBefore(global, GlobalStatement(check).WithAdditionalAnnotations(Formatter.Annotation));
                        else
                            editor.InsertBefore(statement, check);
                        return editor.GetChangedDocument();
                    },
                    EquivalenceKeys.VerifyModelSha256),
                diagnostic);
        }
    }

    private static StatementSyntax Check(string variable, bool isPath)
    {
        var bytes = isPath ? $"global::System.IO.File.ReadAllBytes({variable})" : variable;
        var statement = ParseStatement(
            "if (!global::System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(\n" +
            $"        global::System.Security.Cryptography.SHA256.HashData({bytes}),\n" +
            $"        global::System.Convert.FromHexString(global::System.Environment.GetEnvironmentVariable(\"{DigestVariable}\") ?? throw new global::System.InvalidOperationException(\"Set {DigestVariable} to the model's expected SHA-256 digest.\"))))\n" +
            "{\n" +
            "    throw new global::System.IO.InvalidDataException(\"The model does not match its expected SHA-256 digest.\");\n" +
            "}\n");
        return statement
            .ReplaceNodes(statement.DescendantNodes().Where(n => n is AliasQualifiedNameSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax),
                (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
