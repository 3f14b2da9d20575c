using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
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
/// MLSEC031: before the statement that loads the model, compares the SHA-256 digest of its bytes (the byte array, or
/// <c>File.ReadAllBytes(path)</c>) with the hex digest in an environment variable named after the model
/// (<c>MODEL_SHA256</c>, <c>CHURN_MODEL_SHA256</c>, …), in constant time, and throws <c>InvalidDataException</c> on a
/// mismatch or <c>InvalidOperationException</c> when the variable is missing. A path or byte array that is not already
/// in a variable is first put in a local, so the check and the load see the same value.
/// <para>
/// Not offered for streams (hashing consumes them; the rule page shows the buffer-then-load pattern), for
/// <c>FromUri</c> (the pool downloads by itself), for loads outside a statement block (expression-bodied members,
/// field initializers), for loads in a part of their statement that runs later or only sometimes (see
/// <see cref="CanMoveBefore"/>), or before .NET 5 (no <c>SHA256.HashData</c>/<c>Convert.FromHexString</c>).
/// </para>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VerifyModelHashFixer)), Shared]
public sealed class VerifyModelHashFixer : CodeFixProvider
{
    public const string DefaultDigestVariable = "MODEL_SHA256";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.MLSEC031_UntrustedModelLoad.Id);

    // Fix All edits each document once, in order, so that two loads in one method get locals with distinct names.
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static (context, document, diagnostics) => ApplyAsync(document, diagnostics, context.CancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !HasApis(model.Compilation))
            return;

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Target(diagnostic, root) is not { } target)
                continue;

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Verify the model's SHA-256 digest ({DigestVariable(target.VariableName)}) before loading it",
                    async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                    EquivalenceKeys.VerifyModelSha256),
                diagnostic);
        }
    }

    private static bool HasApis(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Convert")?.GetMembers("FromHexString").IsEmpty == false
        && compilation.GetTypeByMetadataName("System.Security.Cryptography.SHA256")?.GetMembers("HashData").IsEmpty == false
        && compilation.GetTypeByMetadataName("System.Security.Cryptography.CryptographicOperations") is not null;

    private sealed class FixTarget
    {
        public FixTarget(StatementSyntax statement, ExpressionSyntax argument, bool isPath, string variableName)
        {
            Statement = statement;
            Argument = argument;
            IsPath = isPath;
            VariableName = variableName;
        }

        public StatementSyntax Statement { get; }

        public ExpressionSyntax Argument { get; }

        public bool IsPath { get; }

        /// <summary>The variable the check reads: the argument itself, or the local the fix introduces for it.</summary>
        public string VariableName { get; set; }

        public bool NeedsLocal => Argument is not IdentifierNameSyntax;
    }

    private static FixTarget? Target(Diagnostic diagnostic, SyntaxNode root)
    {
        var properties = diagnostic.Properties;
        var kind = properties.GetValueOrDefault(UntrustedModelLoadAnalyzer.LoadedArgumentProperty);
        if (kind is not ("path" or "bytes")
            || !int.TryParse(properties.GetValueOrDefault(UntrustedModelLoadAnalyzer.ArgumentOrdinalProperty), out var ordinal) || ordinal < 0)
        {
            return null;
        }

        var load = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var arguments = load switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments,
            BaseObjectCreationExpressionSyntax { ArgumentList: { } list } => list.Arguments,
            _ => default,
        };
        if (ordinal >= arguments.Count || !arguments[ordinal].RefKindKeyword.IsKind(SyntaxKind.None))
            return null;

        var argument = arguments[ordinal].Expression;
        if (load.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax or GlobalStatementSyntax } statement
            || !CanMoveBefore(argument, statement))
        {
            return null;
        }

        var name = argument is IdentifierNameSyntax identifier ? identifier.Identifier.ValueText : LocalName(argument, kind == "path");
        return new FixTarget(statement, argument, kind == "path", name);
    }

    /// <summary>
    /// Evaluating the argument one statement earlier must not change what it means: it may not use a variable the
    /// statement itself declares (<c>out var</c>, patterns) nor sit in a part of the statement that runs later, more
    /// than once or not at all (a lambda, a local function's body, a conditional, a switch expression arm, a query).
    /// This holds for a plain identifier too: a lambda's parameter does not exist before the statement, and a check
    /// of a branch's variable would run when that branch does not.
    /// </summary>
    private static bool CanMoveBefore(ExpressionSyntax argument, StatementSyntax statement)
    {
        // A loop's condition runs again and again; a check before the loop would run once. A local function runs when
        // it is called, not where it is declared.
        if (statement is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or LocalFunctionStatementSyntax)
            return false;

        for (var node = argument.Parent; node is not null && node != statement; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or ConditionalExpressionSyntax or ConditionalAccessExpressionSyntax
                or SwitchExpressionSyntax or SwitchExpressionArmSyntax or QueryExpressionSyntax or CatchFilterClauseSyntax
                or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression or (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression }
                or AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression })
            {
                return false;
            }
        }

        // The argument, an identifier included, may not read a variable that the statement itself declares, nor one it
        // writes outside the argument: read before the statement, that one may be unassigned (CS0165) or an older file.
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in statement.DescendantNodes())
        {
            switch (node)
            {
                case SingleVariableDesignationSyntax designation:
                    declared.Add(designation.Identifier.ValueText);
                    break;
                case VariableDeclaratorSyntax declarator:
                    declared.Add(declarator.Identifier.ValueText);
                    break;
                case AssignmentExpressionSyntax { Left: var written } when !argument.Span.Contains(node.Span):
                    AddNames(declared, written);
                    break;
                case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.OutKeyword or (int)SyntaxKind.RefKeyword, Expression: var written } when !argument.Span.Contains(node.Span):
                    AddNames(declared, written);
                    break;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression, Operand: var written }
                    when !argument.Span.Contains(node.Span):
                    AddNames(declared, written);
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression, Operand: var written }
                    when !argument.Span.Contains(node.Span):
                    AddNames(declared, written);
                    break;
            }
        }

        return !argument.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => declared.Contains(n.Identifier.ValueText));
    }

    private static void AddNames(HashSet<string> names, ExpressionSyntax expression)
    {
        foreach (var name in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            names.Add(name.Identifier.ValueText);
    }

    /// <summary>A name for the local that holds the argument: from the configuration key or environment variable it reads, else modelPath / modelBytes.</summary>
    private static string LocalName(ExpressionSyntax argument, bool isPath)
    {
        foreach (var literal in argument.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>())
        {
            if (!literal.IsKind(SyntaxKind.StringLiteralExpression))
                continue;

            var key = literal.Token.ValueText;
            var last = key.Split(':', '_', '.', '/').LastOrDefault(p => p.Length > 0);
            if (key.Contains('/') || key.Contains('\\') || last is null)
                continue;

            // "Models:ChurnPath" → churnPath; "MODEL_PATH" → modelPath.
            var words = key.Contains(':') ? new[] { last } : key.Split('_');
            var builder = new StringBuilder();
            foreach (var word in words.Where(w => w.Length > 0))
            {
                var lower = word.All(char.IsUpper) ? word.ToLowerInvariant() : word;
                builder.Append(builder.Length == 0 ? char.ToLowerInvariant(lower[0]) : char.ToUpperInvariant(lower[0])).Append(lower.Substring(1));
            }

            var name = builder.ToString();
            if (name.Length > 0 && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None)
                return name.IndexOf("path", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("file", StringComparison.OrdinalIgnoreCase) >= 0 || !isPath ? name : name + "Path";
        }

        return isPath ? "modelPath" : "modelBytes";
    }

    /// <summary>
    /// The environment variable that holds the expected digest: MODEL_SHA256 for a generic name (path, bytes,
    /// modelPath), else the variable's words without Path/File/Bytes, plus MODEL (churnPath → CHURN_MODEL_SHA256).
    /// </summary>
    internal static string DigestVariable(string variableName)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in variableName.TrimStart('_', '@'))
        {
            if ((char.IsUpper(c) || c == '_') && current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }

            if (c != '_')
                current.Append(char.ToUpperInvariant(c));
        }

        if (current.Length > 0)
            words.Add(current.ToString());

        words.RemoveAll(w => w is "PATH" or "FILE" or "BYTES" or "DATA" or "CONTENT" or "NAME" or "LOCATION");
        if (!words.Contains("MODEL"))
            words.Add("MODEL");
        return string.Join("_", words) + "_SHA256";
    }

    private static async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !HasApis(model.Compilation))
            return null;

        var targets = new List<FixTarget>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Target(diagnostic, root) is { } target && !targets.Any(t => t.Argument == target.Argument))
                targets.Add(target);
        }

        if (targets.Count == 0)
            return null;

        // A new local takes a name that nothing in scope at the statement has (a field it would shadow included), that
        // nothing declared anywhere in the same body has (a later foreach or pattern variable in a nested scope is
        // CS0136), and that no other local of this pass has. One set per body: the enclosing member, or the compilation
        // unit for top-level statements (each of which is its own GlobalStatementSyntax).
        var taken = new Dictionary<SyntaxNode, HashSet<string>>();
        foreach (var target in targets.Where(t => t.NeedsLocal))
        {
            var body = Body(target.Statement);
            if (!taken.TryGetValue(body, out var names))
            {
                names = DeclaredNames(body);
                taken[body] = names;
            }

            names.UnionWith(model.LookupSymbols(target.Statement.SpanStart).Select(s => s.Name));
            var name = target.VariableName;
            for (var i = 2; names.Contains(name); i++)
                name = target.VariableName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            names.Add(name);
            target.VariableName = name;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var checkedVariables = new HashSet<(StatementSyntax, string)>();
        var movedTrivia = new HashSet<SyntaxNode>();
        foreach (var target in targets)
        {
            var inserted = new List<StatementSyntax>();
            if (target.NeedsLocal)
            {
                inserted.Add(LocalDeclarationStatement(VariableDeclaration(
                        IdentifierName(Identifier(TriviaList(), SyntaxKind.VarKeyword, "var", "var", TriviaList())),
                        SingletonSeparatedList(VariableDeclarator(Identifier(target.VariableName))
                            .WithInitializer(EqualsValueClause(target.Argument.WithoutTrivia())))))
                    .WithAdditionalAnnotations(Formatter.Annotation));
                editor.ReplaceNode(target.Argument, IdentifierName(target.VariableName).WithTriviaFrom(target.Argument));
            }

            if (checkedVariables.Add((target.Statement, target.VariableName)))
                inserted.Add(Check(target.VariableName, target.IsPath, DigestVariable(target.VariableName)));

            if (inserted.Count == 0)
                continue;

            SyntaxNode anchor = target.Statement.Parent as GlobalStatementSyntax ?? (SyntaxNode)target.Statement;
            var nodes = anchor is GlobalStatementSyntax
                ? inserted.Select(s => (SyntaxNode)GlobalStatement(s).WithAdditionalAnnotations(Formatter.Annotation)).ToList()
                : inserted.Cast<SyntaxNode>().ToList();

            // The new statements go where the load's leading trivia starts: an #if DEBUG (or a comment) above the load
            // then also covers the check, and the load keeps only its indentation. Once per statement: a second load in
            // it inserts after the first's statements.
            if (movedTrivia.Add(anchor))
            {
                // The formatter indents the first new statement (and its continuation lines) itself.
                var leading = anchor.GetLeadingTrivia();
                var indentation = leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse().ToList();
                nodes[0] = nodes[0].WithLeadingTrivia(leading.Take(leading.Count - indentation.Count));
                editor.ReplaceNode(anchor, (current, _) => current.WithLeadingTrivia(indentation));
            }

            editor.InsertBefore(anchor, nodes);
        }

        return editor.GetChangedDocument();
    }

    private static SyntaxNode Body(StatementSyntax statement) =>
        statement.Ancestors().FirstOrDefault(a => a is GlobalStatementSyntax) is { Parent: { } unit }
            ? unit
            : statement.Ancestors().First(a => a is MemberDeclarationSyntax or CompilationUnitSyntax);

    /// <summary>Every name a local, parameter, range variable or local function takes anywhere in <paramref name="body"/>.</summary>
    private static HashSet<string> DeclaredNames(SyntaxNode body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var nodes = body is CompilationUnitSyntax unit
            ? unit.Members.OfType<GlobalStatementSyntax>().SelectMany(g => g.DescendantNodes())
            : body.DescendantNodes();
        foreach (var node in nodes)
        {
            var identifier = node switch
            {
                VariableDeclaratorSyntax declarator => declarator.Identifier,
                SingleVariableDesignationSyntax designation => designation.Identifier,
                ForEachStatementSyntax forEach => forEach.Identifier,
                CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                LocalFunctionStatementSyntax localFunction => localFunction.Identifier,
                FromClauseSyntax from => from.Identifier,
                LetClauseSyntax let => let.Identifier,
                JoinClauseSyntax join => join.Identifier,
                JoinIntoClauseSyntax into => into.Identifier,
                QueryContinuationSyntax continuation => continuation.Identifier,
                _ => default,
            };
            if (!identifier.IsKind(SyntaxKind.None))
                names.Add(identifier.ValueText);
        }

        return names;
    }

    private static StatementSyntax Check(string variable, bool isPath, string digestVariable)
    {
        var bytes = isPath ? $"global::System.IO.File.ReadAllBytes({variable})" : variable;
        var statement = ParseStatement(
            "if (!global::System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(\n" +
            $"        global::System.Security.Cryptography.SHA256.HashData({bytes}),\n" +
            $"        global::System.Convert.FromHexString(global::System.Environment.GetEnvironmentVariable(\"{digestVariable}\") ?? throw new global::System.InvalidOperationException(\"Set {digestVariable} to the model's expected SHA-256 digest.\"))))\n" +
            "{\n" +
            "    throw new global::System.IO.InvalidDataException(\"The model does not match its expected SHA-256 digest.\");\n" +
            "}\n");
        return Simplification.Simplifiable(statement).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
