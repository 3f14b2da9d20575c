using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>A compile-time constant that reached a credential sink, and the literal that holds its secret part.</summary>
internal sealed class SecretCandidate
{
    public SecretCandidate(string value, SyntaxNode node, ISymbol? declaredIn, int schemeLength, bool isWholeLiteral)
    {
        Value = value;
        Node = node;
        DeclaredIn = declaredIn;
        SchemeLength = schemeLength;
        IsWholeLiteral = isWholeLiteral;
    }

    /// <summary>The secret itself, without an auth scheme such as "Bearer ".</summary>
    public string Value { get; }

    /// <summary>The string literal (or interpolated-string text) holding the secret part: where the diagnostic goes.</summary>
    public SyntaxNode Node { get; }

    /// <summary>The field, property or local whose declaration holds <see cref="Node"/>; null when the literal is at the sink.</summary>
    public ISymbol? DeclaredIn { get; }

    /// <summary>Characters of <see cref="Node"/>'s value that are an auth scheme ("Bearer ") and stay in code after the fix.</summary>
    public int SchemeLength { get; }

    /// <summary>True when <see cref="Node"/> is a plain string literal whose value is the scheme plus the whole secret.</summary>
    public bool IsWholeLiteral { get; }
}

/// <summary>One piece of a <see cref="ConstantString"/>: a literal (or interpolated text), or a run-time hole.</summary>
internal sealed class ConstantPart
{
    public ConstantPart(string text, SyntaxNode? node, ISymbol? declaredIn)
    {
        Text = text;
        Node = node;
        DeclaredIn = declaredIn;
    }

    public string Text { get; }

    /// <summary>The literal or interpolated-string text in source; null for a hole.</summary>
    public SyntaxNode? Node { get; }

    /// <summary>The field, property or local whose declaration holds <see cref="Node"/>, if any.</summary>
    public ISymbol? DeclaredIn { get; }

    /// <summary>Where <see cref="Text"/> starts in <see cref="ConstantString.Text"/>.</summary>
    public int Offset { get; internal set; }
}

/// <summary>A string value assembled from its parts, with the source of each part.</summary>
internal sealed class ConstantString
{
    public ConstantString(List<ConstantPart> parts)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            part.Offset = builder.Length;
            builder.Append(part.Text);
        }

        Parts = parts;
        Text = builder.ToString();
    }

    public string Text { get; }

    public IReadOnlyList<ConstantPart> Parts { get; }

    /// <summary>The source part that holds all of <c>Text[start..start+length]</c>, or null when it spans parts.</summary>
    public ConstantPart? PartContaining(int start, int length)
    {
        foreach (var part in Parts)
        {
            if (start >= part.Offset && start + length <= part.Offset + part.Text.Length)
                return part.Node is null ? null : part;
        }

        return null;
    }
}

/// <summary>
/// Follows a value to the constants it is built from: literals, <c>const</c> and <c>static readonly</c> fields (in any
/// file), get-only properties, locals assigned once (or given a constant next to run-time values), a parameter's default, a parameterless method returning one expression, concatenation, interpolation, <c>??</c> fallbacks, the default of
/// <c>IConfiguration.GetValue(key, defaultValue)</c> and <c>?:</c>.
/// Anything computed at run time (a configuration read, a method call) ends the search with "not constant".
/// </summary>
internal static class ConstantSecretResolver
{
    private const int MaxDepth = 8;

    /// <summary>Marks a run-time part of a string in <see cref="ConstantString.Text"/>.</summary>
    public const char Hole = '\uFFFF';

