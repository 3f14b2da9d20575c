using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// One semantic model per syntax tree of a compilation, created on first need: the value trackers follow values into
/// other methods and files, whose operations need their tree's model.
/// </summary>
internal sealed class SemanticModels
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    public SemanticModels(Compilation compilation) => _compilation = compilation;

#pragma warning disable RS1030 // Following values into other methods and files needs their semantic models; each is created once per compilation and cached.
    public SemanticModel Get(SyntaxTree tree) => _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030
}
