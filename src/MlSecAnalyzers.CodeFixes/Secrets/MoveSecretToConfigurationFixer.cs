using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using MlSecAnalyzers.Secrets;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace MlSecAnalyzers.CodeFixes.Secrets;

/// <summary>
/// MLSEC001 and MLSEC003: replaces a hardcoded key (or the secret part of a URL or connection string) with a read of the provider's environment variable, or of
/// <c>IConfiguration</c> when one is in scope, failing with a clear message when the value is not set.
/// A <c>const</c> becomes <c>static readonly</c>; when the constant is needed where C# requires a constant
/// (attribute, <c>case</c>, default parameter value, a <c>static</c> lambda reading a <c>const</c> local), or where a
/// plain local would be read before its declaration runs, no fix is offered, because any fix would not compile.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveSecretToConfigurationFixer)), Shared]
public sealed class MoveSecretToConfigurationFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.MLSEC001_HardcodedCredential.Id, Descriptors.MLSEC003_CredentialInUrl.Id);

    public override FixAllProvider GetFixAllProvider() => DefaultRemedyFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var properties = diagnostic.Properties;
            if (properties.GetValueOrDefault(HardcodedCredentialAnalyzer.Properties.Fixable) != "true"
                || properties.GetValueOrDefault(HardcodedCredentialAnalyzer.Properties.EnvironmentVariable) is not { } variable
                || properties.GetValueOrDefault(HardcodedCredentialAnalyzer.Properties.ConfigurationKey) is not { } configurationKey
                || !int.TryParse(properties.GetValueOrDefault(HardcodedCredentialAnalyzer.Properties.SecretStart), out var secretStart)
                || !int.TryParse(properties.GetValueOrDefault(HardcodedCredentialAnalyzer.Properties.SecretLength), out var secretLength))
            {
                continue;
            }

            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression)
                || secretStart < 0 || secretLength <= 0 || secretStart + secretLength > literal.Token.ValueText.Length)
            {
                continue;
            }

            var plan = await PlanAsync(context.Document, model, literal, context.CancellationToken).ConfigureAwait(false);
            if (plan is null)
                continue;

            var value = literal.Token.ValueText;
            var prefix = value.Substring(0, secretStart);
            var suffix = value.Substring(secretStart + secretLength);
            var isUrl = diagnostic.Id == Descriptors.MLSEC003_CredentialInUrl.Id;
            context.RegisterCodeFix(
                CodeAction.Create(
                    isUrl ? $"Read the secret part from environment variable '{variable}'" : $"Read the key from environment variable '{variable}'",
                    ct => ApplyAsync(context.Document, literal, plan, ReadEnvironment(variable), prefix, suffix, ct),
                    EquivalenceKeys.ReadFromEnvironment),
                diagnostic);

            if (plan.Kind == EditKind.ReplaceLiteral && FindConfiguration(model, literal, context.CancellationToken) is { } configuration)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        isUrl ? $"Read the secret part from configuration '{configurationKey}'" : $"Read the key from configuration '{configurationKey}'",
                        ct => ApplyAsync(context.Document, literal, plan, ReadConfiguration(configuration, configurationKey), prefix, suffix, ct),
                        EquivalenceKeys.ReadFromConfiguration),
                    diagnostic);
            }
        }
    }

    private enum EditKind
    {
        ReplaceLiteral,
        ConstFieldToStaticReadonly,
        ConstLocalToLocal,
    }

    private sealed class Plan
    {
        public Plan(EditKind kind, SyntaxNode? declaration = null)
        {
            Kind = kind;
            Declaration = declaration;
        }

        public EditKind Kind { get; }

        /// <summary>The <c>const</c> field or local declaration whose modifiers change.</summary>
        public SyntaxNode? Declaration { get; }
    }

    private static async Task<Plan?> PlanAsync(Document document, SemanticModel model, LiteralExpressionSyntax literal, CancellationToken cancellationToken)
    {
        SyntaxNode outer = literal;
        while (outer.Parent is ParenthesizedExpressionSyntax)
            outer = outer.Parent;
        var initializer = outer.Parent as EqualsValueClauseSyntax;
        if (initializer?.Parent is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } declarator)
        {
            switch (declaration.Parent)
            {
                case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword):
                {
                    var constant = model.GetDeclaredSymbol(declarator, cancellationToken) as IFieldSymbol;
                    return constant is null || await IsUsedAsConstantAsync(
                            document, constant, (reference, referenceModel) => IsInConstantContext(reference) || IsInEarlierStaticInitializer(reference, referenceModel, constant, field), cancellationToken)
                        .ConfigureAwait(false)
                        ? null
                        : new Plan(EditKind.ConstFieldToStaticReadonly, field);
                }

                // A static lambda or local function may read a const local declared outside it but cannot capture a
                // plain one (CS8820, CS8421). No fix then: dropping `static` or reading the variable at each call
                // would change more than where the key comes from. Nor where the plain local would be read before
                // its declaration runs (CS0165).
                case LocalDeclarationStatementSyntax local when local.IsConst:
                    return IsFollowedByLabel(local) || await IsUsedAsConstantAsync(
                            document,
                            model.GetDeclaredSymbol(declarator, cancellationToken),
                            (reference, referenceModel) => IsInConstantContext(reference) || IsInStaticFunctionOutside(reference, local)
                                                           || MayRunBeforeDeclaration(reference, local, referenceModel, cancellationToken),
                            cancellationToken)
                        .ConfigureAwait(false)
                        ? null
                        : new Plan(EditKind.ConstLocalToLocal, local);
            }
        }

        return IsInConstantContext(literal) ? null : new Plan(EditKind.ReplaceLiteral);
    }

    /// <summary>Whether a reference to <paramref name="symbol"/> is one that <paramref name="needsConstant"/> says only a constant can serve.</summary>
    private static async Task<bool> IsUsedAsConstantAsync(Document document, ISymbol? symbol, Func<SyntaxNode, SemanticModel, bool> needsConstant, CancellationToken cancellationToken)
    {
        if (symbol is null)
            return true;

        var references = await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true) is { } node && model is not null && needsConstant(node, model))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Static field and property initializers run in text order (those of parts in other files in an unspecified
    /// order), so one that reads the constant before its declaration would see null once it is <c>static readonly</c>.
    /// No fix then, rather than moving the declaration up and reordering the user's members. A read through a
    /// method the initializer calls is not followed.
    /// </summary>
    private static bool IsInEarlierStaticInitializer(SyntaxNode reference, SemanticModel model, IFieldSymbol constant, FieldDeclarationSyntax declaration)
    {
        var member = reference.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        var inStaticInitializer = member switch
        {
            BaseFieldDeclarationSyntax field => field.Modifiers.Any(SyntaxKind.StaticKeyword),
            PropertyDeclarationSyntax property => property.Modifiers.Any(SyntaxKind.StaticKeyword) && property.Initializer?.Span.Contains(reference.Span) == true,
            _ => false,
        };

        return inStaticInitializer
            && (member!.SyntaxTree != declaration.SyntaxTree || member.SpanStart < declaration.SpanStart)
            && member.Parent is TypeDeclarationSyntax type
            && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(type), constant.ContainingType);
    }

    private static bool IsInStaticFunctionOutside(SyntaxNode reference, SyntaxNode declaration) =>
        reference.Ancestors().TakeWhile(a => !a.Span.Contains(declaration.Span)).Any(IsStaticFunction);

    /// <summary>
    /// Whether <paramref name="reference"/> may run when <paramref name="declaration"/> has not: from another switch
    /// section (the local is in scope in all of them), or inside a local function that is called or turned into a
    /// delegate there or before the declaration, directly or through other local functions. A constant is readable
    /// from all of those; a plain local is unassigned (CS0165).
    /// </summary>
    private static bool MayRunBeforeDeclaration(SyntaxNode reference, LocalDeclarationStatementSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode scope = declaration.Parent is GlobalStatementSyntax global ? global.Parent! : declaration.Parent!;
        var pending = new Stack<SyntaxNode>();
        var seen = new HashSet<SyntaxNode>();
        pending.Push(reference);
        while (pending.Count > 0)
        {
            var use = pending.Pop();
            var function = use.Ancestors().TakeWhile(a => a != scope).OfType<LocalFunctionStatementSyntax>().FirstOrDefault();
            if (function is null)
            {
                // Not in a local function: it runs where it is written, and the compiler has it after the declaration.
                if (use.SpanStart < declaration.Span.End || declaration.Parent is SwitchSectionSyntax section && !section.Span.Contains(use.Span))
                    return true;
                continue;
            }

            if (!seen.Add(function) || model.GetDeclaredSymbol(function, cancellationToken) is not { } symbol)
                continue;
            foreach (var name in scope.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Identifier.ValueText == symbol.Name && !function.Span.Contains(name.Span)
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, symbol))
                {
                    pending.Push(name);
                }
            }
        }

        return false;
    }

    /// <summary>A goto to a label after the declaration may skip it, leaving a plain local unassigned there (CS0165).</summary>
    private static bool IsFollowedByLabel(LocalDeclarationStatementSyntax declaration)
    {
        var statements = declaration.Parent switch
        {
            BlockSyntax block => block.Statements,
            SwitchSectionSyntax section => section.Statements,
            GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement),
            _ => Enumerable.Empty<StatementSyntax>(),
        };
        return statements.Any(s => s is LabeledStatementSyntax && s.SpanStart > declaration.SpanStart);
    }

    /// <summary>Places where C# requires a compile-time constant, so a run-time read cannot go.</summary>
    private static bool IsInConstantContext(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AttributeArgumentSyntax or CaseSwitchLabelSyntax or ConstantPatternSyntax or RelationalPatternSyntax
                    or EnumMemberDeclarationSyntax:
                    return true;
                case EqualsValueClauseSyntax { Parent: ParameterSyntax }:
                    return true;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: var owner } } }:
                    return owner is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword)
                           || owner is LocalDeclarationStatementSyntax { IsConst: true };
                case StatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// An <c>IConfiguration</c> the code at <paramref name="literal"/> can use: a parameter or local (definitely assigned there), a field or
    /// property of the type (not from a static member), a primary-constructor parameter of the type (from its instance
    /// members and initializers), or a local/parameter with a <c>Configuration</c> property
    /// (<c>builder.Configuration</c> in a top-level program).
    /// </summary>
    private static ExpressionSyntax? FindConfiguration(SemanticModel model, LiteralExpressionSyntax literal, CancellationToken cancellationToken)
    {
        var configurationType = model.Compilation.GetTypeByMetadataName(MlSecAnalyzers.Infrastructure.MlTypeNames.MicrosoftExtensionsConfigurationIConfiguration);
        if (configurationType is null || !TryGetReach(model, literal, cancellationToken, out var reach))
            return null;

        var position = literal.SpanStart;
        var enclosing = model.GetEnclosingSymbol(position, cancellationToken);

        // Locals and parameters of the code at hand first, then primary-constructor parameters in an initializer (the
        // constructor's own there), then fields and properties, then primary-constructor parameters in a member (using
        // one that also initialises a field would capture it twice).
        var best = default(ExpressionSyntax);
        var bestRank = int.MaxValue;
        DataFlowAnalysis? flow = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var (type, rank) = symbol switch
            {
                ILocalSymbol local when IsDeclaredBefore(local, position, cancellationToken) && IsDeclaredIn(local, reach.CaptureScope)
                                        && (!local.IsRef && !local.Type.IsRefLikeType || IsDeclaredIn(local, reach.InnermostFunction))
                                        && IsDefinitelyAssigned(local) => (local.Type, 0),
                // Before the chain: in an initializer the primary constructor may be the enclosing symbol.
                IParameterSymbol parameter when IsPrimaryConstructorParameter(parameter) =>
                    !reach.CanReadPrimaryConstructorParameter(parameter) ? (null, int.MaxValue)
                    : reach.CapturesPrimaryConstructorParameters ? (parameter.Type, 3) : (parameter.Type, 1),
                IParameterSymbol parameter when IsInChain(parameter.ContainingSymbol, enclosing) =>
                    IsDeclaredIn(parameter, reach.CaptureScope) && CanRead(parameter, reach.InnermostFunction) ? (parameter.Type, 0) : (null, int.MaxValue),
                IFieldSymbol field when field.IsStatic || reach.HasInstance => (field.Type, 2),
                IPropertySymbol { IsIndexer: false } property when property.IsStatic || reach.HasInstance => (property.Type, 2),
                _ => (null, int.MaxValue),
            };

            if (type is null || rank >= bestRank)
                continue;

            ExpressionSyntax? access = null;
            if (Implements(type, configurationType))
            {
                access = IdentifierName(symbol.Name);
            }
            else if (rank == 0 && type.GetMembers("Configuration").OfType<IPropertySymbol>().FirstOrDefault() is { IsStatic: false } property
                     && Implements(property.Type, configurationType))
            {
                access = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(symbol.Name), IdentifierName("Configuration"));
            }

            if (access is not null)
            {
                best = access;
                bestRank = rank;
            }
        }

        return best;

        // A local declared before the literal may still be unassigned there (CS0165): declared without a value and
        // assigned later, or a pattern variable of an if condition read after the if. The literal is an expression in
        // code that runs (a constant context has no plan that replaces it), so the analysis can start there; when it
        // does not succeed (half-typed code), the local is not used.
        bool IsDefinitelyAssigned(ILocalSymbol local)
        {
            flow ??= model.AnalyzeDataFlow(literal);
            return flow is { Succeeded: true } && flow.DefinitelyAssignedOnEntry.Contains(local, SymbolEqualityComparer.Default);
        }
    }

    /// <summary>
    /// An out parameter may be unassigned where the read goes (CS0269), and a lambda, local function or query clause
    /// cannot read a ref or in parameter, nor a ref struct, of the code around it (CS1628, CS8175).
    /// </summary>
    private static bool CanRead(IParameterSymbol parameter, SyntaxNode? innermostFunction) =>
        parameter.RefKind != RefKind.Out
        && (parameter.RefKind == RefKind.None && !parameter.Type.IsRefLikeType || IsDeclaredIn(parameter, innermostFunction));

    /// <summary>A parameter written in a class, struct or record declaration's parameter list.</summary>
    private static bool IsPrimaryConstructorParameter(IParameterSymbol parameter) =>
        parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor }
        && parameter.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ParameterSyntax { Parent.Parent: TypeDeclarationSyntax });

    private static bool IsInChain(ISymbol? owner, ISymbol? enclosing)
    {
        for (var current = enclosing; current is IMethodSymbol; current = current.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(current, owner))
                return true;
        }

        return false;
    }

    private static bool IsStaticFunction(SyntaxNode node) => node switch
    {
        AnonymousFunctionExpressionSyntax function => function.Modifiers.Any(SyntaxKind.StaticKeyword),
        LocalFunctionStatementSyntax function => function.Modifiers.Any(SyntaxKind.StaticKeyword),
        _ => false,
    };

    /// <summary>Whether <paramref name="symbol"/> is declared inside <paramref name="scope"/>; anything is when there is no scope.</summary>
    private static bool IsDeclaredIn(ISymbol symbol, SyntaxNode? scope) =>
        scope is null || symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == scope.SyntaxTree && scope.Span.Contains(r.Span));

    /// <summary>What the code at a node can use; see <see cref="TryGetReach"/>.</summary>
    private sealed class Reach
    {
        /// <summary>Locals and parameters must be declared inside it to be usable (any, when null).</summary>
        public SyntaxNode? CaptureScope { get; set; }

        /// <summary>Whether instance fields and properties are usable (<c>this</c> is).</summary>
        public bool HasInstance { get; set; }

        /// <summary>The nearest lambda, local function or query around the node, if any.</summary>
        public SyntaxNode? InnermostFunction { get; set; }

        /// <summary>The type whose primary-constructor parameters are in reach, if any.</summary>
        public INamedTypeSymbol? PrimaryConstructorType { get; set; }

        /// <summary>
        /// Whether the code is an instance member, which captures the parameter into the object's state, rather than
        /// an instance initializer, which runs inside the primary constructor.
        /// </summary>
        public bool CapturesPrimaryConstructorParameters { get; set; }

        /// <summary>
        /// A member cannot capture a <c>ref</c>, <c>in</c> or <c>out</c> parameter, nor a ref struct (CS9109, CS9110);
        /// an initializer reads it as the constructor does (<see cref="CanRead"/>).
        /// </summary>
        public bool CanReadPrimaryConstructorParameter(IParameterSymbol parameter) =>
            SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.ContainingType, PrimaryConstructorType)
            && (CapturesPrimaryConstructorParameters
                ? parameter.RefKind == RefKind.None && !parameter.Type.IsRefLikeType
                : CanRead(parameter, InnermostFunction));
    }

    /// <summary>
    /// What the code at <paramref name="node"/> can use, found by walking every enclosing lambda and local function up
    /// to the member: locals and parameters declared inside the capture scope, instance members when there is an
    /// instance, static ones, and the primary-constructor parameters of the type from its instance members (not from
    /// another constructor, CS9105) and from its instance field and property initializers (not from a static lambda
    /// there). False where no read can go: an attribute, a static field or property initializer or a constructor
    /// initializer outside any lambda.
    /// </summary>
    private static bool TryGetReach(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken, out Reach reach)
    {
        reach = new Reach();
        SyntaxNode? outermostFunction = null;
        var previous = node;
        for (var current = node.Parent; current is not null; previous = current, current = current.Parent)
        {
            switch (current)
            {
                case QueryExpressionSyntax:
                    reach.InnermostFunction ??= current;
                    break;

                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    reach.InnermostFunction ??= current;
                    outermostFunction = current;
                    // A static lambda or local function cannot capture a local or parameter declared outside it
                    // (CS8820, CS8421), nor use `this`.
                    if (IsStaticFunction(current))
                        reach.CaptureScope ??= current;
                    break;

                case BlockSyntax or ArrowExpressionClauseSyntax when current.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax:
                    // A lambda or local function in a struct cannot use `this` (CS1673), nor a primary-constructor
                    // parameter (CS9111).
                    if (reach.CaptureScope is null && model.GetDeclaredSymbol(current.Parent, cancellationToken) is { IsStatic: false } member
                        && (reach.InnermostFunction is null || !member.ContainingType.IsValueType))
                    {
                        reach.HasInstance = true;
                        if (current.Parent is not ConstructorDeclarationSyntax)
                        {
                            reach.PrimaryConstructorType = member.ContainingType;
                            reach.CapturesPrimaryConstructorParameters = true;
                        }
                    }

                    return true;

                case GlobalStatementSyntax:
                    return true;

                case AttributeSyntax:
                    return false;

                case MemberDeclarationSyntax declaration:
                    // A field, property or constructor initializer has no `this` (CS0236, CS0027), not even inside a
                    // lambda; only the lambda's own locals and parameters are usable, and the primary-constructor
                    // parameters when the initializer is an instance one.
                    if (reach.CaptureScope is null && declaration.Parent is TypeDeclarationSyntax owner && IsInstanceInitializer(declaration, previous)
                        && model.GetDeclaredSymbol(owner, cancellationToken) is { } type)
                    {
                        reach.PrimaryConstructorType = type;
                    }

                    reach.CaptureScope ??= outermostFunction;
                    return outermostFunction is not null || reach.PrimaryConstructorType is not null;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="child"/> of <paramref name="declaration"/> is the initializer of an instance field, event
    /// or property, which runs inside the primary constructor. The primary constructor's base call can read the
    /// parameters too, but Roslyn 4.8's simplifier throws on any replacement there ("Node's parent was null"), the
    /// environment fix's included, so it is left out.
    /// </summary>
    private static bool IsInstanceInitializer(MemberDeclarationSyntax declaration, SyntaxNode child) => declaration switch
    {
        BaseFieldDeclarationSyntax field => !field.Modifiers.Any(SyntaxKind.StaticKeyword) && !field.Modifiers.Any(SyntaxKind.ConstKeyword),
        PropertyDeclarationSyntax property => !property.Modifiers.Any(SyntaxKind.StaticKeyword) && child == property.Initializer,
        _ => false,
    };

    private static bool IsDeclaredBefore(ILocalSymbol local, int position, CancellationToken cancellationToken) =>
        local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is { } declaration && declaration.Span.End < position;

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol @interface) =>
        SymbolEqualityComparer.Default.Equals(type, @interface)
        || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, @interface));

    private static ExpressionSyntax ReadEnvironment(string variable) =>
        Simplification.Simplifiable(ParseExpression(
            $"global::System.Environment.GetEnvironmentVariable(\"{variable}\") ?? throw new global::System.InvalidOperationException(\"Set the {variable} environment variable.\")"));

    private static ExpressionSyntax ReadConfiguration(ExpressionSyntax configuration, string key) =>
        Simplification.Simplifiable(ParseExpression(
            $"{configuration.NormalizeWhitespace()}[\"{key}\"] ?? throw new global::System.InvalidOperationException(\"Configuration value '{key}' is not set.\")"));

    /// <summary>
    /// <c>global::System.X</c> written as <c>X</c> where that name binds to the same type at <paramref name="position"/>
    /// (a <c>using System;</c> in scope), else left fully qualified; simplifier marks removed.
    /// </summary>
    private static ExpressionSyntax ShortenSystemNames(ExpressionSyntax expression, SemanticModel model, int position)
    {
        var unmarked = expression.ReplaceNodes(expression.DescendantNodesAndSelf(), (_, rewritten) => rewritten.WithoutAnnotations(Simplifier.Annotation));
        return unmarked.ReplaceNodes(
            unmarked.DescendantNodes().Where(n => SystemTypeName(n) is not null),
            (original, rewritten) => SystemTypeName(original) is { } name && BindsToSystemType(model, position, name) ? IdentifierName(name).WithTriviaFrom(original) : rewritten);

        static string? SystemTypeName(SyntaxNode node) => node switch
        {
            MemberAccessExpressionSyntax { Expression: AliasQualifiedNameSyntax left } access when IsGlobalSystem(left) => access.Name.Identifier.ValueText,
            QualifiedNameSyntax { Left: AliasQualifiedNameSyntax left } qualified when IsGlobalSystem(left) => qualified.Right.Identifier.ValueText,
            _ => null,
        };

        static bool IsGlobalSystem(AliasQualifiedNameSyntax name) =>
            name.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) && name.Name.Identifier.ValueText == "System";

        // Every symbol of that name, not only types: a member or parameter named Environment would take the name.
        static bool BindsToSystemType(SemanticModel model, int position, string name) =>
            model.LookupSymbols(position, name: name) is { Length: 1 } found
            && found[0] is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    private static async Task<Document> ApplyAsync(
        Document document, LiteralExpressionSyntax literal, Plan plan, ExpressionSyntax read, string prefix, string suffix, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
            return document;

        // The text around the secret ("Bearer ", the rest of a URL) stays in code, so the value is the same at run time.
        ExpressionSyntax replacement = ParenthesizedExpression(read);
        if (prefix.Length > 0)
            replacement = BinaryExpression(SyntaxKind.AddExpression, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(prefix)), replacement);
        if (suffix.Length > 0)
            replacement = BinaryExpression(SyntaxKind.AddExpression, replacement, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(suffix)));
        if (prefix.Length > 0 || suffix.Length > 0)
            replacement = ParenthesizedExpression(replacement);

        // Roslyn 4.8's simplifier throws on a node in a primary constructor's base-type arguments (`class D() :
        // Base(new ApiKeyCredential("…"))`): there the names are shortened here and nothing is marked for it.
        if (literal.FirstAncestorOrSelf<PrimaryConstructorBaseTypeSyntax>() is not null
            && await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model)
        {
            // The simplifier would also drop the outer parentheses; an argument needs none.
            if (literal.Parent is ArgumentSyntax && replacement is ParenthesizedExpressionSyntax parenthesized)
                replacement = parenthesized.Expression;
            replacement = ShortenSystemNames(replacement, model, literal.SpanStart).WithTriviaFrom(literal).WithAdditionalAnnotations(Formatter.Annotation);
        }
        else
        {
            replacement = replacement.WithTriviaFrom(literal).WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        }

        switch (plan.Kind)
        {
            case EditKind.ConstFieldToStaticReadonly:
            {
                var field = (FieldDeclarationSyntax)plan.Declaration!;
                var updated = field.ReplaceNode(literal, replacement);
                updated = updated.WithModifiers(ReplaceConst(updated.Modifiers, SyntaxKind.StaticKeyword, SyntaxKind.ReadOnlyKeyword));
                return document.WithSyntaxRoot(root.ReplaceNode(field, updated));
            }

            case EditKind.ConstLocalToLocal:
            {
                var local = (LocalDeclarationStatementSyntax)plan.Declaration!;
                var updated = local.ReplaceNode(literal, replacement);
                var constToken = updated.Modifiers.First(m => m.IsKind(SyntaxKind.ConstKeyword));
                var modifiers = updated.Modifiers.Remove(constToken);
                updated = modifiers.Count == 0
                    ? updated.WithModifiers(modifiers).WithDeclaration(updated.Declaration.WithType(updated.Declaration.Type.WithLeadingTrivia(constToken.LeadingTrivia)))
                    : updated.WithModifiers(modifiers);
                return document.WithSyntaxRoot(root.ReplaceNode(local, updated));
            }

            default:
                return document.WithSyntaxRoot(root.ReplaceNode(literal, replacement));
        }
    }

    /// <summary>Puts <paramref name="replacements"/> where <c>const</c> was, keeping its trivia.</summary>
    private static SyntaxTokenList ReplaceConst(SyntaxTokenList modifiers, SyntaxKind first, SyntaxKind second)
    {
        var index = modifiers.IndexOf(SyntaxKind.ConstKeyword);
        if (index < 0)
            return modifiers;

        var constToken = modifiers[index];
        return modifiers.RemoveAt(index)
            .Insert(index, Token(second).WithTrailingTrivia(constToken.TrailingTrivia))
            .Insert(index, Token(constToken.LeadingTrivia, first, TriviaList(Space)));
    }

    /// <summary>
    /// Roslyn's batch fixer, except that a Fix All asked for with a key that is not one of this fixer's applies the
    /// environment-variable remedy. `dotnet format` asks with the key of whichever diagnostic of the analyzer it meets
    /// first; when that one has no fix (a key in a <c>const</c> a <c>switch</c> needs) the key is null, and the batch
    /// fixer alone would fix nothing. In an editor the key is always that of the action the user picked.
    /// </summary>
    private sealed class DefaultRemedyFixAllProvider : FixAllProvider
    {
        public static readonly DefaultRemedyFixAllProvider Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => WellKnownFixAllProviders.BatchFixer.GetSupportedFixAllScopes();

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey is not (EquivalenceKeys.ReadFromEnvironment or EquivalenceKeys.ReadFromConfiguration))
            {
                var diagnostics = new ForwardingDiagnosticProvider(fixAllContext);
                fixAllContext = fixAllContext.Document is { } document
                    ? new FixAllContext(document, fixAllContext.CodeFixProvider, fixAllContext.Scope, EquivalenceKeys.ReadFromEnvironment, fixAllContext.DiagnosticIds, diagnostics, fixAllContext.CancellationToken)
                    : new FixAllContext(fixAllContext.Project, fixAllContext.CodeFixProvider, fixAllContext.Scope, EquivalenceKeys.ReadFromEnvironment, fixAllContext.DiagnosticIds, diagnostics, fixAllContext.CancellationToken);
            }

            return WellKnownFixAllProviders.BatchFixer.GetFixAsync(fixAllContext);
        }

        private sealed class ForwardingDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly FixAllContext _original;

            public ForwardingDiagnosticProvider(FixAllContext original) => _original = original;

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
                Cast(_original.GetDocumentDiagnosticsAsync(document));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Cast(_original.GetProjectDiagnosticsAsync(project));

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Cast(_original.GetAllDiagnosticsAsync(project));

            private static async Task<IEnumerable<Diagnostic>> Cast(Task<ImmutableArray<Diagnostic>> diagnostics) =>
                await diagnostics.ConfigureAwait(false);
        }
    }
}