    public static SecretCandidate? Resolve(IOperation value, Compilation compilation, CancellationToken cancellationToken)
    {
        var constant = Collect(value, compilation, allowHoles: false, cancellationToken);
        if (constant is null)
            return null;

        var full = constant.Text;
        var schemeLength = SecretHeuristics.AuthSchemeLength(full);
        if (full.Length - schemeLength <= 0)
            return null;

        // The secret part is the one that covers most of the characters after the scheme.
        ConstantPart? best = null;
        var bestCovered = 0;
        foreach (var part in constant.Parts)
        {
            var covered = System.Math.Max(0, part.Offset + part.Text.Length - System.Math.Max(part.Offset, schemeLength));
            if (covered > bestCovered)
            {
                best = part;
                bestCovered = covered;
            }
        }

        if (best?.Node is not { } node)
            return null;

        var partSchemeLength = System.Math.Max(0, schemeLength - best.Offset);
        var isWhole = bestCovered == full.Length - schemeLength
                      && best.Text.Length == partSchemeLength + bestCovered
                      && node is LiteralExpressionSyntax;
        return new SecretCandidate(full.Substring(schemeLength), node, best.DeclaredIn, partSchemeLength, isWhole);
    }

    /// <summary>
    /// The string <paramref name="value"/> evaluates to, as far as it is constant. With <paramref name="allowHoles"/>,
    /// run-time parts become <see cref="Hole"/> characters instead of failing, so the constant parts of
    /// <c>$"{baseUrl}/score?code=abc…"</c> can still be inspected.
    /// </summary>
    public static ConstantString? Collect(IOperation value, Compilation compilation, bool allowHoles, CancellationToken cancellationToken)
    {
        var parts = new List<ConstantPart>();
        var context = new CollectContext(compilation, allowHoles, cancellationToken);
        if (!CollectOrHole(value, context, parts, depth: 0, declaredIn: null) || parts.Count == 0)
            return null;

        return new ConstantString(parts);
    }

    private sealed class CollectContext
    {
        public CollectContext(Compilation compilation, bool allowHoles, CancellationToken cancellationToken)
        {
            Compilation = compilation;
            AllowHoles = allowHoles;
            CancellationToken = cancellationToken;
        }

        public Compilation Compilation { get; }
        public bool AllowHoles { get; }
        public CancellationToken CancellationToken { get; }
    }

    private static bool CollectOrHole(IOperation? operation, CollectContext context, List<ConstantPart> parts, int depth, ISymbol? declaredIn)
    {
        var mark = parts.Count;
        if (Collect(operation, context, parts, depth, declaredIn))
            return true;

        parts.RemoveRange(mark, parts.Count - mark);
        if (!context.AllowHoles)
            return false;

        parts.Add(new ConstantPart(Hole.ToString(), null, null));
        return true;
    }

