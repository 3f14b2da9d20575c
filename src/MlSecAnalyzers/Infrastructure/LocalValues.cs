using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>Follows locals to the value they hold, for the value trackers (constant secrets, untrusted data).</summary>
internal static class LocalValues
{
    /// <summary>
    /// The one value a local holds: its initializer when it is never assigned again, or its single assignment when it
    /// has no initializer; null when it is assigned more than once, passed by <c>ref</c>/<c>out</c>, or unknown.
    /// A <c>const</c> local's initializer.
    /// </summary>
    public static IOperation? SingleValue(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.DeclaringSyntaxReferences.Length == 0 || reference.SemanticModel is not { } model)
            return null;

        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator)
            return null;

        if (local.IsConst)
            return declarator.Initializer is { } constInitializer ? model.GetOperation(constInitializer.Value, cancellationToken) : null;

        if (EnclosingBody(declarator) is not { } scope || Assignments(scope, local.Name) is not { } assignments)
            return null;

        var value = declarator.Initializer?.Value;
        if (assignments.Count > (value is null ? 1 : 0))
            return null; // assigned more than once: not a constant
        value ??= assignments.Count == 1 ? assignments[0].Value : null;
        return value is null ? null : OperationOf(model, value, cancellationToken);
    }

    /// <summary>
    /// Every value a local is given, in text order (its initializer, then each simple assignment), for a local
    /// <see cref="SingleValue"/> gave up on; null when it is also changed another way (see <see cref="Assignments"/>) or
    /// its declaration is not known. Each value is paired with its assignment's syntax (the declarator for the initializer).
    /// </summary>
    public static List<(ExpressionSyntax Value, SyntaxNode Assignment)>? AllValues(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsConst || local.DeclaringSyntaxReferences.Length == 0)
            return null;

        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || EnclosingBody(declarator) is not { } scope
            || Assignments(scope, local.Name) is not { } assignments)
        {
            return null;
        }

        if (declarator.Initializer?.Value is { } initializer)
            assignments.Insert(0, (initializer, declarator));
        return assignments;
    }

    /// <summary>
    /// The simple assignments to the variable spelled <paramref name="name"/> in <paramref name="scope"/> (a body
    /// <see cref="EnclosingBody"/> returned, or a method's declaration), in text order: each right side with its
    /// assignment. Null when the variable is also changed another way: a compound assignment, <c>++</c>/<c>--</c>,
    /// <c>ref</c>/<c>out</c>, a <c>ref</c> expression, or a deconstruction (<c>(key, _) = Read();</c>). A name is
    /// taken for the variable: a same-named one elsewhere in the scope only makes the answer more cautious.
    /// </summary>
    public static List<(ExpressionSyntax Value, SyntaxNode Assignment)>? Assignments(SyntaxNode scope, string name)
    {
        var assignments = new List<(ExpressionSyntax, SyntaxNode)>();
        foreach (var identifier in IdentifiersNamed(scope, name))
        {
            switch (identifier.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == identifier:
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                        return null;
                    assignments.Add((assignment.Right, assignment));
                    break;
                case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or RefExpressionSyntax:
                    return null;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) || IsDeconstructed(argument):
                    return null;
            }
        }

        return assignments;
    }

    // An element of a tuple that is the left side of an assignment, at any depth: ((a, b), c) = …
    private static bool IsDeconstructed(ArgumentSyntax argument)
    {
        if (argument.Parent is not TupleExpressionSyntax tuple)
            return false;

        SyntaxNode node = tuple;
        while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax outer })
            node = outer;
        return node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node;
    }

    /// <summary>
    /// The identifiers spelled <paramref name="name"/> in <paramref name="body"/> (a body <see cref="EnclosingBody"/>
    /// returned), in text order. One walk per body whatever the number of locals asked about: a walk per local grew with
    /// locals times body size, and top-level statements make the body the whole file (issue 7).
    /// </summary>
    public static IReadOnlyList<IdentifierNameSyntax> IdentifiersNamed(SyntaxNode body, string name) =>
        IdentifiersByBody.GetValue(body, static b =>
        {
            var map = new Dictionary<string, List<IdentifierNameSyntax>>(StringComparer.Ordinal);
            foreach (var node in b.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier)
                    continue;
                var key = identifier.Identifier.ValueText;
                if (!map.TryGetValue(key, out var list))
                    map[key] = list = new List<IdentifierNameSyntax>();
                list.Add(identifier);
            }

            return map;
        }).TryGetValue(name, out var found) ? found : (IReadOnlyList<IdentifierNameSyntax>)Array.Empty<IdentifierNameSyntax>();

    private static readonly ConditionalWeakTable<SyntaxNode, Dictionary<string, List<IdentifierNameSyntax>>> IdentifiersByBody = new();

    /// <summary>
    /// The declarators and references of <paramref name="local"/> in the method body <paramref name="inside"/> belongs
    /// to, from one walk of the body's operations shared by every tracker that asks (the endpoint conventions follow
    /// each endpoint mapped on a local, the pipeline flow asks for a local's last value many times per body): a walk
    /// per question grew with questions times body size (issue 7).
    /// </summary>
    public static LocalUses? UsesOf(IOperation inside, ILocalSymbol local)
    {
        var root = inside;
        while (root.Parent is not null)
            root = root.Parent;

        return UsesByBody.GetValue(root, static body =>
        {
            var locals = new Dictionary<ILocalSymbol, LocalUses>(SymbolEqualityComparer.Default);
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator:
                        For(locals, declarator.Symbol).Declarators.Add(declarator);
                        break;
                    case ILocalReferenceOperation reference:
                        For(locals, reference.Local).References.Add(reference);
                        break;
                }
            }

            return locals;
        }).TryGetValue(local, out var uses) ? uses : null;

        static LocalUses For(Dictionary<ILocalSymbol, LocalUses> locals, ILocalSymbol local)
        {
            if (!locals.TryGetValue(local, out var uses))
                locals[local] = uses = new LocalUses();
            return uses;
        }
    }

    // Keyed by a body's root operation: it goes with the semantic model that made it.
    private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, LocalUses>> UsesByBody = new();

    /// <summary>The operation of an expression; <c>x!</c> and <c>(x)</c>, nested in any order, have none of their own.</summary>
    public static IOperation? OperationOf(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (expression)
            {
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppression:
                    expression = suppression.Operand;
                    continue;
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
            }

            return model.GetOperation(expression, cancellationToken);
        }
    }

    public static SyntaxNode? EnclosingBody(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
                    or AnonymousFunctionExpressionSyntax or PropertyDeclarationSyntax or CompilationUnitSyntax:
                    return current;
            }
        }

        return null;
    }
}

/// <summary>Where a local is declared and used in one method body, in operation-tree order.</summary>
internal sealed class LocalUses
{
    public List<IVariableDeclaratorOperation> Declarators { get; } = new();
    public List<ILocalReferenceOperation> References { get; } = new();

    /// <summary>The first declarator's initializer value, if any.</summary>
    public IOperation? Initializer
    {
        get
        {
            foreach (var declarator in Declarators)
            {
                if (declarator.Initializer?.Value is { } value)
                    return value;
            }

            return null;
        }
    }
}
