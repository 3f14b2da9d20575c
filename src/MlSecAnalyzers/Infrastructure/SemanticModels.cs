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

    /// <summary>
    /// The model of <paramref name="tree"/> when the tree is this compilation's; null for the tree of a symbol declared
    /// in another project that the compilation references as a project, not as a built assembly (Visual Studio and other
    /// IDE hosts do so), where <see cref="Get"/> would throw. Ask this for trees reached through a symbol's declaration.
    /// </summary>
    public SemanticModel? Find(SyntaxTree tree) => _compilation.ContainsSyntaxTree(tree) ? Get(tree) : null;
}
