using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// A compilation's calls by method name and assignments by target name, collected from syntax by one walk of every
/// file. The trackers that look for a method's callers or a member's writers across the compilation bind only the
/// candidates it lists; searching the files again for each method or member grew with the square of their number.
/// Built lazily, once per compilation, and only when a question needs it; the analyzers that need it share it.
/// </summary>
internal sealed class SyntaxNameIndex
{
    private static readonly ConditionalWeakTable<Compilation, Holder> Holders = new();

    private readonly Dictionary<string, List<InvocationExpressionSyntax>> _invocations;
    private readonly Dictionary<string, List<AssignmentExpressionSyntax>> _assignments;

    private SyntaxNameIndex(Dictionary<string, List<InvocationExpressionSyntax>> invocations, Dictionary<string, List<AssignmentExpressionSyntax>> assignments)
    {
        _invocations = invocations;
        _assignments = assignments;
    }

    public IReadOnlyList<InvocationExpressionSyntax> Invocations(string name) =>
        _invocations.TryGetValue(name, out var list) ? list : Array.Empty<InvocationExpressionSyntax>();

    public IReadOnlyList<AssignmentExpressionSyntax> Assignments(string name) =>
        _assignments.TryGetValue(name, out var list) ? list : Array.Empty<AssignmentExpressionSyntax>();

    /// <summary>The index of <paramref name="compilation"/>, built by the first caller; a cancelled build stores nothing.</summary>
    public static SyntaxNameIndex For(Compilation compilation, CancellationToken cancellationToken)
    {
        var holder = Holders.GetValue(compilation, static _ => new Holder());
        if (Volatile.Read(ref holder.Index) is { } index)
            return index;

        lock (holder)
            return holder.Index ??= Build(compilation, cancellationToken);
    }

    private sealed class Holder
    {
        public SyntaxNameIndex? Index;
    }

    private static SyntaxNameIndex Build(Compilation compilation, CancellationToken cancellationToken)
    {
        var invocations = new Dictionary<string, List<InvocationExpressionSyntax>>(StringComparer.Ordinal);
        var assignments = new Dictionary<string, List<AssignmentExpressionSyntax>>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax call when NameOf(call.Expression) is { } name:
                        Add(invocations, name, call);
                        break;
                    case AssignmentExpressionSyntax assignment when NameOf(assignment.Left) is { } target:
                        Add(assignments, target, assignment);
                        break;
                }
            }
        }

        return new SyntaxNameIndex(invocations, assignments);
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

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
            map[key] = list = new List<T>();
        list.Add(value);
    }
}