    private static bool Collect(IOperation? operation, CollectContext context, List<ConstantPart> parts, int depth, ISymbol? declaredIn)
    {
        if (operation is null || depth > MaxDepth)
            return false;

        var cancellationToken = context.CancellationToken;
        var compilation = context.Compilation;
        cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IConversionOperation conversion:
                return Collect(conversion.Operand, context, parts, depth + 1, declaredIn);

            case ILiteralOperation literal:
                if (literal.ConstantValue is { HasValue: true, Value: string literalText })
                {
                    parts.Add(new ConstantPart(literalText, literal.Syntax, declaredIn));
                    return true;
                }

                return false;

            case IInterpolatedStringOperation interpolated:
                foreach (var content in interpolated.Parts)
                {
                    if (content is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } } textPart)
                    {
                        parts.Add(new ConstantPart(text, textPart.Syntax, declaredIn));
                    }
                    else if (content is IInterpolationOperation { Alignment: null, FormatString: null } interpolation)
                    {
                        if (!CollectOrHole(interpolation.Expression, context, parts, depth + 1, declaredIn))
                            return false;
                    }
                    else if (content is IInterpolationOperation && context.AllowHoles)
                    {
                        // `{day:yyyyMMdd}`, `{id,8}`: the format or alignment changes the text, so it is a run-time
                        // part like any other hole, and the constant text around it can still be inspected.
                        parts.Add(new ConstantPart(Hole.ToString(), null, null));
                    }
                    else
                    {
                        return false;
                    }
                }

                return true;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } binary:
                return CollectOrHole(binary.LeftOperand, context, parts, depth + 1, declaredIn)
                       && CollectOrHole(binary.RightOperand, context, parts, depth + 1, declaredIn);

            case ICoalesceOperation coalesce:
                // `Environment.GetEnvironmentVariable("K") ?? "sk-..."`: the fallback ships in the binary.
                return Collect(coalesce.WhenNull, context, parts, depth + 1, declaredIn);

            case IInvocationOperation { TargetMethod: { Name: "GetValue", ContainingType.Name: "ConfigurationBinder" } } getValue
                when getValue.TargetMethod.ContainingNamespace.ToDisplayString() == "Microsoft.Extensions.Configuration":
                // `configuration.GetValue<string>("OpenAI:ApiKey", "…")`: like a `??` fallback, the default ships.
                foreach (var argument in getValue.Arguments)
                {
                    if (argument.Parameter?.Name == "defaultValue" && argument.ArgumentKind == ArgumentKind.Explicit)
                        return Collect(argument.Value, context, parts, depth + 1, declaredIn);
                }

                return false;

            case IConditionalOperation { WhenFalse: not null } conditional:
            {
                var mark = parts.Count;
                if (Collect(conditional.WhenTrue, context, parts, depth + 1, declaredIn))
                    return true;
                parts.RemoveRange(mark, parts.Count - mark);
                return Collect(conditional.WhenFalse, context, parts, depth + 1, declaredIn);
            }

            case ILocalReferenceOperation local:
            {
                var single = LocalValues.SingleValue(local, cancellationToken);
                if (single is not null || local.Local.IsConst)
                    return Collect(single, context, parts, depth + 1, local.Local);
                return CollectFallback(local, context, parts, depth);
            }

            case IParameterReferenceOperation { Parameter: { HasExplicitDefaultValue: true } parameter } parameterReference:
                return Collect(ParameterDefault(parameter, parameterReference, context.Compilation, cancellationToken), context, parts, depth + 1, parameter);

            case IInvocationOperation { Arguments.Length: 0, Instance: null or IInstanceReferenceOperation, TargetMethod: { Parameters.Length: 0 } method }:
                return Collect(MethodValue(method, operation, compilation, cancellationToken), context, parts, depth + 1, method);

            case IFieldReferenceOperation fieldReference:
                return CollectField(fieldReference.Field, operation, context, parts, depth);

            case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } propertyReference:
                return Collect(PropertyValue(propertyReference.Property, operation, compilation, cancellationToken), context, parts, depth + 1, propertyReference.Property);

            default:
                return false;
        }
    }

    /// <summary>
    /// A local given several values, each either a constant or a run-time value that does not read the local itself
    /// (<c>var key = config["K"]; if (string.IsNullOrEmpty(key)) key = "…";</c>): on some path the sink gets the constant,
    /// which ships in the binary exactly as <c>config["K"] ?? "…"</c> does. A constant overwritten before the sink by an
    /// assignment in the same statement list, or given after the sink, does not reach it. Of several constants that reach
    /// it, the longest is the one followed (a key rather than an empty or dummy default); placeholders are then judged as
    /// for any other value. Only a sink's value gets here (a rare path).
    /// </summary>
    private static bool CollectFallback(ILocalReferenceOperation local, CollectContext context, List<ConstantPart> parts, int depth)
    {
        var cancellationToken = context.CancellationToken;
        if (local.SemanticModel is not { } model || LocalValues.AllValues(local, cancellationToken) is not { Count: > 1 } values)
            return false;

        var strict = context.AllowHoles ? new CollectContext(context.Compilation, allowHoles: false, cancellationToken) : context;
        var sinkStart = local.Syntax.SpanStart;
        var name = local.Local.Name;
        var constants = new List<(IOperation Value, SyntaxNode Assignment, int Length)>();
        var statements = new List<SyntaxNode>();
        foreach (var (valueSyntax, assignment) in values)
        {
            if (assignment is AssignmentExpressionSyntax { Left: var left }
                && !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(left, cancellationToken).Symbol, local.Local))
            {
                continue; // another local of the same name (a lambda's, a sibling scope's)
            }

            statements.Add(assignment);
            var value = LocalValues.OperationOf(model, valueSyntax, cancellationToken);
            var probe = new List<ConstantPart>();
            if (value is not null && Collect(value, strict, probe, depth + 1, local.Local))
            {
                var length = 0;
                foreach (var part in probe)
                    length += part.Text.Length;
                constants.Add((value, assignment, length));
                continue;
            }

            // A value computed from the local itself (`key = Decrypt(key)`) is not a run-time read next to a constant:
            // the constant may be what gets transformed.
            foreach (var node in valueSyntax.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax { Identifier.ValueText: var text } && text == name)
                    return false;
            }
        }

        (IOperation Value, SyntaxNode Assignment, int Length)? best = null;
        foreach (var constant in constants)
        {
            if (constant.Assignment.SpanStart >= sinkStart || IsOverwrittenBefore(constant.Assignment, statements, sinkStart))
                continue;
            if (best is null || constant.Length > best.Value.Length)
                best = constant;
        }

        return best is { } chosen && Collect(chosen.Value, context, parts, depth + 1, local.Local);
    }

    /// <summary>
    /// True when another of <paramref name="assignments"/> is a statement of its own in the same statement list as
    /// <paramref name="assignment"/>, after it and before <paramref name="sinkStart"/>: it always replaces the value.
    /// </summary>
    private static bool IsOverwrittenBefore(SyntaxNode assignment, List<SyntaxNode> assignments, int sinkStart)
    {
        if (ListOf(assignment.FirstAncestorOrSelf<StatementSyntax>()) is not { } list)
            return false;

        foreach (var other in assignments)
        {
            if (other == assignment || other.SpanStart <= assignment.SpanStart || other.Span.End > sinkStart)
                continue;
            if (other.Parent is ExpressionStatementSyntax otherStatement && ListOf(otherStatement) == list)
                return true;
        }

        return false;

        // Top-level statements are each wrapped in a global statement of the compilation unit.
        static SyntaxNode? ListOf(StatementSyntax? statement) =>
            statement?.Parent is GlobalStatementSyntax global ? global.Parent : statement?.Parent;
    }

    /// <summary>
    /// The default of a method's (or local function's, or lambda's) optional parameter, read in that method: it ships,
    /// and the sink gets it whenever a caller leaves the argument out. Null when the method may change the parameter
    /// (assigned, <c>++</c>, passed by <c>ref</c>/<c>out</c>), or for a primary constructor's or indexer's parameter,
    /// which members elsewhere read.
    /// </summary>
    private static IOperation? ParameterDefault(IParameterSymbol parameter, IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol || parameter.RefKind != RefKind.None || parameter.DeclaringSyntaxReferences.Length != 1
            || parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ParameterSyntax { Default.Value: { } value } declaration
            || declaration.Parent?.Parent is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
            || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return null;
        }

        // Any write to the parameter in its method (assigned, also by deconstruction, ++, ref/out) may replace the default.
        if (LocalValues.Assignments(declaration.Parent.Parent, parameter.Name) is not { Count: 0 })
            return null;

        return GetOperation(value, reference, compilation, cancellationToken);
    }

    /// <summary>
    /// What a parameterless string method of this compilation returns when that is one expression: its expression body
    /// or its only statement, a <c>return</c> (<c>static string Key() => "…";</c>); null for a method that may be
    /// overridden, a partial or extern one, or one with more to its body.
    /// </summary>
    private static IOperation? MethodValue(IMethodSymbol method, IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || method.ReturnType.SpecialType != SpecialType.System_String
            || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.ContainingType?.TypeKind == TypeKind.Interface
            || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
            || method.DeclaringSyntaxReferences.Length != 1 || !compilation.ContainsSyntaxTree(method.DeclaringSyntaxReferences[0].SyntaxTree))
        {
            return null;
        }

        var (expressionBody, body) = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
        {
            MethodDeclarationSyntax declaration => (declaration.ExpressionBody, declaration.Body),
            LocalFunctionStatementSyntax function => (function.ExpressionBody, function.Body),
            _ => (null, null),
        };
        var value = expressionBody?.Expression
                    ?? (body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);
        return value is null ? null : GetOperation(value, reference, compilation, cancellationToken);
    }

    private static bool CollectField(IFieldSymbol field, IOperation reference, CollectContext context, List<ConstantPart> parts, int depth) =>
        Collect(FieldValue(field, reference, context.Compilation, context.CancellationToken), context, parts, depth + 1, field);

    /// <summary>
    /// The value a field or property of this compilation holds whenever it is read, or null when that is not known: a
    /// <c>const</c> or readonly field's initializer, a get-only property's initializer or the single expression its getter
    /// returns; never one a constructor may replace. Also read by the endpoint rules, for the filter a member holds.
    /// </summary>
    internal static IOperation? MemberValue(ISymbol member, IOperation reference, Compilation compilation, CancellationToken cancellationToken) =>
        member switch
        {
            IFieldSymbol field => FieldValue(field, reference, compilation, cancellationToken),
            IPropertySymbol property => PropertyValue(property, reference, compilation, cancellationToken),
            _ => null,
        };

    private static IOperation? FieldValue(IFieldSymbol field, IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!field.IsConst && !field.IsReadOnly)
            return null;

        // Declared in a referenced assembly, or in another project an IDE references as a compilation: nothing in this
        // project to fix, and a declaration this compilation cannot bind.
        if (field.DeclaringSyntaxReferences.Length == 0 || !compilation.ContainsSyntaxTree(field.DeclaringSyntaxReferences[0].SyntaxTree))
            return null;

        if (field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            return null;

        if (!field.IsConst && IsAssignedInConstructor(field.ContainingType, field.Name, cancellationToken))
            return null;

        return GetOperation(initializer, reference, compilation, cancellationToken);
    }

    private static IOperation? PropertyValue(IPropertySymbol property, IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        if (property.SetMethod is not null || property.DeclaringSyntaxReferences.Length == 0
            || !compilation.ContainsSyntaxTree(property.DeclaringSyntaxReferences[0].SyntaxTree))
        {
            return null;
        }

        if (property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration)
            return null;

        ExpressionSyntax? value = declaration.Initializer?.Value ?? declaration.ExpressionBody?.Expression;
        if (value is null && declaration.AccessorList is { Accessors: { Count: 1 } accessors } && accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration))
        {
            value = accessors[0].ExpressionBody?.Expression
                    ?? (accessors[0].Body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);
        }

        if (value is null)
            return null;

        if (declaration.Initializer is not null && IsAssignedInConstructor(property.ContainingType, property.Name, cancellationToken))
            return null;

        return GetOperation(value, reference, compilation, cancellationToken);
    }

    /// <summary>
    /// True when a constructor of <paramref name="type"/> may set the member spelled <paramref name="name"/>: an
    /// assignment to it, or passing it by <c>ref</c>/<c>out</c>. A readonly field or getter-only property is set nowhere
    /// else, so without one its initializer is its value.
    /// </summary>
    private static bool IsAssignedInConstructor(INamedTypeSymbol type, string name, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                continue;

            foreach (var member in declaration.Members)
            {
                if (member is not ConstructorDeclarationSyntax constructor)
                    continue;

                foreach (var node in constructor.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment
                        && (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: var left } && left == name
                            || assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member2 } && member2 == name))
                    {
                        return true;
                    }

                    if (node is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } byReference
                        && (byReference.Expression is IdentifierNameSyntax { Identifier.ValueText: var passed } && passed == name
                            || byReference.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var passedMember } && passedMember == name))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static IOperation? GetOperation(SyntaxNode node, IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        var model = reference.SemanticModel is { } current && current.SyntaxTree == node.SyntaxTree
            ? current
#pragma warning disable RS1030 // Only for the declaration of a field or property read from another file (one that reached a credential sink, or holds an endpoint filter): rare, and one initializer is bound.
            : compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(node, cancellationToken);
    }
}
